// Dates and numbers as the Date* and Numeric* condition operators read them.
//
// AWS accepts dates in the W3C profile of ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`,
// `2026-01-31T12:00:00.5+02:00`) or as epoch seconds (`1767225600`), and compares them as
// instants: both forms are normalised here to milliseconds since the Unix epoch.
#ifndef VOUCH_ENGINE_EVAL_DATES_H_
#define VOUCH_ENGINE_EVAL_DATES_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"

namespace vouch::iam {

// Milliseconds since 1970-01-01T00:00:00Z, or nullopt when `text` is neither a W3C ISO 8601
// date/time (YYYY-MM, YYYY-MM-DD, or a date with `Thh:mm[:ss[.s+]]` and a zone `Z` or
// `+hh:mm`; a missing zone means UTC) nor epoch seconds (digits, optional sign and fraction).
// A bare `2026` is read as epoch seconds, not as the year.
std::optional<int64_t> ParseDate(absl::string_view text);

// A decimal number (`-12`, `3.25`, `+1`, `1e3`); nullopt for anything else, including
// `NaN`, `inf`, hex and empty text.
std::optional<double> ParseNumber(absl::string_view text);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_DATES_H_
