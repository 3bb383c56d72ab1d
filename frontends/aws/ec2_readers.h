// The `aws ec2 describe-*` readers: one function per response kind, each adding the items of
// one response (or one page of one) to the network model.
//
// `items` is the value of the response's top-level key (the array under "SecurityGroups",
// "Reservations", ...). Every element keeps its file and JSON pointer; bad input is an
// InvalidArgument at the offending field, e.g.
//   lab/SecurityGroups.json: /SecurityGroups/0/IpPermissions/1/FromPort: `FromPort` 443 is above `ToPort` 80
// Fields vouch does not need (descriptions, tags other than Name, timestamps, unknown fields)
// are read past. Numbers written as strings are accepted. Fields AWS defines for one address
// family (`CidrIp`, `CidrIpv6`, `DestinationIpv6CidrBlock`, `PrivateIpAddress`, ...) reject the
// other; state words that decide forwarding (attachment, NAT gateway, instance, association and
// peering states) must be AWS's; a route needs a target. ec2_snapshot.cc dispatches to these;
// ec2_limits.h bounds what they read.
#ifndef VOUCH_FRONTENDS_AWS_EC2_READERS_H_
#define VOUCH_FRONTENDS_AWS_EC2_READERS_H_

#include "absl/status/status.h"
#include "frontends/aws/json_reader.h"
#include "models/net/network.h"

namespace vouch::aws {

// ec2_vpcs.cc: describe-vpcs, describe-subnets.
absl::Status ReadVpcs(const JsonValue& items, net::Network& network);
absl::Status ReadSubnets(const JsonValue& items, net::Network& network);

// ec2_gateways.cc: describe-internet-gateways, describe-egress-only-internet-gateways,
// describe-nat-gateways, describe-vpc-peering-connections, describe-addresses.
absl::Status ReadInternetGateways(const JsonValue& items, net::Network& network);
absl::Status ReadEgressOnlyInternetGateways(const JsonValue& items, net::Network& network);
absl::Status ReadNatGateways(const JsonValue& items, net::Network& network);
absl::Status ReadVpcPeeringConnections(const JsonValue& items, net::Network& network);
absl::Status ReadAddresses(const JsonValue& items, net::Network& network);

// ec2_route_tables.cc: describe-route-tables.
absl::Status ReadRouteTables(const JsonValue& items, net::Network& network);

// ec2_security_groups.cc: describe-security-groups, and describe-security-group-rules (each
// flat rule becomes one IpPermission of its group; a group seen only there is created). A
// group described more than once (both ways, or in two files or pages) is the union of its
// descriptions with each rule (direction, protocol, ports, one source) counted once; the
// permissions of its describe-security-groups item come first, as written. A flat rule needs
// `IsEgress` and exactly one source. Errors past kMaxRulesPerSecurityGroup (ec2_limits.h).
absl::Status ReadSecurityGroups(const JsonValue& items, net::Network& network);
absl::Status ReadSecurityGroupRules(const JsonValue& items, net::Network& network);

// ec2_network_acls.cc: describe-network-acls. Rejects RuleNumber outside 1-32766 (except the
// 32767/32768 defaults), two entries with one RuleNumber in one direction and family, and
// more than kMaxEntriesPerNetworkAcl entries.
absl::Status ReadNetworkAcls(const JsonValue& items, net::Network& network);

// ec2_instances.cc: describe-network-interfaces and describe-instances (`Reservations`). An
// instance's NetworkInterfaces are added as interfaces unless describe-network-interfaces
// already gave them (its items replace ones read from instances).
absl::Status ReadNetworkInterfaces(const JsonValue& items, net::Network& network);
absl::Status ReadReservations(const JsonValue& items, net::Network& network);

// ec2_prefix_lists.cc: describe-managed-prefix-lists and describe-prefix-lists (`PrefixLists`,
// entries known when an item carries `Entries` [{Cidr}] or `Cidrs` [".."] inline), and
// `PrefixListEntries`: [{"PrefixListId": "pl-..", "Entries": [...]}], the output of
// get-managed-prefix-list-entries with the list id it was asked for.
absl::Status ReadPrefixLists(const JsonValue& items, net::Network& network);
absl::Status ReadPrefixListEntries(const JsonValue& items, net::Network& network);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_EC2_READERS_H_
