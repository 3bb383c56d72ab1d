// Typed context values and case-insensitive context lookup.
#include "models/iam/request.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

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

std::string ContextTypeName(const ContextValue& value) {
  absl::string_view base = "string";
  switch (value.type) {
    case ContextType::kString:
      base = "string";
      break;
    case ContextType::kNumeric:
      base = "numeric";
      break;
    case ContextType::kBoolean:
      base = "boolean";
      break;
    case ContextType::kIp:
      base = "ip";
      break;
    case ContextType::kBinary:
      base = "binary";
      break;
    case ContextType::kDate:
      base = "date";
      break;
  }
  return absl::StrCat(base, value.multivalued ? "List" : "");
}

std::string FormatContextEntry(const ContextValue& value) {
  return absl::StrCat(value.key, "=", ContextTypeName(value), ":",
                      absl::StrJoin(value.values, ","));
}

std::vector<std::string> FormatContextEntries(const std::vector<ContextValue>& values) {
  std::vector<std::string> out;
  out.reserve(values.size());
  for (const ContextValue& v : values) out.push_back(FormatContextEntry(v));
  return out;
}

void Request::Set(ContextValue value) {
  ContextValue& entry = Entry(value.key);
  entry = std::move(value);
}

namespace {

// Lowercases the ASCII letters of `n` bytes of `buffer` (of kLowerBuffer bytes) in place.
constexpr size_t kLowerBuffer = 64;
void LowerInPlace(char* buffer, size_t n) {
#if defined(__SSE2__)
  // 16 bytes at a time over the whole buffer, past `n` too: fewer steps than byte by byte.
  const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1);
  const __m128i bit = _mm_set1_epi8(0x20);
  for (size_t i = 0; i < n; i += 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buffer + i));
    // Signed compares: bytes from 0x80 up are negative, so never letters.
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(c, before_a), _mm_cmplt_epi8(c, after_z));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(buffer + i),
                     _mm_or_si128(c, _mm_and_si128(upper, bit)));
  }
#else
  for (size_t i = 0; i < n; ++i) buffer[i] = absl::ascii_tolower(buffer[i]);
#endif
}

}  // namespace

ContextValue& Request::Entry(absl::string_view key) {
  // Lowercased on the stack when short (nearly every key), so finding an entry allocates nothing.
  alignas(16) char buffer[kLowerBuffer] = {};
  std::string long_key;
  absl::string_view lower;
  if (key.size() <= sizeof buffer) {
    std::memcpy(buffer, key.data(), key.size());
    LowerInPlace(buffer, key.size());
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
