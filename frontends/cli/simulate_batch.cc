// Batch mode of `vouch simulate` (see simulate_batch.h).
//
// Each worker owns a BatchDecider (batch_decider.h: a reader and caches), so nothing is shared
// between threads but the input text and the result slots.
#include "frontends/cli/simulate_batch.h"

#include <algorithm>
#include <chrono>
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
#include "frontends/cli/huge_page_arena.h"
#include "frontends/cli/process_exit.h"
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

// What one range of lines produced: its output lines, its errors in order, and how many cases
// it answered.
struct RangeResult {
  std::string out;
  std::vector<absl::Status> errors;
  size_t cases = 0;
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

// What a batch did: the worst error and how many cases failed, folded in input order; the cases
// answered; the policy documents its readers read (each once per reader until its cache starts
// over: the others were found again by their bytes).
struct BatchTally {
  absl::Status worst;
  size_t count = 0;
  size_t cases = 0;
  size_t documents = 0;

  void Add(const absl::Status& e) {
    if (count++ == 0 || Severity(e) > Severity(worst)) worst = e;
  }
};

void Write(RangeResult& r, BatchTally& tally) {
  std::fwrite(r.out.data(), 1, r.out.size(), stdout);
  for (const absl::Status& e : r.errors) tally.Add(e);
  tally.cases += r.cases;
  r = RangeResult();
}

// Decides the range CaseReader::TakeRange gave `decider`'s reader.
void DecideTaken(BatchDecider& decider, RangeResult& result) {
  // Answers run to about a sixth of their cases' bytes: room for them at once, rather than
  // growing the string (and copying it) a dozen times.
  result.out.reserve(decider.reader().remaining_bytes() / 4);
  result.cases = decider.DecideRest(result.out, result.errors);
}

// Decides the cases left in `source` on `threads` workers, the calling thread one of them.
// Workers take ranges of the input as they go (reading each range's bytes into their own buffer
// and counting its lines as they take it), so work starts at once rather than after a pass over
// the whole input, and a range's bytes are fresh in the cache when they are parsed. Results are
// written in order by the worker that finishes the range next in line (with every finished one
// after it), rather than by a thread of their own that each finished range would wake: on the
// virtual machines vouch is measured on, waking a thread on another core is dear (the race's
// futex calls fell from about 350 to 100, its wall time by 2.5%). Workers stay at most `window`
// ranges ahead of the output, so pending output stays bounded.
absl::Status RunParallel(aws::CaseReader& source, size_t threads, BatchTally& tally) {
  // Enough for the full-size ranges; the shrinking last ones add slots as they come.
  std::vector<RangeResult> results(source.remaining_bytes() / kRangeBytes + 1);
  std::mutex mu;
  std::condition_variable behind;  // the output moved on: a worker ahead of it may go on
  size_t taken = 0, written = 0;
  bool exhausted = false;
  bool writing = false;  // a worker is writing results: it writes every finished one in line
  absl::Status unread;   // a range that could not be read: the file was cut short
  const size_t window = 4 * threads;
  std::vector<std::unique_ptr<aws::CaseReader>> readers;
  for (size_t t = 0; t < threads; ++t) readers.push_back(source.NewReader());
  auto work = [&](std::unique_ptr<aws::CaseReader> reader) {
    // Its caches are left to the end of the process, where kFreeAtExit says so.
    auto owned = std::make_unique<BatchDecider>(std::move(reader));
    absl::Cleanup keep = [&owned] {
      if (!kFreeAtExit) owned.release();
    };
    BatchDecider& decider = *owned;
    absl::Cleanup count = [&] {
      std::lock_guard<std::mutex> lock(mu);
      tally.documents += decider.reader().distinct_policies();
    };
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        behind.wait(lock, [&] { return exhausted || taken < written + window; });
        if (exhausted) return;
        // The range's bytes are read into the decider's buffer here, under the lock, where its
        // lines are counted: the next range's line numbers follow from them.
        absl::StatusOr<bool> took =
            source.TakeRange(RangeBytes(source.remaining_bytes(), threads), decider.reader());
        if (!took.ok() || !*took) {
          if (!took.ok()) unread = took.status();
          exhausted = true;
          behind.notify_all();
          return;
        }
        i = taken++;
      }
      RangeResult result;
      DecideTaken(decider, result);
      std::unique_lock<std::mutex> lock(mu);
      result.done = true;
      if (i >= results.size()) results.resize(i + 1);
      results[i] = std::move(result);
      // The worker writing already will find this range when it is next in line.
      if (writing) continue;
      writing = true;
      while (written < results.size() && results[written].done) {
        RangeResult next = std::move(results[written]);
        results[written] = RangeResult();
        lock.unlock();
        Write(next, tally);
        lock.lock();
        ++written;
        behind.notify_all();
      }
      writing = false;
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, std::move(readers[t]));
  work(std::move(readers[0]));
  for (std::thread& t : pool) t.join();
  return unread;
}

}  // namespace

absl::StatusOr<int> RunSimulationBatch(const std::string& path, bool verbose) {
  const auto start = std::chrono::steady_clock::now();
  // A batch's memory is a few megabytes whatever its length (bounded caches, ranges written as
  // they finish): 2 MB pages pay only where the workers' allocators start.
  UseHugePagesAtSegmentStartsOnly();
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<aws::CaseReader> reader, aws::CaseReader::Open(path));
  const size_t bytes = reader->remaining_bytes();
  // Every case's action is checked against the catalog: index it, then have the system read the
  // file ahead, while the workers start.
  std::thread prepare([&reader] {
    iam::ActionCatalog::BuiltIn();
    reader->Prefetch();
  });
  absl::Cleanup join = [&] { prepare.join(); };
  const size_t ranges = bytes / kRangeBytes + 1;  // full-size ones, and one
  size_t threads = std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 8, ranges});
  BatchTally tally;
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
    tally.documents = decider.reader().distinct_policies();
  } else {
    unread = RunParallel(*reader, threads, tally);
  }
  if (verbose) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fflush(stdout);
    std::fprintf(stderr,
                 "vouch: answered %zu cases (%.1f MB) in %.3f s on %zu thread%s; %zu policy "
                 "documents read (a document repeated while its reader holds it is read once)\n",
                 tally.cases, static_cast<double>(bytes) / 1e6, seconds, threads,
                 threads == 1 ? "" : "s", tally.documents);
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
