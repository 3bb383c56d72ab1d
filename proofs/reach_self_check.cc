// Exhaustive enumeration of small packet spaces through the concrete evaluator.
#include "proofs/reach_self_check.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/eval/net_trace.h"
#include "models/net/address_space.h"

namespace vouch::proofs {
namespace {

// One concrete (source, destination) end pair with the addresses the packet may carry.
struct EndPair {
  net::Endpoint src, dst;
  std::vector<IpAddress> src_addresses, dst_addresses;
};

// REQUIRES: at most 2^24 addresses (the caller skips larger blocks).
std::vector<IpAddress> BlockAddresses(const Cidr& block) {
  std::vector<IpAddress> out;
  const uint64_t size = uint64_t{1} << (block.address.width() - block.length);
  for (uint64_t k = 0; k < size; ++k) {
    IpAddress a{block.address.family, block.address.bits + k};
    if (net::IsInternetAddress(a)) out.push_back(a);
  }
  return out;
}

std::vector<EndPair> Pairs(const net::LoweredNetwork& n, const smt::EndpointSet& from,
                           const smt::EndpointSet& to) {
  // IPv4 questions use private IPv4 addresses (public ones from the internet); IPv6 ones the
  // interface's IPv6 addresses either way.
  auto privates = [&](const std::string& id, bool v6) {
    std::vector<IpAddress> out;
    const net::LoweredInterface* i = n.FindInterface(id);
    for (const net::PrivateIp& ip : i->private_ips) {
      if (ip.private_ip.family == (v6 ? IpFamily::kV6 : IpFamily::kV4)) out.push_back(ip.private_ip);
    }
    if (v6) {
      for (const Cidr& c : i->ipv6_addresses) out.push_back(c.address);
    }
    return out;
  };
  auto publics = [&](const std::string& id) {
    std::vector<IpAddress> out;
    for (const net::PrivateIp& ip : n.FindInterface(id)->private_ips) {
      if (ip.public_ip && ip.public_ip->family == IpFamily::kV4) out.push_back(*ip.public_ip);
    }
    return out;
  };
  std::vector<EndPair> out;
  for (const std::string& s : from.interfaces) {
    for (const std::string& d : to.interfaces) {
      if (s == d) continue;
      out.push_back({{s, std::nullopt}, {d, std::nullopt}, privates(s, false), privates(d, false)});
      out.push_back({{s, std::nullopt}, {d, std::nullopt}, privates(s, true), privates(d, true)});
    }
    if (to.external) {
      out.push_back({{s, std::nullopt}, {}, privates(s, false), BlockAddresses(*to.external)});
    }
    if (to.external_v6) {
      out.push_back({{s, std::nullopt}, {}, privates(s, true), BlockAddresses(*to.external_v6)});
    }
  }
  for (const std::string& d : to.interfaces) {
    if (from.external) {
      out.push_back({{}, {d, std::nullopt}, BlockAddresses(*from.external), publics(d)});
    }
    if (from.external_v6) {
      out.push_back({{}, {d, std::nullopt}, BlockAddresses(*from.external_v6), privates(d, true)});
    }
  }
  return out;
}

// The first accepted packet of one end pair, or nullopt. `budget` counts traced packets.
std::optional<net::Packet> FirstAccepted(const net::LoweredNetwork& n, const EndPair& pair,
                                         int protocol, const net::PortRange& ports) {
  const bool has_ports = protocol == 6 || protocol == 17;
  const bool icmp = protocol == 1 || protocol == 58;
  for (const IpAddress& s : pair.src_addresses) {
    for (const IpAddress& d : pair.dst_addresses) {
      net::Endpoint se = pair.src, de = pair.dst;
      if (!se.IsInterface()) se.address = s;
      if (!de.IsInterface()) de.address = d;
      const int outer_max = has_ports ? ports.to : (icmp ? 255 : 0);
      const int outer_min = has_ports ? ports.from : 0;
      const int inner_max = has_ports ? 65535 : (icmp ? 255 : 0);
      for (int a = outer_min; a <= outer_max; ++a) {
        for (int b = 0; b <= inner_max; ++b) {
          net::Packet p{s, d, protocol, 0, 0, 0, 0};
          if (has_ports) {
            p.dst_port = a;
            p.src_port = b;
          } else if (icmp) {
            p.icmp_type = a;
            p.icmp_code = b;
          }
          if (net::Trace(n, se, de, p).disposition == net::Disposition::kAccepted) return p;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::string> SelfCheckReach(const net::LoweredNetwork& network,
                                           const smt::EndpointSet& from,
                                           const smt::EndpointSet& to,
                                           const smt::HeaderSpace& header,
                                           const smt::ReachAnswer& answer,
                                           const SelfCheckLimits& limits) {
  if (answer.verdict == smt::ReachVerdict::kUnknown) return std::string("skipped: the answer is unknown");
  if (!header.protocol.has_value()) {
    return std::string("skipped: enumeration needs one protocol (--protocol tcp, udp or icmp)");
  }
  for (const smt::EndpointSet* side : {&from, &to}) {
    if ((side->external && side->external->length < 24) ||
        (side->external_v6 && side->external_v6->length < 120)) {
      return std::string(
          "skipped: an address block larger than /24 (IPv4) or /120 (IPv6) is too large to enumerate");
    }
  }
  const int protocol = *header.protocol;
  std::vector<EndPair> pairs = Pairs(network, from, to);
  long per_address_pair = protocol == 6 || protocol == 17
                              ? 65536L * (header.dst_ports.to - header.dst_ports.from + 1)
                              : (protocol == 1 || protocol == 58 ? 65536L : 1L);
  long total = 0;
  for (const EndPair& p : pairs) total += per_address_pair * p.src_addresses.size() * p.dst_addresses.size();
  if (total > limits.max_packets) {
    return absl::StrCat("skipped: ", total, " packets is more than the ", limits.max_packets,
                        " vouch enumerates (narrow --port)");
  }
  std::optional<net::Packet> found;
  for (const EndPair& p : pairs) {
    found = FirstAccepted(network, p, protocol, header.dst_ports);
    if (found) break;
  }
  const bool smt_reachable = answer.verdict == smt::ReachVerdict::kReachable;
  if (found.has_value() != smt_reachable) {
    return absl::InternalError(absl::StrCat(
        "self-check failed: the SMT engine says ", smt::ReachVerdictName(answer.verdict),
        " but exhaustive concrete enumeration ",
        found ? absl::StrCat("accepts `", found->DebugString(), "`") : "accepts no packet"));
  }
  return absl::StrCat("agrees with exhaustive concrete enumeration (", total, " packets at most)");
}

}  // namespace vouch::proofs
