// ARN parsing and principal classification, per the ARN formats in AWS's "IAM identifiers" page.
#include "models/iam/arn.h"

#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

TEST(ParseArn, SixPartsWithColonsInResource) {
  absl::StatusOr<Arn> arn = ParseArn("arn:aws:logs:us-east-1:111122223333:log-group:/x:*");
  ASSERT_TRUE(arn.ok()) << arn.status();
  EXPECT_EQ(*arn, (Arn{"aws", "logs", "us-east-1", "111122223333", "log-group:/x:*"}));
  EXPECT_EQ(arn->ToString(), "arn:aws:logs:us-east-1:111122223333:log-group:/x:*");
  EXPECT_EQ(*ParseArn("arn:aws:s3:::bucket/key"), (Arn{"aws", "s3", "", "", "bucket/key"}));
}

TEST(ParseArn, Errors) {
  EXPECT_EQ(ParseArn("arn:aws:s3").status().message(), "`arn:aws:s3` is not an ARN");
  EXPECT_EQ(ParseArn("urn:aws:s3:::b").status().message(), "`urn:aws:s3:::b` is not an ARN");
  EXPECT_EQ(ParseArn("arn:aws:s3:::").status().message(), "`arn:aws:s3:::` is not an ARN");
}

TEST(ClassifyPrincipal, User) {
  PrincipalView p = ClassifyPrincipal("arn:aws:iam::111122223333:user/division/alice");
  EXPECT_EQ(p.kind, PrincipalKind::kUser);
  EXPECT_EQ(p.account, "111122223333");
  EXPECT_EQ(p.name, "alice");
  EXPECT_EQ(p.path, "/division/");
  EXPECT_EQ(ClassifyPrincipal("arn:aws:iam::111122223333:user/bob").path, "/");
}

TEST(ClassifyPrincipal, RoleAndServiceLinkedRole) {
  PrincipalView role = ClassifyPrincipal("arn:aws:iam::111122223333:role/Admin");
  EXPECT_EQ(role.kind, PrincipalKind::kRole);
  EXPECT_EQ(role.name, "Admin");
  EXPECT_FALSE(role.service_linked);
  PrincipalView slr = ClassifyPrincipal(
      "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/"
      "AWSServiceRoleForElasticLoadBalancing");
  EXPECT_EQ(slr.kind, PrincipalKind::kRole);
  EXPECT_TRUE(slr.service_linked);
  EXPECT_EQ(slr.name, "AWSServiceRoleForElasticLoadBalancing");
}

TEST(ClassifyPrincipal, AssumedRoleSession) {
  PrincipalView p = ClassifyPrincipal("arn:aws:sts::111122223333:assumed-role/Dev/alice@example.com");
  EXPECT_EQ(p.kind, PrincipalKind::kAssumedRole);
  EXPECT_EQ(p.account, "111122223333");
  EXPECT_EQ(p.name, "Dev");
  EXPECT_EQ(p.session, "alice@example.com");
  EXPECT_FALSE(p.service_linked);
  EXPECT_TRUE(ClassifyPrincipal("arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/s")
                  .service_linked);
}

TEST(ClassifyPrincipal, FederatedRootServiceAnonymous) {
  PrincipalView fed = ClassifyPrincipal("arn:aws:sts::111122223333:federated-user/carol");
  EXPECT_EQ(fed.kind, PrincipalKind::kFederatedUser);
  EXPECT_EQ(fed.name, "carol");
  PrincipalView root = ClassifyPrincipal("arn:aws:iam::111122223333:root");
  EXPECT_EQ(root.kind, PrincipalKind::kRoot);
  EXPECT_EQ(root.account, "111122223333");
  PrincipalView bare = ClassifyPrincipal("111122223333");
  EXPECT_EQ(bare.kind, PrincipalKind::kRoot);
  EXPECT_EQ(bare.account, "111122223333");
  PrincipalView service = ClassifyPrincipal("lambda.amazonaws.com");
  EXPECT_EQ(service.kind, PrincipalKind::kService);
  EXPECT_EQ(service.name, "lambda.amazonaws.com");
  EXPECT_EQ(ClassifyPrincipal("").kind, PrincipalKind::kAnonymous);
  EXPECT_EQ(ClassifyPrincipal("*").kind, PrincipalKind::kAnonymous);
  EXPECT_EQ(ClassifyPrincipal("AIDAEXAMPLE").kind, PrincipalKind::kUnknown);
  EXPECT_EQ(ClassifyPrincipal("arn:aws:s3:::bucket").kind, PrincipalKind::kUnknown);
  EXPECT_EQ(PrincipalKindName(PrincipalKind::kAssumedRole), "assumed-role");
}

}  // namespace
}  // namespace vouch::iam
