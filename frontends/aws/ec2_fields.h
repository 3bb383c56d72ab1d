// Field helpers shared by the describe-* readers (frontends/aws/ec2_*.cc).
//
// Each helper reads one kind of field the way every EC2 response spells it: optional strings,
// the `Name` tag, CIDR blocks and addresses (errors at the field's pointer), protocol names or
// numbers, lenient integers. Internal to frontends/aws.
#ifndef VOUCH_FRONTENDS_AWS_EC2_FIELDS_H_
#define VOUCH_FRONTENDS_AWS_EC2_FIELDS_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/base/ip.h"

namespace vouch::aws {

// The string at `key`; "" when absent or null. Error if present and not a string.
absl::StatusOr<std::string> OptionalString(const JsonValue& object, absl::string_view key);
// The string at `key`. Errors: "missing `Key`", or not a string.
absl::StatusOr<std::string> RequiredString(const JsonValue& object, absl::string_view key);
// The elements at `key`; empty when absent or null. Error if present and not an array.
absl::StatusOr<std::vector<JsonValue>> OptionalArray(const JsonValue& object, absl::string_view key);
// The object at `key` (`State`, `Attachment`, `Association`, ...); nullopt when absent or
// null. Error if present and not an object: "expected an object, got string".
absl::StatusOr<std::optional<JsonValue>> OptionalObject(const JsonValue& object, absl::string_view key);
// The boolean at `key` (true/false or "true"/"false"); `fallback` when absent or null.
absl::StatusOr<bool> OptionalBool(const JsonValue& object, absl::string_view key, bool fallback);
// The integer at `key` (number or digits in a string); nullopt when absent or null.
absl::StatusOr<std::optional<int64_t>> OptionalInt(const JsonValue& object, absl::string_view key);
// The value of the `Name` tag in `Tags` (or `TagSet`); "" if none.
absl::StatusOr<std::string> NameTag(const JsonValue& object);

// A CIDR block or address at `value`. Error at its pointer: "`10.0.0.0/33` is not a CIDR block".
absl::StatusOr<Cidr> ReadCidr(const JsonValue& value);
absl::StatusOr<IpAddress> ReadIp(const JsonValue& value);
// The same at `key`, nullopt when absent or null.
absl::StatusOr<std::optional<Cidr>> OptionalCidr(const JsonValue& object, absl::string_view key);
absl::StatusOr<std::optional<IpAddress>> OptionalIp(const JsonValue& object, absl::string_view key);

// The same, for a field AWS defines for one family only (`CidrIp`, `CidrIpv6`, `CidrBlock`,
// `Ipv6CidrBlock`, `PrivateIpAddress`, ...). Error at its pointer: "`::/0` is not an IPv4 CIDR
// block", "`10.0.0.5` is not an IPv6 address".
absl::StatusOr<Cidr> ReadCidrOf(const JsonValue& value, IpFamily family);
absl::StatusOr<IpAddress> ReadIpOf(const JsonValue& value, IpFamily family);
absl::StatusOr<std::optional<Cidr>> OptionalCidrOf(const JsonValue& object, absl::string_view key,
                                                   IpFamily family);
absl::StatusOr<std::optional<IpAddress>> OptionalIpOf(const JsonValue& object, absl::string_view key,
                                                      IpFamily family);

// A state or status word at `key` that must be one of `known` (AWS's documented values). ""
// when absent or null. Error: "unknown state `Active` (expected pending, available or ...)"
// with `what` in place of "state".
absl::StatusOr<std::string> OptionalOneOf(const JsonValue& object, absl::string_view key,
                                          absl::string_view what,
                                          std::initializer_list<absl::string_view> known);

// A protocol: `tcp`, `udp`, `icmp`, `icmpv6`, `all` (any case) or a number -1..255, as a JSON
// number or string. Error: "unknown protocol `foo`".
absl::StatusOr<int> ReadProtocol(const JsonValue& value);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_EC2_FIELDS_H_
