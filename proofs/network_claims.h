// Claims about what can reach what, for CI: `vouch exposure --closed SPEC` ("nothing on the
// internet reaches tcp port 3389 anywhere") and `vouch reach --expect reachable|unreachable`
// ("the SQL server is isolated from the internet").
//
// A claim is checked against the exact answer the engine already gives: exposure's services
// (engine/smt/exposure.h) or reach's verdict (engine/smt/net_reach.h). A violated claim carries
// a witness packet replayed hop by hop through the concrete evaluator, and names the rule that
// let it in (the security group permission or ACL entry, with its file and JSON pointer); a held
// isolation claim carries reach's blocking components. An interface whose exposure the snapshot
// cannot settle makes a claim unknown (exit 3) unless another interface already violates it.
//
//   VOUCH_ASSIGN_OR_RETURN(ClosedSpec rdp, ParseClosedSpec("tcp:3389"));
//   VOUCH_ASSIGN_OR_RETURN(std::vector<ExposureClaim> claims,
//                          CheckClosed(lowered, report, {rdp}));
//   // claims[0].verdict == Verdict::kViolated for the lab: RDP is open on the Web Server.
#ifndef VOUCH_PROOFS_NETWORK_CLAIMS_H_
#define VOUCH_PROOFS_NETWORK_CLAIMS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/eval/net_trace.h"
#include "engine/smt/net_reach.h"
#include "models/net/lower.h"
#include "proofs/claim_formats.h"
#include "proofs/exposure_report.h"
#include "proofs/reach_report.h"
#include "proofs/verdict.h"

namespace vouch::proofs {

// What `--closed` names: a protocol and, for tcp and udp, ports.
struct ClosedSpec {
  std::string text;        // as the user wrote it: "tcp:3389"
  smt::HeaderSpace space;  // protocol nullopt for `all`
};

// `tcp`, `udp`, `icmp` or `all`, and for tcp and udp an optional `:N` or `:N-M`. `icmp` is the
// ICMP of each family: ICMPv6 for IPv6 sources. Errors
// (InvalidArgument): "`--closed x`: expected tcp[:PORTS], udp[:PORTS], icmp or all, where PORTS
// is N or N-M with 0 <= N <= M <= 65535".
absl::StatusOr<ClosedSpec> ParseClosedSpec(absl::string_view text);

// The remote administration ports of the CIS AWS Foundations Benchmark's network checks:
// tcp:22 (SSH) and tcp:3389 (RDP).
std::vector<ClosedSpec> AdminPortSpecs();

// One way through a closed range: the interface, the part of the range that gets in, and its
// replayed witness.
struct Breach {
  std::string network_interface_id;
  std::string instance_id;
  std::string name;
  std::string service;  // "tcp port 3389 from every internet address"
  net::Packet witness;  // inside the closed range; replayed into `path`
  net::PacketTrace path;
  std::optional<net::Hop> admitted_by;  // the hop whose rule let it in (its security group's)
};

struct ExposureClaim {
  ClosedSpec spec;
  std::string from;  // the sources asked about, as ExposureReport::from: "internet" or a block
  Verdict verdict = Verdict::kHolds;
  std::vector<Breach> breaches;
  std::vector<smt::UnknownExposure> unknown;  // interfaces that might breach it
};

// Checks each spec against `report` (whose witnesses ComputeExposure found for `network`): a
// breach per exposed service that overlaps the spec, its witness moved into the overlap and
// replayed (Internal if it does not replay).
absl::StatusOr<std::vector<ExposureClaim>> CheckClosed(const net::LoweredNetwork& network,
                                                       const ExposureReport& report,
                                                       const std::vector<ClosedSpec>& specs);

// `vouch exposure --default-sg-closed`, CIS 5.4: the default security group of every VPC
// restricts all traffic, having no inbound and no outbound rule (AWS gives each new one a rule
// that admits its own members and one that lets everything out). Checked on the rules as
// written, not on what gets through: a default group that no interface uses still breaks it.
struct DefaultGroupRule {
  std::string group_id;
  std::string vpc_id;
  std::string rule;  // "inbound rule 0: all traffic from sg-0a7e1ab0c0ffee601"
  SourceRef source;
};
struct DefaultGroupClaim {
  Verdict verdict = Verdict::kHolds;
  std::vector<DefaultGroupRule> rules;  // each a violation
};
DefaultGroupClaim CheckDefaultGroupsClosed(const net::Network& network);

// The claims' section of the text report, and the claims for --format junit and sarif; the
// default-group claim, when asked, after the others.
std::string ExposureClaimsText(const std::vector<ExposureClaim>& claims,
                               const DefaultGroupClaim* default_groups = nullptr);
std::vector<ClaimOutcome> ExposureOutcomes(const std::vector<ExposureClaim>& claims,
                                           const DefaultGroupClaim* default_groups = nullptr);
// ExposureReportJson with the claims under "claims" (left out when none were asked).
std::string ExposureReportJson(const ExposureReport& report,
                               const std::vector<ExposureClaim>& claims,
                               const DefaultGroupClaim* default_groups = nullptr);
Verdict OverallVerdict(const std::vector<ExposureClaim>& claims,
                       const DefaultGroupClaim* default_groups = nullptr);

// `vouch reach --expect`: the claim that the answer is `expect` ("reachable" or "unreachable").
struct ReachClaim {
  std::string expect;
  Verdict verdict = Verdict::kHolds;
};
// `--expect`'s value: "reachable" or "unreachable". Error (InvalidArgument): "`--expect x`:
// expected reachable or unreachable".
absl::Status CheckExpect(absl::string_view expect);
// REQUIRES: CheckExpect(expect) is ok.
ReachClaim CheckReach(absl::string_view expect, const ReachReport& report);
std::string ReachClaimText(const ReachClaim& claim, const ReachReport& report);
std::vector<ClaimOutcome> ReachOutcomes(const ReachClaim& claim, const ReachReport& report);
// ReachReportJson with {"claim": {"expect", "verdict", "violations"}}.
std::string ReachReportJson(const ReachReport& report, const ReachClaim& claim);

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_NETWORK_CLAIMS_H_
