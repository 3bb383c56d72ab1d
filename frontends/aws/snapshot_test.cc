// Tests for snapshot.h: the lab folder, Batfish's nested layout, recognition by key rather than
// name, merging across files, and the errors that stop a load.
#include "frontends/aws/snapshot.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/authorization_details.h"
#include "frontends/aws/json_reader.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the test's temp dir, removed at the end of the test.
class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat("vouch_snapshot_", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& rel, absl::string_view text) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }

  fs::path dir_;
};

constexpr char kUsers[] = R"({"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u",
  "GroupList": [], "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}]}],
  "GroupDetailList": [], "RoleDetailList": [], "IsTruncated": true, "Marker": "abc"})";
constexpr char kPolicies[] = R"([{"Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::111122223333:policy/p",
  "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
  "Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}]}]}])";

TEST_F(SnapshotTest, ReadsTheLab) {
  std::string lab = absl::StrCat(VOUCH_SOURCE_DIR, "/examples/lab");
  absl::StatusOr<Snapshot> s = LoadSnapshot(lab);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->account.account_id, "111122223333");
  const iam::User* user = s->account.FindUser("user-1");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->groups, std::vector<std::string>{"USER1GROUP"});
  const iam::Group* group = s->account.FindGroup("USER1GROUP");
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->managed_policy_arns,
            std::vector<std::string>{"arn:aws:iam::aws:policy/ReadOnlyAccess"});
  const iam::ManagedPolicy* ro = s->account.FindPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess");
  ASSERT_NE(ro, nullptr);
  EXPECT_TRUE(ro->aws_managed);
  ASSERT_NE(s->account.FindRole("app-server"), nullptr);
  EXPECT_EQ(s->account.FindRole("app-server")->permissions_boundary_arn,
            "arn:aws:iam::111122223333:policy/app-boundary");
  // The credential files are listed, read past, with their keys.
  bool saw_access_keys = false;
  for (const SnapshotFile& f : s->files) {
    if (absl::EndsWith(f.path, "iam-list-access-keys-user-1.json")) {
      saw_access_keys = true;
      EXPECT_FALSE(f.recognised);
      EXPECT_EQ(f.keys, std::vector<std::string>{"AccessKeyMetadata"});
    }
    if (absl::EndsWith(f.path, "iam-get-account-authorization-details.json")) {
      EXPECT_TRUE(f.recognised);
    }
    if (absl::EndsWith(f.path, "iam-get-credential-report.json")) {
      EXPECT_TRUE(f.recognised);
      EXPECT_EQ(f.keys, (std::vector<std::string>{"Content", "ReportFormat", "GeneratedTime"}));
    }
  }
  EXPECT_TRUE(saw_access_keys);
  // The credential report: the root user's row, then user-1's and admin-1's.
  ASSERT_TRUE(s->credential_report.has_value());
  ASSERT_EQ(s->credential_report->rows.size(), 3u);
  EXPECT_TRUE(s->credential_report->rows[0].is_root());
  EXPECT_EQ(s->credential_report->rows[1].user, "user-1");
  EXPECT_TRUE(s->credential_report->rows[1].mfa_active);
  EXPECT_EQ(s->credential_report->rows[2].user, "admin-1");
  EXPECT_FALSE(s->credential_report->rows[2].mfa_active);
  // The virtual MFA devices: user-1's alone (the root user's device is a hardware one).
  ASSERT_TRUE(s->virtual_mfa_devices.has_value());
  ASSERT_EQ(s->virtual_mfa_devices->size(), 1u);
  const iam::VirtualMfaDevice& d = s->virtual_mfa_devices->at(0);
  EXPECT_EQ(d.serial_number, "arn:aws:iam::111122223333:mfa/user-1");
  EXPECT_EQ(d.user_arn, "arn:aws:iam::111122223333:user/user-1");
  EXPECT_EQ(d.source.pointer, "/VirtualMFADevices/0");
  EXPECT_FALSE(d.IsRoots());
}

TEST_F(SnapshotTest, VirtualMfaDevicesAreReadFromEveryPageAndCheckedForShape) {
  // Two pages; the documented example's devices carry no User (not assigned, or not shown).
  std::string path = Write("devices.json", R"([
      {"VirtualMFADevices": [{"SerialNumber": "arn:aws:iam::111122223333:mfa/root-account-mfa-device"}],
       "IsTruncated": true, "Marker": "m"},
      {"VirtualMFADevices": [{"SerialNumber": "arn:aws:iam::111122223333:mfa/phone",
        "User": {"Arn": "arn:aws:iam::111122223333:root", "UserId": "111122223333"},
        "EnableDate": "2026-01-01T00:00:00+00:00"}]}])");
  absl::StatusOr<Snapshot> s = LoadSnapshot(dir_.string());
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_TRUE(s->virtual_mfa_devices.has_value());
  ASSERT_EQ(s->virtual_mfa_devices->size(), 2u);
  EXPECT_TRUE(s->virtual_mfa_devices->at(0).IsRoots());  // by AWS's name for it
  EXPECT_EQ(s->virtual_mfa_devices->at(0).user_arn, "");
  EXPECT_TRUE(s->virtual_mfa_devices->at(1).IsRoots());  // assigned to the root user
  EXPECT_EQ(s->virtual_mfa_devices->at(1).source.pointer, "/1/VirtualMFADevices/0");
  Write("devices.json", R"({"VirtualMFADevices": [{"User": {}}]})");
  EXPECT_EQ(LoadSnapshot(dir_.string()).status().message(),
            path + ": /VirtualMFADevices/0: missing `SerialNumber`");
  Write("devices.json", R"({"VirtualMFADevices": {}})");
  EXPECT_EQ(LoadSnapshot(dir_.string()).status().message(),
            path + ": /VirtualMFADevices: expected an array of virtual MFA devices, got object");
}

TEST_F(SnapshotTest, OneCredentialReportOnly) {
  // A report with no rows: the header alone, as plain text.
  const std::string report = absl::StrCat(
      R"({"Content": "user,arn,user_creation_time,password_enabled,password_last_used,)",
      R"(password_last_changed,password_next_rotation,mfa_active,access_key_1_active,)",
      R"(access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,)",
      R"(access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,)",
      R"(access_key_2_last_used_date,access_key_2_last_used_region,)",
      R"(access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,)",
      R"(cert_2_last_rotated", "ReportFormat": "text/csv"})");
  std::string first = Write("a.json", report);
  absl::StatusOr<Snapshot> one = LoadSnapshot(dir_.string());
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(one->credential_report.has_value());
  EXPECT_TRUE(one->credential_report->rows.empty());
  std::string second = Write("b.json", report);
  EXPECT_EQ(LoadSnapshot(dir_.string()).status().message(),
            absl::StrCat(second, ": a second IAM credential report (the first is ", first,
                         "): give the snapshot one"));
}

TEST_F(SnapshotTest, BatfishLayoutRecognisedByKeyAcrossFiles) {
  Write("aws_configs/accounts/111122223333/us-east-1/zz-anything.json", kUsers);
  Write("aws_configs/accounts/111122223333/global/a.json", kPolicies);
  Write("aws_configs/us-east-1/notes.json", R"({"Something": 1})");
  Write("aws_configs/us-east-1/readme.txt", "not json, not read");
  absl::StatusOr<Snapshot> s = LoadSnapshot(dir_.string());
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->files.size(), 3u);
  EXPECT_TRUE(s->files[0].recognised);  // sorted: .../global/a.json first
  EXPECT_TRUE(absl::EndsWith(s->files[0].path, "global/a.json"));
  EXPECT_EQ(s->files[1].keys, (std::vector<std::string>{"UserDetailList", "GroupDetailList",
                                                        "RoleDetailList", "IsTruncated", "Marker"}));
  EXPECT_FALSE(s->files[2].recognised);
  EXPECT_EQ(s->files[2].keys, std::vector<std::string>{"Something"});
  ASSERT_EQ(s->account.users.size(), 1u);
  ASSERT_EQ(s->account.policies.size(), 1u);
  EXPECT_EQ(s->account.policies[0].document.source.file, s->files[0].path);
  EXPECT_EQ(s->account.policies[0].document.source.pointer, "/0/Policies/0/PolicyVersionList/0/Document");
}

TEST_F(SnapshotTest, ASingleFileIsASnapshot) {
  std::string file = Write("gaad.json", kPolicies);
  absl::StatusOr<Snapshot> s = LoadSnapshot(file);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->account.policies.size(), 1u);
}

TEST_F(SnapshotTest, Errors) {
  EXPECT_EQ(LoadSnapshot((dir_ / "missing").string()).status().message(),
            absl::StrCat((dir_ / "missing").string(), ": no such file or directory"));
  EXPECT_EQ(LoadSnapshot(dir_.string()).status().message(),
            absl::StrCat(dir_.string(), ": no JSON files found"));

  std::string users = Write("users.json", kUsers);
  EXPECT_EQ(LoadSnapshot(dir_.string()).status().message(),
            absl::StrCat(users, ": /UserDetailList/0/AttachedManagedPolicies/0: user `u` attaches "
                                "managed policy `arn:aws:iam::111122223333:policy/p`, which is not "
                                "in the snapshot (add the output of `aws iam "
                                "get-account-authorization-details --filter AWSManagedPolicy "
                                "LocalManagedPolicy`)"));

  std::string bad = Write("bad.json", R"({"Policies": [)");
  absl::Status st = LoadSnapshot(dir_.string()).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(st.message(), absl::StrCat(bad, ": invalid JSON: "))) << st;
  fs::remove(bad);

  std::string pages = Write("pages.json", "[1]");
  EXPECT_EQ(LoadSnapshot(dir_.string()).status().message(),
            absl::StrCat(pages, ": /0: expected an AWS CLI response object, got number"));
}

// A response object is read one detail-list element at a time; the account is the one read from
// the whole parsed file, in the same order, with the same sources.
TEST_F(SnapshotTest, DetailListsReadByElementMatchTheWholeFile) {
  constexpr char kAll[] = R"({"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r",
    "AssumeRolePolicyDocument":
      "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%7D",
    "RolePolicyList": [{"PolicyName": "i", "PolicyDocument": {"Statement": {"Effect": "Deny",
      "Action": "s3:*", "Resource": "arn:aws:s3:::b/\\\"]}"}}}]}],
  "UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u", "GroupList": ["g"],
    "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}],
    "UserPolicyList": [{"PolicyName": "up", "PolicyDocument": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": ["iam:Get*"], "Resource": "*",
      "Condition": {"StringEquals": {"aws:username": ["u", 1]}}}]}}]},
    {"UserName": "v", "Arn": "arn:aws:iam::111122223333:user/v"}],
  "GroupDetailList": [{"GroupName": "g", "Arn": "arn:aws:iam::111122223333:group/g"}],
  "Policies": [{"PolicyName": "p", "Arn": "arn:aws:iam::111122223333:policy/p",
    "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
    "Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}]}],
  "Marker": "x"})";
  std::string file = Write("all.json", kAll);
  absl::StatusOr<Snapshot> s = LoadSnapshot(file);
  ASSERT_TRUE(s.ok()) << s.status();
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromString(kAll, file);
  ASSERT_TRUE(doc.ok());
  iam::Account whole;
  ASSERT_TRUE(ReadAuthorizationDetails((*doc)->root(), whole).ok());
  EXPECT_EQ(s->account, whole);
  ASSERT_EQ(s->account.users.size(), 2u);
  EXPECT_EQ(s->account.users[0].inline_policies[0].document.statements[0].source.pointer,
            "/UserDetailList/0/UserPolicyList/0/PolicyDocument/Statement/0");
  EXPECT_EQ(s->files[0].keys, (std::vector<std::string>{"RoleDetailList", "UserDetailList",
                                                        "GroupDetailList", "Policies", "Marker"}));
  EXPECT_TRUE(s->files[0].recognised);
}

// Errors inside an element name where it sits in the file; a list that is not an array is an
// error only after the lists read before it.
TEST_F(SnapshotTest, DetailListErrorsByElement) {
  std::string file = Write("users.json", R"({"RoleDetailList": 5, "UserDetailList": [
    {"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u"}, {"UserName": 7}]})");
  EXPECT_EQ(LoadSnapshot(file).status().message(),
            absl::StrCat(file, ": /UserDetailList/1/UserName: expected a string, got number"));
  file = Write("users.json", R"({"RoleDetailList": 5, "UserDetailList": []})");
  EXPECT_EQ(LoadSnapshot(file).status().message(),
            absl::StrCat(file, ": /RoleDetailList: expected an array, got number"));
  file = Write("users.json", R"({"UserDetailList": [{"UserName": 7}], "Policies": [1)");
  EXPECT_TRUE(absl::StartsWith(LoadSnapshot(file).status().message(),
                               absl::StrCat(file, ": invalid JSON: ")));
}

}  // namespace
}  // namespace vouch::aws
