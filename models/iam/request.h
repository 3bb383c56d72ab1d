// A concrete IAM request: who calls which action on which resource, in which context.
//
// The request context holds typed, possibly multi-valued keys, as the simulator's
// ContextEntries give them. Keys compare case-insensitively: they are stored lowercased, with
// the spelling the user gave kept for answers.
#ifndef VOUCH_MODELS_IAM_REQUEST_H_
#define VOUCH_MODELS_IAM_REQUEST_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace vouch::iam {

// The simulator's ContextKeyType, without the List suffix (that is `multivalued`).
enum class ContextType { kString, kNumeric, kBoolean, kIp, kBinary, kDate };

struct ContextValue {
  std::string key;  // as the user spelled it
  ContextType type = ContextType::kString;
  bool multivalued = false;  // given as a list (stringList, ...) or a JSON array
  std::vector<std::string> values;

  bool operator==(const ContextValue&) const = default;
};

// Parses "string", "stringList", ..., "dateList". Error: "unknown context key type `X`".
absl::StatusOr<ContextValue> MakeContextValue(absl::string_view key, absl::string_view type_name,
                                              std::vector<std::string> values);

// The AWS CLI's ContextKeyType name of `value`: "string", "numericList", ...
std::string ContextTypeName(const ContextValue& value);

// `value` as `--context` takes it: KEY=TYPE:VALUE, a list's values joined by commas
// ("aws:MultiFactorAuthPresent=boolean:true", "aws:TagKeys=stringList:a,b").
std::string FormatContextEntry(const ContextValue& value);
// Each of `values` so.
std::vector<std::string> FormatContextEntries(const std::vector<ContextValue>& values);

struct Request {
  std::string principal;         // the caller's ARN: user, role, assumed-role session, root, ...
  std::string action;            // "iam:DeleteGroup"
  std::string resource = "*";    // an ARN, or "*"
  std::string resource_account;  // "" means the principal's account
  absl::flat_hash_map<std::string, ContextValue> context;  // keyed by lowercased key

  // Sets (or replaces) a context key.
  void Set(ContextValue value);
  // The entry for `key` (any case), added if absent, with `key` as its spelling and its values
  // as they were: for readers that fill an entry in place, reusing its memory.
  ContextValue& Entry(absl::string_view key);
  // nullptr when the request lacks `key` (any case).
  const ContextValue* Find(absl::string_view key) const;
};

}  // namespace vouch::iam

#endif  // VOUCH_MODELS_IAM_REQUEST_H_
