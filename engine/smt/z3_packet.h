// Symbolic packet headers: the Z3 bit-vector variables every network encoding talks about.
//
// Internal to engine/smt (this header includes z3++.h; nothing outside engine/smt may include
// it). A SymbolicPacket is one packet header as Z3 constants: source and destination address
// (32 bits for IPv4, 128 for IPv6: one packet is of one family), protocol (8), source and
// destination port (16), ICMP or ICMPv6 type and code (8).
// The reply of a packet is the same header with addresses and ports swapped, so reply filters
// are encoded over `Reply()` without new variables.
//
//   z3::context ctx;
//   SymbolicPacket p(ctx, "fwd");
//   z3::expr in_block = p.SrcIn(cidr);            // the source lies in `cidr`
//   z3::expr public_src = IsPublicInternet(p.src);  // the IGW would admit it
#ifndef VOUCH_ENGINE_SMT_Z3_PACKET_H_
#define VOUCH_ENGINE_SMT_Z3_PACKET_H_

#include <cstdint>
#include <string>

#include "models/base/ip.h"
#include "engine/smt/z3_api.h"

namespace vouch::smt {

struct SymbolicPacket {
  // Fresh constants named "<prefix>.src", "<prefix>.dst", ...; addresses of `family`.
  SymbolicPacket(z3::context& ctx, const std::string& prefix, IpFamily family = IpFamily::kV4);
  // A packet over the given terms (used for the reply view).
  SymbolicPacket(z3::expr src, z3::expr dst, z3::expr protocol, z3::expr src_port,
                 z3::expr dst_port, z3::expr icmp_type, z3::expr icmp_code)
      : src(src), dst(dst), protocol(protocol), src_port(src_port), dst_port(dst_port),
        icmp_type(icmp_type), icmp_code(icmp_code) {}

  // The reply: addresses and ports swapped, ICMP fields kept.
  SymbolicPacket Reply() const {
    return SymbolicPacket(dst, src, protocol, dst_port, src_port, icmp_type, icmp_code);
  }

  // The address family, read off the address terms' width.
  IpFamily family() const { return src.get_sort().bv_size() == 128 ? IpFamily::kV6 : IpFamily::kV4; }

  z3::expr src, dst;            // 32 bits (IPv4) or 128 bits (IPv6)
  z3::expr protocol;            // 8 bits, IANA number
  z3::expr src_port, dst_port;  // 16 bits
  z3::expr icmp_type, icmp_code;  // 8 bits
};

// The width of addresses of `family`: 32 or 128.
unsigned AddressWidth(IpFamily family);
// The family of a 32- or 128-bit address term.
IpFamily FamilyOf(const z3::expr& addr);

// `addr` (a 32- or 128-bit term) lies in block `cidr`; false when `cidr` is of the other
// family (as Cidr::Contains).
z3::expr InCidr(const z3::expr& addr, const Cidr& cidr);

// The address `a` as a constant of its family's width.
z3::expr AddressConst(z3::context& ctx, const IpAddress& a);

// lo <= v <= hi for an unsigned bit-vector term `v`.
z3::expr InRange(const z3::expr& v, uint32_t lo, uint32_t hi);

// A `width`-bit constant.
z3::expr Const(z3::context& ctx, uint64_t value, unsigned width);

// Reads a bit-vector constant out of a model (0 when the model leaves it free).
uint64_t ModelValue(const z3::model& model, const z3::expr& term);
// Reads an address term (32 or 128 bits) out of a model.
IpAddress ModelAddress(const z3::model& model, const z3::expr& term);

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_Z3_PACKET_H_
