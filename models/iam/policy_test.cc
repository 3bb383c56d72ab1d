// Condition operator names: every base operator, the IfExists and set-operator modifiers, and
// the names AWS rejects.
#include "models/iam/policy.h"

#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

TEST(ConditionOperatorTest, RoundTripsEveryBaseOperatorWithModifiers) {
  const char* bases[] = {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
                         "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
                         "NumericEquals", "NumericNotEquals", "NumericLessThan",
                         "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
                         "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
                         "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals",
                         "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
                         "ArnNotLike"};
  for (const char* base : bases) {
    for (const char* prefix : {"", "ForAllValues:", "ForAnyValue:"}) {
      for (const char* suffix : {"", "IfExists"}) {
        std::string name = std::string(prefix) + base + suffix;
        absl::StatusOr<ConditionOperator> op = ParseConditionOperator(name);
        ASSERT_TRUE(op.ok()) << name;
        EXPECT_EQ(ConditionOperatorName(*op), name);
        EXPECT_EQ(op->if_exists, *suffix != '\0');
      }
    }
  }
}

TEST(ConditionOperatorTest, NullTakesNoIfExists) {
  EXPECT_TRUE(ParseConditionOperator("Null").ok());
  EXPECT_TRUE(ParseConditionOperator("ForAllValues:Null").ok());
  EXPECT_EQ(ParseConditionOperator("NullIfExists").status().message(),
            "unknown condition operator `NullIfExists`");
}

TEST(ConditionOperatorTest, RejectsUnknownAndWrongCase) {
  for (const char* bad : {"StringLikeX", "stringequals", "ForAllValue:StringEquals",
                          "ForAnyValue:", "IfExists", "", "ForAnyValue:ForAllValues:StringLike"}) {
    EXPECT_FALSE(ParseConditionOperator(bad).ok()) << bad;
  }
}

TEST(ConditionOperatorTest, NegatedOperatorsAreExactlyTheNotOnes) {
  EXPECT_TRUE(IsNegated(ConditionOperatorKind::kStringNotEquals));
  EXPECT_TRUE(IsNegated(ConditionOperatorKind::kNotIpAddress));
  EXPECT_TRUE(IsNegated(ConditionOperatorKind::kArnNotLike));
  EXPECT_TRUE(IsNegated(ConditionOperatorKind::kDateNotEquals));
  EXPECT_FALSE(IsNegated(ConditionOperatorKind::kStringLike));
  EXPECT_FALSE(IsNegated(ConditionOperatorKind::kNull));
  EXPECT_FALSE(IsNegated(ConditionOperatorKind::kBool));
}

}  // namespace
}  // namespace vouch::iam
