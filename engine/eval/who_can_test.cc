// WhoCan: every user and role of a hand-built account asked the same requests; expectations
// derived by hand from AWS's evaluation logic.
#include "engine/eval/who_can.h"

#include "absl/strings/str_cat.h"
#include "engine/eval/iam_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::Allow;
using testing::Cond;
using testing::Deny;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::MakePolicy;
using testing::WithCondition;

constexpr char kAccount[] = "111122223333";

// alice (group readers: s3:Get*), bob (his home prefix by tag, a Deny on one bucket), role app
// (s3:* within a boundary allowing only s3:GetObject), role ops (iam:* with MFA).
// A user, role or group of account 111122223333 named `name`, with `id` (its ARN from both).
template <typename T>
T Principal(absl::string_view kind, std::string name, std::string id = "") {
  T p;
  p.arn = absl::StrCat("arn:aws:iam::111122223333:", kind, "/", name);
  p.name = std::move(name);
  p.id = std::move(id);
  return p;
}

Account MakeAccount() {
  Account a;
  a.account_id = kAccount;
  Group readers = Principal<Group>("group", "readers");
  readers.inline_policies = {
      {"read", MakePolicy("read", {Allow({"s3:Get*"}),
                                   WithCondition(
                                       Allow({"iam:GetUser"}),
                                       Cond("StringEquals", "aws:PrincipalTag/dept", {"eng"}))})}};
  a.groups.push_back(std::move(readers));
  User alice = Principal<User>("user", "alice", "AIDAALICE");
  alice.groups = {"readers"};
  a.users.push_back(std::move(alice));
  User bob = Principal<User>("user", "bob", "AIDABOB");
  bob.inline_policies = {
      {"home",
       MakePolicy("home", {Allow({"s3:*"}, {"arn:aws:s3:::teams/${aws:PrincipalTag/team}/*"}),
                           Deny({"s3:*"}, {"arn:aws:s3:::secret/*"})})}};
  bob.tags = {{"team", "blue"}};
  a.users.push_back(std::move(bob));
  ManagedPolicy only_get;
  only_get.arn = "arn:aws:iam::111122223333:policy/only-get";
  only_get.name = "only-get";
  only_get.document = MakePolicy("only-get", {Allow({"s3:GetObject"})});
  a.policies.push_back(std::move(only_get));
  Role app = Principal<Role>("role", "app", "AROAAPP");
  app.inline_policies = {{"all-s3", MakePolicy("all-s3", {Allow({"s3:*"})})}};
  app.permissions_boundary_arn = "arn:aws:iam::111122223333:policy/only-get";
  a.roles.push_back(std::move(app));
  Role ops = Principal<Role>("role", "ops", "AROAOPS");
  ops.inline_policies = {
      {"iam-mfa", MakePolicy("iam-mfa", {WithCondition(Allow({"iam:*"}),
                                                       Cond("Bool", "aws:MultiFactorAuthPresent",
                                                            {"true"}))})}};
  a.roles.push_back(std::move(ops));
  return a;
}

const PrincipalAnswer& Find(const WhoCanAnswer& a, absl::string_view name) {
  for (const PrincipalAnswer& p : a.principals) {
    if (p.name() == name) return p;
  }
  ADD_FAILURE() << "no principal " << name;
  return a.principals.at(0);
}

WhoCanAnswer Ask(const Account& account, WhoCanQuery q) {
  CompileCache cache;
  absl::StatusOr<WhoCanAnswer> a = WhoCan(account, q, cache);
  EXPECT_TRUE(a.ok()) << a.status();
  return a.value_or(WhoCanAnswer{});
}

TEST(WhoCan, UsersThenRolesEachWithTheirOwnPolicies) {
  Account account = MakeAccount();
  WhoCanAnswer a = Ask(account, {.actions = {"s3:GetObject", "s3:PutObject"},
                                 .resources = {"arn:aws:s3:::teams/blue/x"}});
  ASSERT_EQ(a.principals.size(), 4u);
  EXPECT_EQ(a.principals[0].name(), "alice");
  EXPECT_EQ(a.principals[1].name(), "bob");
  EXPECT_EQ(a.principals[2].kind(), "role");
  EXPECT_EQ(a.principals[3].name(), "ops");
  // alice: her group's s3:Get*; not PutObject.
  const PrincipalAnswer& alice = Find(a, "alice");
  EXPECT_EQ(alice.standing, Standing::kAllowed);
  ASSERT_EQ(alice.results.size(), 2u);
  EXPECT_EQ(alice.results[0].decision, Decision::kAllowed);
  ASSERT_EQ(alice.results[0].matched.size(), 1u);
  EXPECT_EQ(alice.results[0].matched[0].origin, PolicyOrigin::kGroup);
  EXPECT_EQ(alice.results[1].decision, Decision::kImplicitDeny);
  // bob: his tag team=blue fills the variable, so both.
  const PrincipalAnswer& bob = Find(a, "bob");
  EXPECT_EQ(bob.results[0].decision, Decision::kAllowed);
  EXPECT_EQ(bob.results[1].decision, Decision::kAllowed);
  // app: s3:* within a boundary of s3:GetObject.
  const PrincipalAnswer& app = Find(a, "app");
  EXPECT_EQ(app.results[0].decision, Decision::kAllowed);
  EXPECT_EQ(app.results[1].decision, Decision::kImplicitDeny);
  EXPECT_FALSE(app.results[1].allowed_by_permission_boundary);
  // ops: nothing on s3, whatever the context.
  EXPECT_EQ(Find(a, "ops").standing, Standing::kDenied);
}

TEST(WhoCan, TagsGivenInTheContextWin) {
  Account account = MakeAccount();
  WhoCanQuery q{.actions = {"s3:PutObject"}, .resources = {"arn:aws:s3:::teams/blue/x"}};
  q.context.Set(ContextValue{"aws:PrincipalTag/team", ContextType::kString, false, {"red"}});
  EXPECT_EQ(Find(Ask(account, q), "bob").standing, Standing::kDenied);
}

TEST(WhoCan, ExplicitDenyAndContextDependence) {
  Account account = MakeAccount();
  WhoCanAnswer a =
      Ask(account, {.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::secret/k"}});
  EXPECT_EQ(Find(a, "bob").results[0].decision, Decision::kExplicitDeny);
  EXPECT_EQ(Find(a, "bob").standing, Standing::kDenied);
  EXPECT_EQ(Find(a, "alice").standing, Standing::kAllowed);

  // ops is not allowed as asked (no MFA key), but is with aws:MultiFactorAuthPresent true.
  WhoCanAnswer iam = Ask(account, {.actions = {"iam:DeleteGroup"}, .resources = {"*"}});
  const PrincipalAnswer& ops = Find(iam, "ops");
  EXPECT_EQ(ops.results[0].decision, Decision::kImplicitDeny);
  EXPECT_THAT(ops.results[0].missing_context_keys, ElementsAre("aws:MultiFactorAuthPresent"));
  EXPECT_EQ(ops.standing, Standing::kAllowedWithContext);
  EXPECT_EQ(ops.searched, 1u);
  ASSERT_NE(ops.witness.Find("aws:MultiFactorAuthPresent"), nullptr);
  EXPECT_THAT(ops.witness.Find("aws:MultiFactorAuthPresent")->values, ElementsAre("true"));
  EXPECT_EQ(ops.witness_result.decision, Decision::kAllowed);
  EXPECT_EQ(Find(iam, "alice").standing, Standing::kDenied);
  EXPECT_EQ(Find(iam, "alice").searched, 0u);
  EXPECT_THAT(Find(iam, "alice").results[0].missing_context_keys, IsEmpty());

  // With MFA absent as a given value the search has nothing to try: denied.
  WhoCanQuery no_mfa{.actions = {"iam:DeleteGroup"}, .resources = {"*"}};
  no_mfa.context.Set(
      ContextValue{"aws:MultiFactorAuthPresent", ContextType::kBoolean, false, {"false"}});
  EXPECT_EQ(Find(Ask(account, no_mfa), "ops").standing, Standing::kDenied);

  WhoCanQuery with_mfa{.actions = {"iam:DeleteGroup"}, .resources = {"*"}};
  with_mfa.context.Set(
      ContextValue{"aws:MultiFactorAuthPresent", ContextType::kBoolean, false, {"true"}});
  EXPECT_EQ(Find(Ask(account, with_mfa), "ops").standing, Standing::kAllowed);
}

// alice has no dept tag, and a caller cannot give her one: denied, not allowed "with
// aws:PrincipalTag/dept=eng".
TEST(WhoCan, APrincipalsTagsAreFactsNotContext) {
  Account account = MakeAccount();
  WhoCanAnswer a = Ask(account, {.actions = {"iam:GetUser"}, .resources = {"*"}});
  const PrincipalAnswer& alice = Find(a, "alice");
  EXPECT_THAT(alice.results[0].missing_context_keys, ElementsAre("aws:PrincipalTag/dept"));
  EXPECT_EQ(alice.standing, Standing::kDenied);
  EXPECT_EQ(alice.searched, 1u);
  account.users[0].tags["dept"] = "eng";
  EXPECT_EQ(Find(Ask(account, {.actions = {"iam:GetUser"}, .resources = {"*"}}), "alice").standing,
            Standing::kAllowed);
}

TEST(WhoCan, SharedScpLevelsApplyToEveryone) {
  Account account = MakeAccount();
  WhoCanQuery q{.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::teams/blue/x"}};
  q.shared.scp_levels.push_back(
      {testing::Apply(MakePolicy("no-s3", {Allow({"ec2:*"})}), PolicyType::kScp)});
  WhoCanAnswer a = Ask(account, q);
  for (const PrincipalAnswer& p : a.principals) {
    EXPECT_EQ(p.standing, Standing::kDenied) << p.name();
    EXPECT_FALSE(p.results[0].allowed_by_organizations) << p.name();
  }
}

TEST(WhoCan, CallersOutsideTheAccountThatAResourcePolicyNamesAreAsked) {
  // The bucket lets account 444455556666 read, the role ops of 777788889999 write, and everyone
  // list; the account's own role app is named too, and is asked as one of the account's.
  Policy bucket = MakePolicy(
      "bucket",
      {testing::WithPrincipal(Allow({"s3:GetObject"}, {"arn:aws:s3:::teams/*"}), {"444455556666"}),
       testing::WithPrincipal(Allow({"s3:PutObject"}, {"arn:aws:s3:::teams/*"}),
                              {"arn:aws:iam::777788889999:role/ops"}),
       testing::WithPrincipal(Allow({"s3:ListBucket"}, {"arn:aws:s3:::teams"}), {"*"}),
       testing::WithPrincipal(Allow({"s3:*"}, {"arn:aws:s3:::teams/*"}),
                              {"arn:aws:iam::111122223333:role/app"})});
  std::vector<OutsideCaller> outside = OutsideCallers(bucket, kAccount);
  std::vector<std::string> arns;
  for (const OutsideCaller& c : outside) arns.push_back(c.arn);
  EXPECT_THAT(arns,
              ElementsAre("", "arn:aws:iam::000000000000:user/outside-caller",
                          "arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:role/ops"));
  EXPECT_EQ(outside[0].name, "an anonymous caller");
  EXPECT_EQ(outside[1].name, "a caller of another account");

  Account account = MakeAccount();
  WhoCanQuery q{.actions = {"s3:GetObject", "s3:PutObject", "s3:ListBucket"},
                .resources = {"arn:aws:s3:::teams/blue/x"}};
  q.shared.resource_policy = testing::Apply(bucket, PolicyType::kResource);
  WhoCanAnswer a = Ask(account, q);
  ASSERT_EQ(a.principals.size(), 8u);  // 2 users, 2 roles, 4 callers from outside
  EXPECT_EQ(a.principals[4].kind(), "outside");
  // Each outside caller's own policies allow everything: the bucket policy decides.
  const PrincipalAnswer& partner = Find(a, "arn:aws:iam::444455556666:root");
  EXPECT_EQ(partner.standing, Standing::kAllowed);
  EXPECT_EQ(partner.results[0].decision, Decision::kAllowed);       // GetObject
  EXPECT_EQ(partner.results[1].decision, Decision::kImplicitDeny);  // PutObject
  const PrincipalAnswer& ops = Find(a, "arn:aws:iam::777788889999:role/ops");
  EXPECT_EQ(ops.results[0].decision, Decision::kImplicitDeny);
  EXPECT_EQ(ops.results[1].decision, Decision::kAllowed);
  // ListBucket is on the bucket, not on the object asked about: no one outside may.
  EXPECT_EQ(Find(a, "an anonymous caller").standing, Standing::kDenied);
  EXPECT_EQ(Find(a, "a caller of another account").standing, Standing::kDenied);
  // On the bucket itself, everyone may list.
  q.resources = {"arn:aws:s3:::teams"};
  WhoCanAnswer on_bucket = Ask(account, q);
  EXPECT_EQ(Find(on_bucket, "an anonymous caller").results[2].decision, Decision::kAllowed);
  EXPECT_EQ(Find(on_bucket, "a caller of another account").results[2].decision, Decision::kAllowed);
  // The account's SCPs do not bind callers of other accounts.
  q.resources = {"arn:aws:s3:::teams/blue/x"};
  q.shared.scp_levels.push_back(
      {testing::Apply(MakePolicy("no-s3", {Allow({"ec2:*"})}), PolicyType::kScp)});
  EXPECT_EQ(Find(Ask(account, q), "arn:aws:iam::444455556666:root").standing, Standing::kAllowed);
  // Without a resource policy, no one outside the account is asked.
  EXPECT_EQ(Ask(account, {.actions = {"s3:GetObject"}, .resources = {"*"}}).principals.size(), 4u);
}

TEST(WhoCan, AServiceTheResourcePolicyNamesIsAskedWithNoPoliciesOfItsOwn) {
  // CloudTrail may write the bucket's logs when it writes for this account; account 444455556666
  // may read. An RCP denies s3 to callers that are not AWS services unless they are of the
  // organization: it binds the partner (an IAM principal, aws:PrincipalIsAWSService=false) and
  // not the service.
  Policy bucket = MakePolicy(
      "bucket",
      {WithCondition(testing::WithServicePrincipal(Allow({"s3:PutObject"}, {"arn:aws:s3:::logs/*"}),
                                                   "cloudtrail.amazonaws.com"),
                     Cond("StringEquals", "aws:SourceAccount", {kAccount})),
       testing::WithPrincipal(Allow({"s3:*"}, {"arn:aws:s3:::logs/*"}), {"444455556666"})});
  std::vector<OutsideCaller> outside = OutsideCallers(bucket, kAccount);
  ASSERT_EQ(outside.size(), 4u);
  EXPECT_EQ(outside[2].arn, "cloudtrail.amazonaws.com");
  EXPECT_EQ(outside[2].name, "the AWS service cloudtrail.amazonaws.com");
  EXPECT_EQ(outside[2].kind, OutsideCaller::Kind::kService);
  EXPECT_EQ(outside[0].kind, OutsideCaller::Kind::kAnonymous);
  EXPECT_EQ(outside[3].kind, OutsideCaller::Kind::kOtherAccount);

  Account account = MakeAccount();
  WhoCanQuery q{.actions = {"s3:PutObject"}, .resources = {"arn:aws:s3:::logs/AWSLogs/x"}};
  q.shared.resource_policy = testing::Apply(bucket, PolicyType::kResource);
  WhoCanAnswer a = Ask(account, q);
  const PrincipalAnswer& service = Find(a, "the AWS service cloudtrail.amazonaws.com");
  EXPECT_EQ(service.kind(), "service");
  // Allowed only when it writes for this account: the search finds the value.
  ASSERT_EQ(service.standing, Standing::kAllowedWithContext);
  ASSERT_NE(service.witness.Find("aws:SourceAccount"), nullptr);
  EXPECT_THAT(service.witness.Find("aws:SourceAccount")->values, ElementsAre(kAccount));
  // The resource policy alone let it in: a service has no identity policies.
  ASSERT_EQ(service.witness_result.matched.size(), 1u);
  EXPECT_EQ(service.witness_result.matched[0].policy_type, PolicyType::kResource);

  q.shared.rcp_levels.push_back({testing::Apply(
      MakePolicy("perimeter",
                 {WithCondition(WithCondition(testing::WithPrincipal(Deny({"s3:*"}), {"*"}),
                                              Cond("Bool", "aws:PrincipalIsAWSService", {"false"})),
                                Cond("StringNotEquals", "aws:PrincipalOrgID", {"o-mine"}))}),
      PolicyType::kRcp)});
  q.context.Set(ContextValue{"aws:SourceAccount", ContextType::kString, false, {kAccount}});
  WhoCanAnswer fenced = Ask(account, q);
  EXPECT_EQ(Find(fenced, "the AWS service cloudtrail.amazonaws.com").standing, Standing::kAllowed);
  // The partner is denied whatever its organization, but one: o-mine.
  const PrincipalAnswer& partner = Find(fenced, "arn:aws:iam::444455556666:root");
  EXPECT_EQ(partner.results[0].decision, Decision::kExplicitDeny);
  ASSERT_EQ(partner.standing, Standing::kAllowedWithContext);
  EXPECT_THAT(partner.witness.Find("aws:PrincipalOrgID")->values, ElementsAre("o-mine"));
}

TEST(WhoCan, UsersOfAnIdentityProviderATrustPolicyNamesAreAsked) {
  // GitHub Actions may assume the role from one repository's main branch.
  constexpr char kGitHub[] =
      "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
  Policy trust = MakePolicy(
      "deploy trust policy",
      {WithCondition(WithCondition(testing::NoResource(testing::WithFederatedPrincipal(
                                       Allow({"sts:AssumeRoleWithWebIdentity"}), kGitHub)),
                                   Cond("StringEquals", "token.actions.githubusercontent.com:aud",
                                        {"sts.amazonaws.com"})),
                     Cond("StringLike", "token.actions.githubusercontent.com:sub",
                          {"repo:acme/app:ref:refs/heads/main"}))});
  std::vector<OutsideCaller> outside = OutsideCallers(trust, kAccount);
  ASSERT_EQ(outside.size(), 3u);
  EXPECT_EQ(outside[2].arn, kGitHub);
  EXPECT_EQ(outside[2].name, absl::StrCat("a user federated by ", kGitHub));
  EXPECT_EQ(outside[2].kind, OutsideCaller::Kind::kFederated);

  Account account = MakeAccount();
  WhoCanQuery q{.actions = {"sts:AssumeRoleWithWebIdentity"},
                .resources = {"arn:aws:iam::111122223333:role/deploy"}};
  q.shared.resource_policy = testing::Apply(trust, PolicyType::kResource);
  WhoCanAnswer a = Ask(account, q);
  const PrincipalAnswer& github = Find(a, absl::StrCat("a user federated by ", kGitHub));
  EXPECT_EQ(github.kind(), "federated");
  // Allowed with the token's claims the trust policy names, and only with them.
  ASSERT_EQ(github.standing, Standing::kAllowedWithContext);
  EXPECT_THAT(github.witness.Find("token.actions.githubusercontent.com:sub")->values,
              ElementsAre("repo:acme/app:ref:refs/heads/main"));
  EXPECT_THAT(github.witness.Find("token.actions.githubusercontent.com:aud")->values,
              ElementsAre("sts.amazonaws.com"));
  // No one of the account may: the trust policy names the provider alone.
  for (const PrincipalAnswer& p : a.principals) {
    if (p.user != nullptr || p.role != nullptr) {
      EXPECT_EQ(p.standing, Standing::kDenied) << p.name();
    }
  }
  EXPECT_EQ(github.witness.Find("aws:PrincipalIsAWSService"), nullptr);
  // Cognito's name reads like a service's, but its users are not AWS services: no service keys.
  Policy cognito = MakePolicy(
      "cognito trust policy",
      {WithCondition(
          testing::NoResource(testing::WithFederatedPrincipal(
              Allow({"sts:AssumeRoleWithWebIdentity"}), "cognito-identity.amazonaws.com")),
          Cond("StringEquals", "cognito-identity.amazonaws.com:aud", {"us-east-1:pool"}))});
  WhoCanQuery qc = q;
  qc.shared.resource_policy = testing::Apply(cognito, PolicyType::kResource);
  WhoCanAnswer ac = Ask(account, qc);
  const PrincipalAnswer& pool = Find(ac, "a user federated by cognito-identity.amazonaws.com");
  EXPECT_EQ(pool.kind(), "federated");
  ASSERT_EQ(pool.standing, Standing::kAllowedWithContext);
  EXPECT_EQ(pool.witness.Find("aws:PrincipalIsAWSService"), nullptr);
  EXPECT_EQ(pool.witness.Find("aws:PrincipalServiceName"), nullptr);
  // Given a claim from another repository, the provider's user is denied.
  q.context.Set(ContextValue{"token.actions.githubusercontent.com:sub",
                             ContextType::kString,
                             false,
                             {"repo:evil/fork:ref:refs/heads/main"}});
  EXPECT_EQ(Find(Ask(account, q), absl::StrCat("a user federated by ", kGitHub)).standing,
            Standing::kDenied);
}

TEST(WhoCan, ACanonicalUserTheBucketNamesIsAskedAsAnotherAccount) {
  // A CloudFront origin access identity (an S3 canonical user id) may read the bucket.
  const std::string oai(64, 'a');
  Statement read = Allow({"s3:GetObject"}, {"arn:aws:s3:::site/*"});
  read.principal = PrincipalElement{};
  read.principal->canonical_user = {oai};
  Policy bucket = MakePolicy("bucket", {read});
  std::vector<OutsideCaller> outside = OutsideCallers(bucket, kAccount);
  ASSERT_EQ(outside.size(), 3u);
  EXPECT_EQ(outside[2].arn, oai);
  EXPECT_EQ(outside[2].name, "the canonical user " + oai);
  EXPECT_EQ(outside[2].kind, OutsideCaller::Kind::kOtherAccount);
  Account account = MakeAccount();
  WhoCanQuery q{.actions = {"s3:GetObject", "s3:PutObject"},
                .resources = {"arn:aws:s3:::site/index.html"}};
  q.shared.resource_policy = testing::Apply(bucket, PolicyType::kResource);
  WhoCanAnswer a = Ask(account, q);
  const PrincipalAnswer& p = Find(a, "the canonical user " + oai);
  EXPECT_EQ(p.kind(), "outside");
  EXPECT_EQ(p.standing, Standing::kAllowed);
  EXPECT_EQ(p.results[0].decision, Decision::kAllowed);       // GetObject
  EXPECT_EQ(p.results[1].decision, Decision::kImplicitDeny);  // PutObject
  EXPECT_EQ(Find(a, "a caller of another account").standing, Standing::kDenied);
}

TEST(WhoCan, AnAccountThatNamesAMissingPolicyIsAnError) {
  Account account = MakeAccount();
  account.roles[0].permissions_boundary_arn = "arn:aws:iam::111122223333:policy/gone";
  CompileCache cache;
  absl::StatusOr<WhoCanAnswer> a =
      WhoCan(account, {.actions = {"s3:GetObject"}, .resources = {"*"}}, cache);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(),
            "permissions boundary `arn:aws:iam::111122223333:policy/gone` is not in the snapshot");
}

}  // namespace
}  // namespace vouch::iam
