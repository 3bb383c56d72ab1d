// Deciding batch cases on one thread: the work `vouch simulate --cases` runs on each core
// (simulate_batch.h), and what bench/ measures in process.
//
// A decider owns a CaseReader (its parser and document cache) and a cache of compiled
// documents, keyed by the reader's document numbers, so nothing is shared between deciders.
// Both caches are bounded, so memory stays flat on long batches; a document the reader read
// afresh (CasePolicy::cached false: few documents repeat) is compiled without the cache and
// freed with its round. Cases are decided in rounds of a few: all read, then all compiled, then
// all evaluated, so that each step's code stays in the instruction cache (see DecideRest).
//
//   BatchDecider decider(reader->NewReader());
//   while (*reader->TakeRange(kBytes, decider.reader()))   // (check the StatusOr first)
//     decider.DecideRest(out, errors);   // one JSON line per case appended to `out`
#ifndef VOUCH_FRONTENDS_CLI_BATCH_DECIDER_H_
#define VOUCH_FRONTENDS_CLI_BATCH_DECIDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "engine/eval/iam_evaluator.h"
#include "frontends/aws/simulation_cases.h"
#include "proofs/simulation_report.h"

namespace vouch::cli {

class BatchDecider {
 public:
  explicit BatchDecider(std::unique_ptr<aws::CaseReader> reader);

  // Decides every case the reader has left (the range CaseReader::TakeRange gave it), appending
  // one JSON line per case to `out`, in order, and each failed case's error to `errors`. A bad
  // case becomes an error line in its place (proofs::AppendJsonError). Returns how many cases it
  // answered.
  size_t DecideRest(std::string& out, std::vector<absl::Status>& errors);

  // The decider's reader, for CaseReader::TakeRange to give it a range.
  aws::CaseReader& reader() { return *reader_; }

 private:
  // Compiled documents kept before the cache starts over.
  static constexpr size_t kMaxCompiled = 64;
  using CompileCache = absl::flat_hash_map<std::pair<uint64_t, iam::PolicyType>,
                                           std::shared_ptr<const iam::CompiledPolicy>>;

  // Compiles the case's documents (each once per policy type, through `cache`) into `set`,
  // which it empties first.
  absl::Status BuildSet(const aws::SimulationCase& c, CompileCache& cache, iam::PolicySet& set);
  // The error that compiling `c` gives, located: the case read again with locations, compiled
  // afresh. `unlocated`, should that not fail (it runs the same checks).
  absl::Status RelocatedError(aws::SimulationCase& c, absl::Status unlocated);

  // Cases are decided in rounds of this many (see DecideRest): enough for each step's code to stay
  // in the instruction cache, few enough for the round's documents to stay in the data caches
  // (in the race, 8 took 1.5 to 3.5% less time than 16, and 32 8% more).
  static constexpr size_t kRound = 8;
  // A case of the round: read, its error, then the policies it is evaluated against. Kept from
  // round to round for the memory their lists and strings hold.
  struct Slot {
    aws::SimulationCase c;
    absl::Status error;
    iam::PolicySet set;
  };

  std::unique_ptr<aws::CaseReader> reader_;
  CompileCache compiled_;
  std::vector<Slot> round_ = std::vector<Slot>(kRound);
  std::vector<iam::AppliedPolicy> resource_;
  proofs::SimulationAnswer answer_;
};

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_BATCH_DECIDER_H_
