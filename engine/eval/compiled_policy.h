// The compiled form of a policy, shared by CompilePolicy (iam_compile.cc) and Evaluate
// (iam_evaluator.cc). Internal to engine/eval: other layers see only the opaque CompiledPolicy.
//
// Compilation does the per-policy work once: actions are lowercased and indexed by service, so a
// request scans only the statements naming its service plus those that apply to every service;
// resource patterns are encoded and pre-split into ARN segments; principals are classified;
// condition values are parsed.
#ifndef VOUCH_ENGINE_EVAL_COMPILED_POLICY_H_
#define VOUCH_ENGINE_EVAL_COMPILED_POLICY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/eval/condition_eval.h"
#include "engine/eval/iam_evaluator.h"
#include "engine/eval/policy_variables.h"
#include "engine/eval/wildcard.h"
#include "models/iam/policy.h"

namespace vouch::iam {

// `service:name`, lowercased; `name` is an encoded glob.
struct ActionPattern {
  std::string service;
  Glob name;
};

struct ResourcePattern {
  Template text;  // with variables (Version 2012-10-17 only): the encoded glob, in parts
  Glob glob;      // without variables: the pattern (and `text` is empty)
  ArnSplit split;  // its segments, when there are no variables
  // A variable is a whole colon-delimited segment (`...:111122223333:${aws:username}`).
  bool variable_fills_segment = false;
};

// One entry of a Principal/NotPrincipal element, classified once.
struct PrincipalEntry {
  enum class Kind { kAccount, kRole, kExact };
  Kind kind = Kind::kExact;
  std::string account;  // kAccount, kRole
  std::string name;     // kRole: the role name (its ARN's last path component)
  std::string text;     // kExact and kRole: the entry as written
};

struct CompiledPrincipal {
  bool present = false;  // Principal or NotPrincipal was given
  bool negated = false;  // NotPrincipal
  bool wildcard = false;
  std::vector<PrincipalEntry> entries;
};

struct CompiledStatement {
  const Statement* source = nullptr;  // inside CompiledPolicy::source
  Effect effect = Effect::kAllow;
  bool not_action = false;
  bool all_actions = false;  // the action list contains `*`
  std::vector<ActionPattern> actions;
  bool has_resource = false;
  bool not_resource = false;
  std::vector<ResourcePattern> resources;
  CompiledPrincipal principal;
  std::vector<CompiledCondition> conditions;

  // Whether the Action or NotAction list names `service:name` (both lowercased): it holds `*`
  // or a pattern for the service that matches the name.
  bool ListsAction(absl::string_view service, absl::string_view name) const {
    if (all_actions) return true;
    for (const ActionPattern& a : actions) {
      if (a.service == service && a.name.Matches(name)) return true;
    }
    return false;
  }
};

class CompiledPolicy {
 public:
  // Index entry: statement `statement` has an Action pattern `name` for `service` (both in its
  // `actions`).
  struct ActionEntry {
    absl::string_view service;
    uint32_t statement;
    const Glob* name;
  };

  // `policy` is shared, not copied: statements point into it.
  explicit CompiledPolicy(std::shared_ptr<const Policy> policy)
      : owner(std::move(policy)), source(*owner) {}
  // The index points into the statements.
  CompiledPolicy(const CompiledPolicy&) = delete;
  CompiledPolicy& operator=(const CompiledPolicy&) = delete;

  std::shared_ptr<const Policy> owner;
  const Policy& source;  // *owner
  PolicyType type = PolicyType::kIdentity;
  std::vector<CompiledStatement> statements;
  // Action patterns sorted by lowercased service, then statement: a request looks up its service
  // by binary search (ServiceEntries). A sorted vector, not a hash map: most policies name a few
  // services, and building a map for each costs more than the searches save.
  std::vector<ActionEntry> by_service;
  // For policies with many patterns (AWS managed policies name hundreds of services): each
  // service's entries, [begin, end) in by_service, found by hash. Empty for the others.
  absl::flat_hash_map<absl::string_view, std::pair<uint32_t, uint32_t>> service_ranges;
  // The entries for `service` (lowercased), in statement order.
  absl::Span<const ActionEntry> ServiceEntries(absl::string_view service) const;
  // Statements checked for every request: NotAction ones and Action lists containing `*`.
  std::vector<uint32_t> every_service;
};

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_COMPILED_POLICY_H_
