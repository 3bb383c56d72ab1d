// Tests for simulation_cases.h: the batch format's fields, document sharing across cases, and the
// exact text of per-line errors.
#include "frontends/aws/simulation_cases.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

constexpr char kAllow[] =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})";

// Reads every case of `text`, returning the cases and the error text per case ("" when ok).
std::vector<std::pair<SimulationCase, std::string>> ReadAll(const std::string& text,
                                                            CaseReader** reader_out = nullptr) {
  static std::unique_ptr<CaseReader> reader;
  reader = CaseReader::FromString(text, "cases.jsonl");
  if (reader_out) *reader_out = reader.get();
  std::vector<std::pair<SimulationCase, std::string>> out;
  SimulationCase c;
  absl::Status error;
  while (reader->Next(c, error)) out.emplace_back(c, std::string(error.message()));
  return out;
}

std::string ErrorOf(const std::string& line) {
  auto all = ReadAll(line);
  return all.size() == 1 ? all[0].second : "expected one case";
}

TEST(SimulationCasesTest, ReadsEveryField) {
  std::string line = std::string(R"({"id":"c1","identityPolicies":[)") + kAllow + "," + kAllow +
                     R"(],"resourcePolicy":{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}},)"
                     R"("permissionBoundaries":[)" + kAllow + R"(],"sessionPolicy":)" + kAllow +
                     R"(,"scps":[[)" + kAllow + R"(],[]],"rcps":[[)" + kAllow + R"(]],)"
                     R"("request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject",)"
                     R"("resource":"arn:aws:s3:::b/k","context":{"aws:SourceIp":"10.0.0.1","aws:TagKeys":["a",2,true]}}})";
  CaseReader* reader = nullptr;
  auto all = ReadAll(line, &reader);
  ASSERT_EQ(all.size(), 1u);
  const auto& [c, error] = all[0];
  ASSERT_EQ(error, "");
  EXPECT_EQ(c.line, 1);
  EXPECT_EQ(c.id_json, "\"c1\"");
  ASSERT_EQ(c.identity.size(), 2u);
  // The same document is read once and shared.
  EXPECT_EQ(c.identity[0].policy.get(), c.identity[1].policy.get());
  EXPECT_EQ(c.identity[1].Label(), "identityPolicies/1");
  EXPECT_EQ(reader->distinct_policies(), 2u);
  ASSERT_EQ(c.resource.size(), 1u);
  EXPECT_EQ(c.resource[0].type, iam::PolicyType::kResource);
  EXPECT_TRUE(c.resource[0].policy->statements[0].principal->wildcard);
  EXPECT_EQ(c.permission_boundaries[0].type, iam::PolicyType::kPermissionBoundary);
  EXPECT_EQ(c.session[0].Label(), "sessionPolicy");
  ASSERT_EQ(c.scp_levels.size(), 2u);
  EXPECT_EQ(c.scp_levels[0][0].Label(), "scps/0/0");
  EXPECT_TRUE(c.scp_levels[1].empty());
  EXPECT_EQ(c.rcp_levels[0][0].type, iam::PolicyType::kRcp);
  EXPECT_EQ(c.LabelOf(c.resource[0].policy->name), "resourcePolicy");
  EXPECT_EQ(c.request.principal, "arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ(c.request.action, "s3:GetObject");
  EXPECT_EQ(c.request.resource, "arn:aws:s3:::b/k");
  EXPECT_EQ(c.request.resource_account, "");  // an S3 ARN names no account
  const iam::ContextValue* ip = c.request.Find("AWS:SOURCEIP");
  ASSERT_NE(ip, nullptr);
  EXPECT_FALSE(ip->multivalued);
  EXPECT_EQ(ip->values, std::vector<std::string>{"10.0.0.1"});
  const iam::ContextValue* tags = c.request.Find("aws:tagkeys");
  ASSERT_NE(tags, nullptr);
  EXPECT_TRUE(tags->multivalued);
  EXPECT_EQ(tags->values, (std::vector<std::string>{"a", "2", "true"}));
}

TEST(SimulationCasesTest, LinesIdsAndResourceAccounts) {
  auto all = ReadAll(
      "\n"
      R"({"id":7,"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"iam:GetUser","resource":"arn:aws:iam::444455556666:user/b"}})"
      "\n  \n"
      R"({"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"iam:GetUser","resourceAccount":"999988887777"}})"
      "\n");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].first.line, 2);
  EXPECT_EQ(all[0].first.id_json, "7");
  EXPECT_EQ(all[0].first.request.resource_account, "444455556666");
  EXPECT_EQ(all[1].first.line, 4);
  EXPECT_EQ(all[1].first.id_json, "null");
  EXPECT_EQ(all[1].first.request.resource, "*");
  EXPECT_EQ(all[1].first.request.resource_account, "999988887777");
  EXPECT_EQ(all[1].second, "");
}

// An id is given back as minified JSON: escapes resolved or kept as JSON needs them (quotes,
// backslashes and control characters only), spaces dropped.
TEST(SimulationCasesTest, IdsAreMinifiedJson) {
  const std::string request =
      R"("request":{"principal":"arn:aws:iam::111122223333:user/a","action":"iam:GetUser"})";
  const std::vector<std::pair<std::string, std::string>> ids = {
      {R"("plain")", R"("plain")"},
      {R"("with \"quote\"")", R"("with \"quote\"")"},
      {R"("\u00e9t\u00e9")", "\"\xc3\xa9t\xc3\xa9\""},
      {R"("tab\there")", R"("tab\there")"},
      {R"("a\/b")", R"("a/b")"},
      {R"("\u007f")", "\"\x7f\""},
      {R"("\u007f\u001f")", "\"\x7f\\u001f\""},
      {R"("")", R"("")"},
      {"17", "17"},
      {R"({"a": 1})", R"({"a":1})"},
      {"[1, 2]", "[1,2]"},
  };
  std::string text;
  for (const auto& [written, minified] : ids)
    text += "{\"id\": " + written + " , " + request + "}\n";
  auto all = ReadAll(text);
  ASSERT_EQ(all.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(all[i].first.id_json, ids[i].second) << ids[i].first;
    EXPECT_EQ(all[i].second, "") << ids[i].first;
  }
}

TEST(SimulationCasesTest, ExactErrors) {
  const std::string req =
      R"("request":{"principal":"arn:aws:iam::111122223333:user/a","action":"iam:GetUser"})";
  EXPECT_EQ(ErrorOf(R"({"id":1,)" + req + R"(,"identityPolicys":[]})"),
            "cases.jsonl:1: /identityPolicys: unknown field `identityPolicys` (expected id, "
            "identityPolicies, resourcePolicy, permissionBoundaries, sessionPolicy, scps, rcps or "
            "request)");
  EXPECT_EQ(ErrorOf(R"({"id":1})"), "cases.jsonl:1: missing `request`");
  EXPECT_EQ(ErrorOf(R"({"request":{"principal":"p"}})"), "cases.jsonl:1: /request: missing `action`");
  EXPECT_EQ(ErrorOf(R"({"request":{"principal":"p","action":"iam:DeleteGrup"}})"),
            "cases.jsonl:1: /request/action: unknown action `iam:DeleteGrup` (did you mean "
            "`iam:DeleteGroup`?)");
  EXPECT_EQ(ErrorOf(R"({"request":{"principal":"p","action":3}})"),
            "cases.jsonl:1: /request/action: expected a string, got number");
  EXPECT_EQ(ErrorOf(R"({"request":{"principal":"p","action":"iam:GetUser","resourse":"*"}})"),
            "cases.jsonl:1: /request/resourse: unknown field `resourse` (expected principal, "
            "action, resource, resourceAccount or context)");
  EXPECT_EQ(ErrorOf(R"({"request":{"principal":"p","action":"iam:GetUser","context":{"k":{}}}})"),
            "cases.jsonl:1: /request/context/k: expected a string, number or boolean, got object");
  EXPECT_EQ(ErrorOf("{" + req + R"(,"identityPolicies":{}})"),
            "cases.jsonl:1: /identityPolicies: expected an array of policy documents, got object");
  EXPECT_EQ(ErrorOf("{" + req + R"(,"scps":[{}]})"),
            "cases.jsonl:1: /scps/0: expected an array of policy documents, got object");
  EXPECT_EQ(ErrorOf("{" + req +
                    R"(,"identityPolicies":[{"Statement":[{"Effect":"Allow","Actoin":"*"}]}]})"),
            "cases.jsonl:1: /identityPolicies/0/Statement/0/Actoin: unknown element `Actoin` "
            "(expected Sid, Effect, Action, NotAction, Resource, NotResource, Principal, "
            "NotPrincipal or Condition)");
  EXPECT_EQ(ErrorOf("[1]"), "cases.jsonl:1: expected a case object, got array");
  // A field given twice: JSON readers differ on which one counts (JSON.parse takes the last).
  EXPECT_EQ(ErrorOf("{" + req + R"(,"identityPolicies":[],"identityPolicies":[]})"),
            "cases.jsonl:1: /identityPolicies: `identityPolicies` is given twice (JSON readers "
            "differ on which one counts)");
  EXPECT_EQ(ErrorOf(R"({"request":{"principal":"p","action":"iam:GetUser","context":{},)"
                    R"("context":{"k":"v"}}})"),
            "cases.jsonl:1: /request/context: `context` is given twice (JSON readers differ on "
            "which one counts)");
  EXPECT_EQ(ErrorOf("{" + req + "," + req + "}"),
            "cases.jsonl:1: /request: `request` is given twice (JSON readers differ on which one "
            "counts)");
  auto broken = ReadAll("{\"request\":\n{}");
  ASSERT_EQ(broken.size(), 2u);
  EXPECT_EQ(broken[0].first.line, 1);
  EXPECT_TRUE(broken[0].second.rfind("cases.jsonl:1: invalid JSON: ", 0) == 0) << broken[0].second;
  EXPECT_EQ(broken[1].second, "cases.jsonl:2: missing `request`");
}

// Batch mode reads ranges of lines on several threads: ranges must give what Next gives, with
// the same line numbers, however the text is cut.
TEST(SimulationCasesTest, RangesReadWhatNextReads) {
  std::string req = R"("request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject"})";
  std::string text = "{" + req + "}\n\n{\"id\":2," + req + "}\n[1]\n{\"identityPolicies\":[" +
                     kAllow + "]," + req + "}";
  std::vector<std::pair<int, std::string>> want;
  for (const auto& [c, error] : ReadAll(text)) want.emplace_back(c.line, error);
  ASSERT_EQ(want.size(), 4u);
  EXPECT_EQ(want[3].first, 5);
  for (size_t bytes : {1, 7, 40, 1000}) {
    std::unique_ptr<CaseReader> reader = CaseReader::FromString(text, "cases.jsonl");
    std::unique_ptr<CaseReader> worker = reader->NewReader();
    std::vector<std::pair<int, std::string>> got;
    absl::StatusOr<std::vector<CaseReader::Range>> ranges = reader->Split(bytes);
    ASSERT_TRUE(ranges.ok()) << ranges.status();
    for (const CaseReader::Range& range : *ranges) {
      ASSERT_TRUE(worker->Seek(range).ok());
      SimulationCase c;
      absl::Status error;
      while (worker->Next(c, error)) got.emplace_back(c.line, std::string(error.message()));
    }
    EXPECT_EQ(got, want) << "ranges of " << bytes << " bytes";
  }
}

// Lines and errors, as `reader` reads them straight through.
std::vector<std::pair<int, std::string>> LinesOf(CaseReader& reader) {
  std::vector<std::pair<int, std::string>> out;
  SimulationCase c;
  absl::Status error;
  while (reader.Next(c, error)) {
    out.emplace_back(c.line, error.ok() ? c.id_json : std::string(error.message()));
  }
  return out;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A file is read a range at a time into each reader's buffer, not mapped: ranges cut anywhere
// (mid-line, at a line's end, past the end), lines longer than a range, and a reader of the whole
// file (whose window moves along, and grows for a line longer than what it reads at a time) all
// read what a text in memory gives, with the same line numbers and errors.
TEST(SimulationCasesTest, FilesReadInRangesReadWhatTextInMemoryReads) {
  std::string req =
      R"("request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject"})";
  std::string text;
  for (int i = 0; i < 40; ++i) {
    std::string id = i % 7 == 3 ? std::string(300000 + i, 'x') : absl::StrCat("c", i);
    absl::StrAppend(&text, "{\"id\":\"", id, "\",\"identityPolicies\":[", kAllow, "],", req, "}\n");
    if (i % 5 == 0) text += "\n";
    if (i % 9 == 4) text += "{\"id\":bad}\n";
  }
  text += "{\"id\":\"last, no line end\"," + req + "}";
  const std::string path = WriteFile("vouch_cases_in_ranges.jsonl", text);
  std::unique_ptr<CaseReader> memory = CaseReader::FromString(text, path);
  const std::vector<std::pair<int, std::string>> want = LinesOf(*memory);
  ASSERT_EQ(want.size(), 45u);

  absl::StatusOr<std::unique_ptr<CaseReader>> whole = CaseReader::Open(path);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(LinesOf(**whole), want) << "straight through";

  for (size_t bytes : {1, 100, 4096, 300001, 1 << 20, 64 << 20}) {
    absl::StatusOr<std::unique_ptr<CaseReader>> source = CaseReader::Open(path);
    ASSERT_TRUE(source.ok()) << source.status();
    std::unique_ptr<CaseReader> worker = (*source)->NewReader();
    std::vector<std::pair<int, std::string>> got;
    for (;;) {
      absl::StatusOr<bool> took = (*source)->TakeRange(bytes, *worker);
      ASSERT_TRUE(took.ok()) << took.status();
      if (!*took) break;
      for (auto& line : LinesOf(*worker)) got.push_back(std::move(line));
    }
    EXPECT_EQ(got, want) << "ranges of " << bytes << " bytes";
  }
}

// A file cut short after it was opened is bad input, named, not a crash or a wrong answer:
// taking a range past its new end fails, and so does reading on straight through.
TEST(SimulationCasesTest, FileCutShortWhileReadIsBadInput) {
  std::string req =
      R"("request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject"})";
  std::string text;
  for (int i = 0; i < 100; ++i) text += "{" + req + "}\n";
  const std::string path = WriteFile("vouch_cases_cut_short.jsonl", text);
  absl::StatusOr<std::unique_ptr<CaseReader>> source = CaseReader::Open(path);
  absl::StatusOr<std::unique_ptr<CaseReader>> whole = CaseReader::Open(path);
  ASSERT_TRUE(source.ok() && whole.ok());
  std::filesystem::resize_file(path, text.size() / 2);

  std::unique_ptr<CaseReader> worker = (*source)->NewReader();
  absl::StatusOr<bool> took = (*source)->TakeRange(text.size(), *worker);
  ASSERT_FALSE(took.ok());
  EXPECT_EQ(took.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(took.status().message(), path + ": the file was cut short while vouch read it");

  SimulationCase c;
  absl::Status error;
  ASSERT_TRUE((*whole)->Next(c, error));
  EXPECT_EQ(error.message(), path + ": the file was cut short while vouch read it");
  EXPECT_FALSE((*whole)->Next(c, error)) << "nothing is read after";
}

// Each case's context is exactly the keys it names, though the reader refills the entries of
// the case before in place: keys named before and not now are gone, a repeated key keeps its
// last value, the empty key is a key, a case without a context has none, and a case whose
// context fails leaves nothing behind.
TEST(SimulationCasesTest, EachCaseHasExactlyItsContext) {
  auto line = [](const std::string& context) {
    return R"({"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject")" +
           (context.empty() ? std::string() : ",\"context\":" + context) + "}}\n";
  };
  std::string text = line(R"({"aws:SourceIp":"10.0.0.1","aws:TagKeys":["a","b"],"k":"v"})") +
                     line(R"({"AWS:TAGKEYS":"c","aws:username":"bob","K":["x"],"k":["y","z"]})") +
                     line(R"({"":"empty","aws:username":"alice"})") + line("") +
                     line(R"({"k":{"not":"a scalar"}})") + line(R"({"k":1.5,"k2":true})");
  std::vector<std::map<std::string, std::vector<std::string>>> want = {
      {{"aws:sourceip", {"10.0.0.1"}}, {"aws:tagkeys", {"a", "b"}}, {"k", {"v"}}},
      {{"aws:tagkeys", {"c"}}, {"aws:username", {"bob"}}, {"k", {"y", "z"}}},
      {{"", {"empty"}}, {"aws:username", {"alice"}}},
      {},
      {},
      {{"k", {"1.5"}}, {"k2", {"true"}}},
  };
  auto all = ReadAll(text);
  ASSERT_EQ(all.size(), want.size());
  for (size_t i = 0; i < all.size(); ++i) {
    std::map<std::string, std::vector<std::string>> got;
    for (const auto& [lower, cv] : all[i].first.request.context) {
      got[lower] = std::vector<std::string>(cv.values.begin(), cv.values.end());
    }
    if (i == 4) {
      EXPECT_NE(all[i].second, "") << "case " << i;
      continue;
    }
    EXPECT_EQ(all[i].second, "") << "case " << i;
    EXPECT_EQ(got, want[i]) << "case " << i;
  }
  // Spellings and kinds follow the last naming.
  const iam::Request& second = all[1].first.request;
  EXPECT_EQ(second.Find("aws:tagkeys")->key, "AWS:TAGKEYS");
  EXPECT_FALSE(second.Find("aws:tagkeys")->multivalued);
  EXPECT_EQ(second.Find("k")->key, "k");
  EXPECT_TRUE(second.Find("k")->multivalued);
}

// A line with one identity policy whose Sid is `sid`, and, when `shared`, kAllow as well.
std::string LineWithDocument(const std::string& sid, bool shared) {
  return R"({"identityPolicies":[{"Statement":{"Sid":")" + sid +
         R"(","Effect":"Allow","Action":"s3:*","Resource":"*"}})" +
         (shared ? std::string(",") + kAllow : "") +
         R"(],"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject"}})"
         "\n";
}

// Documents are cached by content, up to a bound past which the cache starts over.
TEST(SimulationCasesTest, DocumentCacheIsBounded) {
  std::string text;
  for (size_t i = 0; i <= CaseReader::kMaxCachedDocuments; ++i) {
    text += LineWithDocument(absl::StrCat("S", i), false);
  }
  CaseReader* reader = nullptr;
  auto all = ReadAll(text, &reader);
  ASSERT_EQ(all.size(), CaseReader::kMaxCachedDocuments + 1);
  EXPECT_EQ(reader->distinct_policies(), CaseReader::kMaxCachedDocuments + 1);
  // Each document keeps its own number, never reused after the cache starts over.
  EXPECT_EQ(all.back().first.identity[0].document, CaseReader::kMaxCachedDocuments);
  EXPECT_EQ(all.back().first.identity[0].policy->statements[0].sid,
            absl::StrCat("S", CaseReader::kMaxCachedDocuments));
}

TEST(SimulationCasesTest, DocumentsThatRarelyRepeatAreReadAfresh) {
  // One new document a line: after a window of lookups that found none, the reader reads the
  // next kBypassLines lines afresh, then tries the cache again.
  const size_t window = CaseReader::kLookupWindow, bypass = CaseReader::kBypassLines;
  std::string text;
  for (size_t i = 0; i < window + bypass + 10; ++i)
    text += LineWithDocument(absl::StrCat("S", i), false);
  CaseReader* reader = nullptr;
  auto all = ReadAll(text, &reader);
  ASSERT_EQ(all.size(), window + bypass + 10);
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].second, "") << i;
    const CasePolicy& p = all[i].first.identity[0];
    const bool afresh = i >= window && i < window + bypass;
    EXPECT_EQ(p.cached, !afresh) << "line " << i + 1;
    EXPECT_EQ(p.policy->statements[0].sid, absl::StrCat("S", i));
  }
  EXPECT_EQ(reader->distinct_policies(), all.size());
}

TEST(SimulationCasesTest, DocumentsThatRepeatKeepTheCache) {
  // kAllow in every line: half of the lookups find their document, and the cache stays.
  const size_t lines = CaseReader::kLookupWindow * 3;
  std::string text;
  for (size_t i = 0; i < lines; ++i) text += LineWithDocument(absl::StrCat("S", i), true);
  CaseReader* reader = nullptr;
  auto all = ReadAll(text, &reader);
  ASSERT_EQ(all.size(), lines);
  std::set<uint64_t> shared;  // the numbers kAllow was read under
  for (size_t i = 0; i < lines; ++i) {
    ASSERT_EQ(all[i].first.identity.size(), 2u) << i;
    EXPECT_TRUE(all[i].first.identity[0].cached) << i;
    EXPECT_TRUE(all[i].first.identity[1].cached) << i;
    shared.insert(all[i].first.identity[1].document);
  }
  // Read again only when the bounded cache starts over: once in kMaxCachedDocuments - 1 lines.
  const size_t generations = lines / (CaseReader::kMaxCachedDocuments - 1) + 1;
  EXPECT_EQ(shared.size(), generations);
  EXPECT_EQ(reader->distinct_policies(), lines + generations);
}

TEST(SimulationCasesTest, ReadingAfreshReadsWhatTheCacheReads) {
  // Lines read without the cache are not outlined: ids, documents and errors come out the same.
  std::string text;
  for (const char* id :
       {R"("plain")", R"("with \"quote\"")", R"("\u00e9t\u00e9")", "17", R"({"a": 1})"}) {
    text +=
        std::string(R"({"id": )") + id + R"( , "identityPolicies":[)" + kAllow + "," + kAllow +
        R"(],"scps":[[)" + kAllow +
        R"(]],"request":{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject"}})" +
        "\n";
  }
  text +=
      R"({"identityPolicies":[{"Statement":{"Effect":"Allow","Action":"s3:*"}}],"request":{"principal":"a","action":"s3:GetObject"},"id":1})"
      "\n";
  text += R"({"identityPolicies":{},"request":{"principal":"a","action":"s3:GetObject"}})"
          "\n";
  auto cached = ReadAll(text);
  std::unique_ptr<CaseReader> afresh = CaseReader::FromString(text, "cases.jsonl");
  afresh->DisableDocumentCache();
  SimulationCase c;
  absl::Status error;
  size_t i = 0;
  while (afresh->Next(c, error)) {
    ASSERT_LT(i, cached.size());
    const SimulationCase& want = cached[i].first;
    EXPECT_EQ(error.message(), cached[i].second) << i;
    EXPECT_EQ(c.id_json, want.id_json) << i;
    ASSERT_EQ(c.identity.size(), want.identity.size()) << i;
    for (size_t k = 0; k < c.identity.size(); ++k) {
      EXPECT_FALSE(c.identity[k].cached);
      EXPECT_EQ(c.identity[k].policy->statements, want.identity[k].policy->statements) << i;
    }
    ASSERT_EQ(c.scp_levels.size(), want.scp_levels.size()) << i;
    ++i;
  }
  EXPECT_EQ(i, cached.size());
}

}  // namespace
}  // namespace vouch::aws
