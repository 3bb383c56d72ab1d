// Policy variables: `${aws:username}` and friends in Resource and in condition values.
//
// A Template is a policy string cut into literal text and variables once, at compile time; at
// request time Resolve splices in the request's values. Rules (AWS "IAM policy elements:
// Variables and tags"):
//   - `${key}`: the key is case-insensitive and must be single-valued in the request;
//   - `${*}`, `${?}`, `${$}` are a literal `*`, `?` and `$`;
//   - `${key, 'default'}`: whitespace around the key and the quotes is ignored, `''` inside the
//     quotes is one `'`, and the default (case-sensitive) is used when the key is absent;
//   - substitution happens once: a value or default containing `${...}` is not expanded again,
//     and a `*` or `?` in it is literal text, not a wildcard;
//   - a variable with no value (absent key, no default) makes the whole string match nothing;
//   - variables exist only in policies of Version 2012-10-17: otherwise `${...}` is text.
#ifndef VOUCH_ENGINE_EVAL_POLICY_VARIABLES_H_
#define VOUCH_ENGINE_EVAL_POLICY_VARIABLES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "models/iam/request.h"

namespace vouch::iam {

class Template {
 public:
  Template() = default;

  // Cuts `text` into parts. `variables`: whether `${...}` is recognised (Version 2012-10-17).
  // `glob`: whether `*` and `?` of the literal text are wildcards (encoded as in wildcard.h).
  static Template Parse(absl::string_view text, bool variables, bool glob);

  bool has_variables() const { return has_variables_; }
  // The text itself (encoded when `glob`) when there are no variables.
  const std::string& literal() const { return literal_; }
  // Moves the text out (literal() is then empty), for a caller that keeps it elsewhere.
  std::string TakeLiteral() { return std::move(literal_); }

  // Appends the resolved text to `*out`. False when a variable has no value (the caller then
  // treats the pattern as matching nothing).
  bool Resolve(const Request& request, std::string* out) const;

  // Appends the keys (as spelled in the policy) of variables without a default that `request`
  // lacks.
  void AppendMissingKeys(const Request& request, std::vector<absl::string_view>* out) const;

 private:
  struct Part {
    bool variable = false;
    std::string text;       // literal text (encoded when glob) or the key as spelled
    std::string key_lower;  // variables: the key, lowercased, as Request stores it
    bool has_default = false;
    std::string default_value;
  };

  bool has_variables_ = false;
  std::string literal_;
  std::vector<Part> parts_;
};

// The single value of `key_lower` in `request`, or nullptr when it is absent or multivalued.
const std::string* SingleValue(const Request& request, absl::string_view key_lower);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_POLICY_VARIABLES_H_
