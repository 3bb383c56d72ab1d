// S3 bucket policies of a snapshot in `simulate`, `who-can` and `replay`, end to end: the lab
// (examples/lab) with a policy for its bucket lab-shared-drop added, which lets user-1 put
// objects under incoming/ and denies every S3 request over plain HTTP. Expectations derived by
// hand from that policy and the lab's (examples/lab/IAM-SOURCES.md): user-1 reads through
// ReadOnlyAccess and has no s3:PutObject of its own; admin-1 has AdministratorAccess.
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/cli_run.h"

namespace {

namespace fs = std::filesystem;

const std::string kSource = VOUCH_SOURCE_DIR;
const std::string kDrop = "arn:aws:s3:::lab-shared-drop/incoming/notes.txt";

using Result = vouch::test::CliResult;
using vouch::test::Vouch;

// The lab, and lab-shared-drop's policy as `aws s3api get-bucket-policy` prints it, in a folder
// of the running test's own (ctest runs the tests at once).
std::string LabWithDropPolicy() {
  const fs::path dir = fs::path(::testing::TempDir()) /
                       (std::string("lab_with_drop_policy_") +
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::copy(kSource + "/examples/lab", dir, fs::copy_options::recursive);
  std::ofstream(dir / "s3api-get-bucket-policy-drop.json")
      << R"({"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"UserOneDrops\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/user-1\"},\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::lab-shared-drop/incoming/*\"},{\"Sid\":\"TlsOnly\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::lab-shared-drop\",\"arn:aws:s3:::lab-shared-drop/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"})";
  return dir.string();
}

TEST(CliBucketPolicyTest, SimulateMeetsTheBucketsPolicy) {
  const std::string lab = LabWithDropPolicy();
  // The bucket policy grants user-1 in its own account: no identity policy need allow.
  Result r = Vouch("simulate --snapshot '" + lab +
                   "' --principal user-1 --action s3:PutObject --resource " + kDrop);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StartsWith(
      r.out, "allowed       s3:PutObject on " + kDrop +
                 "\n    Allow by lab-shared-drop bucket policy (resource), statement 0 "
                 "\"UserOneDrops\"\n      at " +
                 lab + "/s3api-get-bucket-policy-drop.json: /Policy/Statement/0\n"))
      << r.out;
  // Over plain HTTP its Deny wins over AdministratorAccess.
  r = Vouch("simulate --snapshot '" + lab + "' --principal admin-1 --action s3:GetObject " +
            "--resource " + kDrop + " --context aws:SecureTransport=boolean:false");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(absl::StartsWith(r.out, "explicitDeny  s3:GetObject on " + kDrop +
                                          "\n    Deny by lab-shared-drop bucket policy (resource), "
                                          "statement 1 \"TlsOnly\"\n"))
      << r.out;
  // --resource-policy takes its place; and the lab alone, without it, denies user-1.
  const std::string other = lab + "/../other-bucket-policy.json";
  std::ofstream(other) << R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:user/admin-1"}, "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::lab-shared-drop/*"}]})";
  r = Vouch("simulate --snapshot '" + lab + "' --principal user-1 --action s3:PutObject " +
            "--resource " + kDrop + " --resource-policy '" + other + "'");
  EXPECT_TRUE(absl::StartsWith(r.out, "implicitDeny  s3:PutObject")) << r.out;
  r = Vouch("simulate --snapshot '" + kSource +
            "/examples/lab' --principal user-1 --action s3:PutObject --resource " + kDrop);
  EXPECT_TRUE(absl::StartsWith(r.out, "implicitDeny  s3:PutObject")) << r.out;
}

TEST(CliBucketPolicyTest, WhoCanAsksEachPrincipalUnderTheBucketsPolicy) {
  Result r = Vouch("who-can --snapshot '" + LabWithDropPolicy() +
                   "' --action s3:PutObject --resource " + kDrop + " --only admin-1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "; the policy of bucket lab-shared-drop\n")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out,
                                "  user user-1 (arn:aws:iam::111122223333:user/user-1)\n"
                                "    allowed  s3:PutObject on " +
                                    kDrop +
                                    "\n      Allow by lab-shared-drop bucket policy (resource), "
                                    "statement 0 \"UserOneDrops\"\n"))
      << r.out;
}

TEST(CliBucketPolicyTest, ReplayAgreesWithTheLogOnceTheBucketsPolicyIsHeld) {
  // Without the bucket's policy, user-1's logged PutObject to lab-shared-drop disagrees with the
  // log (cli_replay_test.cc); with it, vouch allows it as AWS did.
  Result r = Vouch("replay --snapshot '" + LabWithDropPolicy() + "' --cloudtrail '" + kSource +
                   "/examples/cloudtrail/logs'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(
      absl::StrContains(r.out, "  vouch agrees with the log on 8 of 8 replayed calls it settles\n"))
      << r.out;
  EXPECT_FALSE(absl::StrContains(r.out, "disagreements with the log")) << r.out;
}

}  // namespace
