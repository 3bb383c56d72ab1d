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

struct Interval {
  uint64_t lo = 0, hi = 0;  // inclusive
  bool operator==(const Interval&) const = default;
};

class IntervalSet {
 public:
  IntervalSet() = default;
  static IntervalSet Of(uint64_t lo, uint64_t hi);
  // The IPv4 addresses of `c`. REQUIRES: c is IPv4.
  static IntervalSet OfCidr(const Cidr& c);

  bool empty() const { return intervals_.empty(); }
  const std::vector<Interval>& intervals() const { return intervals_; }
  bool Contains(uint64_t v) const;
  uint64_t Size() const;

  IntervalSet Union(const IntervalSet& o) const;
  IntervalSet Intersect(const IntervalSet& o) const;
  IntervalSet Subtract(const IntervalSet& o) const;

  // IPv4 rendering: the fewest CIDR blocks covering exactly the set.
  std::vector<Cidr> ToCidrs() const;

  bool operator==(const IntervalSet&) const = default;

 private:
  std::vector<Interval> intervals_;  // sorted, disjoint, non-adjacent
};

}  // namespace vouch::smt

#endif  // VOUCH_ENGINE_SMT_INTERVAL_SET_H_
