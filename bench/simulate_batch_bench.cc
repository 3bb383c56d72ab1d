// Throughput of `vouch simulate --cases`: cases per second and MB per second on a generated
// batch of 10,000 mixed cases (identity policies with wildcards and conditions, resource
// policies, boundaries, session policies, SCP levels, multi-valued context), the shape the
// differential tests feed both simulators.
//
//   BM_ReadCases            parsing and reading the documents (frontends/aws/simulation_cases.h)
//   BM_SimulateBatch        the whole pipeline in process: read, compile, evaluate, write JSON
//   BM_SimulateBatchProcess the built `vouch` binary on the file, start to exit, as users run it
//
// The goal is the whole-process figure: 100x the reference simulator's throughput.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "benchmark/benchmark.h"
#include "frontends/aws/simulation_cases.h"
#include "frontends/cli/batch_decider.h"

namespace vouch::bench_simulate {
namespace {

constexpr int kCases = 10000;

// A small deterministic generator (no dependency on the Node tools).
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint32_t Next() {
    s_ = s_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(s_ >> 33);
  }
  int Int(int n) { return static_cast<int>(Next() % n); }
  bool Chance(int percent) { return Int(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& xs) { return xs[Int(xs.size())]; }

 private:
  uint64_t s_;
};

const std::vector<std::string> kActions = {
    "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "iam:GetUser",
    "iam:DeleteUser", "iam:CreateAccessKey", "iam:PassRole", "kms:Decrypt", "sqs:SendMessage",
    "dynamodb:GetItem", "dynamodb:PutItem", "ec2:TerminateInstances", "lambda:InvokeFunction"};
const std::vector<std::string> kPatterns = {"s3:Get*", "s3:*", "iam:*AccessKey*", "iam:Get*",
                                            "kms:*", "dynamodb:*Item", "*", "ec2:Terminate?nstances"};
const std::vector<std::string> kResources = {
    "arn:aws:s3:::reports/alice/notes.txt", "arn:aws:s3:::reports", "arn:aws:iam::111122223333:user/bob",
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd", "arn:aws:sqs:us-east-1:444455556666:jobs",
    "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
    "arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0",
    "arn:aws:lambda:us-east-1:111122223333:function:resize"};
const std::vector<std::string> kResourcePatterns = {
    "*", "arn:aws:s3:::reports/*", "arn:aws:s3:::reports/${aws:username}/*",
    "arn:aws:iam::111122223333:user/*", "arn:aws:kms:*:111122223333:key/*",
    "arn:aws:dynamodb:us-east-1:111122223333:table/orders", "arn:aws:ec2:*:*:instance/*",
    "arn:aws:sqs:*:444455556666:*"};
const std::vector<std::string> kConditions = {
    R"({"StringEquals":{"aws:PrincipalTag/team":["red","blue"]}})",
    R"({"Bool":{"aws:MultiFactorAuthPresent":"true"}})",
    R"({"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.0.2.0/24"]}})",
    R"({"ForAnyValue:StringLike":{"aws:TagKeys":["Own*","cost-?"]}})",
    R"({"NumericLessThan":{"aws:MultiFactorAuthAge":3600}})",
    R"({"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"}})",
    R"({"StringLikeIfExists":{"aws:PrincipalTag/project":"lab-*"}})",
    R"({"Null":{"aws:SourceVpce":"false"}})"};

std::string Quoted(const std::string& s) { return absl::StrCat("\"", s, "\""); }

std::string List(Rng& rng, const std::vector<std::string>& from, int max) {
  std::vector<std::string> out;
  int n = 1 + rng.Int(max);
  for (int i = 0; i < n; ++i) out.push_back(Quoted(rng.Pick(from)));
  return n == 1 && rng.Chance(50) ? out[0] : absl::StrCat("[", absl::StrJoin(out, ","), "]");
}

std::string Statement(Rng& rng, bool principal) {
  std::string s = absl::StrCat(R"({"Effect":")", rng.Chance(75) ? "Allow" : "Deny", "\"");
  if (rng.Chance(20)) absl::StrAppend(&s, R"(,"Sid":"S)", rng.Int(1000), "\"");
  if (principal) {
    absl::StrAppend(&s, rng.Chance(50) ? R"(,"Principal":"*")"
                                       : R"(,"Principal":{"AWS":["arn:aws:iam::111122223333:user/alice","444455556666"]})");
  }
  absl::StrAppend(&s, rng.Chance(15) ? R"(,"NotAction":)" : R"(,"Action":)", List(rng, kPatterns, 3));
  absl::StrAppend(&s, rng.Chance(10) ? R"(,"NotResource":)" : R"(,"Resource":)",
                  List(rng, kResourcePatterns, 3));
  if (rng.Chance(40)) absl::StrAppend(&s, R"(,"Condition":)", rng.Pick(kConditions));
  return s + "}";
}

std::string Policy(Rng& rng, bool principal, int max_statements) {
  std::vector<std::string> statements;
  int n = 1 + rng.Int(max_statements);
  for (int i = 0; i < n; ++i) statements.push_back(Statement(rng, principal));
  return absl::StrCat(R"({"Version":"2012-10-17","Statement":[)", absl::StrJoin(statements, ","), "]}");
}

// One case per line: a mix of every policy kind, as tools/oracle/generate.mjs draws them.
std::string GenerateCases(int n) {
  Rng rng(20261128);
  const std::string scp_full = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";
  std::string out;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> identity;
    for (int k = rng.Int(4); k > 0; --k) identity.push_back(Policy(rng, false, 4));
    std::string c = absl::StrCat(R"({"id":"bench-)", i, R"(","identityPolicies":[)",
                                 absl::StrJoin(identity, ","), "]");
    if (rng.Chance(30)) absl::StrAppend(&c, R"(,"resourcePolicy":)", Policy(rng, true, 3));
    if (rng.Chance(15)) absl::StrAppend(&c, R"(,"permissionBoundaries":[)", Policy(rng, false, 2), "]");
    if (rng.Chance(10)) absl::StrAppend(&c, R"(,"sessionPolicy":)", Policy(rng, false, 2));
    if (rng.Chance(20)) absl::StrAppend(&c, R"(,"scps":[[)", scp_full, "],[", Policy(rng, false, 2), "]]");
    const std::string& user = rng.Chance(80) ? "alice" : "bob";
    absl::StrAppend(&c, R"(,"request":{"principal":"arn:aws:iam::111122223333:user/)", user,
                    R"(","action":")", rng.Pick(kActions), R"(","resource":")", rng.Pick(kResources),
                    R"(","context":{"aws:username":")", user,
                    R"(","aws:PrincipalArn":"arn:aws:iam::111122223333:user/)", user,
                    R"(","aws:PrincipalTag/team":")", rng.Chance(50) ? "red" : "green",
                    R"(","aws:SourceIp":"10.1.2.3","aws:MultiFactorAuthPresent":)",
                    rng.Chance(50) ? "true" : "false",
                    R"(,"aws:MultiFactorAuthAge":)", rng.Int(7200),
                    R"(,"aws:CurrentTime":"2026-11-28T12:00:00Z","aws:TagKeys":["Owner","cost-1"]}}})", "\n");
    out += c;
  }
  return out;
}

const std::string& Cases() {
  static const std::string* cases = new std::string(GenerateCases(kCases));
  return *cases;
}

void Report(benchmark::State& state, int64_t cases) {
  state.SetItemsProcessed(state.iterations() * cases);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(Cases().size()));
  state.counters["cases"] = static_cast<double>(cases);
}

void BM_ReadCases(benchmark::State& state) {
  int64_t n = 0;
  for (auto _ : state) {
    auto reader = aws::CaseReader::FromString(Cases(), "bench.jsonl");
    aws::SimulationCase c;
    absl::Status error;
    n = 0;
    while (reader->Next(c, error)) {
      if (!error.ok()) state.SkipWithError(std::string(error.message()).c_str());
      ++n;
    }
  }
  Report(state, n);
}
BENCHMARK(BM_ReadCases)->Unit(benchmark::kMillisecond);

// The batch simulator's work on one thread, in process (what each core runs).
void BM_SimulateBatch(benchmark::State& state) {
  int64_t n = 0;
  size_t output = 0;
  for (auto _ : state) {
    auto reader = aws::CaseReader::FromString(Cases(), "bench.jsonl");
    cli::BatchDecider decider(std::move(reader));
    std::string out;
    std::vector<absl::Status> errors;
    decider.DecideRest(out, errors);
    if (!errors.empty()) state.SkipWithError(std::string(errors[0].message()).c_str());
    n = std::count(out.begin(), out.end(), '\n');
    output = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["output_bytes"] = static_cast<double>(output);
  Report(state, n);
}
BENCHMARK(BM_SimulateBatch)->Unit(benchmark::kMillisecond);

// The built binary, beside this benchmark's executable in the build folder.
std::string VouchBinary() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "" : (self.parent_path() / "vouch").string();
}

void BM_SimulateBatchProcess(benchmark::State& state) {
  std::string vouch = VouchBinary();
  if (vouch.empty() || !std::filesystem::exists(vouch)) {
    state.SkipWithError("the vouch binary is not built beside vouch_bench");
    return;
  }
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               absl::StrCat("vouch_bench_cases_", getpid(), ".jsonl");
  std::ofstream(file) << Cases();
  std::string command = absl::StrCat("'", vouch, "' simulate --cases '", file.string(), "' >/dev/null");
  for (auto _ : state) {
    int raw = std::system(command.c_str());
    if (!WIFEXITED(raw) || WEXITSTATUS(raw) != 0) {
      state.SkipWithError("vouch simulate --cases did not answer every case");
      break;
    }
  }
  std::filesystem::remove(file);
  Report(state, kCases);
}
BENCHMARK(BM_SimulateBatchProcess)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace vouch::bench_simulate
