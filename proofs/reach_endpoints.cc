// Endpoint names to interface sets and address blocks.
#include "proofs/reach_endpoints.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/str_cat.h"
#include "models/net/address_space.h"

namespace vouch::proofs {
namespace {

void AddInterface(smt::EndpointSet& set, const std::string& id) {
  if (std::find(set.interfaces.begin(), set.interfaces.end(), id) == set.interfaces.end()) {
    set.interfaces.push_back(id);
  }
}

absl::StatusOr<smt::EndpointSet> FromBlock(const net::LoweredNetwork& network, const Cidr& block,
                                           absl::string_view text) {
  const bool v6 = block.address.family == IpFamily::kV6;
  smt::EndpointSet set;
  std::optional<Cidr>& external = v6 ? set.external_v6 : set.external;
  if (HasInternetAddresses(block)) external = block;
  if (block.length == 0) return set;  // "from 0.0.0.0/0" or "::/0": some internet address
  for (const net::LoweredInterface& i : network.interfaces) {
    for (const net::PrivateIp& ip : i.private_ips) {
      if (block.Contains(ip.private_ip)) AddInterface(set, i.network_interface_id);
    }
    for (const Cidr& c : i.ipv6_addresses) {
      if (block.Contains(c.address)) AddInterface(set, i.network_interface_id);
    }
  }
  if (block.length == block.address.width() && !set.interfaces.empty()) external.reset();
  if (set.interfaces.empty() && !external.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "`", text, "` holds no interface of the snapshot and no internet address"));
  }
  return set;
}

bool ParsePort(absl::string_view text, int& out) {
  return absl::SimpleAtoi(text, &out) && out >= 0 && out <= 65535 && !text.empty() &&
         text.find_first_not_of("0123456789") == absl::string_view::npos;
}

}  // namespace

absl::StatusOr<smt::HeaderSpace> ParseHeaderSpace(absl::string_view protocol,
                                                  absl::string_view port) {
  smt::HeaderSpace h;
  if (protocol == "tcp") h.protocol = 6;
  else if (protocol == "udp") h.protocol = 17;
  else if (protocol == "icmp") h.protocol = 1;
  else if (protocol == "icmpv6") h.protocol = 58;
  else if (protocol != "all" && !protocol.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown protocol `", protocol, "`: expected tcp, udp, icmp, icmpv6 or all"));
  }
  if (port.empty()) return h;
  if (h.protocol == 1 || h.protocol == 58) {
    return absl::InvalidArgumentError(
        absl::StrCat("`--port` applies to tcp and udp, not ", protocol));
  }
  std::vector<absl::string_view> parts = absl::StrSplit(port, absl::MaxSplits('-', 1));
  int from = 0, to = 0;
  bool ok = ParsePort(parts[0], from);
  if (ok) ok = parts.size() == 1 ? (to = from, true) : ParsePort(parts[1], to);
  if (!ok || from > to) {
    return absl::InvalidArgumentError(absl::StrCat(
        "malformed port `", port, "`: expected N or N-M with 0 <= N <= M <= 65535"));
  }
  h.dst_ports = net::PortRange{from, to};
  return h;
}

bool HasInternetAddresses(const Cidr& block) {
  for (const Cidr& r : net::NonInternetRanges(block.address.family)) {
    if (r.Contains(block)) return false;
  }
  // Blocks that straddle two adjacent non-internet ranges.
  const Cidr multicast_and_reserved = *ParseCidr("224.0.0.0/3");
  return block.address.family != IpFamily::kV4 || !multicast_and_reserved.Contains(block);
}

absl::StatusOr<smt::EndpointSet> ResolveEndpointSet(const net::LoweredNetwork& network,
                                                    absl::string_view text) {
  if (text == "internet") {  // either family
    smt::EndpointSet set;
    set.external = *ParseCidr("0.0.0.0/0");
    set.external_v6 = *ParseCidr("::/0");
    return set;
  }
  if (absl::StartsWith(text, "eni-")) {
    if (network.FindInterface(text) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown network interface `", text, "`"));
    }
    return smt::EndpointSet{{std::string(text)}, std::nullopt, std::nullopt};
  }
  smt::EndpointSet set;
  if (absl::StartsWith(text, "subnet-")) {
    if (network.FindSubnet(text) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown subnet `", text, "`"));
    }
    for (const net::LoweredInterface& i : network.interfaces) {
      if (i.subnet_id == text) AddInterface(set, i.network_interface_id);
    }
    if (set.interfaces.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("no network interface is in subnet `", text, "`"));
    }
    return set;
  }
  if (absl::StartsWith(text, "sg-")) {
    for (const net::LoweredInterface& i : network.interfaces) {
      if (std::find(i.group_ids.begin(), i.group_ids.end(), text) != i.group_ids.end()) {
        AddInterface(set, i.network_interface_id);
      }
    }
    if (set.interfaces.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("no network interface is in security group `", text, "`"));
    }
    return set;
  }
  if (absl::StrContains(text, "/") || ParseIpAddress(text).ok()) {
    absl::StatusOr<Cidr> block = ParseCidr(text);
    if (!block.ok()) return block.status();
    return FromBlock(network, *block, text);
  }
  const bool by_id = absl::StartsWith(text, "i-");
  for (const net::Instance& inst : network.instances) {
    if (by_id ? inst.instance_id != text : inst.name != text) continue;
    for (const std::string& id : inst.network_interface_ids) {
      if (network.FindInterface(id) != nullptr) AddInterface(set, id);
    }
    for (const net::LoweredInterface& i : network.interfaces) {
      if (i.instance_id == inst.instance_id) AddInterface(set, i.network_interface_id);
    }
  }
  if (!by_id) {
    for (const net::LoweredInterface& i : network.interfaces) {
      if (i.name == text) AddInterface(set, i.network_interface_id);
    }
  }
  if (set.interfaces.empty()) {
    if (by_id) {
      if (network.FindInstance(text) != nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("instance `", text, "` has no network interface"));
      }
      return absl::InvalidArgumentError(absl::StrCat("unknown instance `", text, "`"));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown endpoint `", text, "`: expected `internet`, a CIDR, an instance id or Name tag, "
        "or a network interface, subnet or security group id"));
  }
  return set;
}

}  // namespace vouch::proofs
