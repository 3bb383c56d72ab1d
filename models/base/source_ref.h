// SourceRef: where a piece of the model came from, so that every verdict can name what decided it.
//
// Every statement, rule, route and entry that vouch lowers keeps one. Errors about bad input are
// built from one too, so they all read the same way:
//
//   lab/iam.json: /Policies/3/Statement/0/Condition: unsupported operator `StringLikeX`
#ifndef VOUCH_MODELS_BASE_SOURCE_REF_H_
#define VOUCH_MODELS_BASE_SOURCE_REF_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace vouch {

struct SourceRef {
  std::string file;     // the path as the user gave it; "" for built-in or command-line input
  std::string pointer;  // RFC 6901 JSON pointer inside `file`; "" is the whole document

  bool operator==(const SourceRef&) const = default;

  // "file: /pointer", "file", "/pointer" or "<input>", in that order of preference.
  std::string DebugString() const;
  // True when nothing locates the value (built-in or command-line input).
  bool empty() const { return file.empty() && pointer.empty(); }
  // " (at file: /pointer)", to end a finding's line; "" when empty().
  std::string AtSuffix() const;

  // A child location: `Child("Statement").Child(0)` appends "/Statement/0", escaping `~` and `/`.
  SourceRef Child(absl::string_view key) const;
  SourceRef Child(size_t index) const;
};

// An InvalidArgument status for bad input at `at`: "<file>: <pointer>: <what>".
// `what` follows the error-text rules: lowercase, no final period, user input in backticks.
// Control characters in the message (a newline inside quoted input) are escaped (`\n`, `\x00`)
// so that it stays one line.
absl::Status InputError(const SourceRef& at, absl::string_view what);

// The same, as Unimplemented: the input is valid AWS but names a construct vouch does not model.
absl::Status UnsupportedError(const SourceRef& at, absl::string_view what);

}  // namespace vouch

#endif  // VOUCH_MODELS_BASE_SOURCE_REF_H_
