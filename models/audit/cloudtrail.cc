// CloudTrail trails and their buckets (see cloudtrail.h).
#include "models/audit/cloudtrail.h"

#include "absl/strings/str_cat.h"
#include "models/iam/arn.h"

namespace vouch::audit {

absl::string_view Trail::account() const { return iam::ArnAccount(arn); }

std::string Trail::LogPrefix() const {
  return absl::StrCat(s3_key_prefix.empty() ? "" : absl::StrCat(s3_key_prefix, "/"), "AWSLogs/",
                      account(), "/");
}

const Bucket* CloudTrailSnapshot::FindBucket(const std::string& name) const {
  for (const Bucket& b : buckets) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

}  // namespace vouch::audit
