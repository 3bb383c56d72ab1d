// A Terraform plan (`terraform show -json PLANFILE`) as a what-if overlay on a VPC network.
//
// CI asks "after this plan is applied, is SSH still closed to the internet?": the network of a
// snapshot, with the plan's security group and network ACL changes applied, is what `vouch
// exposure` and `vouch reach` answer for:
//
//   net::Network network = snapshot.network;
//   VOUCH_RETURN_IF_ERROR(ApplyPlanFileToNetwork("plan.json", network));
//   ... net::Lower(network) as for any network ...
//
// What is modelled. The change semantics are plan.h's: `create` adds its `after`, `delete`
// removes its `before`, `update` and replacement swap one for the other, `no-op`, `read` and
// `forget` change nothing; groups and ACLs first, then the rules that join them (removals before
// additions), so the order of `resource_changes` does not matter. Resource types applied:
//
//   aws_security_group          the group (name, vpc_id); its inline `ingress`/`egress` blocks
//                               replace the group's rules of that direction when configured
//   aws_default_security_group  the VPC's `default` group; its blocks always replace its rules
//   aws_security_group_rule     one rule: cidr_blocks, ipv6_cidr_blocks, prefix_list_ids,
//                               source_security_group_id, self
//   aws_vpc_security_group_{ingress,egress}_rule   one rule with one source
//   aws_network_acl             the ACL (vpc_id; `subnet_ids` moves those subnets to it); inline
//                               `ingress`/`egress` entries replace its entries when configured
//   aws_default_network_acl     the VPC's default ACL; its entries always replace the ACL's
//   aws_network_acl_rule        one entry
//   aws_network_acl_association a subnet moved to an ACL (back to its VPC's default when deleted)
//   aws_instance                an update of `vpc_security_group_ids` (and tags) alone: the
//                               groups of the instance's primary interface
//
// Every rule and entry read from the plan is checked as the describe-* readers check it
// (frontends/aws/ec2_rules.h) and keeps where it came from: the plan file and the JSON pointer
// of its block or value (`/resource_changes/3/change/after/ingress/0/cidr_blocks/0`), so a
// violated claim names the line of the plan that opens the port. A group or ACL the plan
// creates has an id known only after apply: its address (`aws_security_group.web`) stands in
// for it, and rules that reference it (through `configuration`) join it.
//
// What is not modelled, and answers unknown (Unimplemented, naming the resource) rather than
// be read past: every other resource that changes what can reach what: instances (but the
// update above), interfaces
// and their group attachments, Elastic IPs, subnets, VPCs, route tables and routes, gateways,
// peering, prefix lists, and any resource that places something in a VPC
// (one with `subnet_id`, `subnet_ids`, `vpc_security_group_ids`, `security_groups`,
// `vpc_config`, ...), unless only its tags change. A value of a rule known only after apply
// (other than a created group's or ACL's id) is Unimplemented too. IAM resources and resources
// unrelated to networking are read past.
#ifndef VOUCH_FRONTENDS_TERRAFORM_PLAN_NETWORK_H_
#define VOUCH_FRONTENDS_TERRAFORM_PLAN_NETWORK_H_

#include <string>

#include "absl/status/status.h"
#include "frontends/aws/json_reader.h"
#include "models/net/network.h"

namespace vouch::terraform {

// Applies the network changes of `plan`, a parsed `terraform show -json` plan, to `network`.
// Errors:
//   InvalidArgument: not a plan (plan_values.h's errors), a rule value EC2 would refuse
//     ("<file>: <pointer>: port 70000 is out of range 0 to 65535"), a change naming a group or
//     ACL that neither the network nor the plan holds, two ACL entries with one number.
//   Unimplemented: a resource vouch does not model changes the network, a value that decides a
//     rule is known only after apply, or a group the plan deletes is still held or referenced.
// On error `network` is left part-way: discard it.
absl::Status ApplyPlanToNetwork(const aws::JsonValue& plan, net::Network& network);

// Reads the plan file `path` (JsonDocument::FromFile's errors) and applies it as above.
absl::Status ApplyPlanFileToNetwork(const std::string& path, net::Network& network);

}  // namespace vouch::terraform

#endif  // VOUCH_FRONTENDS_TERRAFORM_PLAN_NETWORK_H_
