// The describe-* dispatcher: top-level response keys to the readers of ec2_readers.h.
#include "frontends/aws/ec2_snapshot.h"

#include "absl/strings/str_cat.h"
#include "frontends/aws/ec2_readers.h"

namespace vouch::aws {
namespace {

using Reader = absl::Status (*)(const JsonValue&, net::Network&);

struct KeyReader {
  const char* key;
  Reader read;
};

// "ManagedPrefixLists" is accepted as a synonym of "PrefixLists" (both spellings occur in
// bundles); it is recorded as "PrefixLists".
constexpr KeyReader kReaders[] = {
    {"Vpcs", ReadVpcs},
    {"Subnets", ReadSubnets},
    {"RouteTables", ReadRouteTables},
    {"InternetGateways", ReadInternetGateways},
    {"EgressOnlyInternetGateways", ReadEgressOnlyInternetGateways},
    {"NatGateways", ReadNatGateways},
    {"NetworkInterfaces", ReadNetworkInterfaces},
    {"Reservations", ReadReservations},
    {"SecurityGroups", ReadSecurityGroups},
    {"SecurityGroupRules", ReadSecurityGroupRules},
    {"NetworkAcls", ReadNetworkAcls},
    {"Addresses", ReadAddresses},
    {"PrefixLists", ReadPrefixLists},
    {"ManagedPrefixLists", ReadPrefixLists},
    {"PrefixListEntries", ReadPrefixListEntries},
    {"VpcPeeringConnections", ReadVpcPeeringConnections},
};

const KeyReader* Find(absl::string_view key) {
  for (const KeyReader& r : kReaders) {
    if (key == r.key) return &r;
  }
  return nullptr;
}

}  // namespace

bool IsEc2ResponseKey(absl::string_view key) { return Find(key) != nullptr; }

absl::Status ReadEc2Response(absl::string_view key, const JsonValue& items, net::Network& network) {
  const KeyReader* reader = Find(key);
  if (reader == nullptr) {
    return items.Error(absl::StrCat("`", key, "` is not a describe-* response vouch reads"));
  }
  if (!items.IsArray()) return items.TypeError("an array");
  absl::Status status = reader->read(items, network);
  if (!status.ok()) return status;
  std::string kind(key);
  if (kind == "ManagedPrefixLists" || kind == "PrefixListEntries") kind = "PrefixLists";
  if (kind == "SecurityGroupRules") kind = "SecurityGroups";
  if (kind == "Reservations") network.present.insert("Instances");
  network.present.insert(kind);
  return absl::OkStatus();
}

}  // namespace vouch::aws
