// Encoding lowered filters (security groups, network ACLs) and route lookups as Z3 terms.
//
// Internal to engine/smt (includes z3++.h). The terms mean exactly what net::Evaluate and
// net::LongestPrefixMatch compute for one packet (models/net/filter.h, lower.h), over IPv4 or
// IPv6 (the family of the packet's address terms; rules and routes of the other family never
// match):
//   * kAnyAllow filters (security groups): the disjunction of their allow rules;
//   * kFirstMatch filters (network ACLs): a chain of if-then-else in rule order;
//   * route lookups: an if-then-else chain over routes sorted longest prefix first.
// Rules and routes the snapshot cannot resolve (AWS-managed prefix lists without entries) are
// "maybe": they take the value of `optimistic`, a Boolean the query fixes to false to look for
// a sure answer and to true to learn whether the answer could change (then it is unknown).
//
// Encodings are cached per (filter, packet view), so an ACL shared by many subnets or a group
// set shared by many interfaces is encoded once per analysis.
#ifndef VOUCH_ENGINE_SMT_ENCODE_FILTER_H_
#define VOUCH_ENGINE_SMT_ENCODE_FILTER_H_

#include <functional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "engine/smt/z3_packet.h"
#include "models/net/filter.h"
#include "models/net/lower.h"
#include "engine/smt/z3_api.h"

namespace vouch::smt {

class FilterEncoder {
 public:
  // `optimistic` is the Boolean constant unresolved rules take.
  explicit FilterEncoder(z3::expr optimistic) : optimistic_(optimistic) {}

  // True exactly when `filter` allows `packet` (net::Evaluate(...).verdict == kAllow), or when
  // it might (an unresolved rule decides) and `optimistic` holds. `view` names the packet terms
  // for the cache: the same view id must always come with the same terms.
  z3::expr Allows(const net::Filter& filter, const SymbolicPacket& packet, int view);

  // True when `rule` matches `packet` (net::FilterRule::Matches), in the packet's family.
  static z3::expr Matches(const net::FilterRule& rule, const SymbolicPacket& packet);

  // The same lookup without the "maybe": the value of the longest-prefix match among the
  // resolved routes only. Pair it with MaybeUnresolvedRoute, where the lookup is unknown.
  static z3::expr RouteChain(const net::LoweredRouteTable& table, const z3::expr& dst,
                             const std::function<z3::expr(const net::LoweredRoute&)>& value,
                             const z3::expr& no_route);
  // True where a route of unknown entries might win the lookup of `dst`; false if none can.
  static z3::expr MaybeUnresolvedRoute(const net::LoweredRouteTable& table, const z3::expr& dst);

  // True if the table has a route whose entries the snapshot lacks.
  static bool HasUnresolvedRoutes(const net::LoweredRouteTable& table);
  // True if the filter has an unresolved rule.
  static bool HasUnresolvedRules(const net::Filter& filter);

  // The routes of `table` of `family` in lookup order: longest prefix first, a CIDR route
  // before a prefix-list route of the same length, then table order.
  static std::vector<const net::LoweredRoute*> LookupOrder(const net::LoweredRouteTable& table,
                                                           IpFamily family);

 private:
  z3::expr optimistic_;
  absl::flat_hash_map<std::pair<const net::Filter*, int>, z3::expr> cache_;
};

// True when `addr` (32 or 128 bits) is an internet address (outside net::NonInternetRanges of
// its family).
z3::expr IsInternetAddress(const z3::expr& addr);

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_ENCODE_FILTER_H_
