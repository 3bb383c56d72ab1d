// `vouch who-can` end to end on the lab account (examples/lab): every expectation is derived by
// hand from the lab's policies (examples/lab/IAM-SOURCES.md): user-1 reads through
// ReadOnlyAccess and manages its own keys only with MFA; admin-1 has AdministratorAccess;
// app-server reads and writes lab-app-data within a boundary of s3:* and logs:*; security-audit
// reads everything but is denied data reads.
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_run.h"

namespace {

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kLab = kSource + "/examples/lab";
const std::string kObject = "arn:aws:s3:::lab-app-data/report.csv";
const std::string kUser1 = "arn:aws:iam::111122223333:user/user-1";

using Result = vouch::test::CliResult;
using vouch::test::Vouch;

std::string WhoCan(const std::string& args) { return "who-can --snapshot '" + kLab + "' " + args; }

// Each principal's standing in a JSON answer, by name.
std::map<std::string, std::string> Standings(const nlohmann::json& j) {
  std::map<std::string, std::string> out;
  for (const auto& p : j["principals"]) out[p["name"]] = p["standing"];
  return out;
}

// Three of the lab's principals may, and security-audit's inline Deny stops it.
const std::map<std::string, std::string> kAllButSecurityAudit = {{"user-1", "allowed"},
                                                                 {"admin-1", "allowed"},
                                                                 {"app-server", "allowed"},
                                                                 {"security-audit", "denied"}};

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(CliWhoCanTest, ReadOnlyUserCanReadAppDataSoTheClaimIsViolated) {
  Result r = Vouch(WhoCan("--action s3:GetObject --resource " + kObject +
                          " --only app-server --only Administrators"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "who can s3:GetObject on " + kObject + "\n")) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out, "  account 111122223333: 2 users and 2 roles, 1 request each (4 decisions)\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "\nallowed (3):\n")) << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "  role app-server (arn:aws:iam::111122223333:role/app-server)\n"
      "    allowed  s3:GetObject on " +
          kObject +
          "\n"
          "      Allow by app-data-access (user-managed), statement 0 \"ReadWriteAppObjects\"\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out, "\ndenied (1):\n  role security-audit: explicitDeny s3:GetObject on " + kObject +
                 ", Deny by DenyDataReads (role), statement 0 \"DenyDataReads\"\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "\nclaim: only app-server, Administrators can: violated\n"
                                "  user user-1 is allowed s3:GetObject on " +
                                    kObject +
                                    "\n"
                                    "    Allow by ReadOnlyAccess (aws-managed), statement "))
      << r.out;
  // admin-1 is in Administrators, so the claim names it: it is no violation.
  EXPECT_FALSE(absl::StrContains(r.out, "user admin-1 is allowed")) << r.out;
}

TEST(CliWhoCanTest, KeysTheContextLacksAreSearchedForValuesThatAllow) {
  // user-1 may delete its own keys only with MFA: not as asked, but with
  // aws:MultiFactorAuthPresent true, which the search finds.
  const std::string ask = "--action iam:DeleteAccessKey --resource " + kUser1 + " --only admin-1";
  Result found = Vouch(WhoCan(ask));
  EXPECT_EQ(found.exit_code, 1) << found.out;
  EXPECT_TRUE(absl::StrContains(found.out,
                                "\nallowed with other values of keys the context lacks (1):\n"
                                "  user user-1 (" +
                                    kUser1 +
                                    ")\n"
                                    "    allowed  iam:DeleteAccessKey on " +
                                    kUser1 +
                                    " with aws:MultiFactorAuthPresent=boolean:true\n"
                                    "      Allow by ManageOwnAccessKeysWithMfa (user), statement 0 "
                                    "\"ManageOwnAccessKeysWithMfa\"\n"))
      << found.out;
  EXPECT_TRUE(absl::StrContains(found.out,
                                "claim: only admin-1 can: violated\n"
                                "  user user-1 is allowed iam:DeleteAccessKey on " +
                                    kUser1 + " with aws:MultiFactorAuthPresent=boolean:true\n"))
      << found.out;

  Result with_mfa = Vouch(WhoCan(ask + " --context aws:MultiFactorAuthPresent=boolean:true"));
  EXPECT_EQ(with_mfa.exit_code, 1) << with_mfa.out;
  EXPECT_TRUE(absl::StrContains(with_mfa.out,
                                "  user user-1 is allowed iam:DeleteAccessKey on " + kUser1 +
                                    "\n"
                                    "    Allow by ManageOwnAccessKeysWithMfa (user), statement 0 "
                                    "\"ManageOwnAccessKeysWithMfa\"\n"))
      << with_mfa.out;

  Result json = Vouch(WhoCan(ask + " --format json"));
  ASSERT_EQ(json.exit_code, 1) << json.out;
  nlohmann::json j = nlohmann::json::parse(json.out);
  const nlohmann::json& user1 = j["principals"][0];
  EXPECT_EQ(user1["standing"], "allowedWithContext");
  EXPECT_EQ(user1["requests"][0]["decision"], "implicitDeny");
  EXPECT_EQ(user1["search"]["witness"]["context"],
            nlohmann::json::array({"aws:MultiFactorAuthPresent=boolean:true"}));
  EXPECT_EQ(user1["search"]["witness"]["decision"], "allowed");
  EXPECT_EQ(j["claim"]["violations"][0]["request"]["context"],
            nlohmann::json::array({"aws:MultiFactorAuthPresent=boolean:true"}));

  // A context that gives the key settles it: no other value is tried.
  Result without = Vouch(WhoCan(ask + " --context aws:MultiFactorAuthPresent=boolean:false"));
  EXPECT_EQ(without.exit_code, 0) << without.out;
  EXPECT_TRUE(absl::StrContains(without.out, "claim: only admin-1 can: holds\n")) << without.out;
  EXPECT_TRUE(
      absl::StrContains(without.out, "  user user-1: implicitDeny, no statement allows it\n"))
      << without.out;
}

TEST(CliWhoCanTest, AServiceTheBucketLetsInViolatesTheClaimUnlessNamed) {
  // CloudTrail may write under AWSLogs/ when it writes for this account.
  std::string bucket = WriteFile(
      "who_can_service.json",
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Trail","Effect":"Allow","Principal":)"
      R"({"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":)"
      R"("arn:aws:s3:::lab-app-data/AWSLogs/*","Condition":{"StringEquals":)"
      R"({"aws:SourceAccount":"111122223333"}}}]})");
  const std::string object = "arn:aws:s3:::lab-app-data/AWSLogs/111122223333/x.json.gz";
  Result r = Vouch(WhoCan("--action s3:PutObject --resource " + object + " --resource-policy '" +
                          bucket + "' --only Administrators --only app-server"));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "  the AWS service cloudtrail.amazonaws.com (outside the account; "
                                "no policies of its own: the resource policy alone decides)\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "  the AWS service cloudtrail.amazonaws.com is allowed "
                                "s3:PutObject on " +
                                    object + " with aws:SourceAccount=string:111122223333\n"))
      << r.out;
  Result json = Vouch(WhoCan("--action s3:PutObject --resource " + object + " --resource-policy '" +
                             bucket + "' --format json"));
  ASSERT_EQ(json.exit_code, 0) << json.out;
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(Standings(j)["the AWS service cloudtrail.amazonaws.com"], "allowedWithContext");
  // Named, the service is let be: the claim holds.
  Result named =
      Vouch(WhoCan("--action s3:PutObject --resource " + object + " --resource-policy '" + bucket +
                   "' --only Administrators --only app-server "
                   "--only cloudtrail.amazonaws.com"));
  EXPECT_EQ(named.exit_code, 0) << named.out;
  // A name neither of the account nor from outside it is still an error: the account's own id
  // or an ARN in it that names no user, role or group too.
  for (const char* name : {"nobody", "111122223333", "arn:aws:iam::111122223333:user/nobody"}) {
    EXPECT_EQ(
        Vouch(WhoCan("--action s3:PutObject --resource " + object + " --only " + name)).exit_code,
        2)
        << name;
  }
}

TEST(CliWhoCanTest, WhoCanAssumeARoleIsDecidedByItsTrustPolicy) {
  // app-server trusts the EC2 service alone: no principal of the account may assume it, though
  // admin-1 may call every action.
  const std::string role = "arn:aws:iam::111122223333:role/app-server";
  Result r = Vouch(WhoCan("--action sts:AssumeRole --resource " + role + " --format json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> standings = Standings(j);
  EXPECT_EQ(standings["the AWS service ec2.amazonaws.com"], "allowed");
  for (const char* who : {"user-1", "admin-1", "app-server", "security-audit",
                          "an anonymous caller", "a caller of another account"}) {
    EXPECT_EQ(standings[who], "denied") << who;
  }
  Result text = Vouch(WhoCan("--action sts:AssumeRole --resource " + role));
  EXPECT_TRUE(absl::StrContains(text.out, "; the trust policy of role app-server\n")) << text.out;
  EXPECT_TRUE(absl::StrContains(
      text.out,
      "  user admin-1: implicitDeny, not allowed by the resource's policy, which must allow it "
      "too\n"))
      << text.out;
  // The claim that no one but the service may holds.
  EXPECT_EQ(
      Vouch(WhoCan("--action sts:AssumeRole --resource " + role + " --only ec2.amazonaws.com"))
          .exit_code,
      0);
  // On `*`, no trust policy is asked, and a note says so.
  Result star = Vouch(WhoCan("--action sts:AssumeRole"));
  EXPECT_EQ(star.exit_code, 0) << star.out;
  EXPECT_TRUE(
      absl::StrContains(star.out,
                        "vouch: note: sts:AssumeRole on `*` is decided here by the identity "
                        "policies alone, as it names no role of the snapshot with a trust "
                        "policy; AWS asks the role's trust policy too\n"))
      << star.out;
  EXPECT_FALSE(absl::StrContains(text.out, "vouch: note:")) << text.out;
  // Two roles: each request meets its own role's trust policy. The EC2 service may assume
  // app-server alone; admin-1 security-audit alone, with MFA.
  Result two = Vouch(WhoCan("--action sts:AssumeRole --resource " + role +
                            " --resource arn:aws:iam::111122223333:role/security-audit "
                            "--format json"));
  ASSERT_EQ(two.exit_code, 0) << two.out;
  nlohmann::json both = nlohmann::json::parse(two.out);
  EXPECT_EQ(both["sharedPolicies"],
            nlohmann::json::array({"the trust policies of roles app-server, security-audit, each "
                                   "on requests to assume its role"}));
  std::map<std::string, std::string> s2 = Standings(both);
  EXPECT_EQ(s2["the AWS service ec2.amazonaws.com"], "allowed");
  EXPECT_EQ(s2["admin-1"], "allowedWithContext");
  EXPECT_EQ(s2["user-1"], "denied");
  for (const auto& p : both["principals"]) {
    if (p["name"] == "the AWS service ec2.amazonaws.com") {
      EXPECT_EQ(p["requests"][0]["decision"], "allowed");       // app-server
      EXPECT_EQ(p["requests"][1]["decision"], "implicitDeny");  // security-audit
    }
  }
}

TEST(CliWhoCanTest, UsersOfAnIdentityProviderAreAskedAndMayBeNamed) {
  // A what-if trust policy for app-server: GitHub Actions from one repository.
  const std::string github =
      "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
  std::string trust = WriteFile(
      "who_can_oidc.json",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":")" +
          github +
          R"("},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":)"
          R"({"token.actions.githubusercontent.com:sub":"repo:acme/app:*"}}}]})");
  const std::string ask =
      "--action sts:AssumeRoleWithWebIdentity --resource "
      "arn:aws:iam::111122223333:role/app-server --resource-policy '" +
      trust + "'";
  Result r = Vouch(WhoCan(ask + " --format json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(Standings(j)["a user federated by " + github], "allowedWithContext");
  bool found = false;
  for (const auto& p : j["principals"]) {
    if (p["name"] == "a user federated by " + github) {
      found = true;
      EXPECT_EQ(p["kind"], "federated");
      EXPECT_EQ(p["arn"], github);
    }
  }
  EXPECT_TRUE(found) << r.out;
  // The claim that only the provider's users may: it holds, naming the provider.
  EXPECT_EQ(Vouch(WhoCan(ask + " --only Administrators")).exit_code, 1);
  EXPECT_EQ(Vouch(WhoCan(ask + " --only " + github)).exit_code, 0);
}

TEST(CliWhoCanTest, KeysNoFiniteSearchCoversAreUnknownNeverDenied) {
  // A bucket policy grants everyone s3:DeleteObject under a condition no value meets; the search
  // cannot try every value of a StringLike key, so it does not call anyone denied.
  std::string bucket = WriteFile(
      "who_can_glob.json",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
      R"("Action":"s3:DeleteObject","Resource":"arn:aws:s3:::lab-app-data/*","Condition":)"
      R"({"StringLike":{"s3:prefix":"a?c"},"StringNotLike":{"s3:prefix":"a?c"}}}]})");
  Result r = Vouch(WhoCan("--action s3:DeleteObject --resource " + kObject +
                          " --resource-policy '" + bucket + "' --only admin-1"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  // The three principals of the account the grant does not pass through, and the two callers
  // from outside it that the policy's `*` lets in.
  EXPECT_TRUE(absl::StrContains(r.out, "\ndepends on context (unknown) (5):\n")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "  an anonymous caller (outside the account; unsigned: the "
                                "resource policy alone decides)\n"))
      << r.out;
  EXPECT_TRUE(absl::StrContains(
      r.out,
      "claim: only admin-1 can: unknown\n"
      "  user user-1 is not allowed s3:DeleteObject on " +
          kObject +
          " with the context given, but its policies test s3:prefix, which the context lacks, "
          "and not every value could be tried (s3:prefix is tested with StringLike): give "
          "them with --context\n"))
      << r.out;
}

TEST(CliWhoCanTest, PatternsAreExpandedAndOnlyAdministratorsCanDeleteOrStopTheTrail) {
  Result r =
      Vouch(WhoCan("--action 'iam:Delete*' --action cloudtrail:StopLogging "
                   "--only Administrators"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "who can iam:Delete*, cloudtrail:StopLogging (")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "\nallowed (1):\n  user admin-1 (")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "  role app-server: implicitDeny for all ")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "not allowed by its permissions boundary)\n")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "claim: only Administrators can: holds\n")) << r.out;
}

TEST(CliWhoCanTest, AResourceNoneOfTheActionsActsOnIsNoted) {
  // s3:GetObject acts on objects, not buckets; of s3:Get*'s actions, some act on buckets (so the
  // bucket is not noted) and none on IAM users.
  Result bucket = Vouch(WhoCan("--action s3:GetObject --resource arn:aws:s3:::lab-app-data"));
  EXPECT_EQ(bucket.exit_code, 0) << bucket.out;
  EXPECT_TRUE(absl::StartsWith(bucket.out,
                               "vouch: note: `arn:aws:s3:::lab-app-data` is not a resource "
                               "s3:GetObject acts on (accesspointobject: "))
      << bucket.out;
  Result get = Vouch(WhoCan("--action 's3:Get*' --resource arn:aws:s3:::lab-app-data"));
  EXPECT_EQ(get.exit_code, 0) << get.out;
  EXPECT_FALSE(absl::StrContains(get.out, "note:")) << get.out;
  Result user =
      Vouch(WhoCan("--action 's3:Get*' --resource arn:aws:iam::111122223333:user/user-1"));
  EXPECT_EQ(user.exit_code, 0) << user.out;
  EXPECT_TRUE(absl::StartsWith(user.out,
                               "vouch: note: `arn:aws:iam::111122223333:user/user-1` is not a "
                               "resource any of the "))
      << user.out;
  EXPECT_TRUE(
      absl::StrContains(user.out, " actions acts on; the answer is for the requests as given\n"))
      << user.out;
}

TEST(CliWhoCanTest, JsonNamesEachPrincipalsStandingAndTheWitness) {
  Result r = Vouch(
      WhoCan("--action s3:GetObject --resource " + kObject + " --only admin-1 --format json"));
  ASSERT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["account"], "111122223333");
  EXPECT_EQ(j["scale"]["decisions"], 4);
  EXPECT_EQ(Standings(j), kAllButSecurityAudit);
  EXPECT_EQ(j["claim"]["verdict"], "violated");
  EXPECT_EQ(j["claim"]["principals"],
            nlohmann::json::array({"arn:aws:iam::111122223333:user/admin-1"}));
  ASSERT_EQ(j["claim"]["violations"].size(), 2u);
  EXPECT_EQ(j["claim"]["violations"][0]["name"], "user-1");
  EXPECT_EQ(j["claim"]["violations"][0]["request"]["decision"], "allowed");
  EXPECT_EQ(j["claim"]["violations"][0]["request"]["matchedStatements"][0]["policy"],
            "ReadOnlyAccess");
  EXPECT_EQ(j["claim"]["violations"][1]["name"], "app-server");
}

TEST(CliWhoCanTest, SharedScpAndResourcePolicyApplyToEveryPrincipal) {
  std::string scp = WriteFile(
      "who_can_scp.json",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},)"
      R"({"Effect":"Deny","Action":"s3:*","Resource":"*"}]})");
  Result denied = Vouch(WhoCan("--action s3:GetObject --resource " + kObject + " --scp '" + scp +
                               "' --only security-audit"));
  EXPECT_EQ(denied.exit_code, 0) << denied.out;
  EXPECT_TRUE(absl::StrContains(denied.out,
                                "policies: each principal's identity policies and "
                                "permissions boundary; 1 SCP level\n"))
      << denied.out;
  EXPECT_FALSE(absl::StrContains(denied.out, "\nallowed (")) << denied.out;

  // A same-account grant to user-1's ARN allows it alone; admin-1 and app-server write through
  // their identity policies (app-server's boundary allows s3:*).
  std::string bucket = WriteFile(
      "who_can_bucket.json",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":")" + kUser1 +
          R"("},"Action":"s3:PutObject","Resource":"arn:aws:s3:::lab-app-data/*"}]})");
  Result put = Vouch(WhoCan("--action s3:PutObject --resource " + kObject + " --resource-policy '" +
                            bucket + "' --format json"));
  ASSERT_EQ(put.exit_code, 0) << put.out;
  nlohmann::json j = nlohmann::json::parse(put.out);
  std::map<std::string, std::string> standings = kAllButSecurityAudit;
  standings["an anonymous caller"] = "denied";  // the grant names user-1 alone
  standings["a caller of another account"] = "denied";
  EXPECT_EQ(Standings(j), standings);
  EXPECT_EQ(j["scale"]["outside"], 2);
  EXPECT_EQ(j["principals"][0]["requests"][0]["matchedStatements"][0]["policyType"], "resource");
}

TEST(CliWhoCanTest, ACallerOfAnotherAccountTheBucketLetsInViolatesTheClaim) {
  // The bucket lets account 444455556666 read: whatever its own policies, the claim that only
  // app-server and the administrators can read does not hold.
  std::string bucket = WriteFile(
      "who_can_partner.json",
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":)"
      R"({"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::lab-app-data/*"}]})");
  Result r =
      Vouch(WhoCan("--action s3:GetObject --resource " + kObject + " --resource-policy '" + bucket +
                   "' --only app-server --only Administrators --only user-1 " + "--format json"));
  ASSERT_EQ(r.exit_code, 1) << r.out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scale"]["outside"], 3);
  EXPECT_EQ(Standings(j)["arn:aws:iam::444455556666:root"], "allowed");
  ASSERT_EQ(j["claim"]["violations"].size(), 1u);
  const nlohmann::json& v = j["claim"]["violations"][0];
  EXPECT_EQ(v["kind"], "outside");
  EXPECT_EQ(v["arn"], "arn:aws:iam::444455556666:root");
  EXPECT_EQ(v["request"]["matchedStatements"][1]["sid"], "Partner");
  // A canonical user id is asked as another account, and may be named too.
  const std::string oai(64, 'b');
  std::string site = WriteFile(
      "who_can_canonical.json",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"CanonicalUser":")" +
          oai + R"("},"Action":"s3:GetObject","Resource":"arn:aws:s3:::lab-app-data/*"}]})");
  const std::string ask_site = "--action s3:GetObject --resource " + kObject +
                               " --resource-policy '" + site +
                               "' --only app-server --only Administrators --only user-1";
  EXPECT_EQ(Vouch(WhoCan(ask_site)).exit_code, 1);
  EXPECT_EQ(Vouch(WhoCan(ask_site + " --only " + oai)).exit_code, 0);
  // The claim may name the partner: by its account id (asked as its root) it then holds.
  EXPECT_EQ(Vouch(WhoCan("--action s3:GetObject --resource " + kObject + " --resource-policy '" +
                         bucket + "' --only app-server --only Administrators --only user-1 " +
                         "--only 444455556666"))
                .exit_code,
            0);
  // Without the grant, only the account's principals may: the claim holds.
  std::string none =
      WriteFile("who_can_no_partner.json",
                R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",)"
                R"("Action":"s3:DeleteObject","Resource":"arn:aws:s3:::lab-app-data/*"}]})");
  EXPECT_EQ(Vouch(WhoCan("--action s3:GetObject --resource " + kObject + " --resource-policy '" +
                         none + "' --only app-server --only Administrators --only user-1"))
                .exit_code,
            0);
}

TEST(CliWhoCanTest, BadInputIsOneLineAndExitTwo) {
  struct Case {
    std::string args;
    std::string message;
  };
  const Case cases[] = {
      {WhoCan("--action iam:DeleteGrup"),
       "vouch: --action: unknown action `iam:DeleteGrup` (did you mean `iam:DeleteGroup`?)\n"},
      {WhoCan("--action iam:GetUser --only nobody"),
       "vouch: `nobody` is not a user, role or group of the snapshot (user-1, admin-1, "
       "app-server, security-audit, USER1GROUP, Administrators)\n"},
      {WhoCan("--action iam:GetUser --resource bucket"),
       "vouch: --resource `bucket`: expected an ARN or `*`\n"},
      {WhoCan("--action iam:GetUser --format xml"),
       "vouch: unknown format `xml` (expected text, json, junit or sarif)\n"},
      {WhoCan("--action iam:GetUser --context aws:SourceIp=ip"),
       "vouch: --context `aws:SourceIp=ip`: expected KEY=TYPE:VALUE (e.g. "
       "aws:MultiFactorAuthPresent=boolean:true)\n"},
      {"who-can --snapshot '" + kLab + "/aws_configs' --action iam:GetUser",
       "vouch: " + kLab +
           "/aws_configs: no IAM export found (expected the output of `aws iam "
           "get-account-authorization-details` among its JSON files)\n"},
  };
  for (const Case& c : cases) {
    Result r = Vouch(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.out;
    EXPECT_EQ(r.out, c.message) << c.args;
  }
}

}  // namespace
