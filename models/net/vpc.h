// VPCs, subnets, gateways, peering connections and Elastic IPs as AWS describes them.
//
// AWS-faithful plain values, one per describe-* item (frontends/aws/ec2_*.cc builds them),
// before lowering (models/net/lower.h). Field names follow the EC2 API; every element keeps the
// SourceRef of the JSON object it was read from.
#ifndef VOUCH_MODELS_NET_VPC_H_
#define VOUCH_MODELS_NET_VPC_H_

#include <optional>
#include <string>
#include <vector>

#include "models/base/ip.h"
#include "models/base/source_ref.h"

namespace vouch::net {

// describe-vpcs `Vpcs[]`. `cidr_blocks` holds CidrBlock and every associated
// CidrBlockAssociationSet / Ipv6CidrBlockAssociationSet block (state associated).
struct Vpc {
  std::string vpc_id;
  std::string owner_id;
  std::string name;  // the `Name` tag, "" if none
  bool is_default = false;
  std::vector<Cidr> cidr_blocks;
  SourceRef source;

  bool operator==(const Vpc&) const = default;
};

// describe-subnets `Subnets[]`.
struct Subnet {
  std::string subnet_id;
  std::string vpc_id;
  std::string name;
  std::string availability_zone;
  std::optional<Cidr> cidr_block;               // IPv4
  std::vector<Cidr> ipv6_cidr_blocks;
  bool map_public_ip_on_launch = false;         // informational only: actual associations count
  SourceRef source;

  bool operator==(const Subnet&) const = default;
};

// describe-internet-gateways `InternetGateways[]`. An attachment counts when its State is
// "available" (the API's word for attached) or "attached".
struct InternetGatewayAttachment {
  std::string vpc_id;
  std::string state;
  bool operator==(const InternetGatewayAttachment&) const = default;
};
struct InternetGateway {
  std::string internet_gateway_id;
  std::string name;
  std::vector<InternetGatewayAttachment> attachments;
  SourceRef source;

  bool operator==(const InternetGateway&) const = default;
};

// describe-egress-only-internet-gateways `EgressOnlyInternetGateways[]`: IPv6 out, never in.
struct EgressOnlyInternetGateway {
  std::string egress_only_internet_gateway_id;
  std::vector<InternetGatewayAttachment> attachments;
  SourceRef source;

  bool operator==(const EgressOnlyInternetGateway&) const = default;
};

// describe-nat-gateways `NatGateways[]`. Only State "available" forwards. A public NAT gateway
// translates to its public address through the subnet's internet gateway; a private one to its
// private address. Never admits unsolicited inbound traffic.
enum class NatConnectivity { kPublic, kPrivate };
struct NatGatewayAddress {
  std::optional<IpAddress> public_ip;
  std::optional<IpAddress> private_ip;
  std::string network_interface_id;
  std::string allocation_id;
  bool operator==(const NatGatewayAddress&) const = default;
};
struct NatGateway {
  std::string nat_gateway_id;
  std::string name;
  std::string subnet_id;
  std::string vpc_id;
  std::string state;  // pending | failed | available | deleting | deleted
  NatConnectivity connectivity = NatConnectivity::kPublic;
  std::vector<NatGatewayAddress> addresses;
  SourceRef source;

  bool operator==(const NatGateway&) const = default;
};

// describe-vpc-peering-connections `VpcPeeringConnections[]`. Carries traffic only when
// Status.Code is "active", and only to addresses inside the other side's CIDR blocks.
struct PeeringVpcInfo {
  std::string owner_id;
  std::string vpc_id;
  std::string region;
  std::vector<Cidr> cidr_blocks;  // CidrBlock, CidrBlockSet and Ipv6CidrBlockSet
  bool operator==(const PeeringVpcInfo&) const = default;
};
struct VpcPeeringConnection {
  std::string vpc_peering_connection_id;
  std::string status_code;  // active | pending-acceptance | deleted | ...
  PeeringVpcInfo requester;
  PeeringVpcInfo accepter;
  SourceRef source;

  bool operator==(const VpcPeeringConnection&) const = default;
};

// describe-addresses `Addresses[]`: an Elastic IP, associated when `network_interface_id` is set.
struct Address {
  std::string allocation_id;
  std::string association_id;
  IpAddress public_ip;
  std::optional<IpAddress> private_ip;
  std::string network_interface_id;
  std::string instance_id;
  SourceRef source;

  bool operator==(const Address&) const = default;
};

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_VPC_H_
