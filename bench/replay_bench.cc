// Speed of `vouch replay`'s core: N synthetic CloudTrail calls by 50 users of a synthetic
// account, mapped and decided before and after a change, each principal's policies compiled
// once (engine/eval/replay.h). The records are built in memory: reading JSON is measured by the
// reader's own benchmarks.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "engine/eval/replay.h"
#include "models/iam/policy_builders.h"

namespace vouch::iam {
namespace {

using builders::Allow;
using builders::MakePolicy;

constexpr int kUsers = 50;

// Users u0..u49, each with a policy reading IAM and S3 and writing its own prefix.
Account MakeAccount() {
  Account a;
  a.account_id = "111122223333";
  for (int i = 0; i < kUsers; ++i) {
    User u;
    u.name = absl::StrCat("u", i);
    u.id = absl::StrCat("AIDAU", i);
    u.arn = absl::StrCat("arn:aws:iam::111122223333:user/", u.name);
    u.inline_policies = {
        {"p", MakePolicy("p", {Allow({"iam:Get*", "iam:List*", "s3:GetObject", "ec2:Describe*"}),
                               Allow({"s3:PutObject"}, {"arn:aws:s3:::data/${aws:username}/*"})})}};
    a.users.push_back(std::move(u));
  }
  return a;
}

std::vector<audit::LoggedCall> MakeCalls(int n) {
  static constexpr const char* kApis[][2] = {{"iam.amazonaws.com", "GetUser"},
                                             {"ec2.amazonaws.com", "DescribeInstances"},
                                             {"s3.amazonaws.com", "GetObject"},
                                             {"s3.amazonaws.com", "PutObject"}};
  std::vector<audit::LoggedCall> calls(n);
  for (int i = 0; i < n; ++i) {
    audit::LoggedCall& c = calls[i];
    std::string user = absl::StrCat("u", i % kUsers);
    c.source = {"bench.json", absl::StrCat("/Records/", i)};
    c.event_id = absl::StrCat("ev", i);
    c.event_time = "2026-11-26T09:12:03Z";
    c.event_source = kApis[i % 4][0];
    c.event_name = kApis[i % 4][1];
    c.aws_region = "us-east-1";
    c.source_ip_address = "203.0.113.7";
    c.tls = true;
    c.identity_type = "IAMUser";
    c.identity_arn = absl::StrCat("arn:aws:iam::111122223333:user/", user);
    c.access_key_id = "AKIAEXAMPLE";
    c.resources = {{absl::StrCat("arn:aws:s3:::data/", user, "/f", i), "AWS::S3::Object"}};
  }
  return calls;
}

void BM_ReplayCalls(benchmark::State& state) {
  Account before = MakeAccount();
  Account after = MakeAccount();
  after.users[0].inline_policies.clear();
  std::vector<audit::LoggedCall> calls = MakeCalls(static_cast<int>(state.range(0)));
  const ActionCatalog& catalog = ActionCatalog::BuiltIn();
  for (auto _ : state) {
    CompileCache cache;
    absl::StatusOr<ReplayAnswer> a = Replay(calls, before, &after, catalog, cache);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReplayCalls)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vouch::iam
