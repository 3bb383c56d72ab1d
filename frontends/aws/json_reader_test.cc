// Tests for json_reader.h: typed getters with located errors, and the bounds every input meets.
#include "frontends/aws/json_reader.h"

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

std::unique_ptr<JsonDocument> MustParse(absl::string_view text) {
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromString(text, "t.json");
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? std::move(*doc) : nullptr;
}

// The message of parsing `text` as "t.json", or "ok".
std::string ParseError(absl::string_view text, const JsonLimits& limits = {}) {
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc =
      JsonDocument::FromString(text, "t.json", limits);
  if (doc.ok()) return "ok";
  EXPECT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument) << doc.status();
  return std::string(doc.status().message());
}

TEST(JsonReaderTest, LocatesValuesByJsonPointer) {
  auto doc = MustParse(R"({"Policies": [{"a/b": {"~x": 7}}]})");
  ASSERT_NE(doc, nullptr);
  JsonValue v = *doc->root().Get("Policies");
  std::vector<JsonValue> items = *v.Elements();
  ASSERT_EQ(items.size(), 1u);
  JsonValue inner = *items[0].Get("a/b");
  JsonValue seven = *inner.Get("~x");
  EXPECT_EQ(seven.source(), (SourceRef{"t.json", "/Policies/0/a~1b/~0x"}));
  EXPECT_EQ(*seven.GetInt(), 7);
}

TEST(JsonReaderTest, TypeErrorsNameTheLocationAndBothTypes) {
  auto doc = MustParse(R"({"Effect": 3, "List": [1], "S": "x", "N": null, "B": true})");
  ASSERT_NE(doc, nullptr);
  JsonValue root = doc->root();
  EXPECT_EQ(root.Get("Effect")->GetString().status().message(),
            "t.json: /Effect: expected a string, got number");
  EXPECT_EQ(root.Get("List")->GetBool().status().message(),
            "t.json: /List: expected a boolean, got array");
  EXPECT_EQ(root.Get("S")->Elements().status().message(),
            "t.json: /S: expected an array, got string");
  EXPECT_EQ(root.Get("N")->Members().status().message(),
            "t.json: /N: expected an object, got null");
  EXPECT_EQ(root.Get("B")->GetInt().status().message(),
            "t.json: /B: expected an integer, got boolean");
  EXPECT_EQ(root.Get("Missing").status().message(), "t.json: missing `Missing`");
  EXPECT_EQ(root.Get("S")->Get("k").status().message(),
            "t.json: /S: expected an object, got string");
  EXPECT_FALSE(root.Find("Missing")->has_value());
}

TEST(JsonReaderTest, LenientIntegersAndBooleans) {
  auto doc = MustParse(R"({"a": "100", "b": 22, "c": "-1", "d": "1x", "e": "", "f": 1.5,
                           "g": "TRUE", "h": false, "i": "yes", "j": 9223372036854775808})");
  ASSERT_NE(doc, nullptr);
  JsonValue r = doc->root();
  EXPECT_EQ(*r.Get("a")->GetIntLenient(), 100);
  EXPECT_EQ(*r.Get("b")->GetIntLenient(), 22);
  EXPECT_EQ(*r.Get("c")->GetIntLenient(), -1);
  EXPECT_EQ(r.Get("d")->GetIntLenient().status().message(), "t.json: /d: expected an integer, got `1x`");
  EXPECT_EQ(r.Get("e")->GetIntLenient().status().message(), "t.json: /e: expected an integer, got ``");
  EXPECT_EQ(r.Get("f")->GetIntLenient().status().message(),
            "t.json: /f: expected an integer in range");
  EXPECT_EQ(r.Get("j")->GetInt().status().message(), "t.json: /j: expected an integer in range");
  EXPECT_TRUE(*r.Get("g")->GetBoolLenient());
  EXPECT_FALSE(*r.Get("h")->GetBoolLenient());
  EXPECT_EQ(r.Get("i")->GetBoolLenient().status().message(),
            "t.json: /i: expected a boolean, got `yes`");
}

TEST(JsonReaderTest, QuotedInputWithControlCharactersStaysOnOneLine) {
  auto doc = MustParse(R"({"n": "1\n2", "k\t": "x\u0000"})");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->root().Get("n")->GetIntLenient().status().message(),
            "t.json: /n: expected an integer, got `1\\n2`");
  EXPECT_EQ(doc->root().Get("k\t")->GetBoolLenient().status().message(),
            "t.json: /k\\t: expected a boolean, got `x\\x00`");
}

TEST(JsonReaderTest, ScalarTextIsWhatAwsCompares) {
  auto doc = MustParse(R"([1, 1.5, -0.25, true, "x", 18446744073709551615, null, [1]])");
  ASSERT_NE(doc, nullptr);
  std::vector<JsonValue> e = *doc->root().Elements();
  EXPECT_EQ(*e[0].GetScalarText(), "1");
  EXPECT_EQ(*e[1].GetScalarText(), "1.5");
  EXPECT_EQ(*e[2].GetScalarText(), "-0.25");
  EXPECT_EQ(*e[3].GetScalarText(), "true");
  EXPECT_EQ(*e[4].GetScalarText(), "x");
  EXPECT_EQ(*e[5].GetScalarText(), "18446744073709551615");
  EXPECT_EQ(e[6].GetScalarText().status().message(),
            "t.json: /6: expected a string, number or boolean, got null");
  EXPECT_EQ(e[7].GetScalarText().status().message(),
            "t.json: /7: expected a string, number or boolean, got array");
}

TEST(JsonReaderTest, StringListAcceptsAStringOrAnArrayOfStrings) {
  auto doc = MustParse(R"({"one": "a", "many": ["a", "b"], "bad": ["a", 2], "num": 3})");
  ASSERT_NE(doc, nullptr);
  JsonValue r = doc->root();
  EXPECT_EQ(*r.Get("one")->GetStringList(), std::vector<std::string>{"a"});
  EXPECT_EQ(*r.Get("many")->GetStringList(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.Get("bad")->GetStringList().status().message(),
            "t.json: /bad/1: expected a string, got number");
  EXPECT_EQ(r.Get("num")->GetStringList().status().message(),
            "t.json: /num: expected a string or an array of strings, got number");
}

TEST(JsonReaderTest, MalformedTextGetsOneLowercaseLine) {
  EXPECT_EQ(ParseError(""), "t.json: invalid JSON: no JSON value found");
  EXPECT_EQ(ParseError("   \n"), "t.json: invalid JSON: no JSON value found");
  EXPECT_EQ(ParseError(R"({"a": 1)"),
            "t.json: invalid JSON: malformed structure (a missing or extra comma, colon, brace "
            "or bracket)");
  EXPECT_EQ(ParseError(R"({"a": 1,})"),
            "t.json: invalid JSON: malformed structure (a missing or extra comma, colon, brace "
            "or bracket)");
  EXPECT_EQ(ParseError(R"({"a" 1})"),
            "t.json: invalid JSON: malformed structure (a missing or extra comma, colon, brace "
            "or bracket)");
  EXPECT_EQ(ParseError(R"({"a": "x)"), "t.json: invalid JSON: a string is not closed");
  EXPECT_EQ(ParseError(R"(["\q"])"), "t.json: invalid JSON: malformed string (a bad escape sequence)");
  EXPECT_EQ(ParseError("[\"a\tb\"]"), "t.json: invalid JSON: a control character inside a string");
  EXPECT_EQ(ParseError("[tru]"), "t.json: invalid JSON: a word other than `true`, `false` or `null`");
  EXPECT_EQ(ParseError("[nul]"), "t.json: invalid JSON: a word other than `true`, `false` or `null`");
  EXPECT_EQ(ParseError("[01]"), "t.json: invalid JSON: a malformed or out-of-range number");
  EXPECT_EQ(ParseError("[1e999]"), "t.json: invalid JSON: a malformed or out-of-range number");
  EXPECT_EQ(ParseError("[99999999999999999999]"),
            "t.json: invalid JSON: a malformed or out-of-range number");
  EXPECT_EQ(ParseError("{} {}"),
            "t.json: invalid JSON: malformed structure (a missing or extra comma, colon, brace "
            "or bracket)");
  EXPECT_EQ(ParseError("[\"\xff\"]"), "t.json: invalid JSON: not valid UTF-8");
  EXPECT_EQ(ParseError("[\"\xc3\"]"), "t.json: invalid JSON: not valid UTF-8");
  EXPECT_EQ(ParseError("[\"\xed\xa0\x80\"]"), "t.json: invalid JSON: not valid UTF-8");  // a surrogate
}

TEST(JsonReaderTest, ByteOrderMarks) {
  EXPECT_EQ(ParseError("\xef\xbb\xbf{\"a\": 1}"), "ok");
  EXPECT_EQ(ParseError(std::string("\xff\xfe{\0", 4)),
            "t.json: invalid JSON: the text is UTF-16; save it as UTF-8");
  EXPECT_EQ(ParseError(std::string("\xfe\xff\0{", 4)),
            "t.json: invalid JSON: the text is UTF-16; save it as UTF-8");
}

TEST(JsonReaderTest, DepthLimitCountsArraysAndObjects) {
  JsonLimits limits;
  limits.max_depth = 4;
  EXPECT_EQ(ParseError("[[[[1]]]]", limits), "ok");
  EXPECT_EQ(ParseError(R"({"a": {"b": [{"c": 1}]}})", limits), "ok");
  EXPECT_EQ(ParseError("[[[[[1]]]]]", limits), "t.json: JSON nested deeper than the limit of 4 levels");
  EXPECT_EQ(ParseError("1", limits), "ok");
}

TEST(JsonReaderTest, SizeLimit) {
  JsonLimits limits;
  limits.max_bytes = 8;
  EXPECT_EQ(ParseError("[1,2,3]", limits), "ok");
  EXPECT_EQ(ParseError("[1,2,3,4]", limits), "t.json: input is 9 bytes, over the limit of 8");
}

TEST(JsonReaderTest, FileErrors) {
  EXPECT_EQ(JsonDocument::FromFile("/nonexistent/vouch.json").status().message(),
            "/nonexistent/vouch.json: cannot read file");
  EXPECT_EQ(JsonDocument::FromFile("/").status().message(), "/: cannot read file");
}

// The elements of top-level arrays, found without a parser in text a parser accepted: strings
// holding brackets, quotes and escapes, nesting, the first of repeated members.
TEST(JsonReaderTest, TopLevelArrayElements) {
  std::string text = R"( {"A" : [1, {"x": "]}"} ,"s\\\"]", [[]], null],
    "B": 5, "A": [9], "C": [ ], "E": {"A": [2]}} )";
  ASSERT_EQ(ParseError(text), "ok");
  auto found = TopLevelArrayElements(text, {"A", "B", "C", "D"});
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 4u);
  EXPECT_EQ((*found)[0], (std::vector<absl::string_view>{
                             "1", R"({"x": "]}"})", R"("s\\\"]")", "[[]]", "null"}));
  EXPECT_TRUE((*found)[1].empty());
  EXPECT_TRUE((*found)[2].empty());
  EXPECT_TRUE((*found)[3].empty());
  // Not an object at the top, or a member name only a parser compares right.
  EXPECT_FALSE(TopLevelArrayElements("[1]", {"A"}).has_value());
  EXPECT_FALSE(TopLevelArrayElements(R"({"\u0041": [1]})", {"A"}).has_value());
  EXPECT_TRUE(TopLevelArrayElements("{}", {"A"}).has_value());
}

// The outline finds each value's bytes from simdjson's structurals: strings with escaped quotes
// and brackets, spaces around values (not part of them), and a depth limit below which
// containers are whole.
TEST(JsonReaderTest, JsonOutlineFindsEachValuesText) {
  simdjson::padded_string text(std::string(
      R"( {"a" : [1, {"x": "]}\"{"} ,"s\\\"]", [[ ]], -2.5e3 ] , "b":true,"c" : {"d": [null]} } )"));
  simdjson::dom::parser parser;
  ASSERT_EQ(parser.parse(text).error(), simdjson::SUCCESS);
  JsonOutline outline;
  absl::string_view view(text.data(), text.size());
  const JsonOutline::Node& top = outline.Outline(parser, view, 2);
  EXPECT_EQ(top.text, absl::StripAsciiWhitespace(view));
  ASSERT_EQ(top.count, 3u);
  const JsonOutline::Node& a = outline.child(top, 0);
  EXPECT_EQ(a.text, R"([1, {"x": "]}\"{"} ,"s\\\"]", [[ ]], -2.5e3 ])");
  ASSERT_EQ(a.count, 5u);
  std::vector<absl::string_view> elements;
  for (size_t i = 0; i < a.count; ++i) elements.push_back(outline.child(a, i).text);
  EXPECT_EQ(elements, (std::vector<absl::string_view>{"1", R"({"x": "]}\"{"})",
                                                       R"("s\\\"]")", "[[ ]]", "-2.5e3"}));
  // Two levels down: the object in `a` is whole, with no children.
  EXPECT_EQ(outline.child(a, 1).count, 0u);
  EXPECT_EQ(outline.child(top, 1).text, "true");
  const JsonOutline::Node& c = outline.child(top, 2);
  EXPECT_EQ(c.text, R"({"d": [null]})");
  ASSERT_EQ(c.count, 1u);
  EXPECT_EQ(outline.child(c, 0).text, "[null]");
  EXPECT_EQ(outline.child(c, 0).count, 0u);
  // Arrays only: `c`, an object below the top, is whole; `a` and its elements are as before.
  const JsonOutline::Node& top2 = outline.Outline(parser, view, 2, /*arrays_only=*/true);
  ASSERT_EQ(top2.count, 3u);
  EXPECT_EQ(outline.child(top2, 0).count, 5u);
  EXPECT_EQ(outline.child(outline.child(top2, 0), 1).text, R"({"x": "]}\"{"})");
  EXPECT_EQ(outline.child(top2, 2).text, R"({"d": [null]})");
  EXPECT_EQ(outline.child(top2, 2).count, 0u);
  // Depth 0: the top alone.
  EXPECT_EQ(outline.Outline(parser, view, 0).count, 0u);
  // A scalar at the top.
  simdjson::padded_string scalar(std::string(" \"x\" "));
  ASSERT_EQ(parser.parse(scalar).error(), simdjson::SUCCESS);
  EXPECT_EQ(outline.Outline(parser, absl::string_view(scalar.data(), scalar.size()), 3).text,
            "\"x\"");
}

TEST(JsonReaderTest, JsonTextReadsFilesAsFromFileDoes) {
  std::string path = ::testing::TempDir() + "/vouch_json_text.json";
  std::ofstream(path) << "\xef\xbb\xbf{\"a\": [1, 2]}";
  absl::StatusOr<JsonText> text = JsonText::FromFile(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->text(), "{\"a\": [1, 2]}");
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromText(*text, path);
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_TRUE((*doc)->root().IsObject());
  text->Release(text->text());  // less than a page: nothing to give back, and no harm
  EXPECT_EQ(JsonText::FromFile("/nonexistent/vouch.json").status().message(),
            "/nonexistent/vouch.json: cannot read file");
  JsonLimits limits;
  limits.max_bytes = 4;
  EXPECT_TRUE(absl::StrContains(JsonText::FromFile(path, limits).status().message(),
                                "over the limit of 4"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace vouch::aws
