// The decision algorithm, against hand-derived expectations from AWS's policy evaluation logic
// pages (single account, cross-account, enforcement order, permission boundaries, SCPs, RCPs,
// session policies). Policies are built as models; see iam_test_util.h.
#include "engine/eval/iam_evaluator.h"

#include "engine/eval/iam_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using namespace testing;  // NOLINT: the builders
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kAcct[] = "111122223333";
constexpr char kOther[] = "444455556666";
constexpr char kAlice[] = "arn:aws:iam::111122223333:user/alice";
constexpr char kRole[] = "arn:aws:iam::111122223333:role/Dev";
constexpr char kSession[] = "arn:aws:sts::111122223333:assumed-role/Dev/s1";
constexpr char kFederated[] = "arn:aws:sts::111122223333:federated-user/carol";
constexpr char kRoot[] = "arn:aws:iam::111122223333:root";
constexpr char kObject[] = "arn:aws:s3:::bucket/key";

AppliedPolicy Identity(std::vector<Statement> s, std::string name = "identity") {
  return Apply(MakePolicy(std::move(name), std::move(s)), PolicyType::kIdentity, PolicyOrigin::kUserManaged);
}
AppliedPolicy Boundary(std::vector<Statement> s) {
  return Apply(MakePolicy("boundary", std::move(s)), PolicyType::kPermissionBoundary);
}
AppliedPolicy Session(std::vector<Statement> s) {
  return Apply(MakePolicy("session", std::move(s)), PolicyType::kSession);
}
AppliedPolicy Resource(std::vector<Statement> s) {
  return Apply(MakePolicy("bucket-policy", std::move(s)), PolicyType::kResource);
}
AppliedPolicy Scp(std::vector<Statement> s, std::string name = "scp") {
  return Apply(MakePolicy(std::move(name), std::move(s)), PolicyType::kScp);
}
AppliedPolicy Rcp(std::vector<Statement> s) {
  return Apply(MakePolicy("rcp", std::move(s)), PolicyType::kRcp);
}
// A resource-policy statement granting s3:GetObject on the bucket to `who`.
Statement GrantTo(std::string who) { return WithPrincipal(Allow({"s3:GetObject"}, {"arn:aws:s3:::bucket/*"}), {who}); }

Decision Decide(const PolicySet& set, const Request& r) { return Evaluate(set, r).decision; }
Decision Decide(const PolicySet& set, std::string principal, std::string action, std::string resource = "*") {
  return Decide(set, MakeRequest(std::move(principal), std::move(action), std::move(resource)));
}

constexpr Decision kAllowed = Decision::kAllowed;
constexpr Decision kExplicitDeny = Decision::kExplicitDeny;
constexpr Decision kImplicitDeny = Decision::kImplicitDeny;

// Default deny: nothing allows.
TEST(Evaluate, ImplicitDenyWithoutPolicies) {
  EvaluationResult r = Evaluate(PolicySet{}, MakeRequest(kAlice, "s3:GetObject", kObject));
  EXPECT_EQ(r.decision, kImplicitDeny);
  EXPECT_THAT(r.matched, IsEmpty());
  EXPECT_EQ(DecisionName(r.decision), "implicitDeny");
}

// An identity Allow grants; the result names the granting statement.
TEST(Evaluate, IdentityAllowNamesTheStatement) {
  PolicySet set;
  set.identity.push_back(Identity({WithSid(Allow({"s3:Get*"}), "Read")}, "ReadS3"));
  EvaluationResult r = Evaluate(set, MakeRequest(kAlice, "s3:GetObject", kObject));
  EXPECT_EQ(r.decision, kAllowed);
  ASSERT_EQ(r.matched.size(), 1u);
  EXPECT_EQ(r.matched[0], (MatchedStatement{"ReadS3", PolicyType::kIdentity, PolicyOrigin::kUserManaged,
                                            "Read", 0, Effect::kAllow, SourceRef{"ReadS3.json", "/Statement/0"}}));
}

// Explicit deny in any policy wins; matched lists the deny statements only.
TEST(Evaluate, ExplicitDenyWins) {
  PolicySet set;
  set.identity.push_back(Identity({Allow({"*"})}, "Admin"));
  set.identity.push_back(Identity({Allow({"s3:*"}), Deny({"s3:DeleteBucket"})}, "NoDelete"));
  EvaluationResult r = Evaluate(set, MakeRequest(kAlice, "s3:DeleteBucket", "arn:aws:s3:::bucket"));
  EXPECT_EQ(r.decision, kExplicitDeny);
  ASSERT_EQ(r.matched.size(), 1u);
  EXPECT_EQ(r.matched[0].policy, "NoDelete");
  EXPECT_EQ(r.matched[0].index, 1);
  EXPECT_EQ(r.matched[0].effect, Effect::kDeny);
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed);
}

// Action matching is case-insensitive, with `*` and `?`.
TEST(Evaluate, ActionsAreCaseInsensitive) {
  PolicySet set;
  set.identity.push_back(Identity({Allow({"S3:getobj?ct", "IAM:*AccessKey*"})}));
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "iam:CreateAccessKey"), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "iam:ListAccessKeys"), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "iam:CreateUser"), kImplicitDeny);
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObjectAcl", kObject), kImplicitDeny);
  EXPECT_EQ(Decide(set, kAlice, "ec2:GetObject"), kImplicitDeny);  // services do not mix
}

// NotAction: every action not listed, and only within the statement's Resource scope.
TEST(Evaluate, NotActionStaysWithinResourceScope) {
  PolicySet set;
  set.identity.push_back(Identity({NotAction(Allow({"iam:*"}, {"arn:aws:s3:::bucket/*"}))}));
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "iam:CreateUser", kObject), kImplicitDeny);
  // s3:ListAllMyBuckets is a wildcard-only action (resource `*`): out of the statement's scope.
  EXPECT_EQ(Decide(set, kAlice, "s3:ListAllMyBuckets"), kImplicitDeny);
}

// Wildcard-only actions: a specific ARN never matches them, `*` does; a Deny with NotResource
// of a specific ARN does match them, because `*` is not excluded.
TEST(Evaluate, WildcardOnlyActions) {
  PolicySet specific;
  specific.identity.push_back(Identity({Allow({"s3:ListAllMyBuckets"}, {"arn:aws:s3:::bucket"})}));
  EXPECT_EQ(Decide(specific, kAlice, "s3:ListAllMyBuckets"), kImplicitDeny);
  PolicySet all;
  all.identity.push_back(Identity({Allow({"s3:ListAllMyBuckets"})}));
  EXPECT_EQ(Decide(all, kAlice, "s3:ListAllMyBuckets"), kAllowed);
  all.identity.push_back(Identity({NotResource(Deny({"s3:*"}, {"arn:aws:s3:::bucket"}))}, "OnlyBucket"));
  EXPECT_EQ(Decide(all, kAlice, "s3:ListAllMyBuckets"), kExplicitDeny);
  EXPECT_EQ(Decide(all, kAlice, "s3:ListBucket", "arn:aws:s3:::bucket"), kImplicitDeny);
}

// NotResource "matches every resource except those listed": a pattern of fewer than six
// segments that does not match the request (a `?` where a `:` was, another service) excludes
// nothing, so the statement applies, Allow or Deny.
TEST(Evaluate, NotResourceShortPatternExcludesNothing) {
  const char* table = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";
  for (const char* pattern : {"arn:aws:dynamodb:us-east-1:111122223333?table/Orders", "arn:aws:sqs:us-east-1:111122223333"}) {
    PolicySet allow;
    allow.identity.push_back(Identity({NotResource(Allow({"dynamodb:*"}, {pattern}))}));
    EXPECT_EQ(Decide(allow, kAlice, "dynamodb:PutItem", table), kAllowed) << pattern;
    PolicySet deny;
    deny.identity.push_back(Identity({Allow({"dynamodb:*"}), NotResource(Deny({"dynamodb:*"}, {pattern}))}));
    EXPECT_EQ(Decide(deny, kAlice, "dynamodb:PutItem", table), kExplicitDeny) << pattern;
  }
  PolicySet listed;  // the trailing `*` spills, so this one lists the table
  listed.identity.push_back(Identity({NotResource(Allow({"dynamodb:*"}, {"arn:aws:dynamodb:us-east-1:1111*"}))}));
  EXPECT_EQ(Decide(listed, kAlice, "dynamodb:PutItem", table), kImplicitDeny);
}

// Resource: case-sensitive, and a trailing `*` of a segment spills over `:`.
TEST(Evaluate, ResourceMatching) {
  PolicySet set;
  set.identity.push_back(Identity({Allow({"iam:GetGroup"}, {"arn:aws:iam::1111*"}),
                                   Allow({"iam:GetUser"}, {"arn:aws:iam::111122223333:user/Bob"})}));
  EXPECT_EQ(Decide(set, kAlice, "iam:GetGroup", "arn:aws:iam::111122223333:group/x"), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "iam:GetUser", "arn:aws:iam::111122223333:user/Bob"), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "iam:GetUser", "arn:aws:iam::111122223333:user/bob"), kImplicitDeny);
}

// Policy variables in Resource: resolved as literal text; absent -> matches nothing (in Deny
// statements too); Version 2008-10-17 keeps them as text.
TEST(Evaluate, ResourceVariables) {
  Statement home = Allow({"s3:*"}, {"arn:aws:s3:::home/${aws:username}/*"});
  PolicySet set;
  set.identity.push_back(Identity({home}));
  Request r = MakeRequest(kAlice, "s3:GetObject", "arn:aws:s3:::home/alice/notes");
  FillPrincipalKeys(r, "");
  EXPECT_EQ(Decide(set, r), kAllowed);
  r.resource = "arn:aws:s3:::home/bob/notes";
  EXPECT_EQ(Decide(set, r), kImplicitDeny);
  Request no_name = MakeRequest(kSession, "s3:GetObject", "arn:aws:s3:::home/alice/notes");
  EXPECT_EQ(Decide(set, no_name), kImplicitDeny);

  PolicySet deny_set;
  deny_set.identity.push_back(Identity({Allow({"s3:*"}), Deny({"s3:*"}, {"arn:aws:s3:::home/${aws:username}/*"})}));
  EXPECT_EQ(Decide(deny_set, no_name), kAllowed);  // the Deny cannot apply without a value
  PolicySet not_resource;
  not_resource.identity.push_back(Identity({Allow({"s3:*"}), NotResource(Deny({"s3:*"}, {"arn:aws:s3:::home/${aws:username}/*"}))}));
  // A Deny's NotResource with no value does not apply either (AWS: the statement "may be
  // invalid"), so the Allow stands...
  EXPECT_EQ(Decide(not_resource, no_name), kAllowed);
  // ... and an Allow's NotResource with no value does not apply.
  PolicySet allow_not;
  allow_not.identity.push_back(Identity({NotResource(Allow({"s3:*"}, {"arn:aws:s3:::home/${aws:username}/*"}))}));
  EXPECT_EQ(Decide(allow_not, no_name), kImplicitDeny);
  EXPECT_EQ(Decide(allow_not, r), kAllowed);  // alice, outside her home
  EXPECT_EQ(Decide(not_resource, r), kExplicitDeny);  // alice, outside her home
  r.resource = "arn:aws:s3:::home/alice/notes";
  EXPECT_EQ(Decide(not_resource, r), kAllowed);
  // A variable that is a whole ARN segment leaves its pattern matching nothing: a NotResource
  // then excludes nothing and the statement applies (the oracle's reading; AWS's documentation
  // is silent).
  PolicySet segment;
  segment.identity.push_back(Identity({Allow({"sqs:*"}), NotResource(Deny({"sqs:*"}, {"arn:aws:sqs:eu-west-1:111122223333:${aws:username}"}))}));
  Request queue = MakeRequest(kSession, "sqs:ReceiveMessage", "arn:aws:sqs:eu-west-1:111122223333:orders");
  EXPECT_EQ(Decide(segment, queue), kExplicitDeny);
  PolicySet allow_segment;  // the same reading for an Allow
  allow_segment.identity.push_back(Identity({NotResource(Allow({"sqs:*"}, {"arn:aws:sqs:eu-west-1:111122223333:${aws:username}"}))}));
  EXPECT_EQ(Decide(allow_segment, queue), kAllowed);
  PolicySet inside;  // a variable inside the resource part (`function:${...}`) does not apply
  inside.identity.push_back(Identity({NotResource(Allow({"lambda:*"}, {"arn:aws:lambda:eu-west-1:111122223333:function:${aws:username}"}))}));
  EXPECT_EQ(Decide(inside, MakeRequest(kSession, "lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:111122223333:function:f")), kImplicitDeny);

  PolicySet old;
  old.identity.push_back(Apply(MakePolicy("old", {home}, PolicyVersion::k2008_10_17), PolicyType::kIdentity));
  Request literal = MakeRequest(kAlice, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/x");
  FillPrincipalKeys(literal, "");
  EXPECT_EQ(Decide(old, literal), kAllowed);
  EXPECT_EQ(Decide(old, r), kImplicitDeny);

  // A `*` inside the value is literal.
  Request star = MakeRequest("arn:aws:iam::111122223333:user/*", "s3:GetObject", "arn:aws:s3:::home/x/y");
  FillPrincipalKeys(star, "");
  EXPECT_EQ(Decide(set, star), kImplicitDeny);
}

// Same account, resource policy naming the IAM user ARN: no identity policy needed, and the
// permissions boundary does not limit it.
TEST(SameAccount, UserArnGrantIgnoresBoundary) {
  PolicySet set;
  set.resource_policy = Resource({GrantTo(kAlice)});
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed);
  set.permission_boundaries.push_back(Boundary({Allow({"ec2:*"})}));
  EvaluationResult r = Evaluate(set, MakeRequest(kAlice, "s3:GetObject", kObject));
  EXPECT_EQ(r.decision, kAllowed);
  EXPECT_FALSE(r.allowed_by_permission_boundary);
  ASSERT_EQ(r.matched.size(), 1u);
  EXPECT_EQ(r.matched[0].policy_type, PolicyType::kResource);
  // A Deny in the boundary is still an explicit deny.
  set.permission_boundaries[0] = Boundary({Allow({"*"}), Deny({"s3:GetObject"})});
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kExplicitDeny);
}

// Same account, resource policy naming the role ARN: matches its sessions; limited by the
// boundary and by the session policy.
TEST(SameAccount, RoleArnGrantIsLimitedByBoundaryAndSessionPolicy) {
  PolicySet set;
  set.resource_policy = Resource({GrantTo(kRole)});
  EXPECT_EQ(Decide(set, kSession, "s3:GetObject", kObject), kAllowed);
  PolicySet bounded = set;
  bounded.permission_boundaries.push_back(Boundary({Allow({"ec2:*"})}));
  EXPECT_EQ(Decide(bounded, kSession, "s3:GetObject", kObject), kImplicitDeny);
  PolicySet with_session = set;
  with_session.session_policies.push_back(Session({Allow({"ec2:*"})}));
  EXPECT_EQ(Decide(with_session, kSession, "s3:GetObject", kObject), kImplicitDeny);
  with_session.session_policies[0] = Session({Allow({"s3:GetObject"})});
  EXPECT_EQ(Decide(with_session, kSession, "s3:GetObject", kObject), kAllowed);
}

// Same account, resource policy naming the session ARN: limited by neither.
TEST(SameAccount, SessionArnGrantIsNotLimited) {
  PolicySet set;
  set.resource_policy = Resource({GrantTo(kSession)});
  set.permission_boundaries.push_back(Boundary({Allow({"ec2:*"})}));
  set.session_policies.push_back(Session({Allow({"ec2:*"})}));
  EXPECT_EQ(Decide(set, kSession, "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(set, "arn:aws:sts::111122223333:assumed-role/Dev/other", "s3:GetObject", kObject),
            kImplicitDeny);
}

// Same account, resource policy naming the account: delegates to IAM, so the identity side
// (with its boundary and session policy) must allow.
TEST(SameAccount, AccountGrantNeedsIdentity) {
  for (std::string who : {std::string(kAcct), std::string(kRoot)}) {
    PolicySet set;
    set.resource_policy = Resource({GrantTo(who)});
    EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kImplicitDeny) << who;
    set.identity.push_back(Identity({Allow({"s3:GetObject"})}));
    EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed) << who;
    set.permission_boundaries.push_back(Boundary({Allow({"ec2:*"})}));
    EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kImplicitDeny) << who;
  }
}

// Role trust policies and KMS key policies must allow explicitly even in the same account.
TEST(SameAccount, ResourcePolicyMustAllow) {
  PolicySet set;
  set.resource_policy_must_allow = true;
  set.identity.push_back(Identity({Allow({"sts:AssumeRole"})}));
  set.resource_policy = Resource({NoResource(WithPrincipal(Allow({"sts:AssumeRole"}), {"arn:aws:iam::111122223333:user/bob"}))});
  EXPECT_EQ(Decide(set, kAlice, "sts:AssumeRole", kRole), kImplicitDeny);
  set.resource_policy = Resource({NoResource(WithPrincipal(Allow({"sts:AssumeRole"}), {kAlice}))});
  EXPECT_EQ(Decide(set, kAlice, "sts:AssumeRole", kRole), kAllowed);
  set.resource_policy = Resource({NoResource(WithPrincipal(Allow({"sts:AssumeRole"}), {kAcct}))});
  EXPECT_EQ(Decide(set, kAlice, "sts:AssumeRole", kRole), kAllowed);  // account + identity
  set.identity.clear();
  EXPECT_EQ(Decide(set, kAlice, "sts:AssumeRole", kRole), kImplicitDeny);
}

// Same account, resource policy naming `*`: not the session's own ARN, so the session policy
// limits it; the boundary does not.
TEST(SameAccount, WildcardGrantIsLimitedBySessionPolicyOnly) {
  PolicySet set;
  set.resource_policy = Resource({GrantTo("*")});
  set.permission_boundaries.push_back(Boundary({Allow({"ec2:*"})}));
  EXPECT_EQ(Decide(set, kSession, "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed);
  set.session_policies.push_back(Session({Allow({"ec2:*"})}));
  EXPECT_EQ(Decide(set, kSession, "s3:GetObject", kObject), kImplicitDeny);
}

// KMS key policies must allow: a kms: request on a key with no key policy is denied even when
// the identity policy allows; wildcard-only kms: actions have no key policy to consult. An
// sts:AssumeRole request given without a trust policy is left to the identity side.
TEST(SameAccount, KeyPolicyAndTrustPolicyInferred) {
  constexpr char kKey[] = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  PolicySet set;
  set.identity.push_back(Identity({Allow({"kms:*", "sts:AssumeRole"})}));
  EXPECT_EQ(Decide(set, kAlice, "kms:Decrypt", kKey), kImplicitDeny);
  EXPECT_EQ(Decide(set, kAlice, "kms:ListKeys"), kAllowed);
  EXPECT_EQ(Decide(set, kAlice, "sts:AssumeRole", kRole), kAllowed);
  set.resource_policy = Resource({WithPrincipal(Allow({"kms:*"}), {kRoot})});
  EXPECT_EQ(Decide(set, kAlice, "kms:Decrypt", kKey), kAllowed);  // key policy delegates to IAM
  set.resource_policy = Resource({NoResource(WithServicePrincipal(Allow({"sts:AssumeRole"}), "ec2.amazonaws.com"))});
  EXPECT_EQ(Decide(set, kAlice, "sts:AssumeRole", kRole), kImplicitDeny);  // trust policy names ec2 only
}

// An implicitDeny that an identity policy would have allowed, but for a resource policy that
// must allow too and is silent, says so; other implicit denies do not.
TEST(SameAccount, ASilentResourcePolicyThatMustAllowIsNamed) {
  constexpr char kKey[] =
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  PolicySet set;
  set.identity.push_back(Identity({Allow({"kms:Decrypt", "sts:AssumeRole"})}));
  set.resource_policy =
      Resource({NoResource(WithServicePrincipal(Allow({"sts:AssumeRole"}), "ec2.amazonaws.com"))});
  EvaluationResult trust = Evaluate(set, MakeRequest(kAlice, "sts:AssumeRole", kRole));
  EXPECT_EQ(trust.decision, kImplicitDeny);
  EXPECT_TRUE(trust.resource_policy_silent);
  // Nothing on the identity side either: not the resource policy's doing alone.
  EXPECT_FALSE(Evaluate(set, MakeRequest(kAlice, "sts:TagSession", kRole)).resource_policy_silent);
  // A KMS key with no key policy given: the key policy must allow, and there is none.
  PolicySet kms;
  kms.identity.push_back(Identity({Allow({"kms:Decrypt"})}));
  EvaluationResult key = Evaluate(kms, MakeRequest(kAlice, "kms:Decrypt", kKey));
  EXPECT_EQ(key.decision, kImplicitDeny);
  EXPECT_TRUE(key.resource_policy_silent);
  // Not on a key: no key policy to consult, and the identity side suffices.
  EvaluationResult star = Evaluate(kms, MakeRequest(kAlice, "kms:Decrypt", "*"));
  EXPECT_EQ(star.decision, kAllowed);
  EXPECT_FALSE(star.resource_policy_silent);
}

// Cross account: the resource policy and the identity side must both allow.
TEST(CrossAccount, BothSidesMustAllow) {
  Request r = MakeRequest(kAlice, "s3:GetObject", kObject);
  r.resource_account = kOther;
  PolicySet rbp_only;
  rbp_only.resource_policy = Resource({GrantTo(kAlice)});
  EXPECT_EQ(Decide(rbp_only, r), kImplicitDeny);
  PolicySet identity_only;
  identity_only.identity.push_back(Identity({Allow({"s3:*"})}));
  EXPECT_EQ(Decide(identity_only, r), kImplicitDeny);
  PolicySet both = identity_only;
  both.resource_policy = Resource({GrantTo(kAcct)});
  EvaluationResult result = Evaluate(both, r);
  EXPECT_EQ(result.decision, kAllowed);
  ASSERT_EQ(result.matched.size(), 2u);
  EXPECT_EQ(result.matched[0].policy_type, PolicyType::kIdentity);
  EXPECT_EQ(result.matched[1].policy_type, PolicyType::kResource);
  // The principal's boundary still applies.
  both.permission_boundaries.push_back(Boundary({Allow({"ec2:*"})}));
  EXPECT_EQ(Decide(both, r), kImplicitDeny);
  // Resource account equal to the principal's is same-account.
  r.resource_account = kAcct;
  EXPECT_EQ(Decide(rbp_only, r), kAllowed);
}

// SCPs: every level must allow; a Deny anywhere denies; the root user of a member account is
// restricted; management-account principals and service-linked roles are exempt.
TEST(Organizations, ScpLevels) {
  PolicySet set;
  set.identity.push_back(Identity({Allow({"*"})}));
  set.scp_levels = {{Scp({Allow({"*"})}, "FullAWSAccess")}, {Scp({Allow({"s3:*", "ec2:*"})}, "OU")},
                    {Scp({Allow({"*"})}, "FullAWSAccess"), Scp({Deny({"ec2:TerminateInstances"})}, "NoTerminate")}};
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed);
  EvaluationResult iam = Evaluate(set, MakeRequest(kAlice, "iam:CreateUser"));
  EXPECT_EQ(iam.decision, kImplicitDeny);
  EXPECT_FALSE(iam.allowed_by_organizations);
  EvaluationResult terminate = Evaluate(set, MakeRequest(kAlice, "ec2:TerminateInstances"));
  EXPECT_EQ(terminate.decision, kExplicitDeny);
  ASSERT_EQ(terminate.matched.size(), 1u);
  EXPECT_EQ(terminate.matched[0].policy, "NoTerminate");
  EXPECT_EQ(terminate.matched[0].policy_type, PolicyType::kScp);
  // A level with no Allow denies everything.
  PolicySet empty_level = set;
  empty_level.scp_levels.push_back({});
  EXPECT_EQ(Decide(empty_level, kAlice, "s3:GetObject", kObject), kImplicitDeny);
  // The member account's root user is restricted too.
  EXPECT_EQ(Decide(set, kRoot, "iam:CreateUser"), kImplicitDeny);
  EXPECT_EQ(Decide(set, kRoot, "s3:GetObject", kObject), kAllowed);
  // Exempt: the management account and service-linked roles.
  PolicySet management = set;
  management.principal_in_management_account = true;
  EXPECT_EQ(Decide(management, kAlice, "ec2:TerminateInstances"), kAllowed);
  EXPECT_EQ(Decide(set, "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/s", "iam:CreateUser"),
            kAllowed);
}

// RCPs: RCPFullAWSAccess is implied at every level, so only Denies restrict; skipped for
// management-account resources.
TEST(Organizations, RcpDenies) {
  PolicySet set;
  set.identity.push_back(Identity({Allow({"s3:*"})}));
  set.rcp_levels = {{Rcp({WithPrincipal(Allow({"s3:GetObject"}), {"*"})})}, {}};
  EXPECT_EQ(Decide(set, kAlice, "s3:PutObject", kObject), kAllowed);
  Statement perimeter = WithCondition(WithPrincipal(Deny({"s3:*"}), {"*"}),
                                      Cond("StringNotEqualsIfExists", "aws:PrincipalOrgID", {"o-123"}));
  set.rcp_levels[1].push_back(Rcp({perimeter}));
  Request outsider = MakeRequest(kAlice, "s3:GetObject", kObject);
  outsider.Set(StringKey("aws:PrincipalOrgID", {"o-999"}));
  EvaluationResult r = Evaluate(set, outsider);
  EXPECT_EQ(r.decision, kExplicitDeny);
  EXPECT_FALSE(r.allowed_by_organizations);
  EXPECT_EQ(r.matched[0].policy_type, PolicyType::kRcp);
  Request insider = outsider;
  insider.Set(StringKey("aws:PrincipalOrgID", {"o-123"}));
  EXPECT_EQ(Decide(set, insider), kAllowed);
  set.resource_in_management_account = true;
  EXPECT_EQ(Decide(set, outsider), kAllowed);
}

// Permission boundary: identity ∩ boundary.
TEST(Boundaries, IntersectWithIdentity) {
  PolicySet set;
  set.identity.push_back(Identity({Allow({"s3:*", "iam:*"})}));
  set.permission_boundaries.push_back(Boundary({Allow({"s3:*", "ec2:*"})}));
  EXPECT_EQ(Decide(set, kAlice, "s3:GetObject", kObject), kAllowed);
  EvaluationResult iam = Evaluate(set, MakeRequest(kAlice, "iam:CreateUser"));
  EXPECT_EQ(iam.decision, kImplicitDeny);
  EXPECT_FALSE(iam.allowed_by_permission_boundary);
  EXPECT_EQ(Decide(set, kAlice, "ec2:RunInstances"), kImplicitDeny);  // the boundary grants nothing
}

// Session policies: identity ∩ session; a federated user without one has no permissions.
TEST(SessionPolicies, IntersectAndFederatedUsers) {
  PolicySet set;
  set.identity.push_back(Identity({Allow({"s3:*", "iam:*"})}));
  set.session_policies.push_back(Session({Allow({"s3:GetObject"})}));
  EXPECT_EQ(Decide(set, kSession, "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(set, kSession, "s3:PutObject", kObject), kImplicitDeny);
  PolicySet federated;
  federated.identity.push_back(Identity({Allow({"s3:*"})}));
  EXPECT_EQ(Decide(federated, kFederated, "s3:GetObject", kObject), kImplicitDeny);
  federated.session_policies.push_back(Session({Allow({"s3:Get*"})}));
  EXPECT_EQ(Decide(federated, kFederated, "s3:GetObject", kObject), kAllowed);
}

// The root user is allowed by default unless denied by an SCP, RCP or resource policy; across
// accounts a resource policy must still allow.
TEST(RootUser, AllowedByDefault) {
  PolicySet none;
  EXPECT_EQ(Decide(none, kRoot, "iam:DeleteAccountPasswordPolicy"), kAllowed);
  PolicySet denied;
  denied.resource_policy = Resource({WithPrincipal(Deny({"s3:*"}, {"arn:aws:s3:::bucket/*"}), {"*"})});
  EXPECT_EQ(Decide(denied, kRoot, "s3:GetObject", kObject), kExplicitDeny);
  Request cross = MakeRequest(kRoot, "s3:GetObject", kObject);
  cross.resource_account = kOther;
  EXPECT_EQ(Decide(none, cross), kImplicitDeny);
  PolicySet granted;
  granted.resource_policy = Resource({GrantTo(kAcct)});
  EXPECT_EQ(Decide(granted, cross), kAllowed);
}

// Principal forms: `*` (anonymous too), service principals, and a statement that names someone
// else.
TEST(Principals, WildcardServiceAndOthers) {
  PolicySet pub;
  pub.resource_policy = Resource({GrantTo("*")});
  EXPECT_EQ(Decide(pub, "", "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(pub, kAlice, "s3:GetObject", kObject), kAllowed);
  PolicySet service;
  service.resource_policy = Resource({WithServicePrincipal(Allow({"s3:PutObject"}, {"arn:aws:s3:::bucket/*"}), "logging.s3.amazonaws.com")});
  EXPECT_EQ(Decide(service, "logging.s3.amazonaws.com", "s3:PutObject", kObject), kAllowed);
  EXPECT_EQ(Decide(service, "lambda.amazonaws.com", "s3:PutObject", kObject), kImplicitDeny);
  EXPECT_EQ(Decide(service, kAlice, "s3:PutObject", kObject), kImplicitDeny);
  PolicySet other;
  other.resource_policy = Resource({GrantTo("arn:aws:iam::444455556666:role/Dev")});
  EXPECT_EQ(Decide(other, kSession, "s3:GetObject", kObject), kImplicitDeny);
}

// NotPrincipal with Deny: exempt only when the account, and for sessions the role and the
// session, are all listed; with a permissions boundary it always denies.
TEST(Principals, NotPrincipalDeny) {
  auto deny_except = [](std::vector<std::string> listed) {
    PolicySet set;
    set.identity.push_back(Identity({Allow({"s3:*"})}));
    set.resource_policy = Resource({WithPrincipal(Deny({"s3:*"}, {"arn:aws:s3:::bucket/*"}), std::move(listed), true)});
    return set;
  };
  EXPECT_EQ(Decide(deny_except({kAlice, kRoot}), kAlice, "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(deny_except({kAlice}), kAlice, "s3:GetObject", kObject), kExplicitDeny);
  EXPECT_EQ(Decide(deny_except({"arn:aws:iam::111122223333:user/bob", kRoot}), kAlice, "s3:GetObject", kObject),
            kExplicitDeny);
  EXPECT_EQ(Decide(deny_except({kSession, kRole, kAcct}), kSession, "s3:GetObject", kObject), kAllowed);
  EXPECT_EQ(Decide(deny_except({kRole, kAcct}), kSession, "s3:GetObject", kObject), kExplicitDeny);
  EXPECT_EQ(Decide(deny_except({kSession, kAcct}), kSession, "s3:GetObject", kObject), kExplicitDeny);
  PolicySet bounded = deny_except({kAlice, kRoot});
  bounded.permission_boundaries.push_back(Boundary({Allow({"*"})}));
  EXPECT_EQ(Decide(bounded, kAlice, "s3:GetObject", kObject), kExplicitDeny);
}

// Conditions in statements; missing context keys are those of statements whose action and
// resource matched, as spelled in the policy, sorted and case-insensitively unique.
TEST(MissingContextKeys, ReportedForRelevantStatements) {
  PolicySet set;
  set.identity.push_back(Identity({
      WithCondition(WithCondition(Allow({"s3:GetObject"}), Cond("IpAddress", "aws:SourceIp", {"10.0.0.0/8"})),
                    Cond("Bool", "aws:MultiFactorAuthPresent", {"true"})),
      WithCondition(Allow({"s3:GetObject"}), Cond("IpAddress", "AWS:SourceIP", {"192.168.0.0/16"})),
      WithCondition(Allow({"ec2:*"}), Cond("StringEquals", "ec2:Region", {"us-east-1"})),
      WithCondition(Allow({"s3:GetObject"}, {"arn:aws:s3:::other/*"}), Cond("StringEquals", "s3:prefix", {"x"})),
  }));
  Request r = MakeRequest(kAlice, "s3:GetObject", kObject);
  EvaluationResult result = Evaluate(set, r);
  EXPECT_EQ(result.decision, kImplicitDeny);
  EXPECT_THAT(result.missing_context_keys, ElementsAre("aws:MultiFactorAuthPresent", "aws:SourceIp"));
  r.Set(ContextValue{"aws:SourceIp", ContextType::kIp, false, {"10.1.2.3"}});
  r.Set(ContextValue{"aws:MultiFactorAuthPresent", ContextType::kBoolean, false, {"true"}});
  result = Evaluate(set, r);
  EXPECT_EQ(result.decision, kAllowed);
  EXPECT_THAT(result.missing_context_keys, IsEmpty());
  ASSERT_EQ(result.matched.size(), 1u);
  EXPECT_EQ(result.matched[0].index, 0);
}

// A policy variable in Resource that the request has no value for is a missing key too: with a
// value the statement might apply. A default (`${k, 'd'}`) is never missing.
TEST(MissingContextKeys, ReportedForResourceVariables) {
  PolicySet set;
  set.identity.push_back(Identity({
      Allow({"s3:GetObject"}, {"arn:aws:s3:::home/${aws:PrincipalTag/team}/*"}),
      Allow({"s3:GetObject"}, {"arn:aws:s3:::shared/${s3:prefix, 'public'}/*"}),
      Allow({"ec2:*"}, {"arn:aws:ec2:*:*:instance/${ec2:InstanceId}"}),
  }));
  Request r = MakeRequest(kAlice, "s3:GetObject", "arn:aws:s3:::home/analytics/notes");
  EvaluationResult result = Evaluate(set, r);
  EXPECT_EQ(result.decision, kImplicitDeny);
  EXPECT_THAT(result.missing_context_keys, ElementsAre("aws:PrincipalTag/team"));
  r.Set(ContextValue{"aws:PrincipalTag/team", ContextType::kString, false, {"analytics"}});
  result = Evaluate(set, r);
  EXPECT_EQ(result.decision, kAllowed);
  EXPECT_THAT(result.missing_context_keys, IsEmpty());
}

// FillPrincipalKeys: the principal-derived global keys, never overwriting the request's own.
TEST(FillPrincipalKeys, PerPrincipalKind) {
  auto value = [](const Request& r, absl::string_view key) -> std::string {
    const ContextValue* v = r.Find(key);
    return v == nullptr ? "<absent>" : v->values.at(0);
  };
  Request user = MakeRequest(kAlice, "s3:GetObject");
  FillPrincipalKeys(user, "AIDAEXAMPLE");
  EXPECT_EQ(value(user, "aws:username"), "alice");
  EXPECT_EQ(value(user, "aws:userid"), "AIDAEXAMPLE");
  EXPECT_EQ(value(user, "aws:PrincipalArn"), kAlice);
  EXPECT_EQ(value(user, "aws:PrincipalAccount"), kAcct);
  EXPECT_EQ(value(user, "aws:PrincipalType"), "User");
  // AWS sets it on every request signed with an IAM principal's credentials.
  EXPECT_EQ(value(user, "aws:PrincipalIsAWSService"), "false");
  EXPECT_EQ(user.Find("aws:PrincipalIsAWSService")->type, ContextType::kBoolean);
  EXPECT_EQ(value(user, "aws:PrincipalServiceName"), "<absent>");

  Request session = MakeRequest(kSession, "s3:GetObject");
  session.Set(StringKey("aws:PrincipalType", {"Custom"}));
  FillPrincipalKeys(session, "AROAEXAMPLE");
  EXPECT_EQ(value(session, "aws:username"), "<absent>");
  EXPECT_EQ(value(session, "aws:userid"), "AROAEXAMPLE:s1");
  EXPECT_EQ(value(session, "aws:PrincipalArn"), kRole);
  EXPECT_EQ(value(session, "aws:PrincipalType"), "Custom");  // not overwritten

  Request root = MakeRequest(kRoot, "s3:GetObject");
  FillPrincipalKeys(root, "");
  EXPECT_EQ(value(root, "aws:userid"), kAcct);
  EXPECT_EQ(value(root, "aws:PrincipalType"), "Account");
  EXPECT_EQ(value(root, "aws:PrincipalArn"), kRoot);

  Request fed = MakeRequest(kFederated, "s3:GetObject");
  FillPrincipalKeys(fed, "");
  EXPECT_EQ(value(fed, "aws:PrincipalType"), "FederatedUser");
  EXPECT_EQ(value(fed, "aws:userid"), "111122223333:carol");
  EXPECT_EQ(value(fed, "aws:PrincipalIsAWSService"), "false");
  EXPECT_EQ(value(root, "aws:PrincipalIsAWSService"), "false");
  EXPECT_EQ(value(session, "aws:PrincipalIsAWSService"), "false");

  Request anonymous = MakeRequest("", "s3:GetObject");
  FillPrincipalKeys(anonymous, "");
  EXPECT_EQ(value(anonymous, "aws:PrincipalType"), "Anonymous");
  EXPECT_EQ(value(anonymous, "aws:PrincipalAccount"), "<absent>");
  EXPECT_EQ(value(anonymous, "aws:PrincipalIsAWSService"), "<absent>");  // unsigned

  // A service principal: the service's name, and no account or type.
  Request service = MakeRequest("cloudtrail.amazonaws.com", "s3:PutObject");
  FillPrincipalKeys(service, "");
  EXPECT_EQ(value(service, "aws:PrincipalIsAWSService"), "true");
  EXPECT_EQ(value(service, "aws:PrincipalServiceName"), "cloudtrail.amazonaws.com");
  EXPECT_EQ(value(service, "aws:PrincipalAccount"), "<absent>");
  EXPECT_EQ(value(service, "aws:PrincipalType"), "<absent>");
}

std::string CompileError(std::vector<Statement> statements, PolicyType type) {
  return std::string(CompilePolicy(MakePolicy("p", std::move(statements)), type).status().message());
}

// CompilePolicy's grammar checks per policy type, naming the statement.
TEST(CompilePolicy, ErrorTexts) {
  EXPECT_EQ(CompileError({Allow({"s3:*"}), WithPrincipal(Allow({"s3:*"}), {"*"})}, PolicyType::kIdentity),
            "p.json: /Statement/1: `Principal` is not allowed in an identity policy");
  EXPECT_EQ(CompileError({WithPrincipal(Allow({"s3:*"}), {"*"}, true)}, PolicyType::kScp),
            "p.json: /Statement/0: `NotPrincipal` is not allowed in a service control policy");
  EXPECT_EQ(CompileError({WithPrincipal(Allow({"s3:*"}), {"*"})}, PolicyType::kPermissionBoundary),
            "p.json: /Statement/0: `Principal` is not allowed in a permissions boundary");
  EXPECT_EQ(CompileError({Allow({"s3:*"})}, PolicyType::kResource),
            "p.json: /Statement/0: statement has neither `Principal` nor `NotPrincipal`");
  EXPECT_EQ(CompileError({WithPrincipal(Deny({"s3:*"}), {kAcct})}, PolicyType::kRcp),
            "p.json: /Statement/0: a resource control policy requires `\"Principal\": \"*\"`");
  EXPECT_EQ(CompileError({NoResource(Allow({"s3:*"}))}, PolicyType::kSession),
            "p.json: /Statement/0: statement has neither `Resource` nor `NotResource`");
  EXPECT_EQ(CompileError({Allow({"*:Get*"})}, PolicyType::kIdentity),
            "p.json: /Statement/0: action `*:Get*` has a wildcard in its service prefix");
  EXPECT_EQ(CompileError({Allow({"GetObject"})}, PolicyType::kIdentity),
            "p.json: /Statement/0: action `GetObject` is not of the form `service:action`");
  EXPECT_EQ(CompileError({Allow({})}, PolicyType::kIdentity),
            "p.json: /Statement/0: statement has neither `Action` nor `NotAction`");
  EXPECT_EQ(CompileError({WithCondition(Allow({"s3:*"}), Cond("DateLessThan", "aws:CurrentTime", {"soon"}))},
                         PolicyType::kIdentity),
            "p.json: /Statement/0/Condition/DateLessThan/aws:CurrentTime: `DateLessThan` value `soon` is "
            "not an ISO 8601 date or epoch seconds");
  // Accepted: trust policies without Resource, SCPs without Resource.
  EXPECT_TRUE(CompilePolicy(MakePolicy("t", {NoResource(WithPrincipal(Allow({"sts:AssumeRole"}), {kAcct}))}),
                            PolicyType::kResource).ok());
  EXPECT_TRUE(CompilePolicy(MakePolicy("s", {NoResource(Allow({"*"}))}), PolicyType::kScp).ok());
  // The compiled policy keeps its source.
  Policy p = MakePolicy("kept", {Allow({"s3:*"})});
  EXPECT_EQ(SourcePolicy(**CompilePolicy(p, PolicyType::kIdentity)), p);
}

}  // namespace
}  // namespace vouch::iam
