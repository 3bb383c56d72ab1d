// The seam between the snapshot loader and the `aws ec2 describe-*` readers.
//
// frontends/aws/snapshot.cc recognises each file by its top-level key; for the keys below it
// hands the response's items to ReadEc2Response, which adds them to the network model.
#ifndef VOUCH_FRONTENDS_AWS_EC2_SNAPSHOT_H_
#define VOUCH_FRONTENDS_AWS_EC2_SNAPSHOT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/net/network.h"

namespace vouch::aws {

// True if `key` is the top-level key of a describe-* response the network model reads
// ("Vpcs", "Subnets", "RouteTables", "SecurityGroups", "NetworkAcls", "Reservations", ...).
bool IsEc2ResponseKey(absl::string_view key);

// Adds the items under `key` of one response (or one page of one) to `network`. `items` is the
// value of the top-level key, e.g. the array under "SecurityGroups".
absl::Status ReadEc2Response(absl::string_view key, const JsonValue& items, net::Network& network);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_EC2_SNAPSHOT_H_
