// Symbolic packet headers and the small bit-vector helpers the encoders share.
#include "engine/smt/z3_packet.h"

namespace vouch::smt {

SymbolicPacket::SymbolicPacket(z3::context& ctx, const std::string& prefix)
    : src(ctx.bv_const((prefix + ".src").c_str(), 32)),
      dst(ctx.bv_const((prefix + ".dst").c_str(), 32)),
      protocol(ctx.bv_const((prefix + ".protocol").c_str(), 8)),
      src_port(ctx.bv_const((prefix + ".srcPort").c_str(), 16)),
      dst_port(ctx.bv_const((prefix + ".dstPort").c_str(), 16)),
      icmp_type(ctx.bv_const((prefix + ".icmpType").c_str(), 8)),
      icmp_code(ctx.bv_const((prefix + ".icmpCode").c_str(), 8)) {}

z3::expr Const(z3::context& ctx, uint64_t value, unsigned width) {
  return ctx.bv_val(static_cast<uint64_t>(value), width);
}

z3::expr InCidr(const z3::expr& addr, const Cidr& cidr) {
  z3::context& ctx = addr.ctx();
  if (cidr.length <= 0) return ctx.bool_val(true);
  const int len = cidr.length > 32 ? 32 : cidr.length;
  const uint32_t prefix = cidr.address.v4() >> (32 - len);
  // Comparing the top `len` bits keeps the term small (no mask multiplication).
  return addr.extract(31, 32 - len) == ctx.bv_val(static_cast<uint64_t>(prefix), len);
}

z3::expr InRange(const z3::expr& v, uint32_t lo, uint32_t hi) {
  z3::context& ctx = v.ctx();
  const unsigned width = v.get_sort().bv_size();
  const uint64_t max = width >= 32 ? 0xffffffffull : ((uint64_t{1} << width) - 1);
  if (lo > hi) return ctx.bool_val(false);
  if (lo == 0 && hi >= max) return ctx.bool_val(true);
  if (lo == hi) return v == ctx.bv_val(static_cast<uint64_t>(lo), width);
  z3::expr result = ctx.bool_val(true);
  if (lo > 0) result = z3::uge(v, ctx.bv_val(static_cast<uint64_t>(lo), width));
  if (hi < max) result = result && z3::ule(v, ctx.bv_val(static_cast<uint64_t>(hi), width));
  return result.simplify();
}

uint64_t ModelValue(const z3::model& model, const z3::expr& term) {
  z3::expr value = model.eval(term, /*model_completion=*/true);
  uint64_t out = 0;
  if (value.is_numeral_u64(out)) return out;
  return 0;
}

}  // namespace vouch::smt
