// Date and number parsing for condition operators (see dates.h).
#include "engine/eval/dates.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"

namespace vouch::iam {
namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `*pos`.
bool Digits(absl::string_view s, size_t* pos, int n, int64_t* out) {
  if (*pos + n > s.size()) return false;
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(absl::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

// "Thh:mm[:ss[.fff]]" then an optional zone; adds milliseconds to *ms.
bool ParseTime(absl::string_view s, size_t* pos, int64_t* ms) {
  int64_t hh, mm, ss = 0, frac_ms = 0;
  if (!Digits(s, pos, 2, &hh) || !Expect(s, pos, ':') || !Digits(s, pos, 2, &mm)) return false;
  if (*pos < s.size() && s[*pos] == ':') {
    ++*pos;
    if (!Digits(s, pos, 2, &ss)) return false;
    if (*pos < s.size() && s[*pos] == '.') {
      ++*pos;
      int n = 0;
      for (; *pos < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[*pos])); ++*pos, ++n) {
        if (n < 3) frac_ms = frac_ms * 10 + (s[*pos] - '0');
      }
      if (n == 0) return false;
      for (; n < 3; ++n) frac_ms *= 10;
    }
  }
  if (hh > 24 || mm > 59 || ss > 60 || (hh == 24 && (mm != 0 || ss != 0))) return false;
  int64_t offset_min = 0;
  if (*pos < s.size()) {
    char z = s[(*pos)++];
    if (z == '+' || z == '-') {
      int64_t oh, om;
      if (!Digits(s, pos, 2, &oh) || !Expect(s, pos, ':') || !Digits(s, pos, 2, &om)) return false;
      if (oh > 23 || om > 59) return false;
      offset_min = (z == '+' ? 1 : -1) * (oh * 60 + om);
    } else if (z != 'Z') {
      return false;
    }
  }
  if (*pos != s.size()) return false;
  *ms += ((hh * 60 + mm - offset_min) * 60 + ss) * 1000 + frac_ms;
  return true;
}

std::optional<int64_t> ParseIso(absl::string_view s) {
  size_t pos = 0;
  int64_t y, m = 1, d = 1;
  if (!Digits(s, &pos, 4, &y)) return std::nullopt;
  if (pos < s.size() && Expect(s, &pos, '-')) {
    if (!Digits(s, &pos, 2, &m)) return std::nullopt;
    if (pos < s.size() && Expect(s, &pos, '-') && !Digits(s, &pos, 2, &d)) return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, static_cast<int>(m))) return std::nullopt;
  int64_t ms = DaysFromCivil(y, m, d) * 86400000;
  if (pos == s.size()) return ms;
  if (!Expect(s, &pos, 'T') || !ParseTime(s, &pos, &ms)) return std::nullopt;
  return ms;
}

}  // namespace

std::optional<double> ParseNumber(absl::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-' && c != '+' && c != '.' &&
        c != 'e' && c != 'E') {
      return std::nullopt;
    }
  }
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> ParseDate(absl::string_view text) {
  if (text.size() >= 5 && text[4] == '-') return ParseIso(text);
  std::optional<double> epoch = ParseNumber(text);
  if (!epoch || std::fabs(*epoch) > 1e14) return std::nullopt;
  return static_cast<int64_t>(std::llround(*epoch * 1000));
}

}  // namespace vouch::iam
