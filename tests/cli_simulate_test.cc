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

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

// A folder of this process's own: ctest runs the tests of this file in parallel processes. It is
// removed when the process exits, so runs leave nothing behind in the system's temp folder.
fs::path TempDir() {
  struct Owned {
    fs::path dir;
    ~Owned() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  };
  static const Owned owned{fs::path(::testing::TempDir()) /
                           ("vouch_cli_simulate_test_" + std::to_string(getpid()))};
  fs::create_directories(owned.dir);
  return owned.dir;
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  fs::path p = TempDir() / name;
  std::ofstream(p) << text;
  return p.string();
}

// Runs the shell command `command` with stderr kept apart.
RunResult RunShell(const std::string& command) {
  std::string err_path = (TempDir() / "stderr.txt").string();
  std::string full = command + " 2>'" + err_path + "'";
  RunResult r;
  FILE* p = popen(full.c_str(), "r");
  if (p == nullptr) return r;
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.err = Slurp(err_path);
  return r;
}

// Runs `vouch simulate ARGS` (ARGS already shell-quoted where needed).
RunResult Simulate(const std::string& args) {
  return RunShell(std::string("'") + VOUCH_BINARY + "' simulate " + args);
}

// Bad input: exit 2, nothing on stdout, one line on stderr.
void ExpectBadInput(const std::string& args, const std::string& message) {
  RunResult r = Simulate(args);
  EXPECT_EQ(r.status, 2) << args;
  EXPECT_EQ(r.out, "") << args;
  EXPECT_EQ(r.err, "vouch: " + message + "\n") << args;
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

// A request to assume a role of the snapshot meets the role's trust policy, which must allow it
// even in the role's own account: app-server trusts only ec2.amazonaws.com, security-audit the
// account (its identity policies) with MFA.
TEST(CliSimulateTest, AssumingARoleMeetsItsTrustPolicy) {
  const std::string app =
      " --action sts:AssumeRole --resource arn:aws:iam::111122223333:role/app-server";
  const std::string audit =
      " --action sts:AssumeRole --resource arn:aws:iam::111122223333:role/security-audit";
  // admin-1's AdministratorAccess allows every action, but app-server's trust policy names
  // only the EC2 service.
  RunResult r = Simulate(Principal("admin-1", "text") + app);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "implicitDeny  sts:AssumeRole on arn:aws:iam::111122223333:role/app-server\n"
            "    an identity policy allows it, but the resource's policy (a role's trust policy, a "
            "KMS key policy) must allow it too, and none of its statements does\n");
  // security-audit's trusts the account with MFA: both sides allow, with it.
  r = Simulate(Principal("admin-1") + audit);
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["decision"], "implicitDeny");
  EXPECT_EQ(results[0]["missingContextKeys"],
            nlohmann::json::array({"aws:MultiFactorAuthPresent"}));
  r = Simulate(Principal("admin-1") + audit + " --context aws:MultiFactorAuthPresent=boolean:true");
  results = Lines(r.out);
  ASSERT_EQ(results.size(), 1u) << r.out;
  EXPECT_EQ(results[0]["decision"], "allowed");
  ASSERT_EQ(results[0]["matchedStatements"].size(), 2u);
  EXPECT_EQ(results[0]["matchedStatements"][0]["policy"], "AdministratorAccess");
  EXPECT_EQ(results[0]["matchedStatements"][1]["policy"], "security-audit trust policy");
  EXPECT_EQ(results[0]["matchedStatements"][1]["policyType"], "resource");
  // user-1's identity policies do not allow sts:AssumeRole: the account's trust is not enough.
  EXPECT_EQ(Lines(Simulate(Principal("user-1") + audit +
                           " --context aws:MultiFactorAuthPresent=boolean:true")
                      .out)[0]["decision"],
            "implicitDeny");
  // Another action on the role is not the trust policy's to decide.
  EXPECT_EQ(
      Lines(Simulate(Principal("admin-1") +
                     " --action iam:GetRole --resource arn:aws:iam::111122223333:role/app-server")
                .out)[0]["decision"],
      "allowed");
  // --resource-policy gives the resource's policy in its place: a what-if trust policy that
  // names admin-1.
  std::string trust =
      WriteTemp("trust_admin.json",
                R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":)"
                R"("arn:aws:iam::111122223333:user/admin-1"},"Action":"sts:AssumeRole"}]})");
  results = Lines(Simulate(Principal("admin-1") + app + " --resource-policy '" + trust + "'").out);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["decision"], "allowed");
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

// --search-context: the keys an answer lacks, searched for values that allow it (a witness),
// or every class of values tried (none allows), or not every value (unknown).
TEST(CliSimulateTest, SearchContextFindsWitnessesOrTriesEveryClass) {
  const std::string mfa = Principal("user-1") +
                          " --action iam:CreateAccessKey --resource "
                          "arn:aws:iam::111122223333:user/user-1 --search-context";
  RunResult found = Simulate(mfa);
  ASSERT_EQ(found.status, 0) << found.err;
  std::vector<nlohmann::json> a = Lines(found.out);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0]["decision"], "implicitDeny");  // the answer as asked is unchanged
  EXPECT_EQ(a[0]["contextSearch"]["outcome"], "allowed");
  EXPECT_EQ(a[0]["contextSearch"]["context"],
            nlohmann::json::array({"aws:MultiFactorAuthPresent=boolean:true"}));

  RunResult text = Simulate(Principal("user-1", "text") +
                            " --action iam:CreateAccessKey --action iam:GetUser --resource "
                            "arn:aws:iam::111122223333:user/user-1 --search-context");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.substr(0, text.out.find("allowed       iam:GetUser")),
            "implicitDeny  iam:CreateAccessKey on arn:aws:iam::111122223333:user/user-1\n"
            "    no statement allows it\n"
            "    context keys the policies test but the request lacks: aws:MultiFactorAuthPresent\n"
            "    allowed with aws:MultiFactorAuthPresent=boolean:true (2 contexts tried)\n"
            "      Allow by ManageOwnAccessKeysWithMfa (user), statement 0 "
            "\"ManageOwnAccessKeysWithMfa\"\n");

  // Inside 10.0.0.0/9 and outside 10.0.0.0/8: no address is. The classes of aws:SourceIp are
  // those of 0.0.0.0, ::, 10.0.0.0, 10.128.0.0, 11.0.0.0, a non-address, a list and absence:
  // 8, after the request as asked.
  std::string never = WriteTemp(
      "never.json",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
      R"("Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/9"},"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]})");
  RunResult none = Simulate(
      "--policy '" + never +
      "' --action s3:GetObject --resource arn:aws:s3:::b/k --search-context --format text");
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_TRUE(
      absl::StrContains(none.out, "    no values of those keys allow it (9 contexts tried)\n"))
      << none.out;

  std::string glob = WriteTemp(
      "glob.json",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)"
      R"("Condition":{"StringLike":{"s3:prefix":"a?c"},"StringNotLike":{"s3:prefix":"a?c"}}}]})");
  RunResult unknown = Simulate(
      "--policy '" + glob +
      "' --action s3:GetObject --resource arn:aws:s3:::b/k --search-context --format json");
  ASSERT_EQ(unknown.status, 0) << unknown.err;
  std::vector<nlohmann::json> u = Lines(unknown.out);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0]["contextSearch"]["outcome"], "incomplete");
  EXPECT_EQ(u[0]["contextSearch"]["why"], "s3:prefix is tested with StringLike");

  ExpectBadInput(Principal("user-1", "aws") + " --action iam:GetUser --search-context",
                 "--search-context is not available with --format aws (the AWS response has no "
                 "place for it)");
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

TEST(CliSimulateTest, BoundaryGivenTakesThePlaceOfThePrincipals) {
  // app-server's boundary (app-boundary) allows only s3:* and logs:*, so its own DynamoDB grant
  // is implicitly denied; a boundary given on the command line is used instead of it, as the
  // API's PermissionsBoundaryPolicyInputList is ("the new permissions boundary policy is used").
  const std::string table =
      " --action dynamodb:GetItem --resource "
      "arn:aws:dynamodb:us-east-1:111122223333:table/lab-sessions";
  RunResult own = Simulate(Principal("app-server") + table);
  ASSERT_EQ(own.status, 0) << own.err;
  EXPECT_EQ(Lines(own.out)[0]["decision"], "implicitDeny");
  std::string dynamo = WriteTemp("dynamo-boundary.json", R"({"Version":"2012-10-17","Statement":
      {"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}})");
  RunResult replaced = Simulate(Principal("app-server") + " --boundary '" + dynamo + "'" + table);
  ASSERT_EQ(replaced.status, 0) << replaced.err;
  std::vector<nlohmann::json> r = Lines(replaced.out);
  EXPECT_EQ(r[0]["decision"], "allowed");
  EXPECT_EQ(r[0]["matchedStatements"][0]["policy"], "app-data-access");
  // And it restricts as the principal's own would: s3 is no longer within it.
  RunResult s3 = Simulate(Principal("app-server") + " --boundary '" + dynamo +
                          "' --action s3:GetObject --resource arn:aws:s3:::lab-app-data/x");
  ASSERT_EQ(s3.status, 0) << s3.err;
  EXPECT_EQ(Lines(s3.out)[0]["decision"], "implicitDeny");
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

TEST(CliSimulateTest, GroupPoliciesAsTheApiSimulatesAGroup) {
  // A group's own policies, as simulate-principal-policy takes a group's ARN: USER1GROUP's
  // ReadOnlyAccess. A group never calls: the caller is a user of its account whose principal
  // keys are unset.
  for (const std::string& group :
       {std::string("USER1GROUP"), std::string("arn:aws:iam::111122223333:group/USER1GROUP")}) {
    RunResult r = Simulate(Principal(group) + " --action iam:GetUser --action iam:DeleteGroup");
    ASSERT_EQ(r.status, 0) << r.err;
    std::vector<nlohmann::json> results = Lines(r.out);
    ASSERT_EQ(results.size(), 2u) << r.out;
    EXPECT_EQ(results[0]["decision"], "allowed");
    EXPECT_EQ(results[0]["matchedStatements"][0]["policy"], "ReadOnlyAccess");
    EXPECT_EQ(results[1]["decision"], "implicitDeny");
  }
  // The administrators group allows what USER1GROUP does not.
  RunResult admins = Simulate(Principal("Administrators") + " --action iam:DeleteGroup");
  ASSERT_EQ(admins.status, 0) << admins.err;
  EXPECT_EQ(Lines(admins.out)[0]["decision"], "allowed");
  // The caller is of the group's account: a resource of that account is its own, one of another
  // account needs that account's grant too.
  const std::string object = " --action s3:GetObject --resource arn:aws:s3:::b/k";
  RunResult own = Simulate(Principal("Administrators") + " --resource-owner 111122223333" + object);
  ASSERT_EQ(own.status, 0) << own.err;
  EXPECT_EQ(Lines(own.out)[0]["decision"], "allowed");
  RunResult other =
      Simulate(Principal("Administrators") + " --resource-owner 444455556666" + object);
  ASSERT_EQ(other.status, 0) << other.err;
  EXPECT_EQ(Lines(other.out)[0]["decision"], "implicitDeny");
  // Who calls decides a resource policy's statements: with a group's policies, the caller must
  // be named, as the API requires CallerArn then.
  std::string bucket =
      WriteTemp("group-bucket.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Principal":{"AWS":"arn:aws:iam::111122223333:user/user-1"},"Action":"s3:PutObject","Resource":"*"}]})");
  ExpectBadInput(Principal("USER1GROUP") + " --resource-policy '" + bucket +
                     "' --action s3:PutObject --resource arn:aws:s3:::b/k",
                 "--resource-policy with a group's policies needs --caller-arn (who calls decides "
                 "which of its statements apply)");
}

TEST(CliSimulateTest, ANameThatAUserAndAGroupHoldIsRefused) {
  // IAM keeps users, roles and groups apart: `ops` may be both. By name it is refused rather than
  // guessed; by ARN each is found.
  fs::path snapshot = TempDir() / "same-name-snapshot";
  fs::create_directories(snapshot);
  std::ofstream(snapshot / "gaad.json")
      << R"({"UserDetailList": [{"UserName": "ops", "UserId": "AIDAOPSEXAMPLE",
             "Arn": "arn:aws:iam::111122223333:user/ops", "GroupList": [],
             "AttachedManagedPolicies": [], "UserPolicyList": []}],
           "GroupDetailList": [{"GroupName": "ops", "GroupId": "AGPAOPSEXAMPLE",
             "Arn": "arn:aws:iam::111122223333:group/ops", "AttachedManagedPolicies": [],
             "GroupPolicyList": [{"PolicyName": "OpsRead", "PolicyDocument": {"Version": "2012-10-17",
               "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}]}],
           "RoleDetailList": [], "Policies": []})"
      << "\n";
  const std::string at =
      "--snapshot '" + snapshot.string() + "' --format json --action s3:GetObject";
  ExpectBadInput(at + " --principal ops",
                 "--principal `ops` names a user and a group of the snapshot: give the ARN of one");
  RunResult user = Simulate(at + " --principal arn:aws:iam::111122223333:user/ops");
  ASSERT_EQ(user.status, 0) << user.err;
  EXPECT_EQ(Lines(user.out)[0]["decision"], "implicitDeny");
  RunResult group = Simulate(at + " --principal arn:aws:iam::111122223333:group/ops");
  ASSERT_EQ(group.status, 0) << group.err;
  EXPECT_EQ(Lines(group.out)[0]["decision"], "allowed");
  EXPECT_EQ(Lines(group.out)[0]["matchedStatements"][0]["policy"], "OpsRead");
}

TEST(CliSimulateTest, CallerArnCallsWithThePrincipalsPolicies) {
  // As the API's CallerArn: "as if Bob had David's policies". A bucket policy grants s3:PutObject
  // to user-1 alone; user-1's own policies (read-only) do not.
  std::string bucket =
      WriteTemp("caller-bucket.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Principal":{"AWS":"arn:aws:iam::111122223333:user/user-1"},"Action":"s3:PutObject","Resource":"*"}]})");
  std::string common =
      " --resource-policy '" + bucket + "' --action s3:PutObject --resource arn:aws:s3:::b/k";
  RunResult self = Simulate(Principal("admin-1") + common);
  ASSERT_EQ(self.status, 0) << self.err;
  EXPECT_EQ(Lines(self.out)[0]["decision"], "allowed");  // admin-1's own AdministratorAccess
  RunResult as_user1 = Simulate(Principal("security-audit") +
                                " --caller-arn arn:aws:iam::111122223333:user/user-1" + common);
  ASSERT_EQ(as_user1.status, 0) << as_user1.err;
  std::vector<nlohmann::json> r = Lines(as_user1.out);
  ASSERT_EQ(r.size(), 1u) << as_user1.out;
  EXPECT_EQ(r[0]["decision"], "allowed");
  EXPECT_EQ(r[0]["matchedStatements"][0]["policyType"], "resource");
  RunResult as_bob = Simulate(Principal("security-audit") +
                              " --caller-arn arn:aws:iam::111122223333:user/bob" + common);
  ASSERT_EQ(as_bob.status, 0) << as_bob.err;
  EXPECT_EQ(Lines(as_bob.out)[0]["decision"], "implicitDeny");
  // The caller's principal keys are the caller's: aws:username is user-1's name.
  std::string named =
      WriteTemp("caller-named.json", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Action":"s3:PutObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]})");
  RunResult home = Simulate(Principal("security-audit") + " --policy '" + named +
                            "' --caller-arn arn:aws:iam::111122223333:user/user-1 --action "
                            "s3:PutObject --resource arn:aws:s3:::home/user-1/notes");
  ASSERT_EQ(home.status, 0) << home.err;
  EXPECT_EQ(Lines(home.out)[0]["decision"], "allowed");
}

TEST(CliSimulateTest, ResourceOwnerAsAnAccountArn) {
  // The API's ResourceOwner is an account's ARN; an id works too. Another account's resource
  // needs its resource policy's grant as well, which there is none of here.
  for (const std::string& owner :
       {std::string("444455556666"), std::string("arn:aws:iam::444455556666:root")}) {
    RunResult r = Simulate(Principal("admin-1") + " --resource-owner " + owner +
                           " --action s3:GetObject --resource arn:aws:s3:::b/k");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(Lines(r.out)[0]["decision"], "implicitDeny") << owner;
  }
  RunResult same = Simulate(Principal("admin-1") +
                            " --resource-owner 111122223333"
                            " --action s3:GetObject --resource arn:aws:s3:::b/k");
  ASSERT_EQ(same.status, 0) << same.err;
  EXPECT_EQ(Lines(same.out)[0]["decision"], "allowed");
}

TEST(CliSimulateTest, AResourceTheActionDoesNotActOnIsNoted) {
  // iam:DeleteGroup acts on groups (arn:${Partition}:iam::${Account}:group/...), not users: the
  // answer is still the one for the request as given, with a note on stderr.
  RunResult user = Simulate(Principal("user-1") + " --action iam:DeleteGroup --resource " +
                            "arn:aws:iam::111122223333:user/user-1");
  ASSERT_EQ(user.status, 0) << user.err;
  EXPECT_EQ(Lines(user.out)[0]["decision"], "implicitDeny");
  EXPECT_EQ(user.err,
            "vouch: note: `arn:aws:iam::111122223333:user/user-1` is not a resource "
            "iam:DeleteGroup acts on (group: "
            "arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}); the answer is for the "
            "request as given\n");
  // A group, `*` and a pattern are not noted.
  for (const char* resource :
       {"arn:aws:iam::111122223333:group/USER1GROUP", "*", "arn:aws:iam::111122223333:group/*"}) {
    RunResult r =
        Simulate(Principal("user-1") + " --action iam:DeleteGroup --resource '" + resource + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "") << resource;
  }
  // An action with no resource type is authorized against `*` only.
  RunResult list = Simulate(Principal("user-1") + " --action s3:ListAllMyBuckets --resource " +
                            "arn:aws:s3:::lab-app-data");
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_EQ(list.err,
            "vouch: note: s3:ListAllMyBuckets acts on no resource type: AWS authorizes it "
            "against `*`, not `arn:aws:s3:::lab-app-data`; the answer is for the request as "
            "given\n");
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

// With --verbose, a batch says its scale on stderr: cases answered, bytes, time and threads, and
// how many documents were read, a document repeated in later cases being read once.
TEST(CliSimulateTest, BatchVerboseSaysItsScale) {
  const std::string x =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})";
  const std::string y =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}})";
  const std::string request =
      R"("request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"})";
  std::string text = R"({"id":1,"identityPolicies":[)" + x + "]," + request + "}\n" +
                     R"({"id":2,"identityPolicies":[)" + x + "," + y + "]," + request + "}\n" +
                     R"({"id":3,"identityPolicies":[)" + y + "]," + request + "}\n";
  std::string cases = WriteTemp("verbose.jsonl", text);
  RunResult r = Simulate("--verbose --cases '" + cases + "'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 3u);
  EXPECT_TRUE(std::regex_match(
      r.err, std::regex("vouch: answered 3 cases \\(0\\.0 MB\\) in [0-9]+\\.[0-9]{3} s on 1 "
                        "thread; 2 policy documents read \\(a document repeated while its reader "
                        "holds it is read once\\)\n")))
      << r.err;
}

// A batch of several megabytes is cut into ranges decided on every core, each worker writing the
// finished ranges that are next in line: the answers come out in the input's order, one per
// case, the bad ones in their place, whichever worker decided them.
TEST(CliSimulateTest, BatchDecidedOnEveryCoreAnswersInOrder) {
  const std::string allow =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}})";
  std::string text;
  const int kCases = 12000;  // about 4 MB: more than a dozen ranges
  for (int i = 0; i < kCases; ++i) {
    // Every 1000th case names an unknown action; the others are allowed when i is even.
    const std::string action = i % 1000 == 999 ? "s3:GetObjekt" : "s3:GetObject";
    const std::string key = i % 2 == 0 ? "b/k" : "c/k";
    text += absl::StrCat(
        R"({"id":)", i, R"(,"identityPolicies":[)", allow, R"(,{"Statement":[{"Sid":"Pad)", i,
        R"(","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}],"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":")",
        action, R"(","resource":"arn:aws:s3:::)", key, R"("}})", "\n");
  }
  ASSERT_GT(text.size(), size_t{3} << 20);
  std::string cases = WriteTemp("many.jsonl", text);
  RunResult r = Simulate("--cases '" + cases + "'");
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), static_cast<size_t>(kCases)) << r.err;
  for (int i = 0; i < kCases; ++i) {
    ASSERT_EQ(results[i]["id"], i);
    if (i % 1000 == 999) {
      EXPECT_EQ(results[i]["error"],
                absl::StrCat(cases, ":", i + 1,
                             ": /request/action: unknown "
                             "action `s3:GetObjekt` (did you mean `s3:GetObject`?)"));
    } else {
      EXPECT_EQ(results[i]["decision"], i % 2 == 0 ? "allowed" : "implicitDeny") << i;
    }
  }
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, absl::StrCat("vouch: ", cases,
                                ":1000: /request/action: unknown action "
                                "`s3:GetObjekt` (did you mean `s3:GetObject`?) (and 11 more cases "
                                "with errors)\n"));
}

// Cases are read, then compiled, then evaluated in rounds; an error found while compiling is
// located by reading its own line again, after later lines were read: each error names its line
// and the statement at fault, and the cases around them are answered.
TEST(CliSimulateTest, BatchLocatesCompileErrorsOnTheirOwnLines) {
  const std::string allow =
      R"("identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}])";
  const std::string request =
      R"("request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"})";
  std::string cases = WriteTemp(
      "rounds.jsonl",
      "{\"id\":1," + allow + "," + request + "}\n" +
          R"({"id":2,"identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}],)" +
          request + "}\n" + "{\"id\":3," + allow + "," + request + "}\n" +
          R"({"id":4,"resourcePolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Principal":"*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]},)" +
          request + "}\n" + "{\"id\":5," + allow + "," + request + "}\n");
  RunResult r = Simulate("--cases '" + cases + "'");
  std::vector<nlohmann::json> results = Lines(r.out);
  ASSERT_EQ(results.size(), 5u) << r.out << r.err;
  for (int i : {0, 2, 4}) {
    EXPECT_EQ(results[i]["id"], i + 1);
    EXPECT_EQ(results[i]["decision"], "allowed") << i;
  }
  EXPECT_EQ(results[1]["error"], cases +
                                     ":2: /identityPolicies/0/Statement: action `GetObject` is "
                                     "not of the form `service:action`");
  EXPECT_EQ(results[3]["error"], cases +
                                     ":4: /resourcePolicy/Statement/1: statement has neither "
                                     "`Principal` nor `NotPrincipal`");
  EXPECT_EQ(r.status, 2);
}

// A generator piped into vouch: the cases come from a pipe, which cannot be mapped, so they are
// read; the answers are those of the same cases in a file.
TEST(CliSimulateTest, BatchReadsCasesFromAPipe) {
  std::string cases = WriteTemp("piped.jsonl",
      R"({"id":"a","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}],"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}})"
      "\n"
      R"({"id":"b","request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObjekt"}})"
      "\n");
  RunResult from_file = Simulate("--cases '" + cases + "'");
  RunResult piped =
      RunShell("cat '" + cases + "' | '" + VOUCH_BINARY + "' simulate --cases /dev/stdin");
  std::vector<nlohmann::json> results = Lines(piped.out);
  ASSERT_EQ(results.size(), 2u) << piped.out << piped.err;
  EXPECT_EQ(results[0]["decision"], "allowed");
  EXPECT_EQ(results[1]["error"], "/dev/stdin:2: /request/action: unknown action `s3:GetObjekt` "
                                 "(did you mean `s3:GetObject`?)");
  EXPECT_EQ(piped.status, 2);
  // The same answers as from the file, but for the name the errors give it.
  std::string renamed = from_file.out;
  for (size_t at; (at = renamed.find(cases)) != std::string::npos;) {
    renamed.replace(at, cases.size(), "/dev/stdin");
  }
  EXPECT_EQ(piped.out, renamed);
}

// `--cases -` reads standard input, piped or redirected from a file, and messages name it
// `<stdin>`.
TEST(CliSimulateTest, BatchReadsStandardInputAsDash) {
  std::string cases = WriteTemp(
      "dash.jsonl",
      R"({"id":"a","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}],"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}})"
      "\n"
      R"({"id":"b","request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObjekt"}})"
      "\n");
  RunResult from_file = Simulate("--cases '" + cases + "'");
  std::string renamed = from_file.out;
  for (size_t at; (at = renamed.find(cases)) != std::string::npos;) {
    renamed.replace(at, cases.size(), "<stdin>");
  }
  ASSERT_NE(renamed, from_file.out);  // the error line names the input
  const std::string vouch = VOUCH_BINARY;
  for (const std::string& feed : {"cat '" + cases + "' | '" + vouch + "' simulate --cases -",
                                  "'" + vouch + "' simulate --cases - < '" + cases + "'"}) {
    RunResult r = RunShell(feed);
    EXPECT_EQ(r.out, renamed) << feed;
    EXPECT_EQ(r.status, 2) << feed;
    EXPECT_NE(r.err.find("<stdin>:2: /request/action: unknown action `s3:GetObjekt`"),
              std::string::npos)
        << feed << ": " << r.err;
  }
}

// A case file cut short while vouch reads it (another program rewriting it) is bad input: one
// line naming the file and exit code 2, not a crash. vouch cannot run far ahead of a reader of
// its output, so the test holds the output pipe unread while it cuts the file.
TEST(CliSimulateTest, BatchFileCutShortWhileReadIsBadInput) {
  const std::string line =
      R"({"id":"a","identityPolicies":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}],"request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}})"
      "\n";
  std::string text;
  while (text.size() < (size_t{24} << 20)) text += line;  // 24 MB, far past what vouch runs ahead
  std::string cases = WriteTemp("cut.jsonl", text);
  std::string err_path = (TempDir() / "cut_stderr.txt").string();
  std::string command =
      std::string("'") + VOUCH_BINARY + "' simulate --cases '" + cases + "' 2>'" + err_path + "'";
  FILE* p = popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[1 << 16];
  ASSERT_EQ(fread(buf, 1, 1, p), 1u);  // vouch has opened the file and answered
  fs::resize_file(cases, 0);
  std::string out(buf, 1);
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  int raw = pclose(p);
  ASSERT_TRUE(WIFEXITED(raw)) << raw;
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  EXPECT_EQ(Slurp(err_path), "vouch: " + cases + ": the file was cut short while vouch read it\n");
  EXPECT_LT(out.size(), text.size() / 2);  // stopped early: not every case was answered
}

// ---- --format aws: the response of `aws iam simulate-principal-policy` ------------------------

// The EvaluationResults of a run that must succeed.
nlohmann::json AwsResults(const std::string& args) {
  RunResult r = Simulate(args + " --format aws");
  EXPECT_EQ(r.status, 0) << args << "\n" << r.err;
  nlohmann::json response = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(response.is_discarded()) << r.out;
  if (response.is_discarded()) return nlohmann::json::array();
  EXPECT_EQ(response.size(), 1u) << r.out;  // the CLI prints EvaluationResults alone
  return response["EvaluationResults"];
}

nlohmann::json Position(int line, int column) { return {{"Line", line}, {"Column", column}}; }

nlohmann::json Cited(const std::string& id, const std::string& type, nlohmann::json start,
                     nlohmann::json end) {
  return {{"SourcePolicyId", id}, {"SourcePolicyType", type}, {"StartPosition", start},
          {"EndPosition", end}};
}

// The AWS CLI's documented example (simulate-custom-policy, Example 1), replayed: the same
// one-line policy, action and context give the documented output, which predates
// SourcePolicyType (the API now returns it: `none` for PolicyInputList entries).
TEST(CliSimulateTest, AwsFormatReproducesTheDocumentedExample) {
  std::string policy = WriteTemp("documented.json",
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}})");
  nlohmann::json documented = nlohmann::json::parse(R"([{
      "EvalActionName": "dynamodb:CreateBackup",
      "EvalResourceName": "*",
      "EvalDecision": "allowed",
      "MatchedStatements": [{"SourcePolicyId": "PolicyInputList.1", "SourcePolicyType": "none",
                             "StartPosition": {"Line": 1, "Column": 38},
                             "EndPosition": {"Line": 1, "Column": 167}}],
      "MissingContextValues": []}])");
  EXPECT_EQ(AwsResults("--policy '" + policy + "' --action dynamodb:CreateBackup"
                       " --context aws:CurrentTime=date:2019-04-25T11:00:00Z"),
            documented);
  // Example 2: an earlier date, an implicit deny and no statement.
  nlohmann::json denied = AwsResults("--policy '" + policy + "' --action dynamodb:CreateBackup"
                                     " --context aws:CurrentTime=date:2014-04-25T11:00:00Z");
  EXPECT_EQ(denied, nlohmann::json::parse(R"([{"EvalActionName": "dynamodb:CreateBackup",
      "EvalResourceName": "*", "EvalDecision": "implicitDeny", "MatchedStatements": [],
      "MissingContextValues": []}])"));
}

// Two policy files: each statement is cited by the request parameter AWS would have received
// it in and by where it sits in that file.
TEST(CliSimulateTest, AwsFormatCitesPolicyFilesWithPositions) {
  std::string allow = WriteTemp("allow-s3.json", "{\"Version\": \"2012-10-17\",\n"
                                                 "  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}\n");
  // Line 2 of allow-s3.json: `  "Statement": {...}}`: `{` in column 16, `}` in column 69.
  std::string deny = WriteTemp("deny-delete.json", R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
    {
      "Sid": "NoDeletes",
      "Effect": "Deny",
      "Action": "s3:DeleteObject",
      "Resource": "*"
    }
  ]
}
)");
  // deny-delete.json: statement 1 opens in column 5 of line 5 and closes in column 5 of line 10.
  nlohmann::json r = AwsResults("--policy '" + allow + "' --policy '" + deny +
                                "' --action s3:GetObject --action s3:DeleteObject");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["EvalDecision"], "allowed");
  EXPECT_EQ(r[0]["MatchedStatements"],
            nlohmann::json::array({Cited("PolicyInputList.1", "none", Position(2, 17), Position(2, 70))}));
  EXPECT_EQ(r[1]["EvalDecision"], "explicitDeny");
  EXPECT_EQ(r[1]["MatchedStatements"],
            nlohmann::json::array({Cited("PolicyInputList.2", "none", Position(5, 6), Position(10, 6))}));
  // Neither SCPs nor a boundary took part, and `*` has no resource-specific results.
  for (const nlohmann::json& result : r) {
    EXPECT_FALSE(result.contains("OrganizationsDecisionDetail")) << result;
    EXPECT_FALSE(result.contains("PermissionsBoundaryDecisionDetail")) << result;
    EXPECT_FALSE(result.contains("EvalDecisionDetails")) << result;
    EXPECT_FALSE(result.contains("ResourceSpecificResults")) << result;
  }
}

// The lab: ReadOnlyAccess's statement 0 spans lines 231 to 1747 of the snapshot's file, its
// braces in column 29 (the document is an object there, so positions count in the file).
TEST(CliSimulateTest, AwsFormatOnTheLab) {
  nlohmann::json r = AwsResults("--snapshot '" + kLab + "' --principal user-1 --action iam:GetUser");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["MatchedStatements"], nlohmann::json::array({Cited(
      "ReadOnlyAccess", "aws-managed", Position(231, 30), Position(1747, 30))}));
  // user-1's inline policy: lines 18 to 32, column 29.
  nlohmann::json mfa = AwsResults(
      "--snapshot '" + kLab + "' --principal user-1 --action iam:CreateAccessKey --resource "
      "arn:aws:iam::111122223333:user/user-1 --context aws:MultiFactorAuthPresent=boolean:true");
  ASSERT_EQ(mfa.size(), 1u);
  nlohmann::json statement =
      Cited("ManageOwnAccessKeysWithMfa", "user", Position(18, 30), Position(32, 30));
  EXPECT_EQ(mfa[0]["MatchedStatements"], nlohmann::json::array({statement}));
  // A resource was given: EvalDecisionDetails is present and empty (same account), and the
  // resource's own result repeats the decision and the statements.
  EXPECT_EQ(mfa[0]["EvalDecisionDetails"], nlohmann::json::object());
  nlohmann::json specific = {{"EvalResourceName", "arn:aws:iam::111122223333:user/user-1"},
                             {"EvalResourceDecision", "allowed"},
                             {"MatchedStatements", nlohmann::json::array({statement})},
                             {"MissingContextValues", nlohmann::json::array()}};
  EXPECT_EQ(mfa[0]["ResourceSpecificResults"], nlohmann::json::array({specific}));
}

// SCPs in the evaluation: OrganizationsDecisionDetail says whether they allow. This one allows
// only s3, so sqs:SendMessage, allowed by the identity policy, is implicitly denied.
TEST(CliSimulateTest, AwsFormatWithAnScp) {
  std::string identity = WriteTemp("allow-all.json",
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
  std::string scp = WriteTemp("scp-s3-only.json",
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})");
  nlohmann::json r = AwsResults("--policy '" + identity + "' --scp '" + scp +
                                "' --action s3:GetObject --action sqs:SendMessage");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["EvalDecision"], "allowed");
  EXPECT_EQ(r[0]["OrganizationsDecisionDetail"], nlohmann::json({{"AllowedByOrganizations", true}}));
  EXPECT_EQ(r[1]["EvalDecision"], "implicitDeny");
  EXPECT_EQ(r[1]["OrganizationsDecisionDetail"], nlohmann::json({{"AllowedByOrganizations", false}}));
  EXPECT_FALSE(r[1].contains("PermissionsBoundaryDecisionDetail"));
  // With a resource: EvalDecisionDetails is empty where the SCP allows, and absent where it
  // denies ("the simulation ends", says the API reference).
  nlohmann::json on = AwsResults("--policy '" + identity + "' --scp '" + scp +
                                 "' --action s3:GetObject --action sqs:SendMessage"
                                 " --resource arn:aws:sqs:us-east-1:000000000000:q");
  ASSERT_EQ(on.size(), 2u);
  EXPECT_EQ(on[0]["EvalDecisionDetails"], nlohmann::json::object());
  EXPECT_FALSE(on[1].contains("EvalDecisionDetails")) << on[1];
  EXPECT_EQ(on[1]["ResourceSpecificResults"][0]["EvalResourceDecision"], "implicitDeny");
}

// A permissions boundary given as a file: PermissionsBoundaryDecisionDetail on every result, and
// its Deny statement cited as PermissionsBoundaryPolicyInputList.1 (line 3, columns 3 and 66:
// `  {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]}`).
TEST(CliSimulateTest, AwsFormatWithABoundary) {
  std::string identity = WriteTemp("allow-all-2.json",
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})");
  std::string boundary = WriteTemp("boundary-s3.json",
      "{\"Version\": \"2012-10-17\", \"Statement\": [\n"
      "  {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n"
      "  {\"Effect\": \"Deny\", \"Action\": \"s3:DeleteObject\", \"Resource\": \"*\"}]}\n");
  nlohmann::json r = AwsResults("--policy '" + identity + "' --boundary '" + boundary +
                                "' --action s3:GetObject --action sqs:SendMessage"
                                " --action s3:DeleteObject");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0]["EvalDecision"], "allowed");
  EXPECT_EQ(r[0]["PermissionsBoundaryDecisionDetail"],
            nlohmann::json({{"AllowedByPermissionsBoundary", true}}));
  EXPECT_EQ(r[1]["EvalDecision"], "implicitDeny");
  EXPECT_EQ(r[1]["PermissionsBoundaryDecisionDetail"],
            nlohmann::json({{"AllowedByPermissionsBoundary", false}}));
  EXPECT_FALSE(r[1].contains("OrganizationsDecisionDetail"));
  EXPECT_EQ(r[2]["EvalDecision"], "explicitDeny");
  EXPECT_EQ(r[2]["PermissionsBoundaryDecisionDetail"],
            nlohmann::json({{"AllowedByPermissionsBoundary", false}}));
  EXPECT_EQ(r[2]["MatchedStatements"],
            nlohmann::json::array({Cited("PermissionsBoundaryPolicyInputList.1", "none",
                                         Position(3, 4), Position(3, 67))}));
}

// A resource policy is the request's ResourcePolicy; a resource owned by another account makes
// the request cross-account, where AWS fills EvalDecisionDetails with keys the API reference
// does not list: vouch leaves it out rather than guess them.
TEST(CliSimulateTest, AwsFormatWithAResourcePolicy) {
  std::string identity = WriteTemp("allow-get.json",
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})");
  // Line 2: `{"Effect":"Allow","Principal":{...},...}]}`: the statement's braces in columns 1 and 136.
  std::string bucket = WriteTemp("bucket-alice.json", std::string("{\"Version\":\"2012-10-17\",\"Statement\":[\n") +
      R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]})" "\n");
  std::string args = "--policy '" + identity + "' --resource-policy '" + bucket +
                     "' --caller-arn arn:aws:iam::111122223333:user/alice --action s3:GetObject"
                     " --resource arn:aws:s3:::shared/x";
  nlohmann::json same = AwsResults(args);
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0]["EvalDecision"], "allowed");
  nlohmann::json resource_statement = Cited("ResourcePolicy", "resource", Position(2, 2), Position(2, 137));
  EXPECT_NE(std::find(same[0]["MatchedStatements"].begin(), same[0]["MatchedStatements"].end(),
                      resource_statement), same[0]["MatchedStatements"].end())
      << same[0]["MatchedStatements"];
  EXPECT_EQ(same[0]["EvalDecisionDetails"], nlohmann::json::object());
  EXPECT_EQ(same[0]["ResourceSpecificResults"].size(), 1u);

  nlohmann::json cross = AwsResults(args + " --resource-owner 444455556666");
  ASSERT_EQ(cross.size(), 1u);
  EXPECT_FALSE(cross[0].contains("EvalDecisionDetails")) << cross[0];
  EXPECT_EQ(cross[0]["ResourceSpecificResults"][0]["EvalResourceName"], "arn:aws:s3:::shared/x");
}

// A snapshot whose inline policy is URL-encoded, as the raw IAM API returns it: positions count
// in the decoded document, whose line 2 is
//   "Statement":[{"Sid":"Enc","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}
// with the statement's braces in columns 14 and 82.
TEST(CliSimulateTest, AwsFormatCountsInADecodedDocument) {
  std::string document =
      "{\"Version\":\"2012-10-17\",\n"
      R"("Statement":[{"Sid":"Enc","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})";
  std::string encoded;
  for (unsigned char c : document) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", c);
    encoded += std::isalnum(c) ? std::string(1, static_cast<char>(c)) : std::string(hex);
  }
  fs::path snapshot = TempDir() / "encoded-snapshot";
  fs::create_directories(snapshot);
  std::ofstream(snapshot / "gaad.json")
      << R"({"UserDetailList": [{"UserName": "enc-user", "UserId": "AIDAENCODEDEXAMPLE",
             "Arn": "arn:aws:iam::111122223333:user/enc-user", "GroupList": [],
             "AttachedManagedPolicies": [],
             "UserPolicyList": [{"PolicyName": "EncodedInline", "PolicyDocument": ")"
      << encoded << "\"}]}], \"GroupDetailList\": [], \"RoleDetailList\": [], \"Policies\": []}\n";
  nlohmann::json r = AwsResults("--snapshot '" + snapshot.string() +
                                "' --principal enc-user --action s3:GetObject");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["MatchedStatements"], nlohmann::json::array({Cited(
      "EncodedInline", "user", Position(2, 15), Position(2, 83))}));
}

TEST(CliSimulateTest, BadInputExitsTwoWithOneLine) {
  ExpectBadInput("--snapshot '" + kLab + "' --principal nobody --action iam:GetUser",
                 "`nobody` is not a user, role or group of the snapshot (user-1, admin-1, "
                 "app-server, security-audit, USER1GROUP, Administrators)");
  ExpectBadInput(
      "--snapshot '" + kLab + "' --principal user-1 --caller-arn bob --action iam:GetUser",
      "--caller-arn `bob`: expected the ARN of an IAM user or role "
      "(arn:aws:iam::111122223333:user/name)");
  ExpectBadInput(
      "--snapshot '" + kLab + "' --principal user-1 --resource-owner 1111 --action iam:GetUser",
      "--resource-owner `1111`: expected a 12-digit account id or an account's ARN "
      "(arn:aws:iam::111122223333:root)");
  ExpectBadInput(
      "--snapshot '" + kLab + "' --principal user-1 --resource bucket/key --action s3:GetObject",
      "--resource `bucket/key`: expected an ARN or `*`");
  // Options meant for one request are not silently dropped in batch mode.
  ExpectBadInput("--cases /nonexistent/cases.jsonl --resource '*' --context aws:x=string:y",
                 "--cases takes no --resource, --context: each case gives its own policies and "
                 "request");
  ExpectBadInput("--snapshot '" + kLab + "' --principal user-1 --action 'iam:Get*'",
                 "--action `iam:Get*`: a request names one action, not a pattern (`vouch actions "
                 "'iam:Get*'` lists the actions it matches)");
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
