// Tests for cloudtrail.h through LoadSnapshot: each response recognised by its keys, trails kept
// once, event selectors joined by ARN, the responses that name nothing given to the one trail or
// bucket there is (and to none when there are several), and the errors that stop a load.
#include "frontends/aws/cloudtrail.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "frontends/aws/snapshot.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

namespace fs = std::filesystem;

class CloudTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat("vouch_cloudtrail_",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, absl::string_view text) {
    std::ofstream(dir_ / name) << text;
  }
  absl::StatusOr<Snapshot> Load() { return LoadSnapshot(dir_.string()); }

  fs::path dir_;
};

std::string TrailJson(const std::string& name, const std::string& bucket,
                      const std::string& region = "us-east-1") {
  return absl::StrCat(R"({"Name": ")", name, R"(", "S3BucketName": ")", bucket,
                      R"(", "IsMultiRegionTrail": true, "HomeRegion": ")", region,
                      R"(", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/)", name,
                      R"(", "LogFileValidationEnabled": true, "HasCustomEventSelectors": true,
                      "SnsTopicName": "read-past"})");
}

constexpr char kStatus[] = R"({"IsLogging": false, "LatestDeliveryTime": 1764237300.5})";
constexpr char kAcl[] = R"({"Owner": {"ID": "o"}, "Grants": [{"Grantee": {"Type": "Group",
  "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]})";
constexpr char kBlock[] = R"({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true,
  "IgnorePublicAcls": false, "BlockPublicPolicy": true, "RestrictPublicBuckets": "true"}})";

TEST_F(CloudTrailTest, OneTrailGetsTheResponsesThatNameNothing) {
  // The trail as listed by two regions' describe-trails: kept once.
  Write("a.json", absl::StrCat(R"({"trailList": [)", TrailJson("main", "logs"), "]}"));
  Write("b.json", absl::StrCat(R"({"trailList": [)", TrailJson("main", "logs", "us-east-1"), "]}"));
  Write("status.json", kStatus);
  Write("selectors.json", R"({"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
    "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]})");
  Write(
      "policy.json",
      R"({"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":[\"arn:aws:s3:::logs/*\",\"arn:aws:s3:::logs\"]}]}"})");
  Write("acl.json", kAcl);
  Write("block.json", kBlock);
  absl::StatusOr<Snapshot> s = Load();
  ASSERT_TRUE(s.ok()) << s.status();
  const audit::CloudTrailSnapshot& c = s->cloudtrail;
  EXPECT_TRUE(c.described);
  ASSERT_EQ(c.trails.size(), 1u);
  const audit::Trail& t = c.trails[0];
  EXPECT_EQ(t.name, "main");
  EXPECT_TRUE(t.multi_region);
  EXPECT_TRUE(t.log_file_validation);
  EXPECT_TRUE(t.has_custom_event_selectors);
  ASSERT_TRUE(t.status.has_value());
  EXPECT_FALSE(t.status->is_logging);
  ASSERT_TRUE(t.selectors.has_value());
  EXPECT_FALSE(t.selectors->management_reads);
  EXPECT_TRUE(t.selectors->management_writes);
  const audit::Bucket* b = c.FindBucket("logs");
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(b->policy.has_value());
  EXPECT_EQ(b->policy->statements.size(), 1u);
  ASSERT_TRUE(b->acl.has_value());
  ASSERT_EQ(b->acl->size(), 1u);
  EXPECT_EQ((*b->acl)[0].grantee_uri, "http://acs.amazonaws.com/groups/global/AllUsers");
  ASSERT_TRUE(b->public_access_block.has_value());
  EXPECT_TRUE(b->public_access_block->restrict_public_buckets);  // "true" as a string too
  EXPECT_FALSE(b->public_access_block->ignore_public_acls);
  for (const SnapshotFile& f : s->files) EXPECT_TRUE(f.recognised) << f.path;
}

TEST_F(CloudTrailTest, SeveralTrailsLeaveThemUnattributed) {
  Write("trails.json", absl::StrCat(R"({"trailList": [)", TrailJson("a", "logs-a"), ",",
                                    TrailJson("b", "logs-b"), "]}"));
  Write("status.json", kStatus);
  Write("acl.json", kAcl);
  absl::StatusOr<Snapshot> s = Load();
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->cloudtrail.trails.size(), 2u);
  EXPECT_FALSE(s->cloudtrail.trails[0].status.has_value());
  EXPECT_FALSE(s->cloudtrail.trails[1].status.has_value());
  EXPECT_EQ(s->cloudtrail.unattributed_statuses.size(), 1u);
  EXPECT_EQ(s->cloudtrail.unattributed_acls.size(), 1u);
  EXPECT_EQ(s->cloudtrail.FindBucket("logs-a"), nullptr);
}

TEST_F(CloudTrailTest, AnEmptyTrailListIsDescribed) {
  Write("trails.json", R"({"trailList": []})");
  absl::StatusOr<Snapshot> s = Load();
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->cloudtrail.described);
  EXPECT_TRUE(s->cloudtrail.trails.empty());
}

TEST_F(CloudTrailTest, ErrorsNameTheFileAndPointer) {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {R"({"trailList": [{"Name": "t"}]})", "/trailList/0: missing `TrailARN`"},
      {R"({"trailList": [{"Name": "t", "TrailARN": "t", "IsMultiRegionTrail": "maybe"}]})",
       "/trailList/0/IsMultiRegionTrail: expected a boolean"},
      {R"({"IsLogging": "yes"})", "/IsLogging: expected a boolean"},
      {R"({"TrailARN": "arn:aws:cloudtrail:us-east-1:1:trail/t", "EventSelectors": [{"ReadWriteType": "Some"}]})",
       "/EventSelectors/0/ReadWriteType: unknown ReadWriteType `Some` (expected ReadOnly, "
       "WriteOnly or All)"},
      {R"({"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":[\"arn:aws:s3:::a/*\",\"arn:aws:s3:::b/*\"]}]}"})",
       "/Policy: a bucket policy whose Resource ARNs do not all name one bucket"},
      {R"({"Owner": {}, "Grants": [{"Permission": "EVERYTHING"}]})",
       "/Grants/0/Permission: unknown permission `EVERYTHING`"},
  };
  for (const Case& c : cases) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("bad.json", c.text);
    absl::StatusOr<Snapshot> s = Load();
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string want = absl::StrCat((dir_ / "bad.json").string(), ": ", c.message);
    EXPECT_EQ(std::string(s.status().message()).substr(0, want.size()), want) << s.status();
  }
}

}  // namespace
}  // namespace vouch::aws
