// The VPC network of a snapshot: every describe-* item vouch reads, as AWS describes it.
//
// Built by frontends/aws/ec2_snapshot.h (one ReadEc2Response call per response or page),
// lowered by models/net/lower.h into the filter and forwarding core the evaluator
// (engine/eval/net_trace.h) and the SMT encoder share. `present` remembers which response
// kinds the snapshot held, so a question that needs a missing kind answers unknown, naming it.
#ifndef VOUCH_MODELS_NET_NETWORK_H_
#define VOUCH_MODELS_NET_NETWORK_H_

#include <set>
#include <string>
#include <vector>

#include "models/net/network_acl.h"
#include "models/net/network_interface.h"
#include "models/net/prefix_list.h"
#include "models/net/route_table.h"
#include "models/net/security_group.h"
#include "models/net/vpc.h"

namespace vouch::net {

struct Network {
  std::vector<Vpc> vpcs;
  std::vector<Subnet> subnets;
  std::vector<RouteTable> route_tables;
  std::vector<InternetGateway> internet_gateways;
  std::vector<EgressOnlyInternetGateway> egress_only_internet_gateways;
  std::vector<NatGateway> nat_gateways;
  std::vector<NetworkInterface> network_interfaces;
  std::vector<Instance> instances;
  std::vector<SecurityGroup> security_groups;
  std::vector<NetworkAcl> network_acls;
  std::vector<Address> addresses;
  std::vector<ManagedPrefixList> prefix_lists;
  std::vector<VpcPeeringConnection> vpc_peering_connections;

  // The top-level keys of the responses read ("Vpcs", "RouteTables", "NetworkAcls", ...),
  // even when a response listed no items.
  std::set<std::string> present;

  bool Has(const std::string& key) const { return present.count(key) > 0; }
  bool operator==(const Network&) const = default;
};

}  // namespace vouch::net

#endif  // VOUCH_MODELS_NET_NETWORK_H_
