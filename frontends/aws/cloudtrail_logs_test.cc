// ReadCloudTrailLogText / ReadCloudTrailLogs: the fields read from CloudTrail records, and the
// exact errors for malformed ones.
#include "frontends/aws/cloudtrail_logs.h"

#include <filesystem>
#include <fstream>

#include "frontends/aws/gzip_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

void WriteFile(const std::filesystem::path& path, absl::string_view bytes) {
  std::ofstream(path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string Error(absl::string_view text) {
  absl::StatusOr<std::vector<audit::LoggedCall>> r = ReadCloudTrailLogText(text, "log.json");
  return r.ok() ? "ok" : std::string(r.status().message());
}

TEST(CloudTrailLogsTest, ReadsTheFieldsThatTellTheRequest) {
  absl::StatusOr<std::vector<audit::LoggedCall>> r = ReadCloudTrailLogText(R"({"Records": [
    {"eventVersion": "1.09", "eventID": "e1", "eventTime": "2026-11-26T10:15:09Z",
     "eventSource": "s3.amazonaws.com", "eventName": "GetObject", "awsRegion": "us-east-1",
     "sourceIPAddress": "10.0.0.10", "userAgent": "sdk", "errorCode": "AccessDenied",
     "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/app/s",
       "accessKeyId": "ASIA1",
       "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/app"},
                          "attributes": {"mfaAuthenticated": "false", "creationDate": "x"}}},
     "requestParameters": {"bucketName": "data", "key": "k", "userName": ["not", "a", "name"],
                           "groupName": "g"},
     "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::data/k"}, {"accountId": "1"}],
     "tlsDetails": {"tlsVersion": "TLSv1.3"}, "additionalEventData": {"x": [1, 2]}},
    {"eventSource": "iam.amazonaws.com", "eventName": "GetUser",
     "userIdentity": {"type": "Root", "invokedBy": "ec2.amazonaws.com"},
     "errorCode": null, "requestParameters": null, "resources": null}]})",
                                                                           "log.json");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  const audit::LoggedCall& c = (*r)[0];
  EXPECT_EQ(c.source, (SourceRef{"log.json", "/Records/0"}));
  EXPECT_EQ(c.event_id, "e1");
  EXPECT_EQ(c.event_time, "2026-11-26T10:15:09Z");
  EXPECT_EQ(c.event_source, "s3.amazonaws.com");
  EXPECT_EQ(c.event_name, "GetObject");
  EXPECT_EQ(c.aws_region, "us-east-1");
  EXPECT_EQ(c.source_ip_address, "10.0.0.10");
  EXPECT_TRUE(c.tls);
  EXPECT_EQ(c.identity_type, "AssumedRole");
  EXPECT_EQ(c.issuer_arn, "arn:aws:iam::111122223333:role/app");
  EXPECT_EQ(c.access_key_id, "ASIA1");
  EXPECT_EQ(c.invoked_by, "");
  EXPECT_EQ((*r)[1].invoked_by, "ec2.amazonaws.com");
  EXPECT_EQ(c.mfa_authenticated, false);
  EXPECT_EQ(c.error_code, "AccessDenied");
  EXPECT_EQ(audit::OutcomeOf(c), audit::LogOutcome::kDenied);
  ASSERT_EQ(c.resources.size(), 1u);
  EXPECT_EQ(c.resources[0].arn, "arn:aws:s3:::data/k");
  EXPECT_EQ(c.request_names,
            (std::vector<std::pair<std::string, std::string>>{{"groupName", "g"}}));
  const audit::LoggedCall& root = (*r)[1];
  EXPECT_EQ(root.identity_type, "Root");
  EXPECT_FALSE(root.tls);
  EXPECT_FALSE(root.mfa_authenticated.has_value());
  EXPECT_EQ(audit::OutcomeOf(root), audit::LogOutcome::kSucceeded);
}

TEST(CloudTrailLogsTest, OutcomesByErrorCode) {
  audit::LoggedCall c;
  for (const char* code : {"AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation",
                           "UnauthorizedOperation"}) {
    c.error_code = code;
    EXPECT_EQ(audit::OutcomeOf(c), audit::LogOutcome::kDenied) << code;
  }
  c.error_code = "NoSuchEntity";
  EXPECT_EQ(audit::OutcomeOf(c), audit::LogOutcome::kFailed);
}

TEST(CloudTrailLogsTest, MalformedRecordsAreLocated) {
  EXPECT_EQ(Error("[]"), "log.json: expected an object with `Records`, got array");
  EXPECT_EQ(Error("{}"), "log.json: missing `Records`");
  EXPECT_EQ(Error(R"({"Records": {}})"), "log.json: /Records: expected an array, got object");
  EXPECT_EQ(Error(R"({"Records": [3]})"), "log.json: /Records/0: expected an object, got number");
  EXPECT_EQ(Error(R"({"Records": [{"eventName": 7}]})"),
            "log.json: /Records/0/eventName: expected a string, got number");
  EXPECT_EQ(Error(R"({"Records": [{"userIdentity": "me"}]})"),
            "log.json: /Records/0/userIdentity: expected an object, got string");
  EXPECT_EQ(Error(R"({"Records": [{"userIdentity": {"sessionContext": {"attributes":
                     {"mfaAuthenticated": "maybe"}}}}]})"),
            "log.json: /Records/0/userIdentity/sessionContext/attributes/mfaAuthenticated: "
            "expected a boolean, got `maybe`");
  EXPECT_EQ(Error(R"({"Records": [{"resources": [{"ARN": 1}]}]})"),
            "log.json: /Records/0/resources/0/ARN: expected a string, got number");
  EXPECT_EQ(Error(R"({"Records": [)"),
            "log.json: invalid JSON: malformed structure (a missing or extra comma, colon, "
            "brace or bracket)");
}

TEST(CloudTrailLogsTest, FoldersAreWalkedForJsonFiles) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "ct_logs";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "2026" / "11");
  std::ofstream(dir / "2026" / "11" / "b.json") << R"({"Records": [{"eventID": "b"}]})";
  std::ofstream(dir / "a.json") << R"({"Records": [{"eventID": "a"}]})";
  std::ofstream(dir / "notes.txt") << "not a log";
  size_t files = 0;
  absl::StatusOr<std::vector<audit::LoggedCall>> r = ReadCloudTrailLogs({dir.string()}, &files);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(files, 2u);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].event_id, "b");  // "2026/11/b.json" sorts before "a.json"
  EXPECT_EQ((*r)[1].event_id, "a");
  std::ofstream(dir / "c.json.gz") << "x";
  EXPECT_EQ(ReadCloudTrailLogs({dir.string()}).status().message(),
            (dir / "c.json.gz").string() + ": not gzip data");
  std::filesystem::path empty = dir / "empty";
  std::filesystem::create_directories(empty);
  EXPECT_EQ(ReadCloudTrailLogs({empty.string()}).status().message(),
            empty.string() + ": no CloudTrail log file (*.json or *.json.gz) found");
  EXPECT_EQ(ReadCloudTrailLogs({(dir / "nope").string()}).status().message(),
            (dir / "nope").string() + ": no such file or directory");
}

// As CloudTrail delivers them: gzipped, beside digest files, in the bucket's folders.
TEST(CloudTrailLogsTest, GzippedLogFilesAreReadAndDigestFilesPassedOver) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "ct_gz_logs";
  std::filesystem::remove_all(dir);
  std::filesystem::path logs = dir / "AWSLogs" / "111122223333" / "CloudTrail" / "us-east-1";
  std::filesystem::path digests = dir / "AWSLogs" / "111122223333" / "CloudTrail-Digest";
  std::filesystem::create_directories(logs);
  std::filesystem::create_directories(digests);
  WriteFile(logs / "111122223333_CloudTrail_us-east-1_20261126T0915Z_a.json.gz",
            GzipForTest(R"({"Records": [{"eventID": "gz"}]})"));
  WriteFile(logs / "111122223333_CloudTrail_us-east-1_20261126T0920Z_b.json",
            R"({"Records": [{"eventID": "plain"}]})");
  // Not a log file: hashes of them, with no Records.
  WriteFile(digests / "111122223333_CloudTrail-Digest_us-east-1_x_20261126T0930Z.json.gz",
            GzipForTest(R"({"digestStartTime": "2026-11-26T08:30:00Z"})"));
  size_t files = 0;
  absl::StatusOr<std::vector<audit::LoggedCall>> r = ReadCloudTrailLogs({dir.string()}, &files);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(files, 2u);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].event_id, "gz");
  EXPECT_EQ((*r)[1].event_id, "plain");
  // A gzipped file read by name, whatever the name says; its records keep the file's name.
  std::filesystem::path renamed = dir / "downloaded.json";
  WriteFile(renamed, GzipForTest(R"({"Records": [{"eventID": "renamed"}]})"));
  r = ReadCloudTrailLogs({renamed.string()});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].event_id, "renamed");
  EXPECT_EQ((*r)[0].source.file, renamed.string());
  // Errors inside the uncompressed text name the file and the pointer.
  std::filesystem::path bad = dir / "bad.json.gz";
  WriteFile(bad, GzipForTest(R"({"Records": [{"eventName": 7}]})"));
  EXPECT_EQ(ReadCloudTrailLogs({bad.string()}).status().message(),
            bad.string() + ": /Records/0/eventName: expected a string, got number");
  std::filesystem::path truncated = dir / "truncated.json.gz";
  std::string whole = GzipForTest(R"({"Records": [{"eventID": "t"}]})");
  WriteFile(truncated, whole.substr(0, whole.size() - 6));
  EXPECT_EQ(ReadCloudTrailLogs({truncated.string()}).status().message(),
            truncated.string() + ": gzip data ends early");
}

}  // namespace
}  // namespace vouch::aws
