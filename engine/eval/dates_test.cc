// Date and number parsing for the Date* and Numeric* operators, against hand-computed instants.
#include "engine/eval/dates.h"

#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

// AWS Date operators accept W3C ISO 8601 and epoch seconds; both name the same instant.
TEST(ParseDate, IsoAndEpochAgree) {
  EXPECT_EQ(ParseDate("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseDate("2020-01-01T00:00:00Z"), int64_t{1577836800} * 1000);
  EXPECT_EQ(ParseDate("1577836800"), int64_t{1577836800} * 1000);
  EXPECT_EQ(ParseDate("2020-01-01"), int64_t{1577836800} * 1000);
  EXPECT_EQ(ParseDate("2020-01"), int64_t{1577836800} * 1000);
  EXPECT_EQ(ParseDate("2020-01-01T02:00:00+02:00"), int64_t{1577836800} * 1000);
  EXPECT_EQ(ParseDate("2019-12-31T19:00-05:00"), int64_t{1577836800} * 1000);
  EXPECT_EQ(ParseDate("2020-01-01T00:00:00.250Z"), int64_t{1577836800} * 1000 + 250);
  EXPECT_EQ(ParseDate("2024-02-29T12:00:00Z"), int64_t{1709208000} * 1000);
  EXPECT_EQ(ParseDate("1577836800.5"), int64_t{1577836800} * 1000 + 500);
}

TEST(ParseDate, RejectsWhatIsNeither) {
  EXPECT_EQ(ParseDate(""), std::nullopt);
  EXPECT_EQ(ParseDate("yesterday"), std::nullopt);
  EXPECT_EQ(ParseDate("2023-02-29"), std::nullopt);  // not a leap year
  EXPECT_EQ(ParseDate("2020-13-01"), std::nullopt);
  EXPECT_EQ(ParseDate("2020-01-01T25:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseDate("2020-01-01 00:00:00"), std::nullopt);
  EXPECT_EQ(ParseDate("2020-01-01T00:00:00X"), std::nullopt);
}

TEST(ParseNumber, IntegersAndDecimals) {
  EXPECT_EQ(ParseNumber("10"), 10.0);
  EXPECT_EQ(ParseNumber("-2.5"), -2.5);
  EXPECT_EQ(ParseNumber("0.1"), 0.1);
  EXPECT_EQ(ParseNumber("ten"), std::nullopt);
  EXPECT_EQ(ParseNumber(""), std::nullopt);
  EXPECT_EQ(ParseNumber("1.2.3"), std::nullopt);
  EXPECT_EQ(ParseNumber("0x10"), std::nullopt);
  EXPECT_EQ(ParseNumber("nan"), std::nullopt);
}

}  // namespace
}  // namespace vouch::iam
