// CheckTrails on hand-built snapshots: each claim's verdicts, with expectations derived from
// CIS's definitions and AWS's evaluation logic for the bucket policy.
#include "engine/eval/trail_checks.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "models/iam/policy_builders.h"

namespace vouch::audit {
namespace {

using iam::builders::Allow;
using iam::builders::Deny;
using iam::builders::MakePolicy;
using iam::builders::WithPrincipal;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kArn[] = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";
constexpr char kBucket[] = "logs-bucket";

Trail GoodTrail() {
  Trail t;
  t.name = "main";
  t.arn = kArn;
  t.home_region = "us-east-1";
  t.s3_bucket = kBucket;
  t.multi_region = true;
  t.log_file_validation = true;
  t.kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/k";
  t.status = TrailStatus{true, {}};
  return t;
}

// A bucket whose ACL grants the owner only and whose policy lets CloudTrail write.
Bucket PrivateBucket() {
  Bucket b;
  b.name = kBucket;
  b.acl = std::vector<AclGrant>{{"", "owner-id", "FULL_CONTROL", {}}};
  iam::Statement write =
      Allow({"s3:PutObject"}, {"arn:aws:s3:::logs-bucket/AWSLogs/111122223333/*"});
  write.principal = iam::PrincipalElement{};
  write.principal->service = {"cloudtrail.amazonaws.com"};
  b.policy = MakePolicy("policy", {write});
  return b;
}

CloudTrailSnapshot Snapshot(std::vector<Trail> trails,
                            std::vector<Bucket> buckets = {PrivateBucket()}) {
  CloudTrailSnapshot s;
  s.described = true;
  s.trails = std::move(trails);
  s.buckets = std::move(buckets);
  return s;
}

TrailClaimResult Only(const CloudTrailSnapshot& s, TrailClaims c) {
  std::vector<TrailClaimResult> r = CheckTrails(s, c);
  EXPECT_THAT(r, SizeIs(1));
  return r.empty() ? TrailClaimResult{} : r[0];
}

TEST(CheckTrails, AGoodTrailMeetsAll) {
  std::vector<TrailClaimResult> r = CheckTrails(Snapshot({GoodTrail()}), {true, true, true, true});
  ASSERT_THAT(r, SizeIs(4));
  for (const TrailClaimResult& c : r) {
    EXPECT_THAT(c.violations, IsEmpty()) << c.claim;
    EXPECT_THAT(c.unknowns, IsEmpty())
        << c.claim << ": " << (c.unknowns.empty() ? "" : c.unknowns[0].reason);
  }
}

TEST(CheckTrails, LoggingNeedsOneMultiRegionTrailLoggingManagementEvents) {
  Trail regional = GoodTrail();
  regional.multi_region = false;
  TrailClaimResult r = Only(Snapshot({regional}), {.logging = true});
  ASSERT_THAT(r.violations, SizeIs(1));
  EXPECT_EQ(r.violations[0].reason, "not a multi-region trail");

  Trail stopped = GoodTrail();
  stopped.status = TrailStatus{false, {}};
  EXPECT_EQ(Only(Snapshot({stopped}), {.logging = true}).violations.at(0).reason,
            "not logging (IsLogging is false)");

  Trail writes = GoodTrail();
  writes.selectors = EventSelectors{kArn, false, false, true, {}};
  EXPECT_THAT(Only(Snapshot({writes}), {.logging = true}).violations, SizeIs(1));

  // One good trail is enough, whatever the others.
  EXPECT_THAT(Only(Snapshot({regional, GoodTrail()}), {.logging = true}).violations, IsEmpty());

  // Unknown, never a pass: no status, custom or advanced selectors not read.
  Trail no_status = GoodTrail();
  no_status.status.reset();
  TrailClaimResult unknown = Only(Snapshot({no_status, regional}), {.logging = true});
  EXPECT_THAT(unknown.violations, IsEmpty());
  EXPECT_THAT(unknown.unknowns, SizeIs(1));
  Trail custom = GoodTrail();
  custom.has_custom_event_selectors = true;
  EXPECT_THAT(Only(Snapshot({custom}), {.logging = true}).unknowns, SizeIs(1));

  // No trail at all.
  EXPECT_EQ(Only(Snapshot({}), {.logging = true}).violations.at(0).subject, "account");
}

TEST(CheckTrails, ValidationAndKmsForEveryTrail) {
  Trail plain = GoodTrail();
  plain.name = "plain";
  plain.log_file_validation = false;
  plain.kms_key_id.clear();
  std::vector<TrailClaimResult> r =
      CheckTrails(Snapshot({GoodTrail(), plain}), {.validation = true, .kms = true});
  ASSERT_THAT(r, SizeIs(2));
  ASSERT_THAT(r[0].violations, SizeIs(1));
  EXPECT_EQ(r[0].violations[0].subject, "trail plain");
  ASSERT_THAT(r[1].violations, SizeIs(1));
  EXPECT_EQ(r[1].violations[0].subject, "trail plain");
}

TrailClaimResult Public(Bucket b) {
  return Only(Snapshot({GoodTrail()}, {std::move(b)}), {.logs_not_public = true});
}

TEST(CheckTrails, APolicyGrantingEveryoneReadsIsPublic) {
  Bucket b = PrivateBucket();
  b.policy->statements.push_back(
      WithPrincipal(Allow({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/*"}), {"*"}));
  TrailClaimResult r = Public(b);
  ASSERT_THAT(r.violations, SizeIs(2));  // anonymous, and a caller of another account
  EXPECT_EQ(r.violations[0].reason.substr(0, 38), "an anonymous caller may s3:GetObject o");
  EXPECT_THAT(r.unknowns, IsEmpty());
  // With RestrictPublicBuckets, AWS may block it: unknown, not a pass.
  b.public_access_block = PublicAccessBlock{true, true, true, true, {}};
  TrailClaimResult restricted = Public(b);
  EXPECT_THAT(restricted.violations, IsEmpty());
  EXPECT_THAT(restricted.unknowns, SizeIs(2));
}

TEST(CheckTrails, AConditionTheCallerCanMeetStillMakesItPublic) {
  Bucket b = PrivateBucket();
  iam::Statement from_vpn =
      WithPrincipal(Allow({"s3:ListBucket"}, {"arn:aws:s3:::logs-bucket"}), {"*"});
  from_vpn.conditions.push_back(iam::Condition{
      *iam::ParseConditionOperator("IpAddress"), "aws:SourceIp", {"198.51.100.0/24"}, {}});
  b.policy->statements.push_back(from_vpn);
  TrailClaimResult r = Public(b);
  ASSERT_THAT(r.violations, SizeIs(2));
  EXPECT_NE(r.violations[0].reason.find("with aws:SourceIp=ip:198.51.100.0"), std::string::npos)
      << r.violations[0].reason;
}

TEST(CheckTrails, AnotherAccountNamedInThePolicyIsOutside) {
  Bucket b = PrivateBucket();
  b.policy->statements.push_back(
      WithPrincipal(Allow({"s3:DeleteObject"}, {"arn:aws:s3:::logs-bucket/*"}), {"444455556666"}));
  TrailClaimResult r = Public(b);
  ASSERT_THAT(r.violations, SizeIs(1));
  EXPECT_EQ(r.violations[0].reason.substr(0, 69),
            "arn:aws:iam::444455556666:root may s3:DeleteObject on arn:aws:s3:::lo");
  // The owner's own account is not outside.
  Bucket own = PrivateBucket();
  own.policy->statements.push_back(
      WithPrincipal(Allow({"s3:DeleteObject"}, {"arn:aws:s3:::logs-bucket/*"}), {"111122223333"}));
  EXPECT_THAT(Public(own).violations, IsEmpty());
}

TEST(CheckTrails, AnAclGrantToAllUsersIsPublicUnlessIgnored) {
  Bucket b = PrivateBucket();
  b.acl->push_back(AclGrant{"http://acs.amazonaws.com/groups/global/AllUsers", "", "READ", {}});
  ASSERT_THAT(Public(b).violations, SizeIs(1));
  EXPECT_EQ(Public(b).violations[0].reason, "its ACL grants READ to AllUsers (everyone)");
  b.public_access_block = PublicAccessBlock{false, true, false, false, {}};
  EXPECT_THAT(Public(b).violations, IsEmpty());
}

TEST(CheckTrails, WhatTheSnapshotLacksIsUnknown) {
  Bucket no_acl = PrivateBucket();
  no_acl.acl.reset();
  EXPECT_THAT(Public(no_acl).unknowns, SizeIs(1));
  Bucket no_policy = PrivateBucket();
  no_policy.policy.reset();
  EXPECT_THAT(Public(no_policy).unknowns, SizeIs(1));
  // A policy variable in a Resource that meets the logs.
  Bucket variable = PrivateBucket();
  variable.policy->statements.push_back(WithPrincipal(
      Allow({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/AWSLogs/${aws:username}/*"}), {"*"}));
  TrailClaimResult v = Public(variable);
  ASSERT_THAT(v.unknowns, SizeIs(1));
  EXPECT_NE(v.unknowns[0].reason.find("holds a policy variable"), std::string::npos);
  // A Deny's too: which log objects it keeps from everyone depends on the caller.
  Bucket deny = PrivateBucket();
  deny.policy->statements.push_back(
      WithPrincipal(Allow({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/*"}), {"*"}));
  deny.policy->statements.push_back(WithPrincipal(
      Deny({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/AWSLogs/${aws:PrincipalAccount}/*"}),
      {"*"}));
  TrailClaimResult d = Public(deny);
  ASSERT_THAT(d.unknowns, SizeIs(1));
  EXPECT_EQ(d.unknowns[0].reason,
            "its policy's Resource `arn:aws:s3:::logs-bucket/AWSLogs/${aws:PrincipalAccount}/*` "
            "holds a policy variable");
}

// The reason's object: "... may s3:GetObject on <object>" up to the next space.
std::string ObjectOf(const std::string& reason) {
  size_t on = reason.find(" on ");
  if (on == std::string::npos) return "";
  size_t end = reason.find(' ', on + 4);
  return reason.substr(on + 4, end == std::string::npos ? std::string::npos : end - on - 4);
}

TEST(CheckTrails, AGrantOnSomeLogObjectsIsFoundOnOneOfThem) {
  // Everyone may read another region's logs (the object vouch first asks about is in the trail's
  // home region, us-east-1): a log object of eu-west-1 is readable.
  const std::string eu = "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/";
  Bucket region = PrivateBucket();
  region.policy->statements.push_back(WithPrincipal(Allow({"s3:GetObject"}, {eu + "*"}), {"*"}));
  TrailClaimResult r = Public(region);
  EXPECT_THAT(r.unknowns, IsEmpty());
  ASSERT_THAT(r.violations, SizeIs(2));  // anonymous, and a caller of another account
  for (const auto& violation : r.violations) {
    EXPECT_TRUE(absl::StartsWith(ObjectOf(violation.reason), eu)) << violation.reason;
  }
  // All log objects readable but the home region's: before, vouch asked about the home region's
  // only, and the claim held.
  Bucket all_but_home = PrivateBucket();
  all_but_home.policy->statements.push_back(
      WithPrincipal(Allow({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/*"}), {"*"}));
  all_but_home.policy->statements.push_back(
      WithPrincipal(Deny({"s3:GetObject"},
                         {"arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/*"}),
                    {"*"}));
  TrailClaimResult home = Public(all_but_home);
  EXPECT_THAT(home.unknowns, IsEmpty());
  ASSERT_THAT(home.violations, SizeIs(2));
  for (const auto& violation : home.violations) {
    std::string object = ObjectOf(violation.reason);
    EXPECT_TRUE(absl::StartsWith(object, "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/"))
        << violation.reason;
    EXPECT_FALSE(absl::StartsWith(
        object, "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/us-east-1/"))
        << violation.reason;
  }
  // The Deny on every log object: no log object is readable, whatever other ways the patterns
  // match (here: one, all of them matching every log object).
  Bucket denied = PrivateBucket();
  denied.policy->statements.push_back(
      WithPrincipal(Allow({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/*"}), {"*"}));
  denied.policy->statements.push_back(WithPrincipal(
      Deny({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/AWSLogs/111122223333/*"}), {"*"}));
  TrailClaimResult none = Public(denied);
  EXPECT_THAT(none.violations, IsEmpty());
  EXPECT_THAT(none.unknowns, IsEmpty());
  ASSERT_THAT(none.holds_by, SizeIs(1));
  EXPECT_NE(none.holds_by[0].reason.find("make any of 7 requests"), std::string::npos)
      << none.holds_by[0].reason;
  // A Deny on one region's objects beside an Allow on another's: the walk tells apart the
  // objects each matches, and the Allowed ones are found.
  Bucket two = PrivateBucket();
  two.policy->statements.push_back(WithPrincipal(
      Deny({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/us-*"}),
      {"*"}));
  two.policy->statements.push_back(WithPrincipal(
      Allow({"s3:GetObject"}, {"arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/u*"}),
      {"*"}));
  TrailClaimResult t = Public(two);
  EXPECT_THAT(t.unknowns, IsEmpty());
  ASSERT_THAT(t.violations, SizeIs(2));
  std::string object = ObjectOf(t.violations[0].reason);
  EXPECT_TRUE(
      absl::StartsWith(object, "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/u"))
      << object;
  EXPECT_FALSE(
      absl::StartsWith(object, "arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/us-"))
      << object;
}

TEST(CheckTrails, APrivatePolicyHoldsOnEveryKindOfLogObject) {
  // CloudTrail may write everywhere under the logs; an outside account may read one region's
  // logs only with a condition no caller meets. Three kinds of log object, each asked about.
  Bucket b = PrivateBucket();
  iam::Statement never =
      WithPrincipal(Allow({"s3:GetObject"},
                          {"arn:aws:s3:::logs-bucket/AWSLogs/111122223333/CloudTrail/eu-west-1/*"}),
                    {"444455556666"});
  never.conditions.push_back(
      iam::Condition{*iam::ParseConditionOperator("Bool"), "aws:SecureTransport", {"true"}, {}});
  never.conditions.push_back(
      iam::Condition{*iam::ParseConditionOperator("Bool"), "aws:SecureTransport", {"false"}, {}});
  b.policy->statements.push_back(never);
  TrailClaimResult r = Public(b);
  EXPECT_THAT(r.violations, IsEmpty());
  EXPECT_THAT(r.unknowns, IsEmpty());
  ASSERT_THAT(r.holds_by, SizeIs(1));
  EXPECT_NE(r.holds_by[0].reason.find(
                "make any of 10 requests (object requests on each of 2 log objects that stand "
                "for them all)"),
            std::string::npos)
      << r.holds_by[0].reason;
}

TEST(CheckTrails, PatternsThatTellApartTooManyKindsOfLogObjectAreUnknown) {
  // Each Deny tells apart the objects holding two characters in order: together they make more
  // kinds of log object than vouch follows, and the claim is unknown rather than guessed.
  Bucket b = PrivateBucket();
  const std::string chars = "abcdefghijklmnopqrstuvwxyz";
  for (size_t i = 0; i + 1 < chars.size(); ++i) {
    b.policy->statements.push_back(
        WithPrincipal(Deny({"s3:GetObject"},
                           {absl::StrCat("arn:aws:s3:::logs-bucket/AWSLogs/111122223333/*",
                                         chars.substr(i, 1), "*", chars.substr(i + 1, 1), "*")}),
                      {"*"}));
  }
  TrailClaimResult r = Public(b);
  EXPECT_THAT(r.violations, IsEmpty());
  ASSERT_THAT(r.unknowns, SizeIs(1));
  EXPECT_NE(r.unknowns[0].reason.find("tell apart more kinds of log object than vouch follows"),
            std::string::npos)
      << r.unknowns[0].reason;
}

}  // namespace
}  // namespace vouch::audit
