// CloudTrail and S3 responses (see cloudtrail.h).
#include "frontends/aws/cloudtrail.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_fields.h"
#include "frontends/aws/policy_document.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::aws {
namespace {

using audit::CloudTrailSnapshot;

// Whether the object `root` has `key` (false when it is not an object).
bool HasKey(const JsonValue& root, absl::string_view key) {
  absl::StatusOr<std::optional<JsonValue>> v = root.Find(key);
  return v.ok() && v->has_value();
}

// get-bucket-policy: {"Policy": "<document>"} and nothing else (Lambda's get-policy adds
// RevisionId; IAM's get-policy holds an object).
bool IsBucketPolicyResponse(const JsonValue& root) {
  absl::StatusOr<std::vector<std::pair<absl::string_view, JsonValue>>> members = root.Members();
  return members.ok() && members->size() == 1 && (*members)[0].first == "Policy" &&
         (*members)[0].second.IsString();
}

absl::StatusOr<audit::Trail> ReadTrail(const JsonValue& item) {
  audit::Trail t;
  t.source = item.source();
  VOUCH_ASSIGN_OR_RETURN(t.name, RequiredString(item, "Name"));
  VOUCH_ASSIGN_OR_RETURN(t.arn, RequiredString(item, "TrailARN"));
  VOUCH_ASSIGN_OR_RETURN(t.home_region, OptionalString(item, "HomeRegion"));
  VOUCH_ASSIGN_OR_RETURN(t.s3_bucket, OptionalString(item, "S3BucketName"));
  VOUCH_ASSIGN_OR_RETURN(t.s3_key_prefix, OptionalString(item, "S3KeyPrefix"));
  VOUCH_ASSIGN_OR_RETURN(t.multi_region, OptionalBool(item, "IsMultiRegionTrail", false));
  VOUCH_ASSIGN_OR_RETURN(t.include_global_service_events,
                         OptionalBool(item, "IncludeGlobalServiceEvents", false));
  VOUCH_ASSIGN_OR_RETURN(t.log_file_validation,
                         OptionalBool(item, "LogFileValidationEnabled", false));
  VOUCH_ASSIGN_OR_RETURN(t.organization_trail, OptionalBool(item, "IsOrganizationTrail", false));
  VOUCH_ASSIGN_OR_RETURN(t.has_custom_event_selectors,
                         OptionalBool(item, "HasCustomEventSelectors", false));
  VOUCH_ASSIGN_OR_RETURN(t.kms_key_id, OptionalString(item, "KmsKeyId"));
  VOUCH_ASSIGN_OR_RETURN(t.cloudwatch_log_group_arn,
                         OptionalString(item, "CloudWatchLogsLogGroupArn"));
  if (!iam::ParseArn(t.arn).ok()) {
    VOUCH_ASSIGN_OR_RETURN(JsonValue arn, item.Get("TrailARN"));
    return arn.Error(absl::StrCat("`", t.arn, "` is not a trail ARN"));
  }
  return t;
}

absl::Status ReadTrailList(const JsonValue& root, CloudTrailSnapshot& out) {
  out.described = true;
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> items, OptionalArray(root, "trailList"));
  for (const JsonValue& item : items) {
    VOUCH_ASSIGN_OR_RETURN(audit::Trail t, ReadTrail(item));
    out.trails.push_back(std::move(t));
  }
  return absl::OkStatus();
}

absl::Status ReadEventSelectors(const JsonValue& root, CloudTrailSnapshot& out) {
  audit::EventSelectors s;
  s.source = root.source();
  VOUCH_ASSIGN_OR_RETURN(s.trail_arn, RequiredString(root, "TrailARN"));
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> advanced,
                         OptionalArray(root, "AdvancedEventSelectors"));
  s.advanced = !advanced.empty();
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> basic, OptionalArray(root, "EventSelectors"));
  for (const JsonValue& e : basic) {
    VOUCH_ASSIGN_OR_RETURN(bool management, OptionalBool(e, "IncludeManagementEvents", true));
    VOUCH_ASSIGN_OR_RETURN(std::string rw, OptionalOneOf(e, "ReadWriteType", "ReadWriteType",
                                                         {"ReadOnly", "WriteOnly", "All"}));
    if (!management) continue;
    if (rw.empty() || rw == "All" || rw == "ReadOnly") s.management_reads = true;
    if (rw.empty() || rw == "All" || rw == "WriteOnly") s.management_writes = true;
  }
  out.selectors.push_back(std::move(s));
  return absl::OkStatus();
}

absl::Status ReadStatus(const JsonValue& root, CloudTrailSnapshot& out) {
  audit::TrailStatus s;
  s.source = root.source();
  VOUCH_ASSIGN_OR_RETURN(JsonValue logging, root.Get("IsLogging"));
  VOUCH_ASSIGN_OR_RETURN(s.is_logging, logging.GetBool());
  out.unattributed_statuses.push_back(std::move(s));
  return absl::OkStatus();
}

audit::Bucket& BucketNamed(CloudTrailSnapshot& out, const std::string& name) {
  for (audit::Bucket& b : out.buckets) {
    if (b.name == name) return b;
  }
  out.buckets.push_back(audit::Bucket{name, std::nullopt, std::nullopt, std::nullopt});
  return out.buckets.back();
}

// The bucket every Resource of `policy` names (`arn:aws:s3:::B` or `arn:aws:s3:::B/...`), or "".
std::string PolicyBucket(const iam::Policy& policy) {
  std::string bucket;
  for (const iam::Statement& s : policy.statements) {
    for (const std::string& r : s.resources) {
      constexpr absl::string_view kPrefix = "arn:aws:s3:::";
      if (!absl::StartsWith(r, kPrefix)) return "";
      std::string name = r.substr(kPrefix.size(), r.find('/', kPrefix.size()) - kPrefix.size());
      if (name.empty() || name.find_first_of("*?$") != std::string::npos) return "";
      if (!bucket.empty() && bucket != name) return "";
      bucket = name;
    }
  }
  return bucket;
}

absl::Status ReadBucketPolicy(const JsonValue& root, CloudTrailSnapshot& out) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue text, root.Get("Policy"));
  VOUCH_ASSIGN_OR_RETURN(absl::string_view document, text.GetString());
  VOUCH_ASSIGN_OR_RETURN(iam::Policy policy,
                         ParsePolicyText(document, text.source(), "bucket policy"));
  std::string bucket = PolicyBucket(policy);
  if (bucket.empty()) {
    return text.Error(
        "a bucket policy whose Resource ARNs do not all name one bucket (`arn:aws:s3:::B` or "
        "`arn:aws:s3:::B/...`): vouch cannot tell which bucket it belongs to");
  }
  audit::Bucket& b = BucketNamed(out, bucket);
  if (b.policy) {
    return text.Error(absl::StrCat("a second policy for bucket `", bucket, "` (the first is at ",
                                   b.policy->source.DebugString(), ")"));
  }
  policy.name = absl::StrCat(bucket, " bucket policy");
  b.policy = std::move(policy);
  return absl::OkStatus();
}

absl::Status ReadAcl(const JsonValue& root, CloudTrailSnapshot& out) {
  std::vector<audit::AclGrant> grants;
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> items, OptionalArray(root, "Grants"));
  for (const JsonValue& g : items) {
    audit::AclGrant grant;
    grant.source = g.source();
    VOUCH_ASSIGN_OR_RETURN(grant.permission, OptionalOneOf(g, "Permission", "permission",
                                                           {"READ", "WRITE", "READ_ACP",
                                                            "WRITE_ACP", "FULL_CONTROL"}));
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> grantee, OptionalObject(g, "Grantee"));
    if (grantee) {
      VOUCH_ASSIGN_OR_RETURN(grant.grantee_uri, OptionalString(*grantee, "URI"));
      VOUCH_ASSIGN_OR_RETURN(grant.grantee_id, OptionalString(*grantee, "ID"));
    }
    grants.push_back(std::move(grant));
  }
  out.unattributed_acls.push_back(std::move(grants));
  out.unattributed_acl_sources.push_back(root.source());
  return absl::OkStatus();
}

absl::Status ReadPublicAccessBlock(const JsonValue& root, CloudTrailSnapshot& out) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue c, root.Get("PublicAccessBlockConfiguration"));
  if (!c.IsObject()) return c.TypeError("an object");
  audit::PublicAccessBlock b;
  b.source = c.source();
  VOUCH_ASSIGN_OR_RETURN(b.block_public_acls, OptionalBool(c, "BlockPublicAcls", false));
  VOUCH_ASSIGN_OR_RETURN(b.ignore_public_acls, OptionalBool(c, "IgnorePublicAcls", false));
  VOUCH_ASSIGN_OR_RETURN(b.block_public_policy, OptionalBool(c, "BlockPublicPolicy", false));
  VOUCH_ASSIGN_OR_RETURN(b.restrict_public_buckets,
                         OptionalBool(c, "RestrictPublicBuckets", false));
  out.unattributed_blocks.push_back(std::move(b));
  return absl::OkStatus();
}

}  // namespace

bool IsCloudTrailResponse(const JsonValue& root) {
  if (!root.IsObject()) return false;
  return HasKey(root, "trailList") || HasKey(root, "IsLogging") ||
         (HasKey(root, "TrailARN") &&
          (HasKey(root, "EventSelectors") || HasKey(root, "AdvancedEventSelectors"))) ||
         IsBucketPolicyResponse(root) || (HasKey(root, "Owner") && HasKey(root, "Grants")) ||
         HasKey(root, "PublicAccessBlockConfiguration");
}

absl::Status ReadCloudTrailResponse(const JsonValue& root, CloudTrailSnapshot& out) {
  if (HasKey(root, "trailList")) return ReadTrailList(root, out);
  if (HasKey(root, "IsLogging")) return ReadStatus(root, out);
  if (HasKey(root, "TrailARN")) return ReadEventSelectors(root, out);
  if (IsBucketPolicyResponse(root)) return ReadBucketPolicy(root, out);
  if (HasKey(root, "Grants")) return ReadAcl(root, out);
  return ReadPublicAccessBlock(root, out);
}

void FinishCloudTrail(CloudTrailSnapshot& out) {
  // A multi-region trail is listed by describe-trails in every region: keep it once.
  std::vector<audit::Trail> trails;
  for (audit::Trail& t : out.trails) {
    bool seen = std::any_of(trails.begin(), trails.end(),
                            [&](const audit::Trail& o) { return o.arn == t.arn; });
    if (!seen) trails.push_back(std::move(t));
  }
  out.trails = std::move(trails);
  for (audit::Trail& t : out.trails) {
    for (const audit::EventSelectors& s : out.selectors) {
      if (s.trail_arn == t.arn) t.selectors = s;
    }
  }
  if (out.trails.size() == 1 && out.unattributed_statuses.size() == 1) {
    out.trails[0].status = out.unattributed_statuses[0];
    out.unattributed_statuses.clear();
  }
  std::vector<std::string> trail_buckets;
  for (const audit::Trail& t : out.trails) {
    if (!t.s3_bucket.empty() &&
        std::find(trail_buckets.begin(), trail_buckets.end(), t.s3_bucket) == trail_buckets.end()) {
      trail_buckets.push_back(t.s3_bucket);
    }
  }
  if (trail_buckets.size() != 1) return;
  audit::Bucket& b = BucketNamed(out, trail_buckets[0]);
  if (out.unattributed_acls.size() == 1) {
    b.acl = std::move(out.unattributed_acls[0]);
    out.unattributed_acls.clear();
    out.unattributed_acl_sources.clear();
  }
  if (out.unattributed_blocks.size() == 1) {
    b.public_access_block = std::move(out.unattributed_blocks[0]);
    out.unattributed_blocks.clear();
  }
}

}  // namespace vouch::aws
