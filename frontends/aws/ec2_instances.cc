// describe-network-interfaces and describe-instances: interfaces with their addresses and
// groups, instances with their Name tag, state and interfaces.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/ec2_limits.h"
#include "frontends/aws/ec2_readers.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

// Association.PublicIp of `object`, if any.
absl::StatusOr<std::optional<IpAddress>> AssociatedPublicIp(const JsonValue& object) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> assoc, OptionalObject(object, "Association"));
  if (!assoc) return std::optional<IpAddress>();
  return OptionalIpOf(*assoc, "PublicIp", IpFamily::kV4);
}

absl::Status ReadPrivateIps(const JsonValue& item, net::NetworkInterface& eni) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, OptionalArray(item, "PrivateIpAddresses"));
  for (const JsonValue& p : list) {
    net::PrivateIp ip;
    VOUCH_ASSIGN_OR_RETURN(JsonValue addr, p.Get("PrivateIpAddress"));
    VOUCH_ASSIGN_OR_RETURN(ip.private_ip, ReadIpOf(addr, IpFamily::kV4));
    VOUCH_ASSIGN_OR_RETURN(ip.primary, OptionalBool(p, "Primary", false));
    VOUCH_ASSIGN_OR_RETURN(ip.public_ip, AssociatedPublicIp(p));
    eni.private_ips.push_back(ip);
  }
  if (eni.private_ips.empty()) {
    // Only the primary address given: PrivateIpAddress with the interface's Association.
    VOUCH_ASSIGN_OR_RETURN(std::optional<IpAddress> primary,
                           OptionalIpOf(item, "PrivateIpAddress", IpFamily::kV4));
    if (primary) {
      VOUCH_ASSIGN_OR_RETURN(std::optional<IpAddress> pub, AssociatedPublicIp(item));
      eni.private_ips.push_back(net::PrivateIp{*primary, true, pub});
    }
  }
  std::stable_partition(eni.private_ips.begin(), eni.private_ips.end(),
                        [](const net::PrivateIp& p) { return p.primary; });
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> v6, OptionalArray(item, "Ipv6Addresses"));
  for (const JsonValue& a : v6) {
    VOUCH_ASSIGN_OR_RETURN(JsonValue addr, a.Get("Ipv6Address"));
    VOUCH_ASSIGN_OR_RETURN(IpAddress ip, ReadIpOf(addr, IpFamily::kV6));
    eni.ipv6_addresses.push_back(Cidr{ip, 128});
  }
  return absl::OkStatus();
}

absl::StatusOr<net::NetworkInterface> ReadInterface(const JsonValue& item) {
  net::NetworkInterface eni;
  eni.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(eni.network_interface_id, RequiredString(item, "NetworkInterfaceId"));
  VOUCH_ASSIGN_OR_RETURN(eni.subnet_id, OptionalString(item, "SubnetId"));
  VOUCH_ASSIGN_OR_RETURN(eni.vpc_id, OptionalString(item, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(eni.description, OptionalString(item, "Description"));
  VOUCH_ASSIGN_OR_RETURN(eni.interface_type, OptionalString(item, "InterfaceType"));
  if (eni.interface_type.empty()) eni.interface_type = "interface";
  VOUCH_ASSIGN_OR_RETURN(eni.source_dest_check, OptionalBool(item, "SourceDestCheck", true));
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> groups, OptionalArray(item, "Groups"));
  for (const JsonValue& g : groups) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, RequiredString(g, "GroupId"));
    eni.group_ids.push_back(std::move(id));
  }
  VOUCH_RETURN_IF_ERROR(ReadPrivateIps(item, eni));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> attachment, OptionalObject(item, "Attachment"));
  if (attachment) {
    VOUCH_ASSIGN_OR_RETURN(eni.instance_id, OptionalString(*attachment, "InstanceId"));
  }
  return eni;
}

// Adds `eni`; an interface already known by id is replaced when `replace`, else kept.
// Error at `at` when the snapshot passes kMaxNetworkInterfacesPerSnapshot.
absl::Status AddInterface(net::Network& network, net::NetworkInterface eni, bool replace,
                          absl::flat_hash_map<std::string, size_t>& index, const JsonValue& at) {
  auto [it, inserted] = index.emplace(eni.network_interface_id, network.network_interfaces.size());
  if (inserted) {
    if (network.network_interfaces.size() >= kMaxNetworkInterfacesPerSnapshot) {
      return at.Error(absl::StrCat("more than ", kMaxNetworkInterfacesPerSnapshot,
                                   " network interfaces, over the limit per snapshot"));
    }
    network.network_interfaces.push_back(std::move(eni));
  } else if (replace) {
    network.network_interfaces[it->second] = std::move(eni);
  }
  return absl::OkStatus();
}

absl::flat_hash_map<std::string, size_t> IndexInterfaces(const net::Network& network) {
  absl::flat_hash_map<std::string, size_t> index;
  for (size_t i = 0; i < network.network_interfaces.size(); ++i) {
    index[network.network_interfaces[i].network_interface_id] = i;
  }
  return index;
}

absl::Status ReadInstance(const JsonValue& item, net::Network& network,
                          absl::flat_hash_map<std::string, size_t>& index) {
  net::Instance inst;
  inst.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(inst.instance_id, RequiredString(item, "InstanceId"));
  VOUCH_ASSIGN_OR_RETURN(inst.name, NameTag(item));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> state, OptionalObject(item, "State"));
  if (state) {
    VOUCH_ASSIGN_OR_RETURN(inst.state, OptionalOneOf(*state, "Name", "instance state",
                                                     {"pending", "running", "shutting-down",
                                                      "terminated", "stopping", "stopped"}));
  }
  VOUCH_ASSIGN_OR_RETURN(inst.subnet_id, OptionalString(item, "SubnetId"));
  VOUCH_ASSIGN_OR_RETURN(inst.vpc_id, OptionalString(item, "VpcId"));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> profile, OptionalObject(item, "IamInstanceProfile"));
  if (profile) {
    VOUCH_ASSIGN_OR_RETURN(inst.iam_instance_profile_arn, OptionalString(*profile, "Arn"));
  }
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> enis, OptionalArray(item, "NetworkInterfaces"));
  std::vector<std::pair<int64_t, net::NetworkInterface>> ordered;
  for (const JsonValue& e : enis) {
    VOUCH_ASSIGN_OR_RETURN(net::NetworkInterface eni, ReadInterface(e));
    if (eni.instance_id.empty()) eni.instance_id = inst.instance_id;
    int64_t device = 0;
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> att, OptionalObject(e, "Attachment"));
    if (att) {
      VOUCH_ASSIGN_OR_RETURN(std::optional<int64_t> d, OptionalInt(*att, "DeviceIndex"));
      device = d.value_or(0);
    }
    ordered.emplace_back(device, std::move(eni));
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [device, eni] : ordered) {
    inst.network_interface_ids.push_back(eni.network_interface_id);
    VOUCH_RETURN_IF_ERROR(AddInterface(network, std::move(eni), /*replace=*/false, index, item));
  }
  if (network.instances.size() >= kMaxInstancesPerSnapshot) {
    return item.Error(absl::StrCat("more than ", kMaxInstancesPerSnapshot,
                                   " instances, over the limit per snapshot"));
  }
  network.instances.push_back(std::move(inst));
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadNetworkInterfaces(const JsonValue& items, net::Network& network) {
  absl::flat_hash_map<std::string, size_t> index = IndexInterfaces(network);
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> list, items.Elements());
  for (const JsonValue& item : list) {
    VOUCH_ASSIGN_OR_RETURN(net::NetworkInterface eni, ReadInterface(item));
    VOUCH_RETURN_IF_ERROR(AddInterface(network, std::move(eni), /*replace=*/true, index, item));
  }
  return absl::OkStatus();
}

absl::Status ReadReservations(const JsonValue& items, net::Network& network) {
  absl::flat_hash_map<std::string, size_t> index = IndexInterfaces(network);
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> reservations, items.Elements());
  for (const JsonValue& r : reservations) {
    VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> instances, OptionalArray(r, "Instances"));
    for (const JsonValue& i : instances) VOUCH_RETURN_IF_ERROR(ReadInstance(i, network, index));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
