// Sets of unsigned integers as sorted disjoint closed intervals: the exact arithmetic behind
// `vouch exposure` (address, port and ICMP ranges that get through).
//
//   IntervalSet s = IntervalSet::Of(cidr_first, cidr_last);
//   s = s.Intersect(other).Subtract(blocked);
//   for (const Interval& i : s.intervals()) ...
#ifndef VOUCH_ENGINE_SMT_INTERVAL_SET_H_
#define VOUCH_ENGINE_SMT_INTERVAL_SET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "models/base/ip.h"

namespace vouch::smt {

// Values are 128 bits wide so that a set can hold IPv6 addresses; ports and IPv4 addresses
// use the low bits.
using IntervalValue = unsigned __int128;

struct Interval {
  IntervalValue lo = 0, hi = 0;  // inclusive
  bool operator==(const Interval&) const = default;
};

class IntervalSet {
 public:
  IntervalSet() = default;
  static IntervalSet Of(IntervalValue lo, IntervalValue hi);
  // The addresses of `c` (IPv4 or IPv6, as IpAddress::bits).
  static IntervalSet OfCidr(const Cidr& c);

  bool empty() const { return intervals_.empty(); }
  const std::vector<Interval>& intervals() const { return intervals_; }
  bool Contains(IntervalValue v) const;
  IntervalValue Size() const;  // wraps to 0 for the whole 128-bit space

  IntervalSet Union(const IntervalSet& o) const;
  IntervalSet Intersect(const IntervalSet& o) const;
  IntervalSet Subtract(const IntervalSet& o) const;

  // Rendering as addresses of `family`: the fewest CIDR blocks covering exactly the set.
  // REQUIRES: the values fit the family's width.
  std::vector<Cidr> ToCidrs(IpFamily family = IpFamily::kV4) const;

  bool operator==(const IntervalSet&) const = default;

 private:
  std::vector<Interval> intervals_;  // sorted, disjoint, non-adjacent
};

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_INTERVAL_SET_H_
