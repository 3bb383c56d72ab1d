// The describe-* readers: none yet, so no key is recognised as an EC2 response.
#include "frontends/aws/ec2_snapshot.h"

namespace vouch::aws {

bool IsEc2ResponseKey(absl::string_view key) { return false; }

absl::Status ReadEc2Response(absl::string_view key, const JsonValue& items, net::Network& network) {
  return absl::UnimplementedError("EC2 responses are not read yet");
}

}  // namespace vouch::aws
