// Batch mode of `vouch simulate` (see simulate_batch.h).
//
// Each worker owns a CaseReader (parser, document cache) and a compile cache keyed by the
// reader's document numbers, so nothing is shared between threads but the input text and the
// result slots. Both caches are bounded, so memory stays flat on long batches.
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
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "engine/eval/iam_evaluator.h"
#include "frontends/aws/simulation_cases.h"
#include "frontends/cli/commands.h"
#include "models/iam/action_catalog.h"
#include "models/base/status_macros.h"
#include "proofs/simulation_report.h"

namespace vouch::cli {
namespace {

using iam::AppliedPolicy;
using iam::PolicyOrigin;

// Ranges of about this many bytes (a few hundred cases) are the unit of work.
constexpr size_t kRangeBytes = size_t{256} << 10;
// Compiled documents kept per worker before the cache starts over.
constexpr size_t kMaxCompiled = 64;

// Compiles each document of one reader once per policy type.
class CompileCache {
 public:
  absl::StatusOr<std::shared_ptr<const iam::CompiledPolicy>> Get(const aws::CasePolicy& p) {
    auto key = std::make_pair(p.document, p.type);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    VOUCH_ASSIGN_OR_RETURN(std::shared_ptr<const iam::CompiledPolicy> compiled,
                           iam::CompilePolicy(p.policy, p.type));
    if (cache_.size() >= kMaxCompiled) cache_.clear();
    cache_.emplace(key, compiled);
    return compiled;
  }

 private:
  absl::flat_hash_map<std::pair<uint64_t, iam::PolicyType>,
                      std::shared_ptr<const iam::CompiledPolicy>>
      cache_;
};

absl::Status CompileList(const std::vector<aws::CasePolicy>& list, CompileCache& cache,
                         std::vector<AppliedPolicy>& out) {
  for (const aws::CasePolicy& p : list) {
    VOUCH_ASSIGN_OR_RETURN(auto compiled, cache.Get(p));
    out.push_back(AppliedPolicy{std::move(compiled), PolicyOrigin::kNone});
  }
  return absl::OkStatus();
}

absl::Status BuildSet(const aws::SimulationCase& c, CompileCache& cache, iam::PolicySet& set) {
  VOUCH_RETURN_IF_ERROR(CompileList(c.identity, cache, set.identity));
  VOUCH_RETURN_IF_ERROR(CompileList(c.permission_boundaries, cache, set.permission_boundaries));
  VOUCH_RETURN_IF_ERROR(CompileList(c.session, cache, set.session_policies));
  std::vector<AppliedPolicy> resource;
  VOUCH_RETURN_IF_ERROR(CompileList(c.resource, cache, resource));
  if (!resource.empty()) set.resource_policy = resource[0];
  for (const auto& level : c.scp_levels) {
    set.scp_levels.emplace_back();
    VOUCH_RETURN_IF_ERROR(CompileList(level, cache, set.scp_levels.back()));
  }
  for (const auto& level : c.rcp_levels) {
    set.rcp_levels.emplace_back();
    VOUCH_RETURN_IF_ERROR(CompileList(level, cache, set.rcp_levels.back()));
  }
  return absl::OkStatus();
}

// What one range of lines produced: its output lines, and its errors in order.
struct RangeResult {
  std::string out;
  std::vector<absl::Status> errors;
  bool done = false;
};

// One thread's reader and caches.
struct Worker {
  std::unique_ptr<aws::CaseReader> reader;
  CompileCache cache;
  aws::SimulationCase c;
  proofs::SimulationAnswer answer;
};

// The error that compiling the case `worker` last read gives, located: the case read again
// with locations, compiled afresh. `unlocated`, should that not fail (it runs the same checks).
absl::Status RelocatedError(Worker& worker, absl::Status unlocated) {
  absl::Status read = worker.reader->Relocate(worker.c);
  if (!read.ok()) return read;
  CompileCache fresh;
  iam::PolicySet set;
  absl::Status located = BuildSet(worker.c, fresh, set);
  return located.ok() ? unlocated : located;
}

// Decides every case `worker.reader` has left, appending to `result`.
void DecideAll(Worker& worker, RangeResult& result) {
  absl::Status error;
  while (worker.reader->Next(worker.c, error)) {
    const aws::SimulationCase& c = worker.c;
    iam::PolicySet set;
    if (error.ok()) {
      error = BuildSet(c, worker.cache, set);
      // The reader's documents carry no locations: compile them again, located, for the error.
      if (!error.ok()) error = RelocatedError(worker, std::move(error));
    }
    if (!error.ok()) {
      proofs::AppendJsonError(c.id_json, c.request.action, c.request.resource, error, result.out);
      result.errors.push_back(std::move(error));
      continue;
    }
    proofs::SimulationAnswer& answer = worker.answer;
    answer.id_json = c.id_json;
    answer.action = c.request.action;
    answer.resource = c.request.resource;
    answer.result = iam::Evaluate(set, c.request);
    for (iam::MatchedStatement& m : answer.result.matched) m.policy = c.LabelOf(m.policy);
    proofs::AppendJsonAnswer(answer, result.out);
  }
}

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

// Runs the ranges on `threads` workers; the calling thread writes results in order. Workers stay
// at most `window` ranges ahead of the writer, so pending output stays bounded.
void RunParallel(const aws::CaseReader& source, const std::vector<aws::CaseReader::Range>& ranges,
                 size_t threads, ErrorTally& tally) {
  std::vector<RangeResult> results(ranges.size());
  std::mutex mu;
  std::condition_variable changed;
  size_t next = 0, written = 0;
  const size_t window = 4 * threads;
  auto work = [&] {
    Worker worker;
    worker.reader = source.NewReader();
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] { return next >= ranges.size() || next < written + window; });
        if (next >= ranges.size()) return;
        i = next++;
      }
      RangeResult result;
      worker.reader->Seek(ranges[i]);
      DecideAll(worker, result);
      std::lock_guard<std::mutex> lock(mu);
      result.done = true;
      results[i] = std::move(result);
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) pool.emplace_back(work);
  for (size_t i = 0; i < ranges.size(); ++i) {
    RangeResult r;
    {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] { return results[i].done; });
      r = std::move(results[i]);
      results[i] = RangeResult();
      written = i + 1;
      changed.notify_all();
    }
    Write(r, tally);
  }
  for (std::thread& t : pool) t.join();
}

}  // namespace

absl::StatusOr<int> RunSimulationBatch(const std::string& path) {
  // Every case's action is checked against the catalog: parse it while the file is mapped.
  std::thread catalog([] { iam::ActionCatalog::BuiltIn(); });
  absl::Cleanup join = [&] { catalog.join(); };
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<aws::CaseReader> reader, aws::CaseReader::Open(path));
  std::vector<aws::CaseReader::Range> ranges = reader->Split(kRangeBytes);
  size_t threads = std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 8,
                                     ranges.size()});
  ErrorTally tally;
  if (threads <= 1) {
    Worker worker;
    worker.reader = reader->NewReader();
    for (const aws::CaseReader::Range& range : ranges) {
      RangeResult result;
      worker.reader->Seek(range);
      DecideAll(worker, result);
      Write(result, tally);
    }
  } else {
    RunParallel(*reader, ranges, threads, tally);
  }
  if (tally.count == 0) return kExitOk;
  std::fflush(stdout);
  std::string more =
      tally.count > 1 ? absl::StrCat(" (and ", tally.count - 1, " more cases with errors)") : "";
  return ReportError(absl::Status(tally.worst.code(), absl::StrCat(tally.worst.message(), more)));
}

}  // namespace vouch::cli
