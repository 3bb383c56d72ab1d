// Rendering `vouch who-can` answers, and checking its claim: which users and roles of an account
// are allowed a set of requests, each with the statements that allow it, and whether only the
// principals the claim names are.
//
//   text   who can iam:DeleteGroup on *
//            account 111122223333: 2 users and 2 roles, 1 request each (4 decisions)
//          allowed (1):
//            user admin-1
//              iam:DeleteGroup on *: Allow by AdministratorAccess (aws-managed), statement 0
//          denied (3): user user-1, role app-server, role security-audit
//          claim: only admin-1 can: holds
//   json   {"actions":[..],"resources":[..],"account":..,"scale":{..},"principals":[{"kind":"user",
//           "name":..,"arn":..,"standing":"allowed","requests":[{"action":..,"resource":..,
//           "decision":..,"matchedStatements":[..],"missingContextKeys":[..]}]}],
//           "claim":{"only":[..],"verdict":"violated","violations":[..],"unknowns":[..]}}
//
// Callers from outside the account that the query's resource policy may let in (kind
// "outside") are listed by what they are ("an anonymous caller", "arn:aws:iam::444455556666:root").
//
// The claim (--only) holds when every principal allowed some request, with the context given or
// with any values of the keys it lacks, is among those it names. It is violated by a principal
// it does not name that is allowed, with the request, the context values found (when the
// context given did not allow it) and the statements that allow it as the witness. It is
// unknown when such a principal is not allowed, but the search over the keys the context lacks
// could not try every value (engine/eval/context_search.h): never a pass.
#ifndef VOUCH_PROOFS_WHO_CAN_REPORT_H_
#define VOUCH_PROOFS_WHO_CAN_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/eval/who_can.h"
#include "proofs/claim_formats.h"
#include "proofs/verdict.h"

namespace vouch::proofs {

struct OnlyClaim {
  std::vector<std::string> given;  // as the user named them (users, roles, groups)
  std::vector<std::string> arns;   // the users and roles they name (a group: its members)
};

struct WhoCanReport {
  const iam::WhoCanQuery* query = nullptr;
  const iam::WhoCanAnswer* answer = nullptr;
  std::string account_id;
  std::vector<std::string> actions_given;    // --action as given (patterns unexpanded)
  std::vector<std::string> shared_policies;  // "2 SCP levels", "the resource policy r.json"
  std::optional<OnlyClaim> only;
};

struct OnlyClaimResult {
  Verdict verdict = Verdict::kHolds;
  std::vector<const iam::PrincipalAnswer*> violations;  // allowed, not named
  std::vector<const iam::PrincipalAnswer*> unknowns;    // depends on context, not named
};

OnlyClaimResult CheckOnly(const iam::WhoCanAnswer& answer, const OnlyClaim& claim);

// The claim for --format junit and sarif (claim_formats.h): none without --only.
std::vector<ClaimOutcome> WhoCanOutcomes(const WhoCanReport& report);

std::string RenderWhoCanText(const WhoCanReport& report);
std::string RenderWhoCanJson(const WhoCanReport& report);  // one JSON object, indented

}  // namespace vouch::proofs

#endif  // VOUCH_PROOFS_WHO_CAN_REPORT_H_
