// Tests for the resource policies an account holds (account_policies.h): which request meets a
// role's trust policy or a bucket's policy, by hand from the ARN formats of IAM and S3.
#include "engine/eval/account_policies.h"

#include "engine/eval/iam_test_util.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::Allow;
using testing::MakePolicy;
using testing::WithPrincipal;

Account WithBucketPolicies() {
  Account a;
  a.account_id = "111122223333";
  a.bucket_policies.push_back(
      {"data", MakePolicy("data bucket policy",
                          {WithPrincipal(Allow({"s3:GetObject"}, {"arn:aws:s3:::data/*"}),
                                         {"111122223333"})})});
  return a;
}

TEST(AccountPoliciesTest, ABucketsPolicyIsForS3RequestsOnTheBucketAndItsObjects) {
  Account a = WithBucketPolicies();
  const BucketPolicy* data = &a.bucket_policies[0];
  EXPECT_EQ(BucketPolicyFor(a, "s3:GetObject", "arn:aws:s3:::data/k/e/y"), data);
  EXPECT_EQ(BucketPolicyFor(a, "S3:ListBucket", "arn:aws:s3:::data"), data);
  EXPECT_EQ(BucketPolicyFor(a, "s3:GetObject", "arn:aws-cn:s3:::data/key"), data);
  EXPECT_EQ(BucketPolicyFor(a, "s3:GetObject", "arn:aws:s3:us-east-1::data/key"), nullptr);
  // Another bucket, a bucket whose name only begins the same, another service, or `*`.
  EXPECT_EQ(BucketPolicyFor(a, "s3:GetObject", "arn:aws:s3:::other/key"), nullptr);
  EXPECT_EQ(BucketPolicyFor(a, "s3:GetObject", "arn:aws:s3:::data-archive/key"), nullptr);
  EXPECT_EQ(BucketPolicyFor(a, "sqs:SendMessage", "arn:aws:s3:::data/key"), nullptr);
  EXPECT_EQ(BucketPolicyFor(a, "s3:GetObject", "*"), nullptr);
  CompileCache cache;
  absl::StatusOr<std::optional<AppliedPolicy>> held =
      AccountResourcePolicy(a, "s3:GetObject", "arn:aws:s3:::data/key", cache);
  ASSERT_TRUE(held.ok()) << held.status();
  ASSERT_TRUE(held->has_value());
  EXPECT_EQ(SourcePolicy(*(*held)->policy).name, "data bucket policy");
  held = AccountResourcePolicy(a, "s3:GetObject", "arn:aws:s3:::other/key", cache);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_FALSE(held->has_value());
}

TEST(AccountPoliciesTest, AssumingARoleMeetsItsTrustPolicyFirst) {
  Account a = WithBucketPolicies();
  Role r;
  r.name = "app";
  r.arn = "arn:aws:iam::111122223333:role/app";
  r.trust_policy = MakePolicy("app trust policy", {});
  a.roles.push_back(r);
  CompileCache cache;
  absl::StatusOr<std::optional<AppliedPolicy>> held =
      AccountResourcePolicy(a, "sts:AssumeRole", r.arn, cache);
  ASSERT_TRUE(held.ok()) << held.status();
  ASSERT_TRUE(held->has_value());
  EXPECT_EQ(SourcePolicy(*(*held)->policy).name, "app trust policy");
  // Another action on the role: no resource policy of the account's.
  held = AccountResourcePolicy(a, "iam:GetRole", r.arn, cache);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_FALSE(held->has_value());
}

}  // namespace
}  // namespace vouch::iam
