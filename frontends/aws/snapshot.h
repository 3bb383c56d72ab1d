// A snapshot: a folder of AWS CLI outputs, read into the IAM account and the VPC network.
//
// Users already have such folders: `aws ... > file.json` by hand, CloudMapper's account-data,
// Batfish's `aws_configs/<region>/*.json` and `aws_configs/accounts/<account>/<region>/*.json`.
// LoadSnapshot walks the folder recursively and recognises each JSON file by its top-level keys,
// never by its name:
//
//   UserDetailList, GroupDetailList, RoleDetailList, Policies   -> authorization_details.h
//   Vpcs, Subnets, SecurityGroups, ... (IsEc2ResponseKey)        -> ec2_snapshot.h
//   Content and ReportFormat (get-credential-report)             -> credential_report.h
//   VirtualMFADevices (list-virtual-mfa-devices)                 -> credential_report.h
//   trailList, IsLogging, TrailARN, Policy, Grants, ... (CloudTrail -> cloudtrail.h
//     and the S3 bucket its logs go to)
//
// A file holds one response or a JSON array of response pages. Files whose keys are none of the
// above are read past but listed (Snapshot::files), so `--verbose` can say what was ignored.
// Malformed files are errors, never skipped: an answer from half a snapshot would be wrong.
//
//   absl::StatusOr<Snapshot> s = LoadSnapshot("examples/lab");
//   const iam::User* u = s->account.FindUser("user-1");
#ifndef VOUCH_FRONTENDS_AWS_SNAPSHOT_H_
#define VOUCH_FRONTENDS_AWS_SNAPSHOT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "models/audit/cloudtrail.h"
#include "models/iam/account.h"
#include "models/iam/credential_report.h"
#include "models/net/network.h"

namespace vouch::aws {

// One JSON file of the snapshot and what was made of it.
struct SnapshotFile {
  std::string path;               // as found under the folder given to LoadSnapshot
  std::vector<std::string> keys;  // its top-level keys (of every page), in order, without repeats
  bool recognised = false;        // at least one key was read into the account or the network

  bool operator==(const SnapshotFile&) const = default;
};

struct Snapshot {
  iam::Account account;
  net::Network network;
  std::vector<SnapshotFile> files;  // every *.json file, sorted by path
  bool has_iam = false;             // a get-account-authorization-details response was read
  std::optional<iam::CredentialReport> credential_report;  // a get-credential-report response
  // `aws iam list-virtual-mfa-devices` responses (every page), when the snapshot has one.
  std::optional<std::vector<iam::VirtualMfaDevice>> virtual_mfa_devices;
  audit::CloudTrailSnapshot cloudtrail;  // trails, their status and selectors, their buckets

  bool operator==(const Snapshot&) const = default;
};

// Reads every *.json file under `path` (recursively; `path` may also be a single file).
// Errors (InvalidArgument): "<path>: no such file or directory", "<path>: no JSON files found",
// any file's parse or shape error, "<path>: a second IAM credential report (the first is
// <path>): give the snapshot one", and CheckManagedPolicyReferences's errors once every file is
// read. EC2 readers' Unimplemented errors pass through (exit 3).
absl::StatusOr<Snapshot> LoadSnapshot(const std::string& path);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_SNAPSHOT_H_
