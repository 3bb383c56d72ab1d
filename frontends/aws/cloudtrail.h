// Readers for the CloudTrail and S3 responses an auditor collects about an account's trails
// (models/audit/cloudtrail.h), each recognised by its top-level keys:
//
//   trailList                          aws cloudtrail describe-trails
//   IsLogging                          aws cloudtrail get-trail-status --name T
//   TrailARN with EventSelectors or    aws cloudtrail get-event-selectors --trail-name T
//     AdvancedEventSelectors
//   Policy, a JSON string, alone       aws s3api get-bucket-policy --bucket B
//   Owner and Grants                   aws s3api get-bucket-acl --bucket B
//   PublicAccessBlockConfiguration     aws s3api get-public-access-block --bucket B
//
// describe-trails and get-event-selectors name their trails. get-bucket-policy does not name
// its bucket, but its statements do: a policy whose Resource ARNs all name one bucket is that
// bucket's (any other is an error). get-trail-status, get-bucket-acl and
// get-public-access-block name nothing; FinishCloudTrail gives them to the one trail, or to the
// one trail bucket, when there is one, and otherwise leaves them unattributed (the checks then
// answer unknown). `aws s3api get-object-acl` prints the same keys as get-bucket-acl, and `aws
// s3control get-public-access-block` (the account's setting, which applies to every bucket) the
// same as get-public-access-block: a snapshot should hold the bucket's. Fields AWS adds later
// are read past; a known field of the wrong type is an error at its pointer.
#ifndef VOUCH_FRONTENDS_AWS_CLOUDTRAIL_H_
#define VOUCH_FRONTENDS_AWS_CLOUDTRAIL_H_

#include "absl/status/status.h"
#include "frontends/aws/json_reader.h"
#include "models/audit/cloudtrail.h"

namespace vouch::aws {

// Whether `root` (a response object) is one of the responses above.
bool IsCloudTrailResponse(const JsonValue& root);

// Reads one such response into `out`.
absl::Status ReadCloudTrailResponse(const JsonValue& root, audit::CloudTrailSnapshot& out);

// Once every file is read: each trail once (by ARN), its event selectors joined by TrailARN,
// and the responses that name nothing given to the one trail or trail bucket there is.
void FinishCloudTrail(audit::CloudTrailSnapshot& out);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_CLOUDTRAIL_H_
