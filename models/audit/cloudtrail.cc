// CloudTrail trails and their buckets (see cloudtrail.h).
#include "models/audit/cloudtrail.h"

namespace vouch::audit {

const Bucket* CloudTrailSnapshot::FindBucket(const std::string& name) const {
  for (const Bucket& b : buckets) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

}  // namespace vouch::audit
