// The non-internet address ranges, parsed once per call site from their text.
#include "models/net/address_space.h"

namespace vouch::net {
namespace {

std::vector<Cidr> ParseAll(std::initializer_list<const char*> texts) {
  std::vector<Cidr> out;
  for (const char* t : texts) out.push_back(*ParseCidr(t));
  return out;
}

bool InAny(const std::vector<Cidr>& ranges, const IpAddress& a) {
  for (const Cidr& c : ranges) {
    if (c.Contains(a)) return true;
  }
  return false;
}

}  // namespace

const std::vector<Cidr>& NonInternetRanges(IpFamily family) {
  static const std::vector<Cidr>* const kV4 = new std::vector<Cidr>(ParseAll(
      {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
       "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
       "240.0.0.0/4"}));
  static const std::vector<Cidr>* const kV6 = new std::vector<Cidr>(
      ParseAll({"::/128", "::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10", "ff00::/8"}));
  return family == IpFamily::kV4 ? *kV4 : *kV6;
}

bool IsInternetAddress(const IpAddress& a) { return !InAny(NonInternetRanges(a.family), a); }

bool IsPrivateAddress(const IpAddress& a) {
  static const std::vector<Cidr>* const kPrivate = new std::vector<Cidr>(
      ParseAll({"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"}));
  return InAny(*kPrivate, a);
}

}  // namespace vouch::net
