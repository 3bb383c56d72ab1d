// Wildcard matchers (see wildcard.h). GlobMatch is the classic greedy algorithm with one
// backtrack point, linear for the patterns IAM policies use; the ARN matchers split by segment
// and call it per segment.
#include "engine/eval/wildcard.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace vouch::iam {

void EncodeGlob(absl::string_view text, std::string* out) {
  size_t at = out->size();
  out->resize(at + text.size());
  char* dst = out->data() + at;
  for (char c : text) *dst++ = c == '*' ? kGlobStar : c == '?' ? kGlobQuestion : c;
}

std::string EncodeGlob(absl::string_view text) {
  std::string out;
  EncodeGlob(text, &out);
  return out;
}

bool GlobMatch(absl::string_view p, absl::string_view t) {
  size_t pi = 0, ti = 0;
  size_t star = absl::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && p[pi] == kGlobStar) {
      star = pi++;
      mark = ti;
    } else if (pi < p.size() && (p[pi] == kGlobQuestion || p[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (star != absl::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == kGlobStar) ++pi;
  return pi == p.size();
}

bool IsAllStars(absl::string_view pattern) {
  if (pattern.empty()) return false;
  for (char c : pattern) {
    if (c != kGlobStar) return false;
  }
  return true;
}

namespace {

// The first wildcard of the encoded `pattern` (the only bytes below 3), or npos. Eight bytes at
// a time: most patterns are long literal ARNs.
size_t FirstWildcard(absl::string_view pattern) {
  static_assert(kGlobStar < 3 && kGlobQuestion < 3 && kGlobStar > 0 && kGlobQuestion > 0);
  constexpr uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
  const char* p = pattern.data();
  const char* end = p + pattern.size();
  for (; end - p >= 8; p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    // Flags bytes below 3 (bytes of 0x80 and up never, by ~w); the lowest flag is exact.
    uint64_t below = (w - 3 * kOnes) & ~w & kHighs;
    if (below != 0) {
      const char* hit = p + (__builtin_ctzll(below) >> 3);
      if (*hit == kGlobStar || *hit == kGlobQuestion) return hit - pattern.data();
      // A NUL byte (a literal, not a wildcard): look at the rest byte by byte.
      for (++hit; hit < end; ++hit) {
        if (*hit == kGlobStar || *hit == kGlobQuestion) return hit - pattern.data();
      }
      return absl::string_view::npos;
    }
  }
  for (; p < end; ++p) {
    if (*p == kGlobStar || *p == kGlobQuestion) return p - pattern.data();
  }
  return absl::string_view::npos;
}

}  // namespace

Glob::Glob(std::string encoded) : pattern_(std::move(encoded)) { SetKind(FirstWildcard(pattern_)); }

namespace {

#if defined(__SSE2__)
// Lowercases the ASCII letters of `v`.
__m128i Lower(__m128i v) {
  __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
  return _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
}

// Bit i is set when byte i of `v` is one Glob::Encode looks at: `*`, `?`, `:`, `$` or a
// wildcard byte.
unsigned SpecialBytes(__m128i v) {
  __m128i hit =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('*')), _mm_cmpeq_epi8(v, _mm_set1_epi8('?')));
  hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
  hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8('$')));
  hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(kGlobStar)));
  hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(kGlobQuestion)));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
}
#endif

}  // namespace

// The text is copied (and lowercased sixteen bytes at a time), then the few bytes that matter
// are found, sixteen bytes at a time, and handled in order. Most patterns are ARNs of 30 to 80
// bytes with a handful of colons and wildcards.
Glob Glob::Encode(absl::string_view text, bool lowercase, ArnSplit* split, bool* has_variable) {
  Glob g;
  const size_t n = text.size();
  g.pattern_.assign(text.data(), n);
  char* out = g.pattern_.data();
  size_t first = std::string::npos;
  int colons = 0;
  uint32_t starts[6] = {0};
  bool variable = false;
  auto visit = [&](size_t i) {
    switch (text[i]) {
      case '*':
        out[i] = kGlobStar;
        break;
      case '?':
        out[i] = kGlobQuestion;
        break;
      case ':':
        if (colons < 5) starts[++colons] = static_cast<uint32_t>(i + 1);
        return;
      case '$':
        variable = variable || (i + 1 < n && text[i + 1] == '{');
        return;
      default:
        break;  // a wildcard byte in the text itself: a wildcard, as FirstWildcard says
    }
    if (first == std::string::npos) first = i;
  };
#if defined(__SSE2__)
  const char* in = text.data();
  if (n >= 16) {
    // The last block overlaps the one before when n is not a multiple of 16 (lowercasing twice
    // changes nothing).
    if (lowercase) {
      for (size_t i = 0;; i = std::min(i + 16, n - 16)) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), Lower(v));
        if (i == n - 16) break;
      }
    }
    for (size_t i = 0, done = 0;; i = std::min(i + 16, n - 16)) {
      unsigned bits = SpecialBytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i)));
      bits &= ~0u << (done - i);  // positions before `done` were handled by the block before
      for (; bits != 0; bits &= bits - 1) visit(i + __builtin_ctz(bits));
      done = i + 16;
      if (i == n - 16) break;
    }
  } else if (n > 0) {
    alignas(16) char block[16] = {0};
    std::memcpy(block, in, n);
    __m128i v = _mm_load_si128(reinterpret_cast<const __m128i*>(block));
    if (lowercase) {
      _mm_store_si128(reinterpret_cast<__m128i*>(block), Lower(v));
      std::memcpy(out, block, n);
    }
    unsigned bits = SpecialBytes(v) & ((1u << n) - 1);
    for (; bits != 0; bits &= bits - 1) visit(__builtin_ctz(bits));
  }
#else
  for (size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (lowercase) out[i] = absl::ascii_tolower(c);
    if (c == '*' || c == '?' || c == ':' || c == '$' || c == kGlobStar || c == kGlobQuestion) {
      visit(i);
    }
  }
#endif
  g.SetKind(first);
  if (split != nullptr) {
    split->count = colons + 1;
    for (int i = 0; i <= colons; ++i) split->start[i] = starts[i];
    split->start[split->count] = static_cast<uint32_t>(n + 1);
  }
  if (has_variable != nullptr) *has_variable = variable;
  return g;
}

void Glob::SetKind(size_t first) {
  if (first == 0 && IsAllStars(pattern_)) {
    kind_ = Kind::kAll;
  } else if (first == std::string::npos) {
    kind_ = Kind::kLiteral;
  } else if (first == pattern_.size() - 1 && pattern_.back() == kGlobStar) {
    kind_ = Kind::kPrefix;
  } else {
    kind_ = Kind::kGeneral;
  }
}

bool Glob::Matches(absl::string_view text) const {
  switch (kind_) {
    case Kind::kAll: return true;
    case Kind::kLiteral: return text == pattern_;
    case Kind::kPrefix:  // the pattern without its final `*`
      return absl::StartsWith(text, absl::string_view(pattern_).substr(0, pattern_.size() - 1));
    case Kind::kGeneral: return GlobMatch(pattern_, text);
  }
  return false;
}

ArnSplit SplitArnSegments(absl::string_view text) {
  ArnSplit s;
  s.start[0] = 0;
  s.count = 1;
  for (size_t i = 0; i < text.size() && s.count < 6; ++i) {
    if (text[i] == ':') s.start[s.count++] = static_cast<uint32_t>(i + 1);
  }
  s.start[s.count] = static_cast<uint32_t>(text.size() + 1);
  return s;
}

namespace {

bool EndsWithStar(absl::string_view segment) {
  return !segment.empty() && segment.back() == kGlobStar;
}

bool MatchFrom(absl::string_view p, const ArnSplit& ps, int pi, absl::string_view t,
               const ArnSplit& ts, int ti) {
  if (pi == ps.count) return ti == ts.count;
  if (ti == ts.count) return false;
  absl::string_view seg = ps.Segment(p, pi);
  if (pi == ps.count - 1) {  // the last pattern segment must cover the rest of the text
    if (ti == ts.count - 1 || EndsWithStar(seg)) return GlobMatch(seg, ts.Span(t, ti, ts.count - 1));
    return false;
  }
  if (!EndsWithStar(seg)) {
    return GlobMatch(seg, ts.Segment(t, ti)) && MatchFrom(p, ps, pi + 1, t, ts, ti + 1);
  }
  for (int j = ti; j < ts.count; ++j) {  // spill over the next segments
    if (GlobMatch(seg, ts.Span(t, ti, j)) && MatchFrom(p, ps, pi + 1, t, ts, j + 1)) return true;
  }
  return false;
}

}  // namespace

bool MatchResourcePattern(absl::string_view pattern, const ArnSplit& pattern_split,
                          absl::string_view text, const ArnSplit& text_split) {
  return MatchFrom(pattern, pattern_split, 0, text, text_split, 0);
}

bool MatchArnComponents(absl::string_view pattern, const ArnSplit& pattern_split,
                        absl::string_view text, const ArnSplit& text_split) {
  if (pattern_split.count != text_split.count) return false;
  for (int i = 0; i < pattern_split.count; ++i) {
    if (!GlobMatch(pattern_split.Segment(pattern, i), text_split.Segment(text, i))) return false;
  }
  return true;
}

namespace {

// An encoded glob run as an automaton: the set of its positions the text read so far reaches.
class GlobRun {
 public:
  explicit GlobRun(absl::string_view pattern)
      : pattern_(pattern), at_(pattern.size() + 1, false), next_(pattern.size() + 1) {
    at_[0] = true;
    Close(at_);
  }
  void Step(char c) {
    std::fill(next_.begin(), next_.end(), false);
    for (size_t i = 0; i < pattern_.size(); ++i) {
      if (!at_[i]) continue;
      if (pattern_[i] == kGlobStar) next_[i] = true;
      if (pattern_[i] == kGlobQuestion || pattern_[i] == c) next_[i + 1] = true;
    }
    Close(next_);
    at_.swap(next_);
  }
  // Some continuation of the text read can still match.
  bool Alive() const { return std::find(at_.begin(), at_.end(), true) != at_.end(); }
  // The text read matches.
  bool Matches() const { return at_.back(); }
  // The positions reached, as text (for telling runs apart).
  void AppendState(std::string& out) const {
    for (bool b : at_) out.push_back(b ? '1' : '0');
    out.push_back('|');
  }

 private:
  void Close(std::vector<bool>& v) const {  // a `*` may match nothing
    for (size_t i = 0; i < pattern_.size(); ++i) {
      if (v[i] && pattern_[i] == kGlobStar) v[i + 1] = true;
    }
  }
  absl::string_view pattern_;
  std::vector<bool> at_, next_;
};

}  // namespace

bool GlobMeetsPrefix(absl::string_view pattern, absl::string_view prefix) {
  GlobRun run(pattern);
  for (char c : prefix) run.Step(c);
  return run.Alive();
}

std::optional<std::vector<std::string>> DistinctMatches(const std::vector<std::string>& patterns,
                                                        absl::string_view prefix,
                                                        const std::string& first,
                                                        size_t max_states) {
  std::string alphabet;
  for (const std::string& p : patterns) {
    for (char c : p) {
      if (c != kGlobStar && c != kGlobQuestion && alphabet.find(c) == std::string::npos) {
        alphabet.push_back(c);
      }
    }
  }
  // One character no pattern names, which stands for all of them.
  bool other = false;
  for (int c = 'x'; !other && c != 'x' - 1; c = c == 255 ? 1 : c + 1) {
    if (c == kGlobStar || c == kGlobQuestion ||
        alphabet.find(static_cast<char>(c)) != std::string::npos) {
      continue;
    }
    alphabet.push_back(static_cast<char>(c));
    other = true;
  }
  if (!other) return std::nullopt;
  auto signature = [&](const std::vector<GlobRun>& runs) {
    std::string out;
    for (const GlobRun& r : runs) out.push_back(r.Matches() ? '1' : '0');
    return out;
  };
  std::vector<GlobRun> start;
  for (const std::string& p : patterns) {
    GlobRun& run = start.emplace_back(p);
    for (char c : prefix) run.Step(c);
  }
  std::vector<GlobRun> probe = start;
  for (char c : absl::string_view(first).substr(prefix.size())) {
    for (GlobRun& r : probe) r.Step(c);
  }
  std::vector<std::string> out = {first};
  absl::flat_hash_set<std::string> seen_signatures = {signature(probe)};
  auto state_of = [](const std::vector<GlobRun>& runs) {
    std::string key;
    for (const GlobRun& r : runs) r.AppendState(key);
    return key;
  };
  struct Node {
    std::vector<GlobRun> runs;
    std::string suffix;
  };
  // The start (the prefix itself, no text past it) is not one of the states seen: a text past the
  // prefix that comes back to it is seen, and its signature counted, when it is met.
  std::deque<Node> queue;
  absl::flat_hash_set<std::string> seen_states;
  queue.push_back(Node{std::move(start), ""});
  while (!queue.empty()) {
    Node node = std::move(queue.front());
    queue.pop_front();
    for (char c : alphabet) {
      Node next{node.runs, node.suffix + c};
      for (GlobRun& r : next.runs) r.Step(c);
      if (!seen_states.insert(state_of(next.runs)).second) continue;
      if (seen_states.size() > max_states) return std::nullopt;
      if (seen_signatures.insert(signature(next.runs)).second) {
        out.push_back(absl::StrCat(prefix, next.suffix));
      }
      queue.push_back(std::move(next));
    }
  }
  return out;
}

}  // namespace vouch::iam
