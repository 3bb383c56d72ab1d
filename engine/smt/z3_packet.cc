// Symbolic packet headers and the small bit-vector helpers the encoders share.
#include "engine/smt/z3_packet.h"

#include <string>

namespace vouch::smt {

namespace {

// Decimal text of a 128-bit value, for Z3's numeral constructor.
std::string Decimal(unsigned __int128 v) {
  if (v == 0) return "0";
  std::string out;
  while (v != 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return out;
}

}  // namespace

SymbolicPacket::SymbolicPacket(z3::context& ctx, const std::string& prefix, IpFamily family)
    : src(ctx.bv_const((prefix + ".src").c_str(), AddressWidth(family))),
      dst(ctx.bv_const((prefix + ".dst").c_str(), AddressWidth(family))),
      protocol(ctx.bv_const((prefix + ".protocol").c_str(), 8)),
      src_port(ctx.bv_const((prefix + ".srcPort").c_str(), 16)),
      dst_port(ctx.bv_const((prefix + ".dstPort").c_str(), 16)),
      icmp_type(ctx.bv_const((prefix + ".icmpType").c_str(), 8)),
      icmp_code(ctx.bv_const((prefix + ".icmpCode").c_str(), 8)) {}

z3::expr Const(z3::context& ctx, uint64_t value, unsigned width) {
  return ctx.bv_val(static_cast<uint64_t>(value), width);
}

unsigned AddressWidth(IpFamily family) { return family == IpFamily::kV6 ? 128 : 32; }

IpFamily FamilyOf(const z3::expr& addr) {
  return addr.get_sort().bv_size() == 128 ? IpFamily::kV6 : IpFamily::kV4;
}

z3::expr InCidr(const z3::expr& addr, const Cidr& cidr) {
  z3::context& ctx = addr.ctx();
  if (cidr.address.family != FamilyOf(addr)) return ctx.bool_val(false);
  if (cidr.length <= 0) return ctx.bool_val(true);
  const int width = static_cast<int>(AddressWidth(cidr.address.family));
  const int len = cidr.length > width ? width : cidr.length;
  const unsigned __int128 prefix = cidr.address.bits >> (width - len);
  // Comparing the top `len` bits keeps the term small (no mask multiplication).
  return addr.extract(width - 1, width - len) == ctx.bv_val(Decimal(prefix).c_str(), len);
}

z3::expr AddressConst(z3::context& ctx, const IpAddress& a) {
  if (a.family == IpFamily::kV4) return ctx.bv_val(static_cast<uint64_t>(a.v4()), 32);
  return ctx.bv_val(Decimal(a.bits).c_str(), 128);
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

IpAddress ModelAddress(const z3::model& model, const z3::expr& term) {
  const IpFamily family = FamilyOf(term);
  z3::expr value = model.eval(term, /*model_completion=*/true);
  unsigned __int128 bits = 0;
  std::string text;
  if (value.is_numeral(text)) {
    for (char c : text) bits = bits * 10 + static_cast<unsigned>(c - '0');
  }
  return IpAddress{family, bits};
}

}  // namespace vouch::smt
