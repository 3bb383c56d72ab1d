// One thread's share of a batch (see batch_decider.h).
#include "frontends/cli/batch_decider.h"

#include <utility>

#include "models/base/status_macros.h"

namespace vouch::cli {
namespace {

using CompileCache = absl::flat_hash_map<std::pair<uint64_t, iam::PolicyType>,
                                         std::shared_ptr<const iam::CompiledPolicy>>;

absl::Status CompileList(const std::vector<aws::CasePolicy>& list, CompileCache& cache,
                         size_t max, std::vector<iam::AppliedPolicy>& out) {
  for (const aws::CasePolicy& p : list) {
    if (!p.cached) {  // read afresh: it does not come again
      VOUCH_ASSIGN_OR_RETURN(std::shared_ptr<const iam::CompiledPolicy> compiled,
                             iam::CompilePolicy(p.policy, p.type));
      out.push_back(iam::AppliedPolicy{std::move(compiled), iam::PolicyOrigin::kNone});
      continue;
    }
    auto key = std::make_pair(p.document, p.type);
    auto it = cache.find(key);
    if (it == cache.end()) {
      VOUCH_ASSIGN_OR_RETURN(std::shared_ptr<const iam::CompiledPolicy> compiled,
                             iam::CompilePolicy(p.policy, p.type));
      if (cache.size() >= max) cache.clear();
      it = cache.emplace(key, std::move(compiled)).first;
    }
    out.push_back(iam::AppliedPolicy{it->second, iam::PolicyOrigin::kNone});
  }
  return absl::OkStatus();
}

}  // namespace

BatchDecider::BatchDecider(std::unique_ptr<aws::CaseReader> reader) : reader_(std::move(reader)) {}

absl::Status BatchDecider::BuildSet(const aws::SimulationCase& c, CompileCache& cache,
                                    iam::PolicySet& set) {
  // `set` may hold the case before: emptied, keeping its lists' memory (levels included).
  set.identity.clear();
  set.permission_boundaries.clear();
  set.session_policies.clear();
  set.resource_policy.reset();
  auto levels = [](const std::vector<std::vector<aws::CasePolicy>>& from,
                   std::vector<std::vector<iam::AppliedPolicy>>& to) {
    for (auto& level : to) level.clear();
    to.resize(from.size());
  };
  levels(c.scp_levels, set.scp_levels);
  levels(c.rcp_levels, set.rcp_levels);
  const size_t max = kMaxCompiled;
  VOUCH_RETURN_IF_ERROR(CompileList(c.identity, cache, max, set.identity));
  VOUCH_RETURN_IF_ERROR(
      CompileList(c.permission_boundaries, cache, max, set.permission_boundaries));
  VOUCH_RETURN_IF_ERROR(CompileList(c.session, cache, max, set.session_policies));
  if (!c.resource.empty()) {
    // A case holds at most one resource policy (CaseReader reads one document for it).
    resource_.clear();
    VOUCH_RETURN_IF_ERROR(CompileList(c.resource, cache, max, resource_));
    set.resource_policy = resource_[0];
  }
  for (size_t i = 0; i < c.scp_levels.size(); ++i) {
    VOUCH_RETURN_IF_ERROR(CompileList(c.scp_levels[i], cache, max, set.scp_levels[i]));
  }
  for (size_t i = 0; i < c.rcp_levels.size(); ++i) {
    VOUCH_RETURN_IF_ERROR(CompileList(c.rcp_levels[i], cache, max, set.rcp_levels[i]));
  }
  return absl::OkStatus();
}

absl::Status BatchDecider::RelocatedError(aws::SimulationCase& c, absl::Status unlocated) {
  absl::Status read = reader_->Relocate(c);
  if (!read.ok()) return read;
  CompileCache fresh;
  iam::PolicySet set;
  absl::Status located = BuildSet(c, fresh, set);
  return located.ok() ? unlocated : located;
}

size_t BatchDecider::DecideRest(std::string& out, std::vector<absl::Status>& errors) {
  // In rounds of kRound cases, each step over the whole round: read (parse) them all, compile
  // them all, then evaluate them all. Each step's code then stays in the instruction cache
  // across the round; case by case, parsing, reading, compiling and evaluating evicted each
  // other's code for every case.
  size_t answered = 0;
  for (;;) {
    size_t n = 0;
    while (n < kRound && reader_->Next(round_[n].c, round_[n].error)) ++n;
    if (n == 0) return answered;
    answered += n;
    for (size_t i = 0; i < n; ++i) {
      Slot& slot = round_[i];
      if (!slot.error.ok()) continue;
      slot.error = BuildSet(slot.c, compiled_, slot.set);
      // The reader's documents carry no locations: compile them again, located, for the error.
      if (!slot.error.ok()) slot.error = RelocatedError(slot.c, std::move(slot.error));
    }
    for (size_t i = 0; i < n; ++i) {
      Slot& slot = round_[i];
      const aws::SimulationCase& c = slot.c;
      if (!slot.error.ok()) {
        proofs::AppendJsonError(c.id_json, c.request.action, c.request.resource, slot.error, out);
        errors.push_back(std::move(slot.error));
        slot.error = absl::OkStatus();
        continue;
      }
      answer_.id_json = c.id_json;
      answer_.action = c.request.action;
      answer_.resource = c.request.resource;
      answer_.result = iam::Evaluate(slot.set, c.request);
      for (iam::MatchedStatement& m : answer_.result.matched) m.policy = c.LabelOf(m.policy);
      proofs::AppendJsonAnswer(answer_, out);
    }
  }
}

}  // namespace vouch::cli
