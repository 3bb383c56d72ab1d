// Batch mode of `vouch simulate` (see simulate_batch.h).
//
// Each worker owns a BatchDecider (batch_decider.h: a reader and caches), so nothing is shared
// between threads but the input text and the result slots.
#include "frontends/cli/simulate_batch.h"

#include <signal.h>
#include <unistd.h>

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
#include "models/iam/action_catalog.h"
#include "models/base/status_macros.h"

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

// Decides the cases left in `source` on `threads` workers; the calling thread writes results in
// order. Workers take ranges of the input as they go (counting each range's lines as they take
// it), so work starts at once rather than after a pass over the whole input, and a range's bytes
// are fresh in the cache when they are parsed. Workers stay at most `window` ranges ahead of the
// writer, so pending output stays bounded.
void RunParallel(aws::CaseReader& source, size_t threads, ErrorTally& tally) {
  // Enough for the full-size ranges; the shrinking last ones add slots as they come.
  std::vector<RangeResult> results(source.remaining_bytes() / kRangeBytes + 1);
  std::mutex mu;
  std::condition_variable changed;
  size_t taken = 0, written = 0;
  bool exhausted = false;
  const size_t window = 4 * threads;
  std::vector<std::unique_ptr<aws::CaseReader>> readers;
  for (size_t t = 0; t < threads; ++t) readers.push_back(source.NewReader());
  auto work = [&](std::unique_ptr<aws::CaseReader> reader) {
    BatchDecider decider(std::move(reader));
    for (;;) {
      size_t i;
      aws::CaseReader::Range range;
      {
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] { return exhausted || taken < written + window; });
        if (exhausted) return;
        if (!source.TakeRange(RangeBytes(source.remaining_bytes(), threads), range)) {
          exhausted = true;
          changed.notify_all();
          return;
        }
        i = taken++;
      }
      RangeResult result;
      decider.Decide(range, result.out, result.errors);
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
}

// A mapped case file cut short while vouch reads it: reading a page past its new end raises
// SIGBUS. That is bad input, not a crash: one line naming the file, and exit code 2 (the
// answers already written stand; those of the cut part are not given).
char truncated_message[1024];
size_t truncated_length = 0;

extern "C" void OnTruncatedCaseFile(int) {
  ssize_t written = write(STDERR_FILENO, truncated_message, truncated_length);
  (void)written;
  _exit(kExitBadInput);
}

void ReportTruncationOf(const std::string& path) {
  int n = std::snprintf(truncated_message, sizeof truncated_message,
                        "vouch: %s: the file was cut short while vouch read it\n", path.c_str());
  truncated_length = std::min(sizeof truncated_message - 1, static_cast<size_t>(std::max(n, 0)));
  if (truncated_length > 0) truncated_message[truncated_length - 1] = '\n';  // a long path, cut
  struct sigaction action = {};
  action.sa_handler = OnTruncatedCaseFile;
  sigemptyset(&action.sa_mask);
  sigaction(SIGBUS, &action, nullptr);
}

}  // namespace

absl::StatusOr<int> RunSimulationBatch(const std::string& path) {
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<aws::CaseReader> reader, aws::CaseReader::Open(path));
  ReportTruncationOf(reader->name());
  // Every case's action is checked against the catalog: index it, then map the file's pages in,
  // while the workers start (reading the first pages themselves).
  std::thread prepare([&reader] {
    iam::ActionCatalog::BuiltIn();
    reader->Prefetch();
  });
  absl::Cleanup join = [&] { prepare.join(); };
  const size_t ranges = reader->remaining_bytes() / kRangeBytes + 1;  // full-size ones, and one
  size_t threads = std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 8, ranges});
  ErrorTally tally;
  if (threads <= 1) {
    BatchDecider decider(reader->NewReader());
    aws::CaseReader::Range range;
    while (reader->TakeRange(kRangeBytes, range)) {
      RangeResult result;
      decider.Decide(range, result.out, result.errors);
      Write(result, tally);
    }
  } else {
    RunParallel(*reader, threads, tally);
  }
  if (tally.count == 0) return kExitOk;
  std::fflush(stdout);
  std::string more =
      tally.count > 1 ? absl::StrCat(" (and ", tally.count - 1, " more cases with errors)") : "";
  return ReportError(absl::Status(tally.worst.code(), absl::StrCat(tally.worst.message(), more)));
}

}  // namespace vouch::cli
