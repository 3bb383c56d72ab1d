// Replay: CloudTrail records mapped to requests part by part, each reason for not replaying, and
// the findings for the claim; expectations derived by hand from the record and AWS's docs.
#include "engine/eval/replay.h"

#include "absl/strings/str_cat.h"
#include "engine/eval/iam_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::Allow;
using testing::Cond;
using testing::MakePolicy;
using testing::WithCondition;

constexpr char kAlice[] = "arn:aws:iam::111122223333:user/alice";
constexpr char kApp[] = "arn:aws:iam::111122223333:role/app";

// alice: iam:Get*, s3:* on bucket `data`, and iam:CreateAccessKey with MFA; role app: s3:GetObject
// on `data`; group `readers`, empty.
Account MakeAccount() {
  Account a;
  a.account_id = "111122223333";
  User alice;
  alice.name = "alice";
  alice.id = "AIDAALICE";
  alice.arn = kAlice;
  alice.inline_policies = {
      {"p",
       MakePolicy("p", {Allow({"iam:Get*", "iam:CreateGroup", "ec2:Describe*"}),
                        Allow({"s3:*"}, {"arn:aws:s3:::data", "arn:aws:s3:::data/*"}),
                        WithCondition(Allow({"iam:CreateAccessKey"}),
                                      Cond("Bool", "aws:MultiFactorAuthPresent", {"true"}))})}};
  a.users.push_back(std::move(alice));
  Role app;
  app.name = "app";
  app.id = "AROAAPP";
  app.arn = kApp;
  app.inline_policies = {
      {"r", MakePolicy("r", {Allow({"s3:GetObject"}, {"arn:aws:s3:::data/*"})})}};
  a.roles.push_back(std::move(app));
  Group readers;
  readers.name = "readers";
  readers.arn = "arn:aws:iam::111122223333:group/readers";
  a.groups.push_back(std::move(readers));
  return a;
}

audit::LoggedCall AliceCall(std::string source, std::string name) {
  audit::LoggedCall c;
  c.source = {"log.json", "/Records/0"};
  c.event_id = "ev-1";
  c.event_time = "2026-11-26T09:12:03Z";
  c.event_source = std::move(source);
  c.event_name = std::move(name);
  c.aws_region = "us-east-1";
  c.source_ip_address = "203.0.113.7";
  c.tls = true;
  c.identity_type = "IAMUser";
  c.identity_arn = kAlice;
  c.access_key_id = "AKIAALICE";
  return c;
}

// The EC2 service assuming role app (for an instance profile), as CloudTrail records it.
audit::LoggedCall Ec2AssumesApp() {
  audit::LoggedCall c = AliceCall("sts.amazonaws.com", "AssumeRole");
  c.identity_type = "AWSService";
  c.identity_arn = "";
  c.access_key_id = "";
  c.invoked_by = "ec2.amazonaws.com";
  c.source_ip_address = "ec2.amazonaws.com";
  c.resources = {{kApp, "AWS::IAM::Role"}};
  return c;
}

// A trust policy, named as the export names one, that lets `service` assume the role.
Policy TrustedBy(const std::string& service) {
  return MakePolicy(
      "app trust policy",
      {testing::NoResource(testing::WithServicePrincipal(Allow({"sts:AssumeRole"}), service))});
}

MappedCall Map(const audit::LoggedCall& c) {
  return MapCall(c, MakeAccount(), ActionCatalog::BuiltIn());
}

std::string Value(const Request& r, absl::string_view key) {
  const ContextValue* v = r.Find(key);
  return v == nullptr ? "(absent)" : v->values.at(0);
}

TEST(MapCallTest, IamUserGetUserWithoutUserNameIsOnTheCallersOwnUser) {
  MappedCall m = Map(AliceCall("iam.amazonaws.com", "GetUser"));
  ASSERT_EQ(m.not_replayed, "") << m.detail;
  EXPECT_EQ(m.request.principal, kAlice);
  EXPECT_EQ(m.request.action, "iam:GetUser");
  EXPECT_EQ(m.request.resource, kAlice);
  EXPECT_EQ(Value(m.request, "aws:SourceIp"), "203.0.113.7");
  EXPECT_EQ(Value(m.request, "aws:CurrentTime"), "2026-11-26T09:12:03Z");
  EXPECT_EQ(Value(m.request, "aws:EpochTime"), "1795684323");
  EXPECT_EQ(Value(m.request, "aws:RequestedRegion"), "us-east-1");
  EXPECT_EQ(Value(m.request, "aws:SecureTransport"), "true");
  EXPECT_EQ(Value(m.request, "aws:MultiFactorAuthPresent"), "(absent)");
  EXPECT_EQ(Value(m.request, "aws:username"), "alice");
  EXPECT_EQ(Value(m.request, "aws:userid"), "AIDAALICE");
}

TEST(MapCallTest, ContextKeysTheRecordDoesNotTellStayAbsent) {
  audit::LoggedCall c = AliceCall("iam.amazonaws.com", "GetUser");
  c.source_ip_address = "ec2.amazonaws.com";  // a service acting for the caller
  c.tls = false;
  c.mfa_authenticated = false;
  MappedCall m = Map(c);
  ASSERT_EQ(m.not_replayed, "") << m.detail;
  EXPECT_EQ(Value(m.request, "aws:SourceIp"), "(absent)");
  EXPECT_EQ(Value(m.request, "aws:SecureTransport"), "(absent)");
  EXPECT_EQ(Value(m.request, "aws:MultiFactorAuthPresent"), "false");
}

TEST(MapCallTest, AssumedRoleIsDecidedAsItsIssuingRole) {
  audit::LoggedCall c = AliceCall("s3.amazonaws.com", "GetObject");
  c.identity_type = "AssumedRole";
  c.identity_arn = "arn:aws:sts::111122223333:assumed-role/app/i-1";
  c.issuer_arn = kApp;
  c.resources = {{"arn:aws:s3:::data/report.csv", "AWS::S3::Object"},
                 {"arn:aws:s3:::data", "AWS::S3::Bucket"}};
  MappedCall m = Map(c);
  ASSERT_EQ(m.not_replayed, "") << m.detail;
  EXPECT_EQ(m.request.principal, kApp);
  EXPECT_EQ(m.request.action, "s3:GetObject");
  EXPECT_EQ(m.request.resource, "arn:aws:s3:::data/report.csv");
}

TEST(MapCallTest, PrincipalsNotReplayedSayWhy) {
  audit::LoggedCall c = AliceCall("iam.amazonaws.com", "GetUser");
  c.identity_type = "Root";
  MappedCall m = Map(c);
  EXPECT_EQ(m.not_replayed, "root user");
  EXPECT_EQ(m.detail, "the root user is not subject to the account's identity policies");
  EXPECT_TRUE(m.outside_identity_policies);
  c.identity_type = "AWSService";
  m = Map(c);
  EXPECT_EQ(m.not_replayed, "AWS service");
  EXPECT_TRUE(m.outside_identity_policies);
  c.identity_type = "FederatedUser";
  m = Map(c);
  EXPECT_EQ(m.not_replayed, "principal type not modelled");
  EXPECT_EQ(m.detail, "`FederatedUser` callers are not replayed");
  EXPECT_FALSE(m.outside_identity_policies);
  c.identity_type = "IAMUser";
  c.identity_arn = "arn:aws:iam::111122223333:user/carol";
  m = Map(c);
  EXPECT_EQ(m.not_replayed, "principal not in the snapshot");
  EXPECT_EQ(m.detail, "`arn:aws:iam::111122223333:user/carol` is not a user of the snapshot");
  c.identity_type = "AssumedRole";
  c.issuer_arn = "arn:aws:iam::111122223333:role/gone";
  m = Map(c);
  EXPECT_EQ(m.detail, "`arn:aws:iam::111122223333:role/gone` is not a role of the snapshot");
}

TEST(MapCallTest, ServicesAndActionsOutsideTheCatalogAreNotReplayed) {
  MappedCall m = Map(AliceCall("lambda.amazonaws.com", "ListFunctions20150331"));
  EXPECT_EQ(m.not_replayed, "action not in the catalog");
  EXPECT_EQ(m.detail, "`lambda:ListFunctions20150331` is not an action of the catalog");
  m = Map(AliceCall("nosuch.amazonaws.com", "Get"));
  EXPECT_EQ(m.not_replayed, "service not in the catalog");
  EXPECT_EQ(m.detail,
            "`nosuch` (from event source `nosuch.amazonaws.com`) is not a service of the action "
            "catalog");
  m = Map(AliceCall("example.com", "Get"));
  EXPECT_EQ(m.detail, "event source `example.com` is not an AWS service's");
}

TEST(MapCallTest, KnownRenamesAreMapped) {
  MappedCall m = Map(AliceCall("monitoring.amazonaws.com", "DescribeAlarmsForMetric"));
  ASSERT_EQ(m.not_replayed, "") << m.detail;
  EXPECT_EQ(m.request.action, "cloudwatch:DescribeAlarmsForMetric");
  EXPECT_EQ(m.request.resource, "*");  // wildcard-only
  // PutMetricData may name a `dataset`, which the record does not: not decided on `*`.
  EXPECT_EQ(Map(AliceCall("monitoring.amazonaws.com", "PutMetricData")).not_replayed,
            "resource not in the record");
  audit::LoggedCall c = AliceCall("s3.amazonaws.com", "ListObjectsV2");
  c.resources = {{"arn:aws:s3:::data", "AWS::S3::Bucket"}};
  m = Map(c);
  ASSERT_EQ(m.not_replayed, "") << m.detail;
  EXPECT_EQ(m.request.action, "s3:ListBucket");
  EXPECT_EQ(m.request.resource, "arn:aws:s3:::data");
}

TEST(MapCallTest, AResourceNotInTheRecordIsNeverTakenAsStar) {
  MappedCall m = Map(AliceCall("s3.amazonaws.com", "GetObject"));
  EXPECT_EQ(m.not_replayed, "resource not in the record");
  EXPECT_EQ(m.detail, "no one resource ARN of the record fits `s3:GetObject`");
  audit::LoggedCall c = AliceCall("iam.amazonaws.com", "DeleteGroup");
  c.request_names = {{"groupName", "nosuch"}};
  EXPECT_EQ(Map(c).not_replayed, "resource not in the record");
}

TEST(MapCallTest, IamRequestParametersNameTheResource) {
  audit::LoggedCall c = AliceCall("iam.amazonaws.com", "DeleteGroup");
  c.request_names = {{"groupName", "readers"}};
  EXPECT_EQ(Map(c).request.resource, "arn:aws:iam::111122223333:group/readers");
  c = AliceCall("iam.amazonaws.com", "CreateGroup");
  c.request_names = {{"groupName", "auditors"}, {"path", "/audit/"}};
  EXPECT_EQ(Map(c).request.resource, "arn:aws:iam::111122223333:group/audit/auditors");
  c = AliceCall("iam.amazonaws.com", "DetachUserPolicy");
  c.request_names = {{"userName", "alice"}, {"policyArn", "arn:aws:iam::aws:policy/X"}};
  EXPECT_EQ(Map(c).request.resource, kAlice);
}

// Replays `call` against MakeAccount, and after `after` when given.
ReplayedCall ReplayOne(const audit::LoggedCall& call, const Account* after = nullptr) {
  static const Account before = MakeAccount();
  static std::vector<audit::LoggedCall> calls;
  calls = {call};
  CompileCache cache;
  absl::StatusOr<ReplayAnswer> a = Replay(calls, before, after, ActionCatalog::BuiltIn(), cache);
  EXPECT_TRUE(a.ok()) << a.status();
  return a->calls.at(0);
}

TEST(ReplayTest, AllowedBeforeAndDeniedAfterIsARegression) {
  Account after = MakeAccount();
  after.users[0].inline_policies.clear();
  ReplayedCall r = ReplayOne(AliceCall("iam.amazonaws.com", "GetUser"), &after);
  EXPECT_EQ(r.before->verdict, CallDecision::Verdict::kAllowed);
  EXPECT_EQ(r.after->verdict, CallDecision::Verdict::kDenied);
  EXPECT_EQ(r.finding, Finding::kRegression);
  after.users.clear();  // the plan deletes alice
  r = ReplayOne(AliceCall("iam.amazonaws.com", "GetUser"), &after);
  EXPECT_EQ(r.after->why, "the principal is not in the account");
  EXPECT_EQ(r.finding, Finding::kRegression);
}

// ABAC: a change of the principal's tags alone changes the decision after it.
TEST(ReplayTest, AfterTheChangeThePrincipalCarriesItsNewTags) {
  Account before = MakeAccount();
  before.users[0].tags = {{"team", "red"}, {"old", "x"}};
  before.users[0].inline_policies = {
      {"abac",
       MakePolicy("abac", {WithCondition(Allow({"ec2:DescribeInstances"}),
                                         Cond("StringEquals", "aws:PrincipalTag/team", {"red"})),
                           WithCondition(Allow({"iam:GetUser"}),
                                         Cond("Null", "aws:PrincipalTag/old", {"true"}))})}};
  Account after = before;
  after.users[0].tags = {{"team", "blue"}};
  std::vector<audit::LoggedCall> calls = {AliceCall("ec2.amazonaws.com", "DescribeInstances"),
                                          AliceCall("iam.amazonaws.com", "GetUser")};
  CompileCache cache;
  absl::StatusOr<ReplayAnswer> a = Replay(calls, before, &after, ActionCatalog::BuiltIn(), cache);
  ASSERT_TRUE(a.ok()) << a.status();
  // team red -> blue: the tag condition fails after.
  EXPECT_EQ(a->calls[0].before->verdict, CallDecision::Verdict::kAllowed);
  EXPECT_EQ(a->calls[0].after->verdict, CallDecision::Verdict::kDenied);
  EXPECT_EQ(a->calls[0].finding, Finding::kRegression);
  // The tag `old` is gone after: the Null condition holds only then.
  EXPECT_EQ(a->calls[1].before->verdict, CallDecision::Verdict::kDenied);
  EXPECT_EQ(a->calls[1].after->verdict, CallDecision::Verdict::kAllowed);
  EXPECT_EQ(Value(a->calls[0].mapped.request, "aws:PrincipalTag/team"), "red");
}

// A call to assume a role meets the role's trust policy, as the change leaves it.
TEST(ReplayTest, AssumingARoleMeetsItsTrustPolicyAsTheChangeLeavesIt) {
  Account before = MakeAccount();
  before.users[0].inline_policies[0].document.statements[0].actions.push_back("sts:AssumeRole");
  before.roles[0].trust_policy = MakePolicy(
      "app trust policy",
      {testing::NoResource(testing::WithPrincipal(Allow({"sts:AssumeRole"}), {"111122223333"}))});
  audit::LoggedCall c = AliceCall("sts.amazonaws.com", "AssumeRole");
  c.resources = {{kApp, "AWS::IAM::Role"}};
  c.request_names = {{"roleArn", kApp}};
  // The change trusts the EC2 service alone: alice's identity policy still allows, the role's
  // trust policy no longer does.
  Account after = before;
  after.roles[0].trust_policy = TrustedBy("ec2.amazonaws.com");
  CompileCache cache;
  absl::StatusOr<ReplayAnswer> a = Replay({c}, before, &after, ActionCatalog::BuiltIn(), cache);
  ASSERT_TRUE(a.ok()) << a.status();
  const ReplayedCall& r = a->calls.at(0);
  ASSERT_EQ(r.mapped.not_replayed, "") << r.mapped.detail;
  EXPECT_EQ(r.mapped.request.action, "sts:AssumeRole");
  EXPECT_EQ(r.before->verdict, CallDecision::Verdict::kAllowed);
  ASSERT_EQ(r.before->result.matched.size(), 2u);
  EXPECT_EQ(r.before->result.matched[1].policy, "app trust policy");
  EXPECT_EQ(r.after->verdict, CallDecision::Verdict::kDenied);
  EXPECT_TRUE(r.after->result.resource_policy_silent);
  EXPECT_EQ(r.finding, Finding::kRegression);
  // A change that deletes the role: it cannot be assumed.
  after.roles.clear();
  a = Replay({c}, before, &after, ActionCatalog::BuiltIn(), cache);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->calls.at(0).after->why, "the role to assume is not in the account");
  EXPECT_EQ(a->calls.at(0).finding, Finding::kRegression);
}

// A service assuming a role of the account: its trust policy alone decides, before and after.
TEST(ReplayTest, AServiceAssumingARoleMeetsTheTrustPolicyAsTheChangeLeavesIt) {
  Account before = MakeAccount();
  before.roles[0].trust_policy = TrustedBy("ec2.amazonaws.com");
  audit::LoggedCall c = Ec2AssumesApp();
  MappedCall m = MapCall(c, before, ActionCatalog::BuiltIn());
  ASSERT_EQ(m.not_replayed, "") << m.detail;
  EXPECT_EQ(m.request.principal, "ec2.amazonaws.com");
  EXPECT_EQ(Value(m.request, "aws:PrincipalServiceName"), "ec2.amazonaws.com");
  // The change hands the role to Lambda: EC2 can no longer assume it.
  Account after = before;
  after.roles[0].trust_policy = TrustedBy("lambda.amazonaws.com");
  CompileCache cache;
  absl::StatusOr<ReplayAnswer> a = Replay({c}, before, &after, ActionCatalog::BuiltIn(), cache);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->calls[0].before->verdict, CallDecision::Verdict::kAllowed);
  EXPECT_EQ(a->calls[0].after->verdict, CallDecision::Verdict::kDenied);
  EXPECT_EQ(a->calls[0].finding, Finding::kRegression);
  // A role the snapshot does not hold, or another call by a service: not replayed, as before.
  c.resources = {{"arn:aws:iam::111122223333:role/elsewhere", "AWS::IAM::Role"}};
  EXPECT_EQ(MapCall(c, before, ActionCatalog::BuiltIn()).not_replayed, "AWS service");
  audit::LoggedCall other = AliceCall("s3.amazonaws.com", "GetObject");
  other.identity_type = "AWSService";
  other.invoked_by = "cloudtrail.amazonaws.com";
  MappedCall o = MapCall(other, before, ActionCatalog::BuiltIn());
  EXPECT_EQ(o.not_replayed, "AWS service");
  EXPECT_TRUE(o.outside_identity_policies);
}

// A change that leaves a trust policy known only later (a plan's value known after apply): the
// calls assuming that role are unknown after it, and only those.
TEST(ReplayTest, ATrustPolicyKnownOnlyLaterLeavesOnlyAssumingTheRoleUnknown) {
  Account before = MakeAccount();
  before.roles[0].trust_policy = TrustedBy("ec2.amazonaws.com");
  audit::LoggedCall assume = Ec2AssumesApp();
  audit::LoggedCall get = AliceCall("iam.amazonaws.com", "GetUser");
  Account after = before;
  after.roles[0].trust_policy.reset();
  after.roles[0].trust_policy_unknown = "plan.json: /x: known only after apply";
  CompileCache cache;
  absl::StatusOr<ReplayAnswer> a =
      Replay({assume, get}, before, &after, ActionCatalog::BuiltIn(), cache);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->calls[0].before->verdict, CallDecision::Verdict::kAllowed);
  EXPECT_EQ(a->calls[0].after->verdict, CallDecision::Verdict::kUnknown);
  EXPECT_FALSE(a->calls[0].after->evaluated);
  EXPECT_EQ(a->calls[0].finding, Finding::kUnknown);
  EXPECT_EQ(a->calls[0].unknown_why,
            "after the change: the role's trust policy is unknown: plan.json: /x: known only "
            "after apply");
  EXPECT_EQ(a->calls[1].after->verdict, CallDecision::Verdict::kAllowed);
  EXPECT_EQ(a->calls[1].finding, Finding::kNone);
  // simulate and who-can ask TrustPolicy: the reason, as an unknown.
  absl::StatusOr<AppliedPolicy> trust = TrustPolicy(after.roles[0], cache);
  EXPECT_EQ(trust.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(trust.status().message(), "plan.json: /x: known only after apply");
  EXPECT_EQ(RoleToAssume(after, "sts:AssumeRole", kApp), &after.roles[0]);
}

TEST(ReplayTest, DeniedWithoutAChangeDisagreesWithTheLogRatherThanRegresses) {
  audit::LoggedCall c = AliceCall("iam.amazonaws.com", "DeleteGroup");
  c.request_names = {{"groupName", "readers"}};
  ReplayedCall r = ReplayOne(c);
  EXPECT_EQ(r.before->verdict, CallDecision::Verdict::kDenied);
  EXPECT_EQ(r.finding, Finding::kDisagrees);
  c.error_code = "AccessDenied";
  EXPECT_EQ(ReplayOne(c).finding, Finding::kNone);
  Account same = MakeAccount();
  c.error_code = "";
  EXPECT_EQ(ReplayOne(c, &same).finding, Finding::kDisagrees);
}

TEST(ReplayTest, MissingMfaMakesTheCallUnknownUnlessTheKeyIsLongTerm) {
  audit::LoggedCall c = AliceCall("iam.amazonaws.com", "CreateAccessKey");
  c.access_key_id = "ASIAALICE";  // a session: MFA may have been used
  ReplayedCall r = ReplayOne(c);
  EXPECT_EQ(r.before->verdict, CallDecision::Verdict::kUnknown);
  EXPECT_EQ(r.finding, Finding::kUnknown);
  EXPECT_EQ(r.unknown_why,
            "allowed with aws:MultiFactorAuthPresent=boolean:true, which the record does not tell");
  c.access_key_id = "AKIAALICE";  // long-term: AWS leaves the key out, so no MFA
  r = ReplayOne(c);
  EXPECT_EQ(r.before->verdict, CallDecision::Verdict::kDenied);
  EXPECT_EQ(r.finding, Finding::kDisagrees);
  c.mfa_authenticated = true;
  EXPECT_EQ(ReplayOne(c).before->verdict, CallDecision::Verdict::kAllowed);
}

TEST(ReplayTest, ACallThatSucceededAndIsNotReplayedIsUnknownUnlessOutsideIdentityPolicies) {
  ReplayedCall r = ReplayOne(AliceCall("lambda.amazonaws.com", "ListFunctions20150331"));
  EXPECT_EQ(r.finding, Finding::kUnknown);
  EXPECT_EQ(r.unknown_why,
            "not replayed: `lambda:ListFunctions20150331` is not an action of the catalog");
  audit::LoggedCall root = AliceCall("iam.amazonaws.com", "GetUser");
  root.identity_type = "Root";
  EXPECT_EQ(ReplayOne(root).finding, Finding::kNone);
  audit::LoggedCall failed = AliceCall("lambda.amazonaws.com", "ListFunctions20150331");
  failed.error_code = "AccessDeniedException";
  EXPECT_EQ(ReplayOne(failed).finding, Finding::kNone);
}

}  // namespace
}  // namespace vouch::iam
