// Tests for simulation_report.h: the exact JSON line, the AWS simulator's response shape, and
// the text layout.
#include "proofs/simulation_report.h"

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
}

TEST(SimulationReportTest, AwsSimulatorShape) {
  nlohmann::json r =
      nlohmann::json::parse(RenderSimulation({Allowed(), Denied()}, SimulationFormat::kAws));
  ASSERT_EQ(r["EvaluationResults"].size(), 2u);
  EXPECT_EQ(r["IsTruncated"], false);
  const nlohmann::json& first = r["EvaluationResults"][0];
  EXPECT_EQ(first["EvalActionName"], "iam:GetUser");
  EXPECT_EQ(first["EvalResourceName"], "*");
  EXPECT_EQ(first["EvalDecision"], "allowed");
  EXPECT_EQ(first["MatchedStatements"][0]["SourcePolicyId"], "ReadOnlyAccess");
  EXPECT_EQ(first["MatchedStatements"][0]["SourcePolicyType"], "aws-managed");
  EXPECT_EQ(first["MissingContextValues"], nlohmann::json::array());
  EXPECT_EQ(first["OrganizationsDecisionDetail"]["AllowedByOrganizations"], true);
  const nlohmann::json& second = r["EvaluationResults"][1];
  EXPECT_EQ(second["EvalDecision"], "explicitDeny");
  EXPECT_EQ(second["MatchedStatements"][0]["SourcePolicyType"], "resource");
  EXPECT_EQ(second["MissingContextValues"][0], "aws:SourceIp");
  EXPECT_EQ(second["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"], false);
}

TEST(SimulationReportTest, Text) {
  SimulationAnswer implicit;
  implicit.action = "iam:DeleteGroup";
  implicit.resource = "*";
  EXPECT_EQ(RenderSimulation({Allowed(), Denied(), implicit}, SimulationFormat::kText),
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
