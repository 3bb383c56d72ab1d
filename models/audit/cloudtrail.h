// CloudTrail trails and the S3 buckets their logs go to, as an auditor checks them: whether the
// account's API calls are recorded in every region, whether the log files can be validated and
// are encrypted, and whether anyone outside the account can read or tamper with the logs.
//
// Read from what the AWS CLI prints (frontends/aws/cloudtrail.h): `aws cloudtrail
// describe-trails`, `get-trail-status`, `get-event-selectors`, and for the buckets `aws s3api
// get-bucket-policy`, `get-bucket-acl` and `get-public-access-block`. Some of those responses do
// not name their trail or bucket; where the snapshot cannot tell whose they are, the facts they
// hold are unknown rather than guessed.
#ifndef VOUCH_MODELS_AUDIT_CLOUDTRAIL_H_
#define VOUCH_MODELS_AUDIT_CLOUDTRAIL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "models/base/source_ref.h"
#include "models/iam/policy.h"

namespace vouch::audit {

// `get-trail-status`.
struct TrailStatus {
  bool is_logging = false;
  SourceRef source;

  bool operator==(const TrailStatus&) const = default;
};

// `get-event-selectors`: whether the trail records management events, reads and writes.
struct EventSelectors {
  std::string trail_arn;
  bool advanced = false;  // AdvancedEventSelectors: not read (what they record is unknown)
  bool management_reads = false;
  bool management_writes = false;
  SourceRef source;

  bool operator==(const EventSelectors&) const = default;
};

// One entry of `describe-trails`' trailList.
struct Trail {
  std::string name;
  std::string arn;
  std::string home_region;
  std::string s3_bucket;
  std::string s3_key_prefix;
  bool multi_region = false;
  bool include_global_service_events = false;
  bool log_file_validation = false;
  bool organization_trail = false;
  bool has_custom_event_selectors = false;
  std::string kms_key_id;                // "" when not encrypted with KMS
  std::string cloudwatch_log_group_arn;  // "" when not delivered to CloudWatch Logs
  std::optional<TrailStatus> status;     // when the snapshot tells
  std::optional<EventSelectors> selectors;
  SourceRef source;

  // The account the trail logs for (its ARN's) and where its logs go in the bucket:
  // `[S3KeyPrefix/]AWSLogs/ACCOUNT/`.
  absl::string_view account() const;
  std::string LogPrefix() const;

  bool operator==(const Trail&) const = default;
};

// One grant of `get-bucket-acl`.
struct AclGrant {
  std::string grantee_uri;  // group grantees: ".../global/AllUsers", ".../AuthenticatedUsers"
  std::string grantee_id;   // canonical user grantees
  std::string permission;   // READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL
  SourceRef source;

  bool operator==(const AclGrant&) const = default;
};

struct PublicAccessBlock {
  bool block_public_acls = false;
  bool ignore_public_acls = false;
  bool block_public_policy = false;
  bool restrict_public_buckets = false;
  SourceRef source;

  bool operator==(const PublicAccessBlock&) const = default;
};

// What the snapshot says of one bucket.
struct Bucket {
  std::string name;
  std::optional<iam::Policy> policy;  // get-bucket-policy
  std::optional<std::vector<AclGrant>> acl;
  std::optional<PublicAccessBlock> public_access_block;

  bool operator==(const Bucket&) const = default;
};

struct CloudTrailSnapshot {
  std::vector<Trail> trails;  // each trail once (a multi-region trail is listed in every region)
  std::vector<Bucket> buckets;
  // Responses that do not say whose they are, kept until the snapshot is read: a trail status
  // belongs to the one trail when there is one; a bucket's ACL or public access block to the
  // one trail bucket when there is one.
  std::vector<TrailStatus> unattributed_statuses;
  std::vector<std::vector<AclGrant>> unattributed_acls;
  std::vector<SourceRef> unattributed_acl_sources;
  std::vector<PublicAccessBlock> unattributed_blocks;
  std::vector<EventSelectors> selectors;  // by TrailARN, joined to trails when read
  bool described = false;                 // a describe-trails response was read (even empty)

  bool empty() const { return trails.empty(); }
  const Bucket* FindBucket(const std::string& name) const;
  bool operator==(const CloudTrailSnapshot&) const = default;
};

}  // namespace vouch::audit

#endif  // VOUCH_MODELS_AUDIT_CLOUDTRAIL_H_
