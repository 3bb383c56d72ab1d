// Symbolic packet headers: the Z3 bit-vector variables every network encoding talks about.
//
// Internal to engine/smt (this header includes z3++.h; nothing outside engine/smt may include
// it). A SymbolicPacket is one IPv4 packet header as Z3 constants: source and destination
// address (32 bits), protocol (8), source and destination port (16), ICMP type and code (8).
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
#include "z3++.h"

namespace vouch::smt {

struct SymbolicPacket {
  // Fresh constants named "<prefix>.src", "<prefix>.dst", ...
  SymbolicPacket(z3::context& ctx, const std::string& prefix);
  // A packet over the given terms (used for the reply view).
  SymbolicPacket(z3::expr src, z3::expr dst, z3::expr protocol, z3::expr src_port,
                 z3::expr dst_port, z3::expr icmp_type, z3::expr icmp_code)
      : src(src), dst(dst), protocol(protocol), src_port(src_port), dst_port(dst_port),
        icmp_type(icmp_type), icmp_code(icmp_code) {}

  // The reply: addresses and ports swapped, ICMP fields kept.
  SymbolicPacket Reply() const {
    return SymbolicPacket(dst, src, protocol, dst_port, src_port, icmp_type, icmp_code);
  }

  z3::expr src, dst;            // 32 bits
  z3::expr protocol;            // 8 bits, IANA number
  z3::expr src_port, dst_port;  // 16 bits
  z3::expr icmp_type, icmp_code;  // 8 bits
};

// `addr` (a 32-bit term) lies in the IPv4 block `cidr`. REQUIRES: cidr is IPv4.
z3::expr InCidr(const z3::expr& addr, const Cidr& cidr);

// lo <= v <= hi for an unsigned bit-vector term `v`.
z3::expr InRange(const z3::expr& v, uint32_t lo, uint32_t hi);

// A `width`-bit constant.
z3::expr Const(z3::context& ctx, uint64_t value, unsigned width);

// Reads a bit-vector constant out of a model (0 when the model leaves it free).
uint64_t ModelValue(const z3::model& model, const z3::expr& term);

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_Z3_PACKET_H_
