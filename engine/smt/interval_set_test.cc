// Interval sets against hand-computed results.
#include "engine/smt/interval_set.h"

#include "gtest/gtest.h"

namespace vouch::smt {
namespace {

std::vector<std::string> Cidrs(const IntervalSet& s) {
  std::vector<std::string> out;
  for (const Cidr& c : s.ToCidrs()) out.push_back(c.ToString());
  return out;
}

TEST(IntervalSetTest, UnionMergesOverlappingAndAdjacentIntervals) {
  IntervalSet s = IntervalSet::Of(1, 3).Union(IntervalSet::Of(4, 6)).Union(IntervalSet::Of(10, 12));
  EXPECT_EQ(s.intervals(), (std::vector<Interval>{{1, 6}, {10, 12}}));
  EXPECT_EQ(s.Size(), 9u);
  EXPECT_TRUE(s.Contains(5));
  EXPECT_FALSE(s.Contains(8));
}

TEST(IntervalSetTest, SubtractSplitsIntervals) {
  IntervalSet s = IntervalSet::Of(0, 100).Subtract(IntervalSet::Of(10, 20).Union(IntervalSet::Of(50, 200)));
  EXPECT_EQ(s.intervals(), (std::vector<Interval>{{0, 9}, {21, 49}}));
  EXPECT_TRUE(IntervalSet::Of(5, 6).Subtract(IntervalSet::Of(0, 10)).empty());
}

TEST(IntervalSetTest, IntersectKeepsCommonParts) {
  IntervalSet a = IntervalSet::Of(0, 10).Union(IntervalSet::Of(20, 30));
  IntervalSet b = IntervalSet::Of(5, 25);
  EXPECT_EQ(a.Intersect(b).intervals(), (std::vector<Interval>{{5, 10}, {20, 25}}));
}

TEST(IntervalSetTest, HalvesOfTheAddressSpaceRenderAsOneBlock) {
  IntervalSet s = IntervalSet::OfCidr(*ParseCidr("0.0.0.0/1")).Union(IntervalSet::OfCidr(*ParseCidr("128.0.0.0/1")));
  EXPECT_EQ(Cidrs(s), (std::vector<std::string>{"0.0.0.0/0"}));
}

TEST(IntervalSetTest, ArbitraryRangesRenderAsTheFewestAlignedBlocks) {
  // 10.0.0.1 - 10.0.0.6 = .1/32, .2/31, .4/31, .6/32
  IntervalSet s = IntervalSet::Of(0x0A000001, 0x0A000006);
  EXPECT_EQ(Cidrs(s), (std::vector<std::string>{"10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"}));
  EXPECT_EQ(Cidrs(IntervalSet::OfCidr(*ParseCidr("198.51.100.0/24"))), (std::vector<std::string>{"198.51.100.0/24"}));
}

std::vector<std::string> Cidrs6(const IntervalSet& s) {
  std::vector<std::string> out;
  for (const Cidr& c : s.ToCidrs(IpFamily::kV6)) out.push_back(c.ToString());
  return out;
}

TEST(IntervalSetTest, TheWholeIpv6SpaceIsOneBlockWithoutOverflow) {
  IntervalSet s = IntervalSet::OfCidr(*ParseCidr("::/1")).Union(IntervalSet::OfCidr(*ParseCidr("8000::/1")));
  EXPECT_EQ(Cidrs6(s), (std::vector<std::string>{"::/0"}));
  EXPECT_TRUE(s.Contains(~IntervalValue{0}));
}

TEST(IntervalSetTest, Ipv6RangesRenderAsTheFewestAlignedBlocks) {
  IntervalSet s = IntervalSet::OfCidr(*ParseCidr("::/0")).Subtract(IntervalSet::OfCidr(*ParseCidr("8000::/1")))
                      .Subtract(IntervalSet::OfCidr(*ParseCidr("::/3")));
  EXPECT_EQ(Cidrs6(s), (std::vector<std::string>{"2000::/3", "4000::/2"}));
  EXPECT_EQ(Cidrs6(IntervalSet::OfCidr(*ParseCidr("ff00::/8"))), (std::vector<std::string>{"ff00::/8"}));
}

}  // namespace
}  // namespace vouch::smt
