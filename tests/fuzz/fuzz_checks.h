// Properties every fuzz target checks on top of "does not crash, leak or hang".
//
// A frontend may reject any input, but only the way the error-text rules say: InvalidArgument (bad
// input) or Unimplemented (valid AWS that vouch does not model), on one line, led by the input's
// name. Any other status, or a message that breaks the rules, aborts so libFuzzer records it.
//
//   absl::StatusOr<Policy> p = ParsePolicyText(text, SourceRef{"fuzz.json", ""}, "fuzz");
//   if (!p.ok()) { vouch::fuzz::CheckInputError(p.status(), "fuzz.json"); return 0; }
#ifndef VOUCH_TESTS_FUZZ_FUZZ_CHECKS_H_
#define VOUCH_TESTS_FUZZ_FUZZ_CHECKS_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace vouch::fuzz {

// Aborts with `why` and the status when `ok` is false.
inline void Require(bool ok, const char* why, const absl::Status& status = absl::OkStatus()) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s: %s\n", why, status.ToString().c_str());
  std::abort();
}

// `status` is a well-formed input error about the input named `name`.
inline void CheckInputError(const absl::Status& status, absl::string_view name) {
  Require(status.code() == absl::StatusCode::kInvalidArgument ||
              status.code() == absl::StatusCode::kUnimplemented,
          "an input error must be InvalidArgument or Unimplemented", status);
  absl::string_view message = status.message();
  Require(message.find('\n') == absl::string_view::npos, "an error must be one line", status);
  Require(absl::StartsWith(message, name), "an error must start with the input's name", status);
  Require(!absl::EndsWith(message, "."), "an error must not end with a period", status);
}

inline absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace vouch::fuzz

#endif  // VOUCH_TESTS_FUZZ_FUZZ_CHECKS_H_
