// Filters as disjunctions or if-then-else chains; route lookups as longest-prefix chains.
#include "engine/smt/encode_filter.h"

#include <algorithm>

#include "models/net/address_space.h"

namespace vouch::smt {
namespace {

// packet.protocol is one of `a`, `b`.
z3::expr ProtocolIs(const SymbolicPacket& p, int a, int b) {
  z3::context& ctx = p.protocol.ctx();
  return p.protocol == ctx.bv_val(a, 8) || p.protocol == ctx.bv_val(b, 8);
}

}  // namespace

z3::expr FilterEncoder::Matches(const net::FilterRule& rule, const SymbolicPacket& p) {
  z3::context& ctx = p.src.ctx();
  const IpFamily family = p.family();
  if (rule.src.address.family != family || rule.dst.address.family != family) {
    return ctx.bool_val(false);
  }
  z3::expr m = InCidr(p.src, rule.src) && InCidr(p.dst, rule.dst);
  z3::expr ports = InRange(p.dst_port, rule.dst_ports.from, rule.dst_ports.to);
  z3::expr icmp = InRange(p.icmp_type, rule.icmp_types.from, rule.icmp_types.to) &&
                  InRange(p.icmp_code, rule.icmp_codes.from, rule.icmp_codes.to);
  switch (rule.protocol) {
    case -1:
      return m && z3::implies(ProtocolIs(p, 6, 17), ports) &&
             z3::implies(ProtocolIs(p, 1, 58), icmp);
    case 6:
    case 17:
      return m && p.protocol == ctx.bv_val(rule.protocol, 8) && ports;
    case 1:
    case 58:
      return m && p.protocol == ctx.bv_val(rule.protocol, 8) && icmp;
    default:
      if (rule.protocol < 0 || rule.protocol > 255) return ctx.bool_val(false);
      return m && p.protocol == ctx.bv_val(rule.protocol, 8);
  }
}

z3::expr FilterEncoder::Allows(const net::Filter& filter, const SymbolicPacket& p, int view) {
  auto key = std::make_pair(&filter, view);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  z3::context& ctx = p.src.ctx();
  z3::expr result = ctx.bool_val(false);
  if (filter.kind == net::FilterKind::kAnyAllow) {
    z3::expr_vector sure(ctx), maybe(ctx);
    for (const net::FilterRule& rule : filter.rules) {
      if (rule.action != net::RuleAction::kAllow) continue;
      (rule.unresolved ? maybe : sure).push_back(Matches(rule, p));
    }
    if (!sure.empty()) result = z3::mk_or(sure);
    if (!maybe.empty()) result = result || (optimistic_ && z3::mk_or(maybe));
  } else {
    // Built back to front: rule i decides when it matches, else the rest of the chain does.
    for (auto it = filter.rules.rbegin(); it != filter.rules.rend(); ++it) {
      z3::expr decided = it->unresolved ? optimistic_
                                        : ctx.bool_val(it->action == net::RuleAction::kAllow);
      result = z3::ite(Matches(*it, p), decided, result);
    }
  }
  cache_.emplace(key, result);
  return result;
}

std::vector<const net::LoweredRoute*> FilterEncoder::LookupOrder(
    const net::LoweredRouteTable& table, IpFamily family) {
  std::vector<const net::LoweredRoute*> order;
  for (const net::LoweredRoute& r : table.routes) {
    if (!r.unresolved && r.destination.address.family == family) order.push_back(&r);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    if (a->destination.length != b->destination.length) {
      return a->destination.length > b->destination.length;
    }
    return a->prefix_list_id.empty() && !b->prefix_list_id.empty();
  });
  return order;
}

bool FilterEncoder::HasUnresolvedRoutes(const net::LoweredRouteTable& table) {
  for (const net::LoweredRoute& r : table.routes) {
    if (r.unresolved) return true;
  }
  return false;
}

bool FilterEncoder::HasUnresolvedRules(const net::Filter& filter) {
  for (const net::FilterRule& r : filter.rules) {
    if (r.unresolved) return true;
  }
  return false;
}

z3::expr FilterEncoder::RouteChain(const net::LoweredRouteTable& table, const z3::expr& dst,
                                   const std::function<z3::expr(const net::LoweredRoute&)>& value,
                                   const z3::expr& no_route) {
  std::vector<const net::LoweredRoute*> order = LookupOrder(table, FamilyOf(dst));
  z3::expr result = no_route;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    result = z3::ite(InCidr(dst, (*it)->destination), value(**it), result);
  }
  return result;
}

z3::expr FilterEncoder::MaybeUnresolvedRoute(const net::LoweredRouteTable& table,
                                             const z3::expr& dst) {
  if (!HasUnresolvedRoutes(table)) return dst.ctx().bool_val(false);
  z3::expr_vector host_routes(dst.ctx());
  const IpFamily family = FamilyOf(dst);
  for (const net::LoweredRoute* r : LookupOrder(table, family)) {
    if (r->destination.length == static_cast<int>(AddressWidth(family))) {
      host_routes.push_back(InCidr(dst, r->destination));
    }
  }
  if (host_routes.empty()) return dst.ctx().bool_val(true);
  return !z3::mk_or(host_routes);
}

z3::expr IsInternetAddress(const z3::expr& addr) {
  z3::expr_vector outside(addr.ctx());
  for (const Cidr& c : net::NonInternetRanges(FamilyOf(addr))) outside.push_back(!InCidr(addr, c));
  return z3::mk_and(outside);
}

}  // namespace vouch::smt
