// IPv4 and IPv6 addresses and CIDR blocks as plain values.
//
// Shared by IAM (the IpAddress/NotIpAddress condition operators, aws:SourceIp) and the network
// model (security group sources, ACL entries, routes). Parsing is strict: `10.0.0.0/33`,
// `1.2.3`, `::g` and leading zeros in IPv4 octets are errors. A CIDR's host bits are cleared
// (AWS canonicalises `100.68.0.18/18` to `100.68.0.0/18`); a bare address is a /32 or /128.
#ifndef VOUCH_MODELS_BASE_IP_H_
#define VOUCH_MODELS_BASE_IP_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace vouch {

enum class IpFamily { kV4, kV6 };

// An address; IPv4 lives in the low 32 bits of `bits`.
struct IpAddress {
  IpFamily family = IpFamily::kV4;
  unsigned __int128 bits = 0;

  bool operator==(const IpAddress&) const = default;
  auto operator<=>(const IpAddress& o) const {
    if (family != o.family) return family <=> o.family;
    return bits <=> o.bits;
  }
  static IpAddress V4(uint32_t v) { return IpAddress{IpFamily::kV4, v}; }
  uint32_t v4() const { return static_cast<uint32_t>(bits); }
  int width() const { return family == IpFamily::kV4 ? 32 : 128; }

  // Dotted quad or RFC 5952 text.
  std::string ToString() const;
};

// A prefix: `address` with its host bits cleared, and `length` in [0, width].
struct Cidr {
  IpAddress address;
  int length = 0;

  bool operator==(const Cidr&) const = default;

  bool Contains(const IpAddress& a) const;
  bool Contains(const Cidr& inner) const;  // every address of `inner` is in this block
  IpAddress First() const { return address; }
  IpAddress Last() const;
  std::string ToString() const;  // "10.0.0.0/16"
};

// Parses "a.b.c.d" or an IPv6 address. Errors are InvalidArgument with a message such as
// "`10.0.0.256` is not an IPv4 or IPv6 address".
absl::StatusOr<IpAddress> ParseIpAddress(absl::string_view text);

// Parses "addr/len" or a bare address (a host prefix). Clears host bits.
absl::StatusOr<Cidr> ParseCidr(absl::string_view text);

}  // namespace vouch

#endif  // VOUCH_MODELS_BASE_IP_H_
