// Interval sets: merge-based union, intersection and difference.
#include "engine/smt/interval_set.h"

#include <algorithm>

namespace vouch::smt {

IntervalSet IntervalSet::Of(IntervalValue lo, IntervalValue hi) {
  IntervalSet s;
  if (lo <= hi) s.intervals_.push_back({lo, hi});
  return s;
}

IntervalSet IntervalSet::OfCidr(const Cidr& c) {
  return Of(c.address.bits, c.Last().bits);
}

bool IntervalSet::Contains(IntervalValue v) const {
  auto it = std::upper_bound(intervals_.begin(), intervals_.end(), v,
                             [](IntervalValue x, const Interval& i) { return x < i.lo; });
  return it != intervals_.begin() && std::prev(it)->hi >= v;
}

IntervalValue IntervalSet::Size() const {
  IntervalValue n = 0;
  for (const Interval& i : intervals_) n += i.hi - i.lo + 1;
  return n;
}

IntervalSet IntervalSet::Union(const IntervalSet& o) const {
  std::vector<Interval> all = intervals_;
  all.insert(all.end(), o.intervals_.begin(), o.intervals_.end());
  std::sort(all.begin(), all.end(), [](const Interval& a, const Interval& b) { return a.lo < b.lo; });
  IntervalSet out;
  for (const Interval& i : all) {
    // Overlapping or adjacent (written without hi + 1, which wraps at the top of the space).
    if (!out.intervals_.empty() && (i.lo == 0 || out.intervals_.back().hi >= i.lo - 1)) {
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
    IntervalValue lo = std::max(x.lo, y.lo), hi = std::min(x.hi, y.hi);
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

std::vector<Cidr> IntervalSet::ToCidrs(IpFamily family) const {
  const int width = family == IpFamily::kV6 ? 128 : 32;
  std::vector<Cidr> out;
  for (Interval i : intervals_) {
    IntervalValue lo = i.lo;
    while (true) {
      int len = width;
      // The largest aligned block starting at `lo` that fits in [lo, hi]; `last - lo` is its
      // size minus one, which never overflows (a /0 of IPv6 is 2^128 addresses).
      while (len > 0) {
        const IntervalValue span = (IntervalValue{1} << (width - len)) * 2 - 1;
        if ((lo & span) != 0 || span > i.hi - lo) break;
        --len;
      }
      out.push_back(Cidr{IpAddress{family, lo}, len});
      const IntervalValue last = lo + ((len == 0 ? ~IntervalValue{0} >> (128 - width)
                                                 : (IntervalValue{1} << (width - len)) - 1));
      if (last >= i.hi) break;
      lo = last + 1;
    }
  }
  return out;
}

}  // namespace vouch::smt
