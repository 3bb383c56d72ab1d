// Network interfaces and instances as AWS describes them (describe-network-interfaces
// `NetworkInterfaces[]`, describe-instances `Reservations[].Instances[]`).
//
// The interface is where security groups apply and where addresses live. An instance's own
// NetworkInterfaces are read too, so a snapshot without describe-network-interfaces still has
// the interfaces of its instances.
#ifndef VOUCH_MODELS_NET_NETWORK_INTERFACE_H_
#define VOUCH_MODELS_NET_NETWORK_INTERFACE_H_

#include <optional>
#include <string>
#include <vector>

#include "models/base/ip.h"
#include "models/base/source_ref.h"

namespace vouch::net {

// One private address, with the public address the internet gateway maps onto it (an
// auto-assigned public IP or an Elastic IP), if any.
struct PrivateIp {
  IpAddress private_ip;
  bool primary = false;
  std::optional<IpAddress> public_ip;  // Association.PublicIp
  bool operator==(const PrivateIp&) const = default;
};

struct NetworkInterface {
  std::string network_interface_id;
  std::string subnet_id;
  std::string vpc_id;
  std::string description;
  std::string interface_type;          // interface | nat_gateway | network_load_balancer | ...
  std::vector<std::string> group_ids;  // Groups[].GroupId
  std::vector<PrivateIp> private_ips;  // primary first
  std::vector<Cidr> ipv6_addresses;    // Ipv6Addresses[].Ipv6Address, as /128
  std::string instance_id;             // Attachment.InstanceId, "" if unattached
  bool source_dest_check = true;
  SourceRef source;

  bool operator==(const NetworkInterface&) const = default;
};

struct Instance {
  std::string instance_id;
  std::string name;   // the `Name` tag
  std::string state;  // State.Name: pending | running | stopped | ...
  std::string subnet_id;
  std::string vpc_id;
  std::string iam_instance_profile_arn;
  std::vector<std::string> network_interface_ids;  // in device order
  SourceRef source;

  bool operator==(const Instance&) const = default;
};

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_NETWORK_INTERFACE_H_
