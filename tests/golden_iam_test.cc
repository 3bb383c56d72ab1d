// The IAM golden corpus: the built `vouch` binary must decide every case of
// tests/golden/iam_cases.jsonl as tests/golden/iam_expected.jsonl says.
//
// The expectations come from the oracle (@cloud-copilot/iam-simulate, version in
// tests/golden/ORACLE_VERSION) and, where AWS documentation contradicts the oracle, from that
// documentation (tests/golden/overrides.jsonl); tools/oracle/make_golden.mjs writes them. Node is
// not needed here: the test only runs vouch and compares. Each mismatch is printed with its id,
// both decisions and, for documented cases, the note naming the AWS document.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace {

const std::string kGolden = std::string(VOUCH_SOURCE_DIR) + "/tests/golden/";

std::vector<nlohmann::json> ReadJsonLines(const std::string& text, std::string* bad_line) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      if (bad_line != nullptr && bad_line->empty()) *bad_line = line;
      continue;
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command`, returning its standard output and setting `*status` to its exit status.
std::string RunCommand(const std::string& command, int* status) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) {
    *status = -1;
    return out;
  }
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  int raw = pclose(p);
  *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

std::string IdOf(const nlohmann::json& j) {
  if (!j.contains("id")) return "";
  return j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
}

TEST(GoldenIamTest, CorpusIsWellFormed) {
  std::string bad;
  std::vector<nlohmann::json> cases = ReadJsonLines(ReadFile(kGolden + "iam_cases.jsonl"), &bad);
  std::vector<nlohmann::json> expected = ReadJsonLines(ReadFile(kGolden + "iam_expected.jsonl"), &bad);
  EXPECT_EQ(bad, "");
  EXPECT_GE(cases.size(), 300u);
  ASSERT_EQ(cases.size(), expected.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(IdOf(cases[i]), IdOf(expected[i])) << "line " << i + 1;
    std::string d = expected[i].value("decision", "");
    EXPECT_TRUE(d == "allowed" || d == "explicitDeny" || d == "implicitDeny") << IdOf(expected[i]);
    if (expected[i].value("source", "") != "oracle") {
      EXPECT_FALSE(expected[i].value("note", "").empty()) << IdOf(expected[i]) << " overrides the oracle without a note";
    }
  }
  EXPECT_NE(ReadFile(kGolden + "ORACLE_VERSION").find("@cloud-copilot/iam-simulate "), std::string::npos);
}

TEST(GoldenIamTest, VouchDecidesEveryCaseAsExpected) {
  std::vector<nlohmann::json> expected = ReadJsonLines(ReadFile(kGolden + "iam_expected.jsonl"), nullptr);
  ASSERT_FALSE(expected.empty());
  int status = 0;
  std::string output = RunCommand(
      std::string("'") + VOUCH_BINARY + "' simulate --cases '" + kGolden + "iam_cases.jsonl'", &status);
  std::map<std::string, nlohmann::json> actual;
  for (nlohmann::json& r : ReadJsonLines(output, nullptr)) {
    std::string id = IdOf(r);  // before the move: json's operator= takes its argument by value
    actual[id] = std::move(r);
  }
  ASSERT_FALSE(actual.empty()) << "vouch simulate --cases exited " << status
                               << " without results:\n" << output.substr(0, 2000);
  int mismatches = 0;
  for (const nlohmann::json& e : expected) {
    std::string id = IdOf(e);
    auto it = actual.find(id);
    std::string want = e["decision"].get<std::string>();
    std::string got = it == actual.end()                   ? "(no result)"
                      : it->second.contains("decision")    ? it->second["decision"].get<std::string>()
                      : "error: " + it->second.value("error", it->second.dump());
    if (got == want) continue;
    ++mismatches;
    ADD_FAILURE() << id << ": vouch " << got << ", expected " << want << " (" << e.value("source", "")
                  << (e.contains("note") ? ": " + e["note"].get<std::string>() : "") << ")";
  }
  EXPECT_EQ(mismatches, 0) << "of " << expected.size() << " golden cases";
}

}  // namespace
