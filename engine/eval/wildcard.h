// Wildcard matching for IAM: actions, resources, StringLike and the Arn* operators.
//
// Patterns are stored *encoded*: a wildcard `*` is the byte kGlobStar and `?` is kGlobQuestion,
// so that text spliced in from a policy variable (`${aws:username}`) or written as `${*}` stays
// literal. EncodeGlob turns policy text into that form.
//
// Three matchers, one per AWS rule:
//   GlobMatch            `*` is zero or more characters, `?` exactly one (actions, StringLike)
//   MatchResourcePattern Resource/NotResource: per ARN segment, except that a `*` ending a segment
//                        may spill over `:` into the following segments
//   MatchArnComponents   ArnEquals/ArnLike: each of the six components matched on its own
#ifndef VOUCH_ENGINE_EVAL_WILDCARD_H_
#define VOUCH_ENGINE_EVAL_WILDCARD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace vouch::iam {

inline constexpr char kGlobStar = '\x01';
inline constexpr char kGlobQuestion = '\x02';

// Appends `text` to `*out` with `*` and `?` encoded as wildcards.
void EncodeGlob(absl::string_view text, std::string* out);
std::string EncodeGlob(absl::string_view text);

// Whether the encoded `pattern` matches all of `text`. Case-sensitive: fold both sides first
// for a case-insensitive match.
bool GlobMatch(absl::string_view pattern, absl::string_view text);

// An encoded pattern with its fast path chosen once: match-all, literal, literal prefix plus a
// trailing `*`, or the general matcher.
struct ArnSplit;

class Glob {
 public:
  Glob() = default;
  explicit Glob(std::string encoded);

  // Encodes policy text (`*` and `?` are wildcards) into a glob in one pass over it, lowercased
  // when `lowercase` (actions). When `split` is given, also fills it as
  // SplitArnSegments(pattern()) would. Sets `*has_variable` when given, to whether the text
  // contains `${`; the glob is then the text taken literally, which a caller that reads
  // variables discards.
  static Glob Encode(absl::string_view text, bool lowercase, ArnSplit* split = nullptr,
                     bool* has_variable = nullptr);

  bool Matches(absl::string_view text) const;
  bool matches_everything() const { return kind_ == Kind::kAll; }
  // All, literal or prefix: no `*` inside, no `?` (such a pattern needs no segment logic).
  bool is_simple() const { return kind_ != Kind::kGeneral; }
  const std::string& pattern() const { return pattern_; }

 private:
  enum class Kind { kAll, kLiteral, kPrefix, kGeneral };
  // Chooses the kind, given the position of the pattern's first wildcard (or npos).
  void SetKind(size_t first_wildcard);

  Kind kind_ = Kind::kLiteral;
  std::string pattern_;
};

// Where the (up to) six colon-delimited segments of an ARN start. The last segment is the rest
// of the text, colons included. Text with no colon is one segment.
struct ArnSplit {
  std::array<uint32_t, 7> start{};  // start[count] is one past the end plus one
  int count = 0;

  absl::string_view Segment(absl::string_view text, int i) const { return Span(text, i, i); }
  // Segments i..j (inclusive) of `text` with the colons between them.
  absl::string_view Span(absl::string_view text, int i, int j) const {
    return text.substr(start[i], start[j + 1] - 1 - start[i]);
  }
};

ArnSplit SplitArnSegments(absl::string_view text);

// Resource matching (AWS "Resource" element): `pattern` (encoded, split by SplitArnSegments) is
// matched segment by segment against `text`; a segment whose last character is `*` may also
// match across `:`, so `arn:aws:iam::1111*` matches `arn:aws:iam::111122223333:group/x`.
bool MatchResourcePattern(absl::string_view pattern, const ArnSplit& pattern_split,
                          absl::string_view text, const ArnSplit& text_split);

// ArnEquals/ArnLike: both must have the same number of segments, each matched on its own with
// no spill-over (so neither `*` nor `arn:aws:sns:*` matches a six-part ARN).
bool MatchArnComponents(absl::string_view pattern, const ArnSplit& pattern_split,
                        absl::string_view text, const ArnSplit& text_split);

// True if the encoded pattern is non-empty and only `*`s.
bool IsAllStars(absl::string_view pattern);

// Whether the encoded `pattern` matches some text that begins with `prefix`.
bool GlobMeetsPrefix(absl::string_view pattern, absl::string_view prefix);

// The texts that begin with `prefix` and go on past it that the encoded `patterns` tell apart:
// one for each set of the patterns that some such text is matched by exactly, `first` (such a
// text) standing for its own set, then the shortest text of each other set. Found by running
// every pattern's automaton at once, breadth first, over the characters the patterns name and
// one they do not, which stands for every other. nullopt past `max_states` distinct runs.
//   DistinctMatches({EncodeGlob("logs/eu-*")}, "logs/", "logs/us-east-1/x", 4096)
//   == {"logs/us-east-1/x", "logs/eu-"}
std::optional<std::vector<std::string>> DistinctMatches(const std::vector<std::string>& patterns,
                                                        absl::string_view prefix,
                                                        const std::string& first,
                                                        size_t max_states);

}  // namespace vouch::iam

#endif  // VOUCH_ENGINE_EVAL_WILDCARD_H_
