// Tests for simulation_report.h: the exact JSON line, the AWS simulator's response shape, and
// the text layout.
#include "proofs/simulation_report.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {
namespace {

SimulationAnswer Allowed() {
  SimulationAnswer a;
  a.id_json = "\"c1\"";
  a.action = "iam:GetUser";
  a.resource = "*";
  a.result.decision = iam::Decision::kAllowed;
  iam::MatchedStatement m;
  m.policy = "ReadOnlyAccess";
  m.policy_type = iam::PolicyType::kIdentity;
  m.origin = iam::PolicyOrigin::kAwsManaged;
  m.index = 0;
  m.effect = iam::Effect::kAllow;
  m.source = SourceRef{"gaad.json", "/Policies/0/PolicyVersionList/0/Document/Statement/0"};
  a.result.matched.push_back(m);
  return a;
}

SimulationAnswer Denied() {
  SimulationAnswer a;
  a.action = "s3:Get\"Object";
  a.resource = "arn:aws:s3:::b/k";
  a.result.decision = iam::Decision::kExplicitDeny;
  iam::MatchedStatement m;
  m.policy = "deny.json";
  m.policy_type = iam::PolicyType::kResource;
  m.sid = "NoReads";
  m.index = 2;
  m.effect = iam::Effect::kDeny;
  m.source = SourceRef{"deny.json", "/Statement/2"};
  a.result.matched.push_back(m);
  a.result.missing_context_keys = {"aws:SourceIp"};
  a.result.allowed_by_permission_boundary = false;
  return a;
}

TEST(SimulationReportTest, JsonLines) {
  EXPECT_EQ(RenderSimulation({Allowed(), Denied()}, SimulationFormat::kJson),
            "{\"id\":\"c1\",\"action\":\"iam:GetUser\",\"resource\":\"*\",\"decision\":\"allowed\","
            "\"matchedStatements\":[{\"policy\":\"ReadOnlyAccess\",\"policyType\":\"identity\","
            "\"sid\":null,\"index\":0,\"effect\":\"Allow\"}],\"missingContextKeys\":[]}\n"
            "{\"action\":\"s3:Get\\\"Object\",\"resource\":\"arn:aws:s3:::b/k\",\"decision\":"
            "\"explicitDeny\",\"matchedStatements\":[{\"policy\":\"deny.json\",\"policyType\":"
            "\"resource\",\"sid\":\"NoReads\",\"index\":2,\"effect\":\"Deny\"}],"
            "\"missingContextKeys\":[\"aws:SourceIp\"]}\n");
}

// Strings are escaped 16 bytes at a time: every character that JSON must escape, at every
// position around those blocks, in strings of every length up to three blocks, comes back
// exactly when the line is parsed.
TEST(SimulationReportTest, JsonLinesEscapeEveryCharacterAtEveryPosition) {
  const std::vector<std::string> specials = {"\"", "\\", std::string(1, '\0'), "\x01", "\x1f",
                                             "\n",  "\t",  "\x7f", "\xc3\xa9"};
  for (size_t length = 0; length <= 48; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (const std::string& special : specials) {
        SimulationAnswer a = Allowed();
        a.resource = std::string(length, 'r');
        a.resource.insert(at, special);
        std::string line;
        AppendJsonAnswer(a, line);
        nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        ASSERT_FALSE(j.is_discarded()) << line;
        ASSERT_EQ(j["resource"], a.resource) << line;
      }
    }
  }
}

TEST(SimulationReportTest, JsonErrors) {
  std::string out;
  AppendJsonError("7", "iam:DeleteGrup", "*",
                  absl::InvalidArgumentError("cases.jsonl:3: /request/action: unknown action"), out);
  AppendJsonError("null", "a:b", "*", absl::UnimplementedError("x"), out);
  EXPECT_EQ(out,
            "{\"id\":7,\"action\":\"iam:DeleteGrup\",\"resource\":\"*\",\"error\":\"cases.jsonl:3: "
            "/request/action: unknown action\",\"errorKind\":\"invalidInput\"}\n"
            "{\"id\":null,\"action\":\"a:b\",\"resource\":\"*\",\"error\":\"x\",\"errorKind\":"
            "\"unsupported\"}\n");
  EXPECT_EQ(JsonQuote("a\x01\n"), "\"a\\u0001\\n\"");
  // Runs of plain text between escapes, at either end and back to back.
  EXPECT_EQ(JsonQuote(""), "\"\"");
  EXPECT_EQ(JsonQuote("plain text"), "\"plain text\"");
  EXPECT_EQ(JsonQuote("\"q\"\\\t\r\x1f~\x7f"), "\"\\\"q\\\"\\\\\\t\\r\\u001f~\x7f\"");
  // Every escape the output can hold reads back as the text it came from.
  std::string all;
  for (int c = 1; c < 128; ++c) all.push_back(static_cast<char>(c));
  EXPECT_EQ(nlohmann::json::parse(JsonQuote(all)).get<std::string>(), all);
}

TEST(SimulationReportTest, AwsSimulatorShape) {
  nlohmann::json r =
      nlohmann::json::parse(RenderSimulation({Allowed(), Denied()}, SimulationFormat::kAws));
  // The AWS CLI prints EvaluationResults alone: it drops the paging fields IsTruncated/Marker.
  EXPECT_EQ(r.size(), 1u);
  ASSERT_EQ(r["EvaluationResults"].size(), 2u);
  const nlohmann::json& first = r["EvaluationResults"][0];
  EXPECT_EQ(first["EvalActionName"], "iam:GetUser");
  EXPECT_EQ(first["EvalResourceName"], "*");
  EXPECT_EQ(first["EvalDecision"], "allowed");
  EXPECT_EQ(first["MatchedStatements"][0]["SourcePolicyId"], "ReadOnlyAccess");
  EXPECT_EQ(first["MatchedStatements"][0]["SourcePolicyType"], "aws-managed");
  EXPECT_FALSE(first["MatchedStatements"][0].contains("StartPosition"));
  EXPECT_EQ(first["MissingContextValues"], nlohmann::json::array());
  // Nothing says SCPs or a boundary took part, and `*` has no resource-specific results.
  EXPECT_FALSE(first.contains("OrganizationsDecisionDetail"));
  EXPECT_FALSE(first.contains("PermissionsBoundaryDecisionDetail"));
  EXPECT_FALSE(first.contains("EvalDecisionDetails"));
  EXPECT_FALSE(first.contains("ResourceSpecificResults"));
  const nlohmann::json& second = r["EvaluationResults"][1];
  EXPECT_EQ(second["EvalDecision"], "explicitDeny");
  EXPECT_EQ(second["MatchedStatements"][0]["SourcePolicyType"], "resource");
  // A given resource: its missing keys move to ResourceSpecificResults, as the API documents.
  EXPECT_EQ(second["MissingContextValues"], nlohmann::json::array());
  EXPECT_EQ(second["ResourceSpecificResults"][0]["MissingContextValues"][0], "aws:SourceIp");
  EXPECT_EQ(second["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"], false);
}

// The whole response for one answer, member for member in the API reference's order:
// EvaluationResult {EvalActionName, EvalResourceName, EvalDecision, MatchedStatements,
// MissingContextValues, OrganizationsDecisionDetail, PermissionsBoundaryDecisionDetail,
// EvalDecisionDetails, ResourceSpecificResults}; Statement {SourcePolicyId, SourcePolicyType,
// StartPosition, EndPosition}; ResourceSpecificResult {EvalResourceName, EvalResourceDecision,
// MatchedStatements, MissingContextValues, EvalDecisionDetails, PermissionsBoundaryDecisionDetail}.
TEST(SimulationReportTest, AwsResponseForAResourceUnderScpsAndABoundary) {
  SimulationAnswer a = Allowed();
  a.action = "s3:GetObject";
  a.resource = "arn:aws:s3:::b/k";
  a.result.missing_context_keys = {"aws:SourceIp"};
  AwsAnswerDetail d;
  d.matched.push_back({"PolicyInputList.1", "none", AwsPosition{4, 6}, AwsPosition{4, 71}});
  d.organizations = true;
  d.permissions_boundary = true;
  EXPECT_EQ(RenderAwsResponse({a}, {d}), R"({
    "EvaluationResults": [
        {
            "EvalActionName": "s3:GetObject",
            "EvalResourceName": "arn:aws:s3:::b/k",
            "EvalDecision": "allowed",
            "MatchedStatements": [
                {
                    "SourcePolicyId": "PolicyInputList.1",
                    "SourcePolicyType": "none",
                    "StartPosition": {
                        "Line": 4,
                        "Column": 6
                    },
                    "EndPosition": {
                        "Line": 4,
                        "Column": 71
                    }
                }
            ],
            "MissingContextValues": [],
            "OrganizationsDecisionDetail": {
                "AllowedByOrganizations": true
            },
            "PermissionsBoundaryDecisionDetail": {
                "AllowedByPermissionsBoundary": true
            },
            "EvalDecisionDetails": {},
            "ResourceSpecificResults": [
                {
                    "EvalResourceName": "arn:aws:s3:::b/k",
                    "EvalResourceDecision": "allowed",
                    "MatchedStatements": [
                        {
                            "SourcePolicyId": "PolicyInputList.1",
                            "SourcePolicyType": "none",
                            "StartPosition": {
                                "Line": 4,
                                "Column": 6
                            },
                            "EndPosition": {
                                "Line": 4,
                                "Column": 71
                            }
                        }
                    ],
                    "MissingContextValues": [
                        "aws:SourceIp"
                    ],
                    "PermissionsBoundaryDecisionDetail": {
                        "AllowedByPermissionsBoundary": true
                    }
                }
            ]
        }
    ]
}
)");
}

// An SCP that denies: AllowedByOrganizations false, and no EvalDecisionDetails. Nor across
// accounts, since the API reference does not list the policy-type keys AWS fills it with.
TEST(SimulationReportTest, AwsResponseWhenOrganizationsDenyAcrossAccounts) {
  SimulationAnswer a;
  a.action = "s3:GetObject";
  a.resource = "arn:aws:s3:::b/k";
  a.result.decision = iam::Decision::kImplicitDeny;
  a.result.allowed_by_organizations = false;
  AwsAnswerDetail d = DefaultAwsDetail(a);
  EXPECT_TRUE(d.organizations);
  EXPECT_FALSE(d.permissions_boundary);
  d.cross_account = true;
  nlohmann::json r = nlohmann::json::parse(RenderAwsResponse({a}, {d}))["EvaluationResults"][0];
  EXPECT_EQ(r["OrganizationsDecisionDetail"], nlohmann::json({{"AllowedByOrganizations", false}}));
  EXPECT_FALSE(r.contains("PermissionsBoundaryDecisionDetail"));
  EXPECT_FALSE(r.contains("EvalDecisionDetails"));
  ASSERT_EQ(r["ResourceSpecificResults"].size(), 1u);
  EXPECT_EQ(r["ResourceSpecificResults"][0]["EvalResourceDecision"], "implicitDeny");
  EXPECT_EQ(r["ResourceSpecificResults"][0]["MatchedStatements"], nlohmann::json::array());
  EXPECT_FALSE(r["ResourceSpecificResults"][0].contains("EvalDecisionDetails"));
  // In the same account too: when an SCP denies, "the simulation ends" without it.
  d.cross_account = false;
  r = nlohmann::json::parse(RenderAwsResponse({a}, {d}))["EvaluationResults"][0];
  EXPECT_FALSE(r.contains("EvalDecisionDetails"));
  a.result.allowed_by_organizations = true;
  r = nlohmann::json::parse(RenderAwsResponse({a}, {d}))["EvaluationResults"][0];
  EXPECT_EQ(r["EvalDecisionDetails"], nlohmann::json::object());
}

TEST(SimulationReportTest, Text) {
  std::vector<SimulationAnswer> answers = {Allowed(), Denied(), SimulationAnswer()};
  answers[2].action = "iam:DeleteGroup";
  answers[2].resource = "*";
  EXPECT_EQ(RenderSimulation(answers, SimulationFormat::kText),
            "allowed       iam:GetUser on *\n"
            "    Allow by ReadOnlyAccess (aws-managed), statement 0\n"
            "      at gaad.json: /Policies/0/PolicyVersionList/0/Document/Statement/0\n"
            "explicitDeny  s3:Get\"Object on arn:aws:s3:::b/k\n"
            "    Deny by deny.json (resource), statement 2 \"NoReads\"\n"
            "      at deny.json: /Statement/2\n"
            "    context keys the policies test but the request lacks: aws:SourceIp\n"
            "implicitDeny  iam:DeleteGroup on *\n"
            "    no statement allows it\n");
}

TEST(SimulationReportTest, Formats) {
  EXPECT_EQ(*ParseSimulationFormat("aws"), SimulationFormat::kAws);
  EXPECT_EQ(ParseSimulationFormat("yaml").status().message(),
            "unknown format `yaml` (expected text, json or aws)");
}

}  // namespace
}  // namespace vouch::proofs
