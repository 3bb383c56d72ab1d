// Replaying logged calls: each CloudTrail record (models/audit/cloudtrail_log.h) turned into the
// IAM request AWS decided, and decided again by the concrete evaluator against an account, and
// against the account a change (a Terraform plan) leaves. `vouch replay` asks whether the calls
// the account's principals made would still be allowed after the change.
//
//   CompileCache cache;
//   absl::StatusOr<ReplayAnswer> a = Replay(calls, before, &after, ActionCatalog::BuiltIn(),
//   cache); for (const ReplayedCall& c : a->calls) if (c.finding == Finding::kRegression) ...
//
// Nothing is guessed. A record becomes a request only when every part of it is certain:
//   - the principal: an IAMUser's user, or an AssumedRole session's issuing role (decided as its
//     role ARN, as `vouch simulate` and AWS's simulator do), present in the account;
//   - the action: `eventSource`'s first label is the service prefix (with the exceptions listed
//     in replay.cc, each citing AWS), and `eventName` an action of that service in the catalog
//     (or one of a few API names mapped to their action, each citing AWS);
//   - the resource: `*` for an action the catalog marks wildcard-only; otherwise the one
//     `resources[]` ARN that fits the action's resource types, or, for IAM, the ARN the
//     request parameters name (`userName`, `groupName`, `roleName`, `policyArn`);
//   - the context: the keys the record tells (aws:SourceIp, aws:CurrentTime, aws:EpochTime,
//     aws:MultiFactorAuthPresent, aws:RequestedRegion, aws:SecureTransport) and the principal's
//     own keys. A decision that other keys could change is unknown.
// Anything else is "not replayed", with the reason.
#ifndef VOUCH_ENGINE_EVAL_REPLAY_H_
#define VOUCH_ENGINE_EVAL_REPLAY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/eval/account_policies.h"
#include "engine/eval/iam_evaluator.h"
#include "models/audit/cloudtrail_log.h"
#include "models/iam/account.h"
#include "models/iam/action_catalog.h"
#include "models/iam/request.h"

namespace vouch::iam {

// A logged call as an IAM request, or why it cannot be one.
struct MappedCall {
  // "" when mapped; else the reason, one of a few short phrases that reports count by
  // ("principal not in the snapshot", "action not in the catalog", ...).
  std::string not_replayed;
  std::string detail;  // what exactly: "`lambda:ListFunctions20150331` is not in the catalog"
  // The call is not decided by the account's identity policies at all (the root user, an AWS
  // service): no change to them can deny it, so it does not make a claim about them unknown.
  bool outside_identity_policies = false;
  Request request;  // when mapped: the principal's ARN (a user's or role's), action, resource
  // Keys that are facts of the call, for the search of the keys the record lacks: the
  // principal's own keys, and aws:MultiFactorAuthPresent for a long-term access key (absent).
  std::vector<std::string> fixed_keys;
};

// Maps `call` against `account` (whose principals, entity ARNs and id it uses).
MappedCall MapCall(const audit::LoggedCall& call, const Account& account,
                   const ActionCatalog& catalog);

// What the evaluator says of a mapped call, with the certainty the record allows.
struct CallDecision {
  enum class Verdict {
    kAllowed,  // allowed, whatever the keys the record does not tell
    kDenied,   // denied, whatever they are (or the principal is not in the account)
    kUnknown,  // those keys decide, or a trust policy known only later (`why`)
  };
  Verdict verdict = Verdict::kUnknown;
  EvaluationResult result;  // the evaluation with the keys the record tells
  std::string why;          // kDenied with no result: "the principal is not in the account"
  // False when the call was decided, or left unknown, without an evaluation (`why` says why:
  // the principal or role is not in the account, the role's trust policy is unknown); `result`
  // is then empty.
  bool evaluated = true;
};

absl::string_view CallVerdictName(CallDecision::Verdict v);  // "allowed", "denied", "unknown"

// Why a call matters to the claim that no call that succeeded is denied after the change.
enum class Finding {
  kNone,
  kRegression,  // succeeded in the log, allowed before the change, denied after it
  kUnknown,     // succeeded in the log, and the claim cannot be settled for it
  kDisagrees,   // vouch's decision before the change is not the log's (vouch lacks something)
};

struct ReplayedCall {
  const audit::LoggedCall* call = nullptr;
  MappedCall mapped;
  std::optional<CallDecision> before;  // mapped calls
  std::optional<CallDecision> after;   // mapped calls, when there is a change
  Finding finding = Finding::kNone;
  // kUnknown: why (a not-replayed reason, or the decision's).
  std::string unknown_why;
};

struct ReplayAnswer {
  std::vector<ReplayedCall> calls;  // in the order given
};

// Maps each call against `before`, decides it against `before` and, when `after` is not null,
// against `after` (the principal looked up there by ARN; absent means denied), and finds what
// each means for the claim. Principals' policies are compiled once (`cache`). Errors: a policy
// of an account that does not compile (InvalidArgument, located).
// REQUIRES: `calls`, `before` and `after` outlive the answer.
absl::StatusOr<ReplayAnswer> Replay(const std::vector<audit::LoggedCall>& calls,
                                    const Account& before, const Account* after,
                                    const ActionCatalog& catalog, CompileCache& cache);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_REPLAY_H_
