// Tests for authorization_details.h: the AWS CLI's shapes, raw-API URL-encoded documents, pages,
// default versions, and the exact text of reference errors.
#include "frontends/aws/authorization_details.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

absl::Status Read(absl::string_view json, iam::Account& account) {
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromString(json, "gaad.json");
  if (!doc.ok()) return doc.status();
  return ReadAuthorizationDetails((*doc)->root(), account);
}

// Abridged from the AWS CLI's get-account-authorization-details example, including its quirk of
// printing one AttachedManagedPolicies entry as an object.
constexpr char kGaad[] = R"({
  "RoleDetailList": [{
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow",
      "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    "RoleId": "AROA1234567890EXAMPLE", "CreateDate": "2014-07-30T17:09:20Z",
    "InstanceProfileList": [{"InstanceProfileName": "EC2role", "Roles": []}],
    "RoleName": "EC2role", "Path": "/",
    "AttachedManagedPolicies": [{"PolicyName": "AmazonEC2FullAccess",
                                 "PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2FullAccess"}],
    "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
      "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/boundary"},
    "RoleLastUsed": {"Region": "us-west-2", "LastUsedDate": "2019-11-13T17:30:00Z"},
    "RolePolicyList": [], "Tags": [{"Key": "team", "Value": "web"}],
    "Arn": "arn:aws:iam::123456789012:role/EC2role"}],
  "GroupDetailList": [{
    "GroupId": "AGPA1234567890EXAMPLE",
    "AttachedManagedPolicies": {"PolicyName": "boundary", "PolicyArn": "arn:aws:iam::123456789012:policy/boundary"},
    "GroupName": "Admins", "Path": "/", "Arn": "arn:aws:iam::123456789012:group/Admins",
    "GroupPolicyList": [{"PolicyName": "policygen", "PolicyDocument": {"Version": "2012-10-17",
      "Statement": [{"Action": "aws-portal:*", "Sid": "S1", "Resource": "*", "Effect": "Allow"}]}}]}],
  "UserDetailList": [{
    "UserName": "Bob", "GroupList": ["Admins"], "UserId": "AIDA1234567890EXAMPLE", "Path": "/",
    "UserPolicyList": [{"PolicyName": "DenyBillingAndIAMPolicy",
      "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Deny%22%2C%22Action%22%3A%5B%22aws-portal%3A%2A%22%2C%22iam%3A%2A%22%5D%2C%22Resource%22%3A%22%2A%22%7D%7D"}],
    "AttachedManagedPolicies": [], "Arn": "arn:aws:iam::123456789012:user/Bob"}],
  "Policies": [{
    "PolicyName": "AmazonEC2FullAccess", "PolicyId": "ANPA1", "DefaultVersionId": "v2",
    "PolicyVersionList": [
      {"VersionId": "v1", "IsDefaultVersion": false,
       "Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}},
      {"VersionId": "v2", "IsDefaultVersion": true,
       "Document": {"Version": "2012-10-17", "Statement": [{"Action": "ec2:*", "Effect": "Allow", "Resource": "*"}]}}],
    "Arn": "arn:aws:iam::aws:policy/AmazonEC2FullAccess"}, {
    "PolicyName": "boundary", "DefaultVersionId": "v1",
    "PolicyVersionList": [{"VersionId": "v1",
       "Document": {"Version": "2012-10-17", "Statement": [{"Action": "ec2:Describe*", "Effect": "Allow", "Resource": "*"}]}}],
    "Arn": "arn:aws:iam::123456789012:policy/boundary"}],
  "Marker": "EXAMPLE", "IsTruncated": true
})";

TEST(AuthorizationDetailsTest, ReadsTheAwsCliExample) {
  iam::Account account;
  ASSERT_TRUE(Read(kGaad, account).ok()) << Read(kGaad, account);
  EXPECT_EQ(account.account_id, "123456789012");
  ASSERT_EQ(account.users.size(), 1u);
  const iam::User& bob = account.users[0];
  EXPECT_EQ(bob.name, "Bob");
  EXPECT_EQ(bob.groups, std::vector<std::string>{"Admins"});
  EXPECT_EQ(bob.source, (SourceRef{"gaad.json", "/UserDetailList/0"}));
  ASSERT_EQ(bob.inline_policies.size(), 1u);
  const iam::Policy& deny = bob.inline_policies[0].document;
  EXPECT_EQ(deny.name, "DenyBillingAndIAMPolicy");
  ASSERT_EQ(deny.statements.size(), 1u);
  EXPECT_EQ(deny.statements[0].effect, iam::Effect::kDeny);
  EXPECT_EQ(deny.statements[0].actions, (std::vector<std::string>{"aws-portal:*", "iam:*"}));
  EXPECT_EQ(deny.statements[0].source.pointer,
            "/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement");

  ASSERT_EQ(account.groups.size(), 1u);
  EXPECT_EQ(account.groups[0].managed_policy_arns,
            std::vector<std::string>{"arn:aws:iam::123456789012:policy/boundary"});
  EXPECT_EQ(account.groups[0].inline_policies[0].document.statements[0].sid, "S1");

  ASSERT_EQ(account.roles.size(), 1u);
  const iam::Role& role = account.roles[0];
  ASSERT_TRUE(role.trust_policy.has_value());
  EXPECT_EQ(role.trust_policy->statements[0].principal->service,
            std::vector<std::string>{"ec2.amazonaws.com"});
  EXPECT_EQ(role.permissions_boundary_arn, "arn:aws:iam::123456789012:policy/boundary");
  EXPECT_EQ(role.tags, (iam::Tags{{"team", "web"}}));
  EXPECT_FALSE(role.service_linked);

  ASSERT_EQ(account.policies.size(), 2u);
  const iam::ManagedPolicy& ec2 = account.policies[0];
  EXPECT_TRUE(ec2.aws_managed);
  EXPECT_EQ(ec2.default_version_id, "v2");
  EXPECT_EQ(ec2.document.statements[0].actions, std::vector<std::string>{"ec2:*"});
  EXPECT_EQ(ec2.document.source.pointer, "/Policies/0/PolicyVersionList/1/Document");
  // No IsDefaultVersion flag: DefaultVersionId picks the version.
  EXPECT_EQ(account.policies[1].document.statements[0].actions,
            std::vector<std::string>{"ec2:Describe*"});
  EXPECT_FALSE(account.policies[1].aws_managed);
  EXPECT_TRUE(CheckManagedPolicyReferences(account).ok());
}

TEST(AuthorizationDetailsTest, PagesMergeAndOverlapsAreKeptOnce) {
  iam::Account account;
  std::string pages = absl::StrCat("[", kGaad, ",", kGaad, ",",
      R"({"UserDetailList": [{"UserName": "Carol", "Arn": "arn:aws:iam::123456789012:user/Carol"}]}])");
  ASSERT_TRUE(Read(pages, account).ok()) << Read(pages, account);
  ASSERT_EQ(account.users.size(), 2u);
  EXPECT_EQ(account.users[1].name, "Carol");
  EXPECT_EQ(account.users[1].source.pointer, "/2/UserDetailList/0");
  EXPECT_EQ(account.policies.size(), 2u);
}

TEST(AuthorizationDetailsTest, MissingReferencesAreErrorsNamingThem) {
  iam::Account account;
  ASSERT_TRUE(Read(R"({"UserDetailList": [{"UserName": "user-1",
      "Arn": "arn:aws:iam::111122223333:user/user-1", "GroupList": [],
      "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
                                   "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}]})",
                   account).ok());
  EXPECT_EQ(CheckManagedPolicyReferences(account).message(),
            "gaad.json: /UserDetailList/0/AttachedManagedPolicies/0: user `user-1` attaches "
            "managed policy `arn:aws:iam::aws:policy/ReadOnlyAccess`, which is not in the snapshot "
            "(add the output of `aws iam get-account-authorization-details --filter "
            "AWSManagedPolicy LocalManagedPolicy`)");

  iam::Account grouped;
  ASSERT_TRUE(Read(R"({"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::1:user/u",
      "GroupList": ["Dev"]}]})", grouped).ok());
  EXPECT_EQ(CheckManagedPolicyReferences(grouped).message(),
            "gaad.json: /UserDetailList/0/GroupList/0: user `u` is in group `Dev`, which is not in "
            "the snapshot");

  iam::Account bounded;
  ASSERT_TRUE(Read(R"({"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::1:role/r",
      "PermissionsBoundary": {"PermissionsBoundaryArn": "arn:aws:iam::1:policy/pb"}}]})", bounded).ok());
  EXPECT_EQ(CheckManagedPolicyReferences(bounded).message(),
            "gaad.json: /RoleDetailList/0/PermissionsBoundary/PermissionsBoundaryArn: role `r` has "
            "permissions boundary `arn:aws:iam::1:policy/pb`, which is not in the snapshot");
}

TEST(AuthorizationDetailsTest, ExactErrors) {
  iam::Account account;
  EXPECT_EQ(Read(R"({"UserDetailList": [{"Arn": "x"}]})", account).message(),
            "gaad.json: /UserDetailList/0: missing `UserName`");
  EXPECT_EQ(Read(R"({"UserDetailList": {"UserName": "x"}})", account).message(),
            "gaad.json: /UserDetailList: expected an array, got object");
  EXPECT_EQ(Read(R"({"Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::1:policy/p",
      "DefaultVersionId": "v2", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": false,
      "Document": {"Statement": {"Effect": "Allow", "Action": "*"}}}]}]})", account).message(),
            "gaad.json: /Policies/0: managed policy `arn:aws:iam::1:policy/p` has no default "
            "version in `PolicyVersionList`");
  EXPECT_EQ(Read(R"({"GroupDetailList": [{"GroupName": "g", "Arn": "arn:aws:iam::1:group/g",
      "GroupPolicyList": [{"PolicyName": "p", "PolicyDocument": {"Statement": {"Effect": "Allow",
      "Actoin": "*"}}}]}]})", account).message(),
            "gaad.json: /GroupDetailList/0/GroupPolicyList/0/PolicyDocument/Statement/Actoin: "
            "unknown element `Actoin` (expected Sid, Effect, Action, NotAction, Resource, "
            "NotResource, Principal, NotPrincipal or Condition)");
  EXPECT_EQ(Read("[1]", account).message(),
            "gaad.json: /0: expected a get-account-authorization-details response object, got number");
}

}  // namespace
}  // namespace vouch::aws
