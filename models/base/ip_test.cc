// Strict IP and CIDR parsing: the cases AWS users write, and the malformed ones they mistype.
#include "models/base/ip.h"

#include "gtest/gtest.h"

namespace vouch {
namespace {

TEST(IpTest, ParsesIpv4) {
  absl::StatusOr<IpAddress> a = ParseIpAddress("203.0.113.7");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->family, IpFamily::kV4);
  EXPECT_EQ(a->v4(), (203u << 24) | (0u << 16) | (113u << 8) | 7u);
  EXPECT_EQ(a->ToString(), "203.0.113.7");
}

TEST(IpTest, RejectsMalformedIpv4) {
  for (const char* bad : {"10.0.0.256", "10.0.0", "10.0.0.0.0", "010.0.0.1", "1.2.3.-4", "", "a.b.c.d",
                          "1..2.3"}) {
    absl::StatusOr<IpAddress> a = ParseIpAddress(bad);
    EXPECT_FALSE(a.ok()) << bad;
  }
  EXPECT_EQ(ParseIpAddress("10.0.0.256").status().message(),
            "`10.0.0.256` is not an IPv4 or IPv6 address");
}

TEST(IpTest, ParsesIpv6WithCompressionAndEmbeddedIpv4) {
  absl::StatusOr<IpAddress> a = ParseIpAddress("2001:db8::1");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->family, IpFamily::kV6);
  EXPECT_EQ(static_cast<uint64_t>(a->bits >> 64), 0x20010db800000000ull);
  EXPECT_EQ(static_cast<uint64_t>(a->bits), 1ull);
  EXPECT_EQ(a->ToString(), "2001:db8::1");
  EXPECT_EQ(ParseIpAddress("::")->ToString(), "::");
  EXPECT_EQ(ParseIpAddress("::ffff:192.0.2.1")->ToString(), "::ffff:c000:201");
  EXPECT_EQ(ParseIpAddress("2001:DB8:0:0:1:0:0:1")->ToString(), "2001:db8::1:0:0:1");
}

TEST(IpTest, RejectsMalformedIpv6) {
  for (const char* bad : {"::g", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "1:2:3:4:5:6:7"}) {
    EXPECT_FALSE(ParseIpAddress(bad).ok()) << bad;
  }
}

TEST(CidrTest, ClearsHostBitsAsAwsDoes) {
  // VPC User Guide: AWS canonicalises 100.68.0.18/18 to 100.68.0.0/18.
  absl::StatusOr<Cidr> c = ParseCidr("100.68.0.18/18");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->ToString(), "100.68.0.0/18");
}

TEST(CidrTest, BareAddressIsAHostPrefix) {
  EXPECT_EQ(ParseCidr("10.1.2.3")->length, 32);
  EXPECT_EQ(ParseCidr("2001:db8::1")->length, 128);
}

TEST(CidrTest, RejectsBadLengths) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/1a", "::/129",
                          "10.0.0.0/0008"}) {
    EXPECT_FALSE(ParseCidr(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseCidr("10.0.0.0/33").status().message(), "`10.0.0.0/33` is not a CIDR block");
}

TEST(CidrTest, ContainsAndBounds) {
  Cidr half = *ParseCidr("0.0.0.0/1");
  EXPECT_TRUE(half.Contains(*ParseIpAddress("127.255.255.255")));
  EXPECT_FALSE(half.Contains(*ParseIpAddress("128.0.0.0")));
  EXPECT_EQ(half.Last().ToString(), "127.255.255.255");
  Cidr all = *ParseCidr("0.0.0.0/0");
  EXPECT_TRUE(all.Contains(*ParseCidr("10.0.0.0/8")));
  EXPECT_FALSE(ParseCidr("10.0.0.0/8")->Contains(all));
  // Families never mix: an IPv6 address is not in an IPv4 block, even 0.0.0.0/0.
  EXPECT_FALSE(all.Contains(*ParseIpAddress("::1")));
  EXPECT_TRUE(ParseCidr("::/0")->Contains(*ParseIpAddress("2001:db8::1")));
  EXPECT_EQ(ParseCidr("2001:db8::/32")->Last().ToString(), "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
}

}  // namespace
}  // namespace vouch
