// Strict parsing and printing of IPv4/IPv6 addresses and CIDR blocks.
#include "models/base/ip.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace vouch {
namespace {

using u128 = unsigned __int128;

u128 Mask(int width, int length) {
  if (length == 0) return 0;
  u128 all = width == 32 ? u128{0xffffffffu} : ~u128{0};
  return (all << (width - length)) & all;
}

bool ParseV4(absl::string_view text, uint32_t* out) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  if (parts.size() != 4) return false;
  uint32_t v = 0;
  for (absl::string_view p : parts) {
    if (p.empty() || p.size() > 3) return false;
    if (p.size() > 1 && p[0] == '0') return false;
    int octet = 0;
    for (char c : p) {
      if (c < '0' || c > '9') return false;
      octet = octet * 10 + (c - '0');
    }
    if (octet > 255) return false;
    v = (v << 8) | static_cast<uint32_t>(octet);
  }
  *out = v;
  return true;
}

bool ParseHexGroup(absl::string_view g, uint32_t* out) {
  if (g.empty() || g.size() > 4) return false;
  uint32_t v = 0;
  for (char c : g) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = v * 16 + d;
  }
  *out = v;
  return true;
}

// Parses a run of ':'-separated groups (an embedded IPv4 tail allowed when `allow_v4_tail`).
bool ParseGroups(absl::string_view text, bool allow_v4_tail, std::vector<uint32_t>* groups) {
  if (text.empty()) return true;
  std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  for (size_t i = 0; i < parts.size(); ++i) {
    uint32_t v4;
    if (allow_v4_tail && i + 1 == parts.size() && parts[i].find('.') != absl::string_view::npos) {
      if (!ParseV4(parts[i], &v4)) return false;
      groups->push_back(v4 >> 16);
      groups->push_back(v4 & 0xffff);
      continue;
    }
    uint32_t g;
    if (!ParseHexGroup(parts[i], &g)) return false;
    groups->push_back(g);
  }
  return true;
}

bool ParseV6(absl::string_view text, u128* out) {
  std::vector<uint32_t> head, tail;
  size_t gap = text.find("::");
  if (gap != absl::string_view::npos) {
    if (text.find("::", gap + 1) != absl::string_view::npos) return false;
    if (!ParseGroups(text.substr(0, gap), false, &head)) return false;
    if (!ParseGroups(text.substr(gap + 2), true, &tail)) return false;
    if (head.size() + tail.size() > 7) return false;
  } else {
    if (!ParseGroups(text, true, &head)) return false;
    if (head.size() != 8) return false;
  }
  std::vector<uint32_t> all = head;
  all.resize(8 - tail.size(), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  u128 v = 0;
  for (uint32_t g : all) v = (v << 16) | g;
  *out = v;
  return true;
}

}  // namespace

std::string IpAddress::ToString() const {
  if (family == IpFamily::kV4) {
    uint32_t v = v4();
    return absl::StrFormat("%d.%d.%d.%d", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
  }
  uint32_t g[8];
  for (int i = 0; i < 8; ++i) g[i] = static_cast<uint32_t>((bits >> (16 * (7 - i))) & 0xffff);
  int best = -1, best_len = 1;  // RFC 5952: compress the longest run of two or more zero groups
  for (int i = 0; i < 8;) {
    if (g[i] != 0) { ++i; continue; }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) { best = i; best_len = j - i; }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    absl::StrAppendFormat(&out, "%x", g[i]);
  }
  return out;
}

bool Cidr::Contains(const IpAddress& a) const {
  if (a.family != address.family) return false;
  return (a.bits & Mask(a.width(), length)) == address.bits;
}

bool Cidr::Contains(const Cidr& inner) const {
  return inner.length >= length && Contains(inner.address);
}

IpAddress Cidr::Last() const {
  u128 all = address.family == IpFamily::kV4 ? u128{0xffffffffu} : ~u128{0};
  return IpAddress{address.family, address.bits | (all & ~Mask(address.width(), length))};
}

std::string Cidr::ToString() const { return absl::StrCat(address.ToString(), "/", length); }

absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text) {
  uint32_t v4;
  if (text.find(':') == absl::string_view::npos) {
    if (ParseV4(text, &v4)) return IpAddress::V4(v4);
  } else {
    u128 v6;
    if (ParseV6(text, &v6)) return IpAddress{IpFamily::kV6, v6};
  }
  return absl::InvalidArgumentError(absl::StrCat("`", text, "` is not an IPv4 or IPv6 address"));
}

absl::StatusOr<Cidr> ParseCidr(absl::string_view text) {
  size_t slash = text.find('/');
  absl::StatusOr<IpAddress> addr = ParseIpAddress(text.substr(0, slash));
  if (!addr.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("`", text, "` is not a CIDR block"));
  }
  int length = addr->width();
  if (slash != absl::string_view::npos) {
    absl::string_view len_text = text.substr(slash + 1);
    bool digits = !len_text.empty() && len_text.size() <= 3 &&
                  len_text.find_first_not_of("0123456789") == absl::string_view::npos;
    if (!digits || !absl::SimpleAtoi(len_text, &length) || length > addr->width()) {
      return absl::InvalidArgumentError(absl::StrCat("`", text, "` is not a CIDR block"));
    }
  }
  return Cidr{IpAddress{addr->family, addr->bits & Mask(addr->width(), length)}, length};
}

}  // namespace vouch
