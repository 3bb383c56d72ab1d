// Whether some request context allows a request: the context keys a request lacks, searched
// exhaustively where a finite set of values stands for all of them.
//
// The question is over all contexts, so it is answered by a small-model argument rather than by
// sampling. Each key the policies test but the request lacks takes values from a finite set of
// representatives, one in each class of values that no condition on it can tell apart, and
// every combination is decided by the concrete evaluator (the reference semantics), so a
// context found is a witness by construction:
//   - equality operators (StringEquals, StringEqualsIgnoreCase, Bool, BinaryEquals and their
//     negations): each value the policies name, and one value none of them names;
//   - Numeric* and Date*: each value named, a value between each two in order, one below the
//     least and one above the greatest (dates at the evaluator's millisecond resolution);
//   - IpAddress/NotIpAddress: the first address of each block named, the address after each
//     block's last, and the first address of each family;
//   - Null: presence alone; every key may also be absent;
//   - a list of values (a multivalued key): with ForAnyValue/ForAllValues, every subset of the
//     representatives; without them, a list makes every plain operator false whatever it
//     holds, so one list stands for all.
// A key tested with StringLike or the Arn operators, or whose value is spliced into a Resource
// or a condition value by a policy variable, has no such finite set: it is tried with the
// values named (wildcards filled in) and one other, and a search that finds nothing then ends
// incomplete, never "never allowed".
#ifndef VOUCH_ENGINE_EVAL_CONTEXT_SEARCH_H_
#define VOUCH_ENGINE_EVAL_CONTEXT_SEARCH_H_

#include <cstddef>
#include <string>
#include <vector>

#include "engine/eval/iam_evaluator.h"
#include "models/iam/request.h"

namespace vouch::iam {

struct ContextSearch {
  enum class Outcome {
    kAllowed,       // `witness` (the request with the keys it lacked filled) is allowed
    kNeverAllowed,  // no values of the keys it lacks allow it: every class was tried
    kIncomplete,    // nothing tried allows it, but not every class could be tried (`why`)
  };
  Outcome outcome = Outcome::kIncomplete;
  Request witness;          // kAllowed
  EvaluationResult result;  // kAllowed: the witness's evaluation
  std::vector<ContextValue> filled;  // kAllowed: the values the search gave keys the request lacked
  size_t contexts_tried = 0;
  std::string why;  // kIncomplete: "aws:SourceVpce is tested with StringLike", ...
};

absl::string_view ContextSearchOutcomeName(
    ContextSearch::Outcome o);  // "allowed", "neverAllowed", "incomplete"

// Searches the contexts that extend `request` (its own keys kept) for one that `set` allows.
// Keys that `fixed` names (lowercased; an entry ending in `/` names every key it begins) are
// facts of the request rather than choices of its context: they stay as the request has them,
// absent included. `max_contexts` bounds the combinations tried; past it the search ends
// incomplete.
ContextSearch SearchContexts(const PolicySet& set, const Request& request,
                             const std::vector<std::string>& fixed = {},
                             size_t max_contexts = 100000);

// Whether `key` (any case) is one that `fixed` names, as SearchContexts reads `fixed`.
bool IsFixedKey(absl::string_view key, const std::vector<std::string>& fixed);

// The keys AWS sets from the principal, for `fixed`: for an IAM user or role these are known
// (filled by FillPrincipalKeys and from its tags), and absent when they are not set.
const std::vector<std::string>& PrincipalKeys();

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_CONTEXT_SEARCH_H_
