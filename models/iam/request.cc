// Typed context values and case-insensitive context lookup.
#include "models/iam/request.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"

namespace vouch::iam {

absl::StatusOr<ContextValue> MakeContextValue(absl::string_view key, absl::string_view type_name,
                                              std::vector<std::string> values) {
  static constexpr std::pair<absl::string_view, ContextType> kTypes[] = {
      {"string", ContextType::kString}, {"numeric", ContextType::kNumeric},
      {"boolean", ContextType::kBoolean}, {"ip", ContextType::kIp},
      {"binary", ContextType::kBinary}, {"date", ContextType::kDate},
  };
  absl::string_view base = type_name;
  bool list = absl::ConsumeSuffix(&base, "List");
  for (const auto& [name, type] : kTypes) {
    if (base == name) {
      if (!list && values.size() != 1) {
        return absl::InvalidArgumentError(absl::StrCat("context key `", key, "` of type `",
                                                       type_name, "` takes exactly one value"));
      }
      return ContextValue{std::string(key), type, list, std::move(values)};
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown context key type `", type_name,
                                                 "` (expected string, stringList, numeric, "
                                                 "numericList, boolean, booleanList, ip, ipList, "
                                                 "binary, binaryList, date or dateList)"));
}

void Request::Set(ContextValue value) {
  ContextValue& entry = Entry(value.key);
  entry = std::move(value);
}

ContextValue& Request::Entry(absl::string_view key) {
  // Lowercased on the stack when short (nearly every key), so finding an entry allocates nothing.
  char buffer[64];
  std::string long_key;
  absl::string_view lower;
  if (key.size() <= sizeof buffer) {
    for (size_t i = 0; i < key.size(); ++i) buffer[i] = absl::ascii_tolower(key[i]);
    lower = absl::string_view(buffer, key.size());
  } else {
    long_key = absl::AsciiStrToLower(key);
    lower = long_key;
  }
  // One lookup finds the entry or makes it.
  auto it = context.lazy_emplace(lower, [&](const auto& make) { make(lower, ContextValue()); });
  it->second.key.assign(key.data(), key.size());
  return it->second;
}

const ContextValue* Request::Find(absl::string_view key) const {
  auto it = context.find(absl::AsciiStrToLower(key));
  return it == context.end() ? nullptr : &it->second;
}

}  // namespace vouch::iam
