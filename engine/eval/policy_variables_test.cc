// Policy variables, against the rules of AWS's "IAM policy elements: Variables and tags".
#include "engine/eval/policy_variables.h"

#include "engine/eval/iam_test_util.h"
#include "engine/eval/wildcard.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::StringKey;

Request WithKeys(std::vector<ContextValue> values) {
  Request r;
  for (ContextValue& v : values) r.Set(std::move(v));
  return r;
}

// Resolves a non-glob template; "<no value>" when a variable has none.
std::string Resolve(absl::string_view text, const Request& r, bool variables = true) {
  std::string out;
  if (!Template::Parse(text, variables, false).Resolve(r, &out)) return "<no value>";
  return out;
}

// `${key}` with a case-insensitive key.
TEST(Template, SubstitutesCaseInsensitiveKeys) {
  Request r = WithKeys({StringKey("aws:username", {"alice"})});
  EXPECT_EQ(Resolve("home/${aws:username}/*", r), "home/alice/*");
  EXPECT_EQ(Resolve("home/${AWS:UserName}", r), "home/alice");
  EXPECT_EQ(Resolve("${aws:username}${aws:username}", r), "alicealice");
}

// `${*}`, `${?}`, `${$}` are literal characters.
TEST(Template, SpecialCharacters) {
  Request r;
  EXPECT_EQ(Resolve("a${*}b${?}c${$}d", r), "a*b?c$d");
  // In a glob, `${*}` stays a literal star while a bare `*` is a wildcard.
  Template t = Template::Parse("a${*}*", true, true);
  EXPECT_EQ(t.literal(), std::string("a*") + kGlobStar);
}

// Defaults: whitespace ignored, `''` is a quote, the default is case-sensitive and used only
// when the key is absent.
TEST(Template, Defaults) {
  Request none;
  Request alice = WithKeys({StringKey("aws:username", {"alice"})});
  EXPECT_EQ(Resolve("${aws:username, 'Nobody'}", none), "Nobody");
  EXPECT_EQ(Resolve("${ aws:username ,  'Nobody'  }", none), "Nobody");
  EXPECT_EQ(Resolve("${aws:username, 'O''Brien'}", none), "O'Brien");
  EXPECT_EQ(Resolve("${aws:username, ''}", none), "");
  EXPECT_EQ(Resolve("${aws:username, 'Nobody'}", alice), "alice");
}

// Substitution happens once: a value or default containing `${...}` is not expanded again.
TEST(Template, SubstitutesOnce) {
  Request r = WithKeys({StringKey("aws:username", {"${aws:userid}"}), StringKey("aws:userid", {"AIDA"})});
  EXPECT_EQ(Resolve("${aws:username}", r), "${aws:userid}");
  EXPECT_EQ(Resolve("${aws:other, '${aws:userid}'}", r), "${aws:userid}");
}

// A variable with no value (absent, no default) makes the string match nothing; multivalued
// keys cannot be variables.
TEST(Template, NoValue) {
  Request r = WithKeys({StringKey("aws:TagKeys", {"a", "b"})});
  EXPECT_EQ(Resolve("home/${aws:username}", r), "<no value>");
  EXPECT_EQ(Resolve("${aws:TagKeys}", r), "<no value>");
  std::vector<absl::string_view> missing;
  // The missing keys are views into the template, so it must outlive them.
  const Template t = Template::Parse("${aws:UserName}/${x, 'd'}", true, false);
  t.AppendMissingKeys(r, &missing);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], "aws:UserName");
}

// Variables exist only in Version 2012-10-17 policies; otherwise `${...}` is text.
TEST(Template, VersionGating) {
  Request r = WithKeys({StringKey("aws:username", {"alice"})});
  EXPECT_EQ(Resolve("home/${aws:username}", r, /*variables=*/false), "home/${aws:username}");
}

TEST(Template, MalformedVariablesAreText) {
  Request r;
  EXPECT_EQ(Resolve("${unterminated", r), "${unterminated");
  EXPECT_EQ(Resolve("${}", r), "${}");
  EXPECT_EQ(Resolve("${a, 'open}", r), "${a, 'open}");
}

}  // namespace
}  // namespace vouch::iam
