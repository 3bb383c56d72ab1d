// Fuzzes IP and CIDR parsing: whatever parses prints back to text that parses to the same value,
// and a block contains its first and last address; whatever fails names the text in backticks.
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "models/base/ip.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  using fuzz::Require;
  absl::string_view text = fuzz::AsText(data, size);
  absl::StatusOr<IpAddress> ip = ParseIpAddress(text);
  if (ip.ok()) {
    absl::StatusOr<IpAddress> again = ParseIpAddress(ip->ToString());
    Require(again.ok() && *again == *ip, "an address must survive printing and re-parsing");
    Require(ip->family == IpFamily::kV6 || (ip->bits >> 32) == 0, "IPv4 uses the low 32 bits");
  } else {
    Require(ip.status().message() == absl::StrCat("`", text, "` is not an IPv4 or IPv6 address"),
            "address error text", ip.status());
  }
  absl::StatusOr<Cidr> cidr = ParseCidr(text);
  if (cidr.ok()) {
    Require(cidr->length >= 0 && cidr->length <= cidr->address.width(), "prefix length in range");
    absl::StatusOr<Cidr> again = ParseCidr(cidr->ToString());
    Require(again.ok() && *again == *cidr, "a block must survive printing and re-parsing");
    Require(cidr->Contains(cidr->First()) && cidr->Contains(cidr->Last()), "a block holds its ends");
    Require(cidr->Contains(*cidr), "a block contains itself");
    Require(cidr->First() <= cidr->Last(), "first <= last");
    if (ip.ok()) Require(cidr->Contains(*ip), "a block contains the address it was written as");
  } else {
    Require(cidr.status().message() == absl::StrCat("`", text, "` is not a CIDR block"),
            "CIDR error text", cidr.status());
  }
  return 0;
}
