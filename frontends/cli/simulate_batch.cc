// Batch mode of `vouch simulate` (see simulate_batch.h).
//
// Each worker owns a BatchDecider (batch_decider.h: a reader and caches), so nothing is shared
// between threads but the input text and the result slots.
#include "frontends/cli/simulate_batch.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/simulation_cases.h"
#include "frontends/cli/batch_decider.h"
#include "frontends/cli/commands.h"
#include "models/base/status_macros.h"
#include "models/iam/action_catalog.h"

namespace vouch::cli {
namespace {

// Ranges of at most this many bytes (a few hundred cases) are the unit of work.
constexpr size_t kRangeBytes = size_t{256} << 10;
// Near the end of the input, ranges shrink (to a share of what is left, down to this size, a
// dozen cases), so that the workers finish together rather than one deciding a whole last
// range while the others wait.
constexpr size_t kMinRangeBytes = size_t{16} << 10;

size_t RangeBytes(size_t remaining, size_t threads) {
  return std::clamp(remaining / (2 * threads), kMinRangeBytes, kRangeBytes);
}

// What one range of lines produced: its output lines, and its errors in order.
struct RangeResult {
  std::string out;
  std::vector<absl::Status> errors;
  bool done = false;
};

// The exit code for a batch's worst error: internal, then bad input, then unsupported.
int Severity(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument: return 2;
    case absl::StatusCode::kUnimplemented: return 1;
    default: return 3;
  }
}

// The worst error of a batch and how many cases failed, folded in input order.
struct ErrorTally {
  absl::Status worst;
  size_t count = 0;

  void Add(const absl::Status& e) {
    if (count++ == 0 || Severity(e) > Severity(worst)) worst = e;
  }
};

void Write(RangeResult& r, ErrorTally& tally) {
  std::fwrite(r.out.data(), 1, r.out.size(), stdout);
  for (const absl::Status& e : r.errors) tally.Add(e);
  r = RangeResult();
}

// Decides the range CaseReader::TakeRange gave `decider`'s reader.
void DecideTaken(BatchDecider& decider, RangeResult& result) {
  // Answers run to about a sixth of their cases' bytes: room for them at once, rather than
  // growing the string (and copying it) a dozen times.
  result.out.reserve(decider.reader().remaining_bytes() / 4);
  decider.DecideRest(result.out, result.errors);
}

// Decides the cases left in `source` on `threads` workers; the calling thread writes results in
// order. Workers take ranges of the input as they go (reading each range's bytes into their
// own buffer and counting its lines as they take it), so work starts at once rather than after a
// pass over the whole input, and a range's bytes are fresh in the cache when they are parsed.
// Workers stay at most `window` ranges ahead of the writer, so pending output stays bounded.
absl::Status RunParallel(aws::CaseReader& source, size_t threads, ErrorTally& tally) {
  // Enough for the full-size ranges; the shrinking last ones add slots as they come.
  std::vector<RangeResult> results(source.remaining_bytes() / kRangeBytes + 1);
  std::mutex mu;
  std::condition_variable changed;
  size_t taken = 0, written = 0;
  bool exhausted = false;
  absl::Status unread;  // a range that could not be read: the file was cut short
  const size_t window = 4 * threads;
  std::vector<std::unique_ptr<aws::CaseReader>> readers;
  for (size_t t = 0; t < threads; ++t) readers.push_back(source.NewReader());
  auto work = [&](std::unique_ptr<aws::CaseReader> reader) {
    BatchDecider decider(std::move(reader));
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] { return exhausted || taken < written + window; });
        if (exhausted) return;
        // The range's bytes are read into the decider's buffer here, under the lock, where its
        // lines are counted: the next range's line numbers follow from them.
        absl::StatusOr<bool> took =
            source.TakeRange(RangeBytes(source.remaining_bytes(), threads), decider.reader());
        if (!took.ok() || !*took) {
          if (!took.ok()) unread = took.status();
          exhausted = true;
          changed.notify_all();
          return;
        }
        i = taken++;
      }
      RangeResult result;
      DecideTaken(decider, result);
      std::lock_guard<std::mutex> lock(mu);
      result.done = true;
      if (i >= results.size()) results.resize(i + 1);
      results[i] = std::move(result);
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(work, std::move(readers[t]));
  for (size_t i = 0;; ++i) {
    RangeResult r;
    {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] {
        return (i < results.size() && results[i].done) || (exhausted && i >= taken);
      });
      if (i >= taken) break;
      r = std::move(results[i]);
      results[i] = RangeResult();
      written = i + 1;
      changed.notify_all();
    }
    Write(r, tally);
  }
  for (std::thread& t : pool) t.join();
  return unread;
}

}  // namespace

absl::StatusOr<int> RunSimulationBatch(const std::string& path) {
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<aws::CaseReader> reader, aws::CaseReader::Open(path));
  // Every case's action is checked against the catalog: index it, then have the system read the
  // file ahead, while the workers start.
  std::thread prepare([&reader] {
    iam::ActionCatalog::BuiltIn();
    reader->Prefetch();
  });
  absl::Cleanup join = [&] { prepare.join(); };
  const size_t ranges = reader->remaining_bytes() / kRangeBytes + 1;  // full-size ones, and one
  size_t threads = std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 8, ranges});
  ErrorTally tally;
  absl::Status unread;
  if (threads <= 1) {
    BatchDecider decider(reader->NewReader());
    for (;;) {
      absl::StatusOr<bool> took = reader->TakeRange(kRangeBytes, decider.reader());
      if (!took.ok()) unread = took.status();
      if (!took.ok() || !*took) break;
      RangeResult result;
      DecideTaken(decider, result);
      Write(result, tally);
    }
  } else {
    unread = RunParallel(*reader, threads, tally);
  }
  // A file cut short while vouch read it: the answers written stand, the rest are not given.
  if (!unread.ok()) {
    std::fflush(stdout);
    return ReportError(unread);
  }
  if (tally.count == 0) return kExitOk;
  std::fflush(stdout);
  std::string more =
      tally.count > 1 ? absl::StrCat(" (and ", tally.count - 1, " more cases with errors)") : "";
  return ReportError(absl::Status(tally.worst.code(), absl::StrCat(tally.worst.message(), more)));
}

}  // namespace vouch::cli
