// Fuzzes batch case lines (`vouch simulate --cases`): any text reads, line by line, into cases or
// one-line errors led by "fuzz.jsonl:<line>"; every case that reads compiles (or fails the same
// way) and is then evaluated, which must not crash and must give a consistent answer:
// deterministic, and explained by matched statements of the decision's effect. Reading the text
// in ranges (Split, NewReader, Seek: how batch mode spreads it over threads), or with every
// document read afresh (DisableDocumentCache), must give the same cases, line numbers and errors
// as reading it straight through.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/eval/iam_evaluator.h"
#include "frontends/aws/simulation_cases.h"
#include "tests/fuzz/fuzz_checks.h"

namespace vouch::aws {
namespace {

using fuzz::Require;

constexpr char kName[] = "fuzz.jsonl";

// Compiles the case's policies into `set`; the first error otherwise.
absl::Status Compile(const std::vector<CasePolicy>& list, std::vector<iam::AppliedPolicy>& out) {
  for (const CasePolicy& p : list) {
    auto compiled = iam::CompilePolicy(p.policy, p.type);
    if (!compiled.ok()) return compiled.status();
    out.push_back({*compiled, iam::PolicyOrigin::kNone});
  }
  return absl::OkStatus();
}

absl::Status BuildSet(const SimulationCase& c, iam::PolicySet& set) {
  std::vector<iam::AppliedPolicy> resource;
  for (auto [list, out] : {std::pair{&c.identity, &set.identity},
                           {&c.permission_boundaries, &set.permission_boundaries},
                           {&c.session, &set.session_policies}, {&c.resource, &resource}}) {
    if (absl::Status s = Compile(*list, *out); !s.ok()) return s;
  }
  if (!resource.empty()) set.resource_policy = resource[0];
  for (const auto& level : c.scp_levels) {
    if (absl::Status s = Compile(level, set.scp_levels.emplace_back()); !s.ok()) return s;
  }
  for (const auto& level : c.rcp_levels) {
    if (absl::Status s = Compile(level, set.rcp_levels.emplace_back()); !s.ok()) return s;
  }
  return absl::OkStatus();
}

// Compiles the case `reader` last read; false if that fails, after checking that the case read
// again with locations fails the same way, naming its line.
bool BuildSet(CaseReader& reader, SimulationCase& c, iam::PolicySet& set) {
  absl::Status unlocated = BuildSet(c, set);
  if (unlocated.ok()) return true;
  int line = c.line;
  absl::Status read = reader.Relocate(c);
  Require(read.ok() && c.line == line, "a case that read reads again, located");
  iam::PolicySet again;
  absl::Status located = BuildSet(c, again);
  Require(!located.ok() && located.code() == unlocated.code(),
          "compiling the located case fails the same way");
  fuzz::CheckInputError(located, absl::StrCat(kName, ":", line, ":"));
  return false;
}

void Evaluate(CaseReader& reader, SimulationCase& c) {
  iam::PolicySet set;
  if (!BuildSet(reader, c, set)) return;
  iam::EvaluationResult r = iam::Evaluate(set, c.request);
  iam::EvaluationResult again = iam::Evaluate(set, c.request);
  Require(r.decision == again.decision && r.matched == again.matched, "evaluation is deterministic");
  for (const iam::MatchedStatement& m : r.matched) {
    Require(r.decision != iam::Decision::kImplicitDeny, "an implicit deny matches no statement");
    iam::Effect want =
        r.decision == iam::Decision::kAllowed ? iam::Effect::kAllow : iam::Effect::kDeny;
    Require(m.effect == want, "matched statements have the decision's effect");
  }
}

// The policies of a list, as text: their statements (not their names, which number documents
// as the reader met them).
std::string Statements(const std::vector<CasePolicy>& list) {
  std::string out;
  for (const CasePolicy& p : list) {
    std::string text = p.policy->DebugString();
    absl::StrAppend(&out, "|", text.substr(text.find('\n') + 1));
  }
  return out;
}

// "<line> ok <id> <policies>" or "<line> <error>" for each case `reader` reads, evaluating those
// that read.
std::vector<std::string> ReadAll(CaseReader& reader, bool evaluate) {
  std::vector<std::string> out;
  SimulationCase c;
  absl::Status error;
  while (reader.Next(c, error)) {
    if (!error.ok()) {
      fuzz::CheckInputError(error, absl::StrCat(kName, ":", c.line, ":"));
      out.push_back(absl::StrCat(c.line, " ", error.message()));
      continue;
    }
    std::string line = absl::StrCat(c.line, " ok ", c.id_json, Statements(c.identity),
                                    Statements(c.permission_boundaries), Statements(c.session),
                                    Statements(c.resource));
    for (const auto& level : c.scp_levels) absl::StrAppend(&line, " scps", Statements(level));
    for (const auto& level : c.rcp_levels) absl::StrAppend(&line, " rcps", Statements(level));
    out.push_back(std::move(line));
    if (evaluate) Evaluate(reader, c);
  }
  return out;
}

}  // namespace
}  // namespace vouch::aws

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch::aws;
  absl::string_view text = vouch::fuzz::AsText(data, size);
  std::unique_ptr<CaseReader> straight = CaseReader::FromString(text, kName);
  std::vector<std::string> want = ReadAll(*straight, /*evaluate=*/true);

  std::unique_ptr<CaseReader> split = CaseReader::FromString(text, kName);
  std::unique_ptr<CaseReader> worker = split->NewReader();
  std::vector<std::string> got;
  absl::StatusOr<std::vector<CaseReader::Range>> ranges = split->Split(64);
  Require(ranges.ok(), "a text in memory splits into ranges");
  for (const CaseReader::Range& range : *ranges) {
    Require(worker->Seek(range).ok(), "a range of a text in memory is read");
    for (std::string& line : ReadAll(*worker, /*evaluate=*/false)) got.push_back(std::move(line));
  }
  Require(got == want, "reading in ranges gives what reading straight through gives");

  // Lines read without the document cache (as the reader reads them while few documents repeat)
  // are not outlined, and each document is read afresh: the same cases, ids and errors.
  std::unique_ptr<CaseReader> afresh = CaseReader::FromString(text, kName);
  afresh->DisableDocumentCache();
  Require(ReadAll(*afresh, /*evaluate=*/false) == want,
          "reading every document afresh gives what reading with the cache gives");
  return 0;
}
