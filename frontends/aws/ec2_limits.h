// How much of each describe-* kind vouch reads: the one place these bounds are set.
//
// Each limit sits far above what AWS itself allows, so a real account never meets one; they
// exist so that a hostile or corrupted snapshot gets a one-line error (exit 2) naming the limit
// instead of exhausting memory or time in lowering and solving, e.g.
//   snap/sg.json: /SecurityGroups/0: security group `sg-1` has more than 10000 rules, over the limit per group
// The readers (frontends/aws/ec2_*.cc) check them while reading; the JSON limits (file size,
// nesting) are in json_reader.h.
#ifndef VOUCH_FRONTENDS_AWS_EC2_LIMITS_H_
#define VOUCH_FRONTENDS_AWS_EC2_LIMITS_H_

#include <cstddef>

namespace vouch::aws {

// Rules of one security group, ingress and egress together, counted as AWS counts them: one
// per source (CIDR range, prefix list or referenced group) of each permission. AWS allows 60
// inbound and 60 outbound by default, raisable to 1,000 per direction.
inline constexpr size_t kMaxRulesPerSecurityGroup = 10000;

// Entries of one network ACL, both directions and both families, the `*` entries included.
// AWS allows 20 per direction by default, raisable to 40.
inline constexpr size_t kMaxEntriesPerNetworkAcl = 1000;

// Routes of one route table. AWS allows 500 by default, raisable to 1,000.
inline constexpr size_t kMaxRoutesPerRouteTable = 10000;

// Entries of one managed prefix list (inline and from get-managed-prefix-list-entries
// together). AWS allows at most 1,000 in a customer-managed list.
inline constexpr size_t kMaxEntriesPerPrefixList = 10000;

// Network interfaces, and instances, in one snapshot (all files, accounts and regions
// together). AWS's default is 5,000 interfaces per region; the synthetic region of the
// benchmarks has 10,000.
inline constexpr size_t kMaxNetworkInterfacesPerSnapshot = 200000;
inline constexpr size_t kMaxInstancesPerSnapshot = 200000;

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_EC2_LIMITS_H_
