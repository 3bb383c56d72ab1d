// What a principal's identity policies grant, by service, for least-privilege reviews: `vouch
// replay --by-principal` sets it beside the services the CloudTrail log shows the principal call.
//
//   CatalogNames names(ActionCatalog::BuiltIn());   // once, for every principal asked about
//   std::vector<std::string> named = ServicesNamedByAllows(set, names);
//   // {"ec2", "iam", "s3", ...}
//
// A service is named when some Allow statement of the set's identity policies covers one of its
// catalog actions: `*`, an Action pattern that matches the action, or a NotAction list that
// leaves it out. Resources, conditions, Deny statements, permission boundaries, session
// policies and SCPs are not consulted: the answer is what the policies hand out, an upper bound
// on what the principal can do, as IAM's access advisor lists services.
#ifndef VOUCH_ENGINE_EVAL_GRANTED_H_
#define VOUCH_ENGINE_EVAL_GRANTED_H_

#include <string>
#include <vector>

#include "engine/eval/iam_evaluator.h"
#include "models/iam/action_catalog.h"

namespace vouch::iam {

// The catalog's services that have actions, each with its action names lowercased, as compiled
// action patterns match them.
struct CatalogNames {
  explicit CatalogNames(const ActionCatalog& catalog);

  struct Service {
    absl::string_view prefix;
    std::vector<std::string> names;
  };
  std::vector<Service> services;
};

// The prefixes of the services of `names` that an Allow statement of `set.identity` names,
// sorted.
std::vector<std::string> ServicesNamedByAllows(const PolicySet& set, const CatalogNames& names);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_GRANTED_H_
