// Tests for json_position.h: positions derived by hand from texts written here, and AWS's own
// documented example.
#include "frontends/aws/json_position.h"

#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

AwsStatementPosition At(absl::string_view text, absl::string_view pointer) {
  absl::StatusOr<JsonTextSpan> span = LocateJsonValue(text, pointer);
  EXPECT_TRUE(span.ok()) << span.status();
  if (!span.ok()) return {};
  return AwsPositionOf(*span);
}

std::string ErrorOf(absl::string_view text, absl::string_view pointer) {
  absl::StatusOr<JsonTextSpan> span = LocateJsonValue(text, pointer);
  return span.ok() ? "ok" : std::string(span.status().message());
}

// aws iam simulate-custom-policy's documented example: this policy, passed as one line, gives
// "StartPosition": {"Line": 1, "Column": 38}, "EndPosition": {"Line": 1, "Column": 167}.
TEST(JsonPositionTest, AwsDocumentedExample) {
  constexpr absl::string_view kPolicy =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}})";
  EXPECT_EQ(At(kPolicy, "/Statement"), (AwsStatementPosition{{1, 38}, {1, 167}}));
}

// Line 4 is `    {"Sid": "A", ..., "Resource": "*"},`: `{` in column 5, `}` in column 70.
// Statement B opens in column 5 of line 5 and closes in column 5 of line 10.
constexpr absl::string_view kTwoStatements = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {
      "Sid": "B",
      "Effect": "Deny",
      "Action": "s3:DeleteObject",
      "Resource": "*"
    }
  ]
}
)";

TEST(JsonPositionTest, StatementsOfAPrettyPrintedFile) {
  EXPECT_EQ(At(kTwoStatements, "/Statement/0"), (AwsStatementPosition{{4, 6}, {4, 71}}));
  EXPECT_EQ(At(kTwoStatements, "/Statement/1"), (AwsStatementPosition{{5, 6}, {10, 6}}));
}

TEST(JsonPositionTest, SpanOfScalarsAndWholeDocument) {
  absl::StatusOr<JsonTextSpan> sid = LocateJsonValue(kTwoStatements, "/Statement/1/Sid");
  ASSERT_TRUE(sid.ok()) << sid.status();
  EXPECT_EQ(sid->text.substr(sid->begin, sid->end - sid->begin), "\"B\"");
  absl::StatusOr<JsonTextSpan> version = LocateJsonValue(R"({"n": -1.5e3 , "v": true})", "/n");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->text.substr(version->begin, version->end - version->begin), "-1.5e3");
  absl::StatusOr<JsonTextSpan> all = LocateJsonValue("  {\"a\": [1, {}]}  ", "");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->begin, 2u);
  EXPECT_EQ(all->end, 16u);
}

// A document held in a JSON string (as get-account-authorization-details may hold it): the
// positions count in the decoded document, whose line 2 is ` "Statement": [{"Effect": "Deny"}]}`.
TEST(JsonPositionTest, DocumentInsideAJsonString) {
  constexpr absl::string_view kGaad =
      R"({"Policies": [{"PolicyName": "p", "Document": "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Deny\"}]}"}]})";
  // Decoded line 2: ` "Statement": [{"Effect": "Deny"}]}`: `{` in column 16, `}` in 33.
  EXPECT_EQ(At(kGaad, "/Policies/0/Document/Statement/0"),
            (AwsStatementPosition{{2, 17}, {2, 34}}));
}

// URL-encoded text, as the raw IAM API returns documents: %7B is `{`, %22 `"`, %0A a newline.
TEST(JsonPositionTest, UrlEncodedDocuments) {
  // Decoded: {"Statement":\n[{"Effect":"Allow"}]}
  constexpr absl::string_view kEncoded =
      "%7B%22Statement%22%3A%0A%5B%7B%22Effect%22%3A%22Allow%22%7D%5D%7D";
  EXPECT_EQ(At(kEncoded, "/Statement/0"), (AwsStatementPosition{{2, 3}, {2, 20}}));
  // The same, held in a string of a larger file.
  std::string file = std::string(R"({"Document": ")") + std::string(kEncoded) + "\"}";
  EXPECT_EQ(At(file, "/Document/Statement/0"), (AwsStatementPosition{{2, 3}, {2, 20}}));
}

TEST(JsonPositionTest, KeysWithEscapesAndPointerEscapes) {
  // The member named `a/b~` is spelled with a JSON escape and found by the pointer `a~1b~0`.
  constexpr absl::string_view kText = R"({"x": "}", "a\/b~": {"q": 1}, "z": [[], {}]})";
  absl::StatusOr<JsonTextSpan> s = LocateJsonValue(kText, "/a~1b~0");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->text.substr(s->begin, s->end - s->begin), R"({"q": 1})");
  absl::StatusOr<JsonTextSpan> z = LocateJsonValue(kText, "/z/1");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(z->text.substr(z->begin, z->end - z->begin), "{}");
}

TEST(JsonPositionTest, TheLastOfTwoEqualKeysCounts) {
  constexpr absl::string_view kText = "{\"Statement\": {\"a\": 1},\n\"Statement\": {\"b\": 2}}";
  EXPECT_EQ(At(kText, "/Statement"), (AwsStatementPosition{{2, 15}, {2, 22}}));
}

TEST(JsonPositionTest, ColumnsCountJavaCharacters) {
  // `é` is two bytes of UTF-8 but one character; U+1F600 is four bytes, two UTF-16 units.
  EXPECT_EQ(PositionAt("\"\xC3\xA9\" {", 5), (TextPosition{1, 5}));
  EXPECT_EQ(PositionAt("\"\xF0\x9F\x98\x80\" {", 7), (TextPosition{1, 6}));
  // \r\n ends one line, a lone \r too.
  EXPECT_EQ(PositionAt("a\r\nb\rc{", 6), (TextPosition{3, 2}));
  EXPECT_EQ(PositionAt("", 0), (TextPosition{1, 1}));
}

TEST(JsonPositionTest, Errors) {
  EXPECT_EQ(ErrorOf(kTwoStatements, "/Statement/2"), "`/Statement/2` is not in the document");
  EXPECT_EQ(ErrorOf(kTwoStatements, "/Statement/x"), "`/Statement/x` is not in the document");
  EXPECT_EQ(ErrorOf(kTwoStatements, "/Version/0"), "`/Version/0` is not in the document");
  EXPECT_EQ(ErrorOf(kTwoStatements, "/Nope"), "`/Nope` is not in the document");
  EXPECT_EQ(ErrorOf(kTwoStatements, "Statement"), "`Statement` is not a JSON pointer");
  EXPECT_EQ(ErrorOf(R"({"a": [1, 2)", "/a/1"), "malformed JSON at offset 6");
  EXPECT_EQ(ErrorOf(R"({"a": "open)", "/b"), "malformed JSON at offset 6");
  EXPECT_EQ(ErrorOf("%7", "/a"), "invalid URL encoding `%7` at offset 0");
}

}  // namespace
}  // namespace vouch::aws
