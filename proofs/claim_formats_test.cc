// RenderJUnit and RenderSarif on hand-built claims: the counts CI tools read, escaping, and where
// each result points.
#include "proofs/claim_formats.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {
namespace {

std::vector<ClaimOutcome> Claims() {
  return {
      {"holds", "all is well", Verdict::kHolds, {}, {}},
      {"broken",
       "names <things> & \"quotes\"",
       Verdict::kViolated,
       {{"user a & b: <no MFA>\x01", SourceRef{"dir with space/report.json", "/Content"}, 4}},
       {}},
      {"unsettled", "cannot tell", Verdict::kUnknown, {}, {{"no status", SourceRef{}, 0}}},
  };
}

TEST(RenderJUnit, CountsFailuresAndErrorsAndEscapes) {
  std::string xml = RenderJUnit("trail", Claims());
  EXPECT_TRUE(absl::StrContains(
      xml,
      "<testsuite name=\"vouch trail\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\">"))
      << xml;
  EXPECT_TRUE(absl::StrContains(
      xml,
      "<failure type=\"violated\" message=\"names &lt;things&gt; &amp; &quot;quotes&quot;: "
      "violated\">user a &amp; b: &lt;no MFA&gt;? (at dir with space/report.json: /Content: "
      "line 4)\n</failure>"))
      << xml;
  EXPECT_TRUE(absl::StrContains(
      xml, "<error type=\"unknown\" message=\"cannot tell: unknown\">no status\n</error>"))
      << xml;
  EXPECT_FALSE(absl::StrContains(xml, "\x01"));
  // The claim that holds has neither.
  size_t holds = xml.find("name=\"holds\"");
  ASSERT_NE(holds, std::string::npos);
  EXPECT_LT(xml.find("</testcase>", holds), xml.find("<failure", holds));
}

TEST(RenderSarif, OneRulePerClaimOneResultPerFinding) {
  nlohmann::json j = nlohmann::json::parse(RenderSarif("credentials", Claims()));
  EXPECT_EQ(j["version"], "2.1.0");
  const nlohmann::json& run = j["runs"][0];
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 3u);
  EXPECT_EQ(run["tool"]["driver"]["rules"][1]["id"], "credentials/broken");
  ASSERT_EQ(run["results"].size(), 2u);
  const nlohmann::json& fail = run["results"][0];
  EXPECT_EQ(fail["ruleId"], "credentials/broken");
  EXPECT_EQ(fail["level"], "error");
  EXPECT_EQ(fail["kind"], "fail");
  EXPECT_EQ(fail["message"]["text"], "user a & b: <no MFA>\x01 (line 4 of the report)");
  EXPECT_EQ(fail["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "dir%20with%20space/report.json");
  EXPECT_EQ(fail["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "/Content");
  const nlohmann::json& unknown = run["results"][1];
  EXPECT_EQ(unknown["level"], "warning");
  EXPECT_EQ(unknown["message"]["text"], "unknown: no status");
  EXPECT_FALSE(unknown.contains("locations"));
}

}  // namespace
}  // namespace vouch::proofs
