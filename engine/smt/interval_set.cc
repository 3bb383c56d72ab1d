// Interval sets: merge-based union, intersection and difference.
#include "engine/smt/interval_set.h"

#include <algorithm>

namespace vouch::smt {

IntervalSet IntervalSet::Of(uint64_t lo, uint64_t hi) {
  IntervalSet s;
  if (lo <= hi) s.intervals_.push_back({lo, hi});
  return s;
}

IntervalSet IntervalSet::OfCidr(const Cidr& c) {
  const uint64_t first = c.address.v4();
  const uint64_t size = uint64_t{1} << (32 - c.length);
  return Of(first, first + size - 1);
}

bool IntervalSet::Contains(uint64_t v) const {
  auto it = std::upper_bound(intervals_.begin(), intervals_.end(), v,
                             [](uint64_t x, const Interval& i) { return x < i.lo; });
  return it != intervals_.begin() && std::prev(it)->hi >= v;
}

uint64_t IntervalSet::Size() const {
  uint64_t n = 0;
  for (const Interval& i : intervals_) n += i.hi - i.lo + 1;
  return n;
}

IntervalSet IntervalSet::Union(const IntervalSet& o) const {
  std::vector<Interval> all = intervals_;
  all.insert(all.end(), o.intervals_.begin(), o.intervals_.end());
  std::sort(all.begin(), all.end(), [](const Interval& a, const Interval& b) { return a.lo < b.lo; });
  IntervalSet out;
  for (const Interval& i : all) {
    if (!out.intervals_.empty() && out.intervals_.back().hi + 1 >= i.lo) {
      out.intervals_.back().hi = std::max(out.intervals_.back().hi, i.hi);
    } else {
      out.intervals_.push_back(i);
    }
  }
  return out;
}

IntervalSet IntervalSet::Intersect(const IntervalSet& o) const {
  IntervalSet out;
  size_t a = 0, b = 0;
  while (a < intervals_.size() && b < o.intervals_.size()) {
    const Interval& x = intervals_[a];
    const Interval& y = o.intervals_[b];
    uint64_t lo = std::max(x.lo, y.lo), hi = std::min(x.hi, y.hi);
    if (lo <= hi) out.intervals_.push_back({lo, hi});
    if (x.hi < y.hi) ++a;
    else ++b;
  }
  return out;
}

IntervalSet IntervalSet::Subtract(const IntervalSet& o) const {
  IntervalSet out;
  size_t b = 0;
  for (Interval x : intervals_) {
    while (b < o.intervals_.size() && o.intervals_[b].hi < x.lo) ++b;
    size_t k = b;
    bool alive = true;
    while (k < o.intervals_.size() && o.intervals_[k].lo <= x.hi) {
      const Interval& y = o.intervals_[k];
      if (y.lo > x.lo) out.intervals_.push_back({x.lo, y.lo - 1});
      if (y.hi >= x.hi) {
        alive = false;
        break;
      }
      x.lo = y.hi + 1;
      ++k;
    }
    if (alive) out.intervals_.push_back(x);
  }
  return out;
}

std::vector<Cidr> IntervalSet::ToCidrs() const {
  std::vector<Cidr> out;
  for (Interval i : intervals_) {
    uint64_t lo = i.lo;
    while (lo <= i.hi) {
      int len = 32;
      // The largest aligned block starting at `lo` that fits in [lo, hi].
      while (len > 0) {
        const uint64_t size = uint64_t{1} << (32 - (len - 1));
        if (lo % size != 0 || lo + size - 1 > i.hi) break;
        --len;
      }
      out.push_back(Cidr{IpAddress::V4(static_cast<uint32_t>(lo)), len});
      lo += uint64_t{1} << (32 - len);
    }
  }
  return out;
}

}  // namespace vouch::smt
