// Wildcard matching, against hand-derived expectations from AWS's Action, Resource and ARN
// condition operator documentation.
#include "engine/eval/wildcard.h"

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

bool Glob(absl::string_view pattern, absl::string_view text) {
  return GlobMatch(EncodeGlob(pattern), text);
}

bool Resource(absl::string_view pattern, absl::string_view text) {
  std::string p = EncodeGlob(pattern);
  return MatchResourcePattern(p, SplitArnSegments(p), text, SplitArnSegments(text));
}

bool ArnCondition(absl::string_view pattern, absl::string_view text) {
  std::string p = EncodeGlob(pattern);
  return MatchArnComponents(p, SplitArnSegments(p), text, SplitArnSegments(text));
}

// "Action": `*` matches zero or more characters and `?` exactly one, anywhere in the name.
TEST(GlobMatch, StarAndQuestion) {
  EXPECT_TRUE(Glob("*", ""));
  EXPECT_TRUE(Glob("*", "anything"));
  EXPECT_TRUE(Glob("*accesskey*", "createaccesskey"));
  EXPECT_TRUE(Glob("*accesskey*", "accesskey"));
  EXPECT_FALSE(Glob("*accesskey*", "createaccesske"));
  EXPECT_TRUE(Glob("delete?roup", "deletegroup"));
  EXPECT_FALSE(Glob("delete?roup", "deleteroup"));
  EXPECT_FALSE(Glob("delete?roup", "deletexxgroup"));
  EXPECT_TRUE(Glob("a*b*c", "aXXbYYbZc"));
  EXPECT_FALSE(Glob("a*b*c", "aXXbYYbZ"));
  EXPECT_TRUE(Glob("get", "get"));
  EXPECT_FALSE(Glob("get", "Get"));  // case folding is the caller's job
  EXPECT_TRUE(Glob("??", "ab"));
  EXPECT_FALSE(Glob("??", "abc"));
}

// Text from a policy variable or `${*}` is literal: a raw `*` byte is not a wildcard.
TEST(GlobMatch, RawStarIsLiteral) {
  EXPECT_TRUE(GlobMatch("a*b", "a*b"));
  EXPECT_FALSE(GlobMatch("a*b", "axxb"));
}

TEST(Glob, FastPathsAgreeWithGeneralMatcher) {
  for (const char* pattern : {"*", "**", "s3:get*", "s3:getobject", "s3:get?bject", "*object"}) {
    iam::Glob g(EncodeGlob(pattern));
    for (const char* text : {"", "s3:getobject", "s3:get", "s3:getobjectacl", "object", "x"}) {
      EXPECT_EQ(g.Matches(text), Glob(pattern, text)) << pattern << " vs " << text;
    }
  }
}

// The fast path is chosen by the first wildcard, found eight bytes at a time: a wildcard at
// every position of long patterns, after a literal NUL or a non-ASCII byte too, picks the path
// the general matcher agrees with.
TEST(Glob, FindsTheFirstWildcardAtAnyPosition) {
  for (size_t at = 0; at < 20; ++at) {
    for (const std::string& literal :
         {std::string(20, 'a'), std::string("a\0b\xc3\xa9", 5) + std::string(15, 'x')}) {
      ASSERT_EQ(literal.size(), 20u);
      for (char wildcard : {'*', '?'}) {
        std::string pattern = literal;
        pattern[at] = wildcard;
        iam::Glob g(EncodeGlob(pattern));
        std::string text = literal;
        text[at] = 'z';
        EXPECT_TRUE(g.Matches(text)) << at;
        EXPECT_EQ(g.Matches(literal.substr(0, at)), Glob(pattern, literal.substr(0, at))) << at;
        EXPECT_FALSE(g.is_simple() && wildcard == '?') << at;
        // A pattern ending in its only `*` is a prefix match: the simple kind.
        EXPECT_EQ(g.is_simple(), wildcard == '*' && at == 19) << at;
      }
      iam::Glob plain(EncodeGlob(literal));
      EXPECT_TRUE(plain.Matches(literal));
      EXPECT_FALSE(plain.Matches(literal + "x"));
    }
  }
}

// Glob::Encode does in one pass what EncodeGlob, Glob and SplitArnSegments do in three (with
// the text lowercased first for actions): the same pattern, kind and segments, and `${` found,
// for every length around the sixteen-byte blocks it reads and every position of each byte it
// looks for, after non-ASCII and NUL bytes too.
TEST(Glob, EncodeAgreesWithEncodingThenSplitting) {
  std::vector<std::string> texts = {"",
                                    "*",
                                    "**",
                                    "?",
                                    ":",
                                    "$",
                                    "${",
                                    "arn:aws:s3:::b/*",
                                    "arn:aws:sqs:eu-west-1:111122223333:o?ders",
                                    "arn:aws:iam::1:user/${aws:username}",
                                    "a:b:c:d:e:f:g:h",
                                    "sqs:S?ndMessage",
                                    "ÉTÉ:Get*Object",
                                    std::string("\x01\x02", 2)};
  const std::string specials = std::string("*?:$AZaz{\x01\x02\x00\xc3", 13);
  for (size_t n = 0; n <= 40; ++n) {
    for (char c : specials) {
      for (size_t at : {size_t{0}, n / 2, n == 0 ? 0 : n - 1}) {
        std::string t(n, 'b');
        if (at < n) t[at] = c;
        if (n > 3) t[n - 3] = ':';
        texts.push_back(t);
      }
    }
  }
  for (const std::string& text : texts) {
    for (bool lowercase : {false, true}) {
      std::string source = lowercase ? absl::AsciiStrToLower(text) : text;
      iam::Glob expected(EncodeGlob(source));
      ArnSplit expected_split = SplitArnSegments(expected.pattern());
      ArnSplit split;
      bool variable = false;
      iam::Glob g = iam::Glob::Encode(text, lowercase, &split, &variable);
      ASSERT_EQ(g.pattern(), expected.pattern()) << text;
      EXPECT_EQ(g.matches_everything(), expected.matches_everything()) << text;
      EXPECT_EQ(g.is_simple(), expected.is_simple()) << text;
      ASSERT_EQ(split.count, expected_split.count) << text;
      for (int i = 0; i <= split.count; ++i) EXPECT_EQ(split.start[i], expected_split.start[i]);
      EXPECT_EQ(variable, absl::StrContains(text, "${")) << text;
      for (absl::string_view probe : {absl::string_view(source), absl::string_view("bbbb"),
                                      absl::string_view(source).substr(0, source.size() / 2)}) {
        EXPECT_EQ(g.Matches(probe), expected.Matches(probe)) << text << " vs " << probe;
      }
    }
  }
}

// "Resource": each segment matched separately, wildcards allowed in any segment, `*` matches `/`.
TEST(MatchResourcePattern, PerSegment) {
  EXPECT_TRUE(Resource("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c"));
  EXPECT_FALSE(Resource("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket2/a"));
  EXPECT_TRUE(Resource("arn:aws:iam::*:user/accounting/*", "arn:aws:iam::111122223333:user/accounting/x/y"));
  EXPECT_TRUE(Resource("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
  EXPECT_FALSE(Resource("arn:aws:ec2:us-*:*:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"));
  EXPECT_TRUE(Resource("arn:aws:ec2:us-?ast-1:*:instance/*", "arn:aws:ec2:us-east-1:1:instance/i-1"));
  // Case-sensitive: IAM user names in ARNs are case-sensitive.
  EXPECT_FALSE(Resource("arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/bob"));
  // Colons inside the resource part are plain characters of the last segment.
  EXPECT_TRUE(Resource("arn:aws:logs:*:*:log-group:/aws/lambda/*",
                       "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:log-stream:x"));
}

// "A `*` that is the last character of a segment may match across `:` boundaries."
TEST(MatchResourcePattern, TrailingStarSpillsOverColons) {
  EXPECT_TRUE(Resource("arn:aws:iam::1111*", "arn:aws:iam::111122223333:group/x"));
  EXPECT_TRUE(Resource("arn:aws:*", "arn:aws:s3:::bucket"));
  EXPECT_TRUE(Resource("*", "arn:aws:s3:::bucket"));
  EXPECT_FALSE(Resource("arn:aws:iam::2222*", "arn:aws:iam::111122223333:group/x"));
  // A segment that does not end in `*` stays in its segment.
  EXPECT_FALSE(Resource("arn:aws:iam::1111", "arn:aws:iam::111122223333:group/x"));
  EXPECT_FALSE(Resource("arn:aws:iam::1*1:group/x", "arn:aws:iam::1:2:1:group/x"));
}

// "You can use wildcard characters (* and ?) within the individual segments of an ARN (the parts
// separated by colons)": a `?` never stands for a `:` between segments, and only a `*` that ends
// a segment crosses colons, so a pattern with a `?` where a `:` was matches nothing of six.
TEST(MatchResourcePattern, QuestionMarkStaysInItsSegment) {
  const char* table = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
  EXPECT_FALSE(Resource("arn:aws:dynamodb:us-east-1:111122223333?table/Orders", table));
  EXPECT_FALSE(Resource("arn:aws:dynamodb:us-east-1?111122223333:table/Orders", table));
  EXPECT_TRUE(Resource("arn:aws:dynamodb:us-east-1:11112222333?:table/Orders", table));
  EXPECT_TRUE(Resource("arn:aws:dynamodb:us-east-1:111122223333:table?Orders", table));
  EXPECT_FALSE(Resource("arn:aws:sqs:us-east-1:111122223333", table));
  // The service segment: the documentation is silent; wildcards match there like elsewhere.
  EXPECT_TRUE(Resource("arn:aws:dynamo?b:us-east-1:111122223333:table/Orders", table));
  EXPECT_TRUE(Resource("arn:aws:dy*", table));
  EXPECT_FALSE(Resource("arn:aws:s?s:us-east-1:111122223333:table/Orders", table));
}

// Wildcard-only actions: the request resource is `*`; only a pattern matching everything fits.
TEST(MatchResourcePattern, RequestStar) {
  EXPECT_TRUE(Resource("*", "*"));
  EXPECT_FALSE(Resource("arn:aws:s3:::*", "*"));
  EXPECT_FALSE(Resource("arn:aws:s3:::bucket", "*"));
}

// ArnLike/ArnEquals: each of the six colon-delimited components is matched separately.
TEST(MatchArnComponents, PerComponentWithoutSpillOver) {
  EXPECT_TRUE(ArnCondition("arn:aws:iam::*:role/Admin*", "arn:aws:iam::111122223333:role/AdminX"));
  EXPECT_TRUE(ArnCondition("arn:aws:s3:::bucket", "arn:aws:s3:::bucket"));
  EXPECT_FALSE(ArnCondition("arn:aws:iam::1111*", "arn:aws:iam::111122223333:group/x"));
  EXPECT_FALSE(ArnCondition("arn:aws:iam::111122223333:role/*", "arn:aws:sts::111122223333:role/x"));
  EXPECT_FALSE(ArnCondition("*", "arn:aws:s3:::bucket"));
  EXPECT_FALSE(ArnCondition("arn:aws:s3:*", "arn:aws:s3:::bucket"));
  EXPECT_FALSE(ArnCondition("arn:aws:s3:::bucket", "not-an-arn"));
}

TEST(DistinctMatches, FindsOneTextForEachSetOfPatternsThatMatch) {
  std::vector<std::string> eu = {EncodeGlob("logs/eu-*")};
  EXPECT_EQ(DistinctMatches(eu, "logs/", "logs/us-east-1/x", 4096),
            (std::optional<std::vector<std::string>>{{"logs/us-east-1/x", "logs/eu-"}}));
  // A pattern every text matches, or none does, tells nothing apart.
  EXPECT_EQ(DistinctMatches({EncodeGlob("logs/*"), EncodeGlob("other/*")}, "logs/", "logs/a", 4096),
            (std::optional<std::vector<std::string>>{{"logs/a"}}));
  // Only a character no pattern names (here, neither `p` nor `/`) is matched by `?` alone.
  std::vector<std::string> one = {EncodeGlob("p/?"), EncodeGlob("p/p"), EncodeGlob("p//")};
  std::optional<std::vector<std::string>> found = DistinctMatches(one, "p/", "p/pp", 4096);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->size(), 4u);  // none; `?` and `p`; `?` and `/`; `?` alone
  EXPECT_TRUE(std::any_of(found->begin(), found->end(), [&](const std::string& t) {
    return GlobMatch(one[0], t) && !GlobMatch(one[1], t) && !GlobMatch(one[2], t);
  }));
}

TEST(DistinctMatches, AgreesWithEveryShortTextOnRandomPatterns) {
  // Random patterns over `a`, `b` and `/` with `*` and `?`: every set of patterns that some text
  // of up to 6 characters past the prefix is matched by exactly is the set of one text found,
  // and the texts found are matched by sets all different.
  std::mt19937 rng(20261207);
  const std::string letters = "ab/*?";
  const std::string text_letters = "ab/z";  // `z` stands for the characters no pattern names
  auto matched_by = [](const std::vector<std::string>& patterns, absl::string_view text) {
    std::string out;
    for (const std::string& p : patterns) out.push_back(GlobMatch(p, text) ? '1' : '0');
    return out;
  };
  for (int round = 0; round < 500; ++round) {
    std::vector<std::string> patterns;
    const int n = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      std::string raw = "p/";
      for (int len = static_cast<int>(rng() % 5); len > 0; --len) raw.push_back(letters[rng() % 5]);
      patterns.push_back(EncodeGlob(raw));
    }
    const std::string first = "p/zz";
    std::optional<std::vector<std::string>> found = DistinctMatches(patterns, "p/", first, 4096);
    ASSERT_TRUE(found.has_value());
    ASSERT_FALSE(found->empty());
    EXPECT_EQ((*found)[0], first);
    std::set<std::string> sets;
    for (const std::string& text : *found) {
      EXPECT_TRUE(absl::StartsWith(text, "p/") && text.size() > 2) << text;
      EXPECT_TRUE(sets.insert(matched_by(patterns, text)).second) << text;
    }
    std::vector<std::string> texts = {""};
    for (int len = 1; len <= 6; ++len) {
      std::vector<std::string> longer;
      for (const std::string& t : texts) {
        for (char c : text_letters) longer.push_back(t + c);
      }
      for (const std::string& t : longer) {
        std::string set = matched_by(patterns, "p/" + t);
        EXPECT_TRUE(sets.count(set))
            << "p/" << t << " is matched by " << set << ", which no text found is";
      }
      texts = std::move(longer);
    }
  }
}

}  // namespace
}  // namespace vouch::iam
