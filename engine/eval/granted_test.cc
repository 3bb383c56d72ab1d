// ServicesNamedByAllows: which services Allow statements hand out, checked by hand against the
// catalog's action names.
#include "engine/eval/granted.h"

#include <algorithm>

#include "engine/eval/iam_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::Allow;
using testing::Apply;
using testing::Deny;
using ::testing::ElementsAre;
using testing::MakePolicy;
using testing::NotAction;

std::vector<std::string> Named(std::vector<Statement> statements) {
  PolicySet set;
  set.identity.push_back(Apply(MakePolicy("p", std::move(statements)), PolicyType::kIdentity));
  static const CatalogNames* names = new CatalogNames(ActionCatalog::BuiltIn());
  return ServicesNamedByAllows(set, *names);
}

size_t ServicesWithActions() {
  const std::vector<CatalogService>& all = ActionCatalog::BuiltIn().services();
  return static_cast<size_t>(std::count_if(
      all.begin(), all.end(), [](const CatalogService& s) { return !s.actions.empty(); }));
}

TEST(ServicesNamedByAllowsTest, ActionPatternsNameTheirServicesWhenTheyMatchAnAction) {
  // Resources and conditions aside: a statement on one bucket still names s3. A Deny names
  // nothing, and a pattern no catalog action matches names nothing.
  EXPECT_THAT(Named({Allow({"iam:Get*"}), Allow({"S3:getobject"}, {"arn:aws:s3:::data/*"}),
                     Deny({"ec2:*"}), Allow({"sqs:NoSuchAction*"})}),
              ElementsAre("iam", "s3"));
  EXPECT_TRUE(Named({Deny({"*"})}).empty());
}

TEST(ServicesNamedByAllowsTest, StarNamesEveryServiceAndNotActionWhatItLeavesOut) {
  const size_t all = ServicesWithActions();
  ASSERT_GT(all, 300u);
  EXPECT_EQ(Named({Allow({"*"})}).size(), all);
  // NotAction iam:*: every service but IAM.
  std::vector<std::string> but_iam = Named({NotAction(Allow({"iam:*"}))});
  EXPECT_EQ(but_iam.size(), all - 1);
  EXPECT_FALSE(std::binary_search(but_iam.begin(), but_iam.end(), "iam"));
  EXPECT_TRUE(std::binary_search(but_iam.begin(), but_iam.end(), "s3"));
  // NotAction of some S3 actions leaves the others: S3 is still named.
  std::vector<std::string> most = Named({NotAction(Allow({"s3:Get*", "iam:*"}))});
  EXPECT_TRUE(std::binary_search(most.begin(), most.end(), "s3"));
  EXPECT_EQ(most.size(), all - 1);
  EXPECT_TRUE(Named({NotAction(Allow({"*"}))}).empty());
}

}  // namespace
}  // namespace vouch::iam
