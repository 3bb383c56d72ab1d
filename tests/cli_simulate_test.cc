// `vouch simulate` end to end: the built binary on the lab account (examples/lab) in its three
// modes, checked against answers derived by hand from the lab's policies and AWS's documented
// evaluation logic, plus the exit codes and the one-line errors for bad input.
//
// Expected answers, from the lab's files:
//   user-1: USER1GROUP attaches AWS ReadOnlyAccess, which grants iam:Get* and iam:List* but no
//     iam:Delete*; its inline ManageOwnAccessKeysWithMfa allows iam:CreateAccessKey on its own
//     user only when aws:MultiFactorAuthPresent is true.
//   admin-1: Administrators attaches AdministratorAccess (Allow * on *).
//   app-server: app-data-access v2 (the default; v1 allowed s3:* and dynamodb:*) allows
//     s3:GetObject/PutObject on lab-app-data/* and dynamodb:GetItem/PutItem on lab-sessions;
//     its boundary app-boundary allows only s3:* and logs:*.
//   security-audit: ReadOnlyAccess, with an inline Deny of s3:GetObject and DynamoDB reads.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace vouch::cli_simulate_test {
namespace {

namespace fs = std::filesystem;

const std::string kLab = std::string(VOUCH_SOURCE_DIR) + "/examples/lab";

struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A folder of this process's own: ctest runs the tests of this file in parallel processes.
fs::path TempDir() {
  fs::path dir = fs::path(::testing::TempDir()) / ("vouch_cli_simulate_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  fs::path p = TempDir() / name;
  std::ofstream(p) << text;
  return p.string();
}

// Runs `vouch simulate ARGS` (ARGS already shell-quoted where needed).
RunResult Simulate(const std::string& args) {
  std::string err_path = (TempDir() / "stderr.txt").string();
  std::string command = std::string("'") + VOUCH_BINARY + "' simulate " + args + " 2>'" + err_path + "'";
  RunResult r;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return r;
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = Slurp(err_path);
  return r;
}

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

std::string Principal(const std::string& who, const std::string& format = "json") {
  return "--snapshot '" + kLab + "' --principal " + who + " --format " + format;
}

TEST(CliSimulateTest, User1AsTheAwsTutorialAnswers) {
  RunResult r = Simulate(Principal("user-1") +
                   " --action iam:DeleteGroup --action iam:DeleteRolePolicy --action iam:GetUser");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), 3u) << r.out;
  EXPECT_EQ(results[0]["action"], "iam:DeleteGroup");
  EXPECT_EQ(results[0]["resource"], "*");
  EXPECT_EQ(results[0]["decision"], "implicitDeny");
  EXPECT_EQ(results[0]["matchedStatements"].size(), 0u);
  EXPECT_EQ(results[1]["decision"], "implicitDeny");
  EXPECT_EQ(results[2]["decision"], "allowed");
  ASSERT_EQ(results[2]["matchedStatements"].size(), 1u);
  EXPECT_EQ(results[2]["matchedStatements"][0]["policy"], "ReadOnlyAccess");
  EXPECT_EQ(results[2]["matchedStatements"][0]["policyType"], "identity");
  EXPECT_EQ(results[2]["matchedStatements"][0]["effect"], "Allow");
}

TEST(CliSimulateTest, PrincipalByArnAndTextFormat) {
  RunResult r = Simulate("--snapshot '" + kLab +
                   "' --principal arn:aws:iam::111122223333:user/user-1 --action iam:DeleteGroup "
                   "--action iam:GetUser");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("implicitDeny  iam:DeleteGroup on *\n    no statement allows it\n"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("allowed       iam:GetUser on *\n    Allow by ReadOnlyAccess (aws-managed)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("iam-get-account-authorization-details.json: /Policies/"), std::string::npos);
}

TEST(CliSimulateTest, AdministratorIsAllowed) {
  RunResult r = Simulate(Principal("admin-1") + " --action iam:DeleteGroup");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["decision"], "allowed");
  EXPECT_EQ(results[0]["matchedStatements"][0]["policy"], "AdministratorAccess");
}

TEST(CliSimulateTest, MfaConditionDependsOnContext) {
  const std::string base = Principal("user-1") +
                           " --action iam:CreateAccessKey --resource "
                           "arn:aws:iam::111122223333:user/user-1";
  RunResult without = Simulate(base);
  ASSERT_EQ(without.status, 0) << without.err;
  std::vector<nlohmann::json> a = Lines(without.out);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]["decision"], "implicitDeny");
  EXPECT_EQ(a[0]["missingContextKeys"], nlohmann::json::array({"aws:MultiFactorAuthPresent"}));

  RunResult with = Simulate(base + " --context aws:MultiFactorAuthPresent=boolean:true");
  std::vector<nlohmann::json> b = Lines(with.out);
  ASSERT_EQ(b.size(), 1u) << with.err;
  EXPECT_EQ(b[0]["decision"], "allowed");
  EXPECT_EQ(b[0]["matchedStatements"][0]["sid"], "ManageOwnAccessKeysWithMfa");

  // Another user's keys stay out of reach, MFA or not (${aws:username} is user-1).
  RunResult other = Simulate(Principal("user-1") +
                       " --action iam:CreateAccessKey --resource arn:aws:iam::111122223333:user/admin-1"
                       " --context aws:MultiFactorAuthPresent=boolean:true");
  EXPECT_EQ(Lines(other.out).at(0)["decision"], "implicitDeny");
}

TEST(CliSimulateTest, RoleUnderBoundaryAndDefaultVersion) {
  RunResult r = Simulate(Principal("app-server", "aws") +
                         " --action s3:GetObject --action s3:DeleteObject"
                         " --resource arn:aws:s3:::lab-app-data/report.csv");
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json aws = nlohmann::json::parse(r.out);
  ASSERT_EQ(aws["EvaluationResults"].size(), 2u);
  const nlohmann::json& get = aws["EvaluationResults"][0];
  EXPECT_EQ(get["EvalActionName"], "s3:GetObject");
  EXPECT_EQ(get["EvalResourceName"], "arn:aws:s3:::lab-app-data/report.csv");
  EXPECT_EQ(get["EvalDecision"], "allowed");
  EXPECT_EQ(get["MatchedStatements"][0]["SourcePolicyId"], "app-data-access");
  EXPECT_EQ(get["MatchedStatements"][0]["SourcePolicyType"], "user-managed");
  EXPECT_EQ(get["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"], true);
  // v1 (not the default) would have allowed s3:*.
  EXPECT_EQ(aws["EvaluationResults"][1]["EvalDecision"], "implicitDeny");

  RunResult table = Simulate(Principal("app-server", "aws") +
                             " --action dynamodb:GetItem --resource "
                             "arn:aws:dynamodb:us-east-1:111122223333:table/lab-sessions");
  nlohmann::json t = nlohmann::json::parse(table.out);
  EXPECT_EQ(t["EvaluationResults"][0]["EvalDecision"], "implicitDeny");
  EXPECT_EQ(t["EvaluationResults"][0]["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"],
            false);
}

TEST(CliSimulateTest, InlineDenyOverridesManagedAllow) {
  RunResult r = Simulate(Principal("security-audit") +
                   " --action s3:GetObject --action s3:ListBucket --resource arn:aws:s3:::lab-app-data");
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), 2u) << r.err;
  EXPECT_EQ(results[0]["decision"], "explicitDeny");
  EXPECT_EQ(results[0]["matchedStatements"][0]["sid"], "DenyDataReads");
  EXPECT_EQ(results[1]["decision"], "allowed");
}

TEST(CliSimulateTest, CustomPolicies) {
  std::string policy = WriteTemp("identity.json", R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Reports","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::reports/*"}]})");
  std::string boundary = WriteTemp("boundary.json", R"({"Version":"2012-10-17","Statement":
      {"Effect":"Allow","Action":"s3:Get*","Resource":"*"}})");
  RunResult r = Simulate("--policy '" + policy + "' --boundary '" + boundary +
                   "' --action s3:GetObject --action s3:PutObject --resource arn:aws:s3:::reports/q1.csv"
                   " --resource arn:aws:s3:::other/q1.csv --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0]["decision"], "allowed");       // GetObject reports: both allow
  EXPECT_EQ(results[0]["matchedStatements"][0]["sid"], "Reports");
  EXPECT_EQ(results[1]["decision"], "implicitDeny");  // GetObject other: identity does not
  EXPECT_EQ(results[2]["decision"], "implicitDeny");  // PutObject reports: boundary does not
  EXPECT_EQ(results[3]["decision"], "implicitDeny");

  // A resource policy granting the caller directly, in the same account.
  std::string bucket = WriteTemp("bucket.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]})");
  std::string empty = WriteTemp("empty.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]})");
  RunResult rp = Simulate("--policy '" + empty + "' --resource-policy '" + bucket +
                    "' --caller-arn arn:aws:iam::111122223333:user/alice --action s3:GetObject"
                    " --resource arn:aws:s3:::shared/x --format json");
  std::vector<nlohmann::json> rp_results = Lines(rp.out);
  ASSERT_EQ(rp_results.size(), 1u) << rp.err;
  EXPECT_EQ(rp_results[0]["decision"], "allowed");
  EXPECT_EQ(rp_results[0]["matchedStatements"][0]["policyType"], "resource");
}

TEST(CliSimulateTest, BatchAnswersInOrderWithErrorLines) {
  std::string cases = WriteTemp("cases.jsonl",
      R"({"id":"a","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}],"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}})"
      "\n"
      R"({"id":"b","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}},{"Version":"2012-10-17","Statement":{"Sid":"NoB","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}}],"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}})"
      "\n\n"
      R"({"id":3,"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObjekt","resource":"arn:aws:s3:::b/k"}})"
      "\n"
      R"({"id":4,"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:PutObject","resource":"arn:aws:s3:::b/k"}})"
      "\n");
  RunResult r = Simulate("--cases '" + cases + "'");
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), 4u) << r.out << r.err;
  EXPECT_EQ(results[0]["id"], "a");
  EXPECT_EQ(results[0]["decision"], "allowed");
  EXPECT_EQ(results[0]["matchedStatements"][0]["policy"], "identityPolicies/0");
  EXPECT_EQ(results[1]["id"], "b");
  EXPECT_EQ(results[1]["decision"], "explicitDeny");
  EXPECT_EQ(results[1]["matchedStatements"][0]["policy"], "identityPolicies/1");
  EXPECT_EQ(results[1]["matchedStatements"][0]["sid"], "NoB");
  EXPECT_EQ(results[2]["id"], 3);
  EXPECT_EQ(results[2]["errorKind"], "invalidInput");
  EXPECT_EQ(results[2]["error"], cases + ":4: /request/action: unknown action `s3:GetObjekt` (did you "
                                         "mean `s3:GetObject`?)");
  EXPECT_EQ(results[3]["id"], 4);
  EXPECT_EQ(results[3]["decision"], "implicitDeny");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "vouch: " + cases + ":4: /request/action: unknown action `s3:GetObjekt` (did you "
                                       "mean `s3:GetObject`?)\n");
}

// Bad input: exit 2, nothing on stdout, one line on stderr.
void ExpectBadInput(const std::string& args, const std::string& message) {
  RunResult r = Simulate(args);
  EXPECT_EQ(r.status, 2) << args;
  EXPECT_EQ(r.out, "") << args;
  EXPECT_EQ(r.err, "vouch: " + message + "\n") << args;
}

TEST(CliSimulateTest, BadInputExitsTwoWithOneLine) {
  ExpectBadInput("--snapshot '" + kLab + "' --principal nobody --action iam:GetUser",
                 "`nobody` is not a user or role of the snapshot (user-1, admin-1, app-server, "
                 "security-audit)");
  ExpectBadInput("--snapshot '" + kLab + "' --principal user-1 --action iam:DeleteGrup",
                 "--action: unknown action `iam:DeleteGrup` (did you mean `iam:DeleteGroup`?)");
  ExpectBadInput("--snapshot '" + kLab + "' --principal user-1 --action iam:GetUser --context aws:x",
                 "--context `aws:x`: expected KEY=TYPE:VALUE (e.g. "
                 "aws:MultiFactorAuthPresent=boolean:true)");
  ExpectBadInput("--snapshot '" + kLab + "' --principal user-1 --action iam:GetUser "
                 "--context aws:x=strng:y",
                 "--context `aws:x=strng:y`: unknown context key type `strng` (expected string, "
                 "stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, "
                 "binaryList, date or dateList)");
  ExpectBadInput("--snapshot /nonexistent/lab --principal user-1 --action iam:GetUser",
                 "/nonexistent/lab: no such file or directory");
  std::string bad = WriteTemp("bad-policy.json", R"({"Statement":[{"Effect":"Allow","Actoin":"*"}]})");
  ExpectBadInput("--policy '" + bad + "' --action iam:GetUser",
                 bad + ": /Statement/0/Actoin: unknown element `Actoin` (expected Sid, Effect, "
                       "Action, NotAction, Resource, NotResource, Principal, NotPrincipal or "
                       "Condition)");
  ExpectBadInput("--snapshot '" + kLab + "' --principal user-1 --action iam:GetUser --format yaml",
                 "unknown format `yaml` (expected text, json or aws)");
  ExpectBadInput("--cases /nonexistent/cases.jsonl", "/nonexistent/cases.jsonl: cannot read file");
  ExpectBadInput("--snapshot '" + kLab + "' --principal user-1",
                 "give at least one --action (or use --cases)");
}

}  // namespace
}  // namespace vouch::cli_simulate_test
