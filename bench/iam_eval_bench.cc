// Speed of the concrete IAM evaluator: decisions per second on lab-sized questions and on a
// synthetic account (request by request, and every principal at once as `vouch who-can` asks),
// and CompilePolicy over every AWS managed policy.
//
// The managed policies come from ../shared/data/aws-managed-policies.jsonl when it is there
// (benchmarks only: the product never reads it); otherwise the lab benchmark uses a generated
// ReadOnly-style policy and the compile benchmark reports that it was skipped.
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "engine/eval/context_search.h"
#include "engine/eval/iam_evaluator.h"
#include "engine/eval/who_can.h"
#include "frontends/aws/json_reader.h"
#include "frontends/aws/policy_document.h"
#include "models/iam/action_catalog.h"
#include "models/iam/policy_builders.h"

namespace vouch::iam {
namespace {

constexpr char kManagedPolicies[] = VOUCH_SOURCE_DIR "/../shared/data/aws-managed-policies.jsonl";

struct Managed {
  std::string name;
  Policy policy;
};

// Every managed policy of the data file, parsed once per process; empty when absent.
const std::vector<Managed>& ManagedPolicies() {
  static const std::vector<Managed>* policies = [] {
    auto* out = new std::vector<Managed>;
    std::ifstream in(kManagedPolicies);
    std::string line;
    for (int n = 0; std::getline(in, line); ++n) {
      auto doc = aws::JsonDocument::FromString(line, absl::StrCat("managed:", n));
      if (!doc.ok()) continue;
      auto name = (*doc)->root().Get("name");
      auto document = (*doc)->root().Get("document");
      if (!name.ok() || !document.ok()) continue;
      auto policy = aws::ReadPolicyDocument(*document, std::string(name->GetString().value_or("")));
      if (policy.ok()) out->push_back({policy->name, std::move(*policy)});
    }
    return out;
  }();
  return *policies;
}

const Policy* FindManaged(absl::string_view name) {
  for (const Managed& m : ManagedPolicies()) {
    if (m.name == name) return &m.policy;
  }
  return nullptr;
}

using builders::MakePolicy;
using builders::MakeStatement;

const char* const kServices[] = {"s3", "ec2", "iam", "lambda", "dynamodb", "sqs", "sns", "kms",
                                 "logs", "cloudwatch", "rds", "ecs", "eks", "sts", "secretsmanager",
                                 "ssm", "cloudtrail", "route53", "elasticloadbalancing", "autoscaling"};

// A ReadOnlyAccess look-alike: Describe*/Get*/List* for 300 services.
Policy GeneratedReadOnly() {
  std::vector<std::string> actions;
  for (int i = 0; i < 300; ++i) {
    std::string svc = i < 20 ? kServices[i] : absl::StrCat("service", i);
    for (const char* verb : {"Describe*", "Get*", "List*"}) actions.push_back(absl::StrCat(svc, ":", verb));
  }
  return MakePolicy("ReadOnlyAccess", {MakeStatement(Effect::kAllow, std::move(actions), {"*"})});
}

std::shared_ptr<const CompiledPolicy> MustCompile(const Policy& p, PolicyType type) {
  auto c = CompilePolicy(p, type);
  if (!c.ok()) {
    std::fprintf(stderr, "compile %s: %s\n", p.name.c_str(), std::string(c.status().message()).c_str());
    std::abort();
  }
  return *c;
}

// (a) Lab-like questions: a read-only user (ReadOnlyAccess + IAMUserChangePassword) and an
// administrator (AdministratorAccess), asked about a mix of allowed and denied actions.
void BM_LabQuestions(benchmark::State& state) {
  const Policy* read_only = FindManaged("ReadOnlyAccess");
  Policy generated;
  if (read_only == nullptr) read_only = &(generated = GeneratedReadOnly());
  Policy admin = MakePolicy("AdministratorAccess", {MakeStatement(Effect::kAllow, {"*"}, {"*"})});
  Policy change_password = MakePolicy(
      "IAMUserChangePassword",
      {MakeStatement(Effect::kAllow, {"iam:ChangePassword"}, {"arn:aws:iam::*:user/${aws:username}"}),
       MakeStatement(Effect::kAllow, {"iam:GetAccountPasswordPolicy"}, {"*"})});
  PolicySet user, administrator;
  user.identity = {{MustCompile(*read_only, PolicyType::kIdentity), PolicyOrigin::kAwsManaged},
                   {MustCompile(change_password, PolicyType::kIdentity), PolicyOrigin::kAwsManaged}};
  administrator.identity = {{MustCompile(admin, PolicyType::kIdentity), PolicyOrigin::kAwsManaged}};

  std::vector<Request> requests;
  const char* const kActions[][2] = {
      {"s3:GetObject", "arn:aws:s3:::lab-bucket/report.csv"}, {"s3:PutObject", "arn:aws:s3:::lab-bucket/x"},
      {"ec2:DescribeInstances", "*"}, {"ec2:TerminateInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"},
      {"iam:ListUsers", "*"}, {"iam:CreateUser", "arn:aws:iam::111122223333:user/eve"},
      {"iam:ChangePassword", "arn:aws:iam::111122223333:user/user-1"},
      {"lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:f"},
      {"dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/t"},
      {"kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k"}, {"sts:GetCallerIdentity", "*"},
      {"cloudtrail:LookupEvents", "*"}, {"logs:GetLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:g"},
      {"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111122223333:secret:s"},
      {"rds:DeleteDBInstance", "arn:aws:rds:us-east-1:111122223333:db:d"}, {"sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:111122223333:q"}};
  for (const char* principal : {"arn:aws:iam::111122223333:user/user-1", "arn:aws:iam::111122223333:user/admin"}) {
    for (const auto& [action, resource] : kActions) {
      Request r;
      r.principal = principal;
      r.action = action;
      r.resource = resource;
      FillPrincipalKeys(r, "AIDAEXAMPLE");
      requests.push_back(std::move(r));
    }
  }
  size_t i = 0, allowed = 0;
  const size_t half = requests.size() / 2;
  for (auto _ : state) {
    const PolicySet& set = i < half ? user : administrator;
    EvaluationResult r = Evaluate(set, requests[i]);
    allowed += r.decision == Decision::kAllowed;
    benchmark::DoNotOptimize(r);
    if (++i == requests.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  // The share of decisions that allow: the questions mix allows and denies.
  state.counters["allowed"] =
      benchmark::Counter(static_cast<double>(allowed), benchmark::Counter::kAvgIterations);
  state.counters["action_patterns"] = static_cast<double>(read_only->statements.empty() ? 0 : [&] {
    size_t n = 0;
    for (const Statement& s : read_only->statements) n += s.actions.size();
    return n;
  }());
  state.counters["distinct_requests"] = static_cast<double>(requests.size());
  state.SetLabel(absl::StrFormat("%s ReadOnlyAccess + IAMUserChangePassword vs AdministratorAccess",
                                 FindManaged("ReadOnlyAccess") ? "AWS" : "generated"));
}
BENCHMARK(BM_LabQuestions);

// Deterministic pseudo-random numbers (a 64-bit LCG).
struct Lcg {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  uint32_t Next(uint32_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>((state >> 33) % bound);
  }
};

Statement SyntheticStatement(Lcg& rng) {
  const char* svc = kServices[rng.Next(20)];
  static const char* const kVerbs[] = {"Get*", "List*", "Describe*", "Put*", "Delete*", "Create*", "Update*", "*"};
  std::vector<std::string> actions;
  int n = 1 + rng.Next(4);
  for (int i = 0; i < n; ++i) {
    actions.push_back(rng.Next(3) == 0 ? absl::StrCat(svc, ":", kVerbs[rng.Next(8)], "Thing", rng.Next(50))
                                       : absl::StrCat(svc, ":", kVerbs[rng.Next(8)]));
  }
  std::string resource = rng.Next(3) == 0 ? "*" : absl::StrCat("arn:aws:", svc, ":*:111122223333:thing/team", rng.Next(10), "/*");
  Statement s = MakeStatement(rng.Next(10) == 0 ? Effect::kDeny : Effect::kAllow, std::move(actions), {resource});
  if (rng.Next(4) == 0) {
    Condition c;
    c.op = ConditionOperator{ConditionOperatorKind::kStringEquals, false, SetOperator::kNone};
    c.key = "aws:PrincipalTag/team";
    c.values = {absl::StrCat("team", rng.Next(10))};
    s.conditions.push_back(std::move(c));
  }
  return s;
}

// (b) A synthetic account: 1,000 principals, 50 policies of 20 statements each, every principal
// with 3 of them; requests cycle through principals, services and verbs.
void BM_SyntheticAccount(benchmark::State& state) {
  Lcg rng;
  std::vector<std::shared_ptr<const CompiledPolicy>> policies;
  for (int p = 0; p < 50; ++p) {
    std::vector<Statement> statements;
    for (int s = 0; s < 20; ++s) statements.push_back(SyntheticStatement(rng));
    policies.push_back(MustCompile(MakePolicy(absl::StrCat("policy-", p), std::move(statements)), PolicyType::kIdentity));
  }
  std::vector<PolicySet> sets(1000);
  std::vector<Request> requests;
  static const char* const kVerbs[] = {"GetThing", "ListThings", "DescribeThing", "PutThing", "DeleteThing", "CreateThing7"};
  for (int u = 0; u < 1000; ++u) {
    for (int k = 0; k < 3; ++k) sets[u].identity.push_back({policies[rng.Next(50)], PolicyOrigin::kUserManaged});
    for (int q = 0; q < 4; ++q) {
      Request r;
      r.principal = absl::StrCat("arn:aws:iam::111122223333:user/u", u);
      const char* svc = kServices[rng.Next(20)];
      r.action = absl::StrCat(svc, ":", kVerbs[rng.Next(6)]);
      r.resource = absl::StrCat("arn:aws:", svc, ":us-east-1:111122223333:thing/team", rng.Next(10), "/x");
      r.Set(ContextValue{"aws:PrincipalTag/team", ContextType::kString, false, {absl::StrCat("team", u % 10)}});
      FillPrincipalKeys(r, "");
      requests.push_back(std::move(r));
    }
  }
  size_t i = 0;
  for (auto _ : state) {
    EvaluationResult r = Evaluate(sets[i / 4], requests[i]);
    benchmark::DoNotOptimize(r);
    if (++i == requests.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["principals"] = 1000;
  state.counters["policies"] = 50;
  state.counters["statements_per_policy"] = 20;
  state.SetLabel("synthetic: 1000 principals x 3 of 50 policies x 20 statements");
}
BENCHMARK(BM_SyntheticAccount);

// (b') `vouch who-can` over the same kind of account, as models: 1,000 users, each with 3 of 50
// managed policies of 20 statements; one request asked of every user. Arg 0: the compile cache
// warm (decisions only); 1: cold, each query compiling the 50 policies as the command does.
void BM_WhoCanSyntheticAccount(benchmark::State& state) {
  Lcg rng;
  Account account;
  account.account_id = "111122223333";
  for (int p = 0; p < 50; ++p) {
    std::vector<Statement> statements;
    for (int s = 0; s < 20; ++s) statements.push_back(SyntheticStatement(rng));
    ManagedPolicy& policy = account.policies.emplace_back();
    policy.arn = absl::StrCat("arn:aws:iam::111122223333:policy/policy-", p);
    policy.name = absl::StrCat("policy-", p);
    policy.document = MakePolicy(policy.name, std::move(statements));
  }
  for (int u = 0; u < 1000; ++u) {
    User user;
    user.name = absl::StrCat("u", u);
    user.id = absl::StrCat("AIDA", u);
    user.arn = absl::StrCat("arn:aws:iam::111122223333:user/u", u);
    for (int k = 0; k < 3; ++k)
      user.managed_policy_arns.push_back(account.policies[rng.Next(50)].arn);
    user.tags["team"] = absl::StrCat("team", u % 10);
    account.users.push_back(std::move(user));
  }
  WhoCanQuery query{.actions = {"s3:GetThing"},
                    .resources = {"arn:aws:s3:us-east-1:111122223333:thing/team3/x"}};
  const bool cold = state.range(0) == 1;
  CompileCache warm;
  size_t allowed = 0;
  for (auto _ : state) {
    CompileCache fresh;
    absl::StatusOr<WhoCanAnswer> a = WhoCan(account, query, cold ? fresh : warm);
    if (!a.ok()) {
      state.SkipWithError(std::string(a.status().message()).c_str());
      return;
    }
    allowed = 0;
    for (const PrincipalAnswer& p : a->principals) allowed += p.standing == Standing::kAllowed;
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations() * 1000);  // decisions
  state.counters["principals"] = 1000;
  state.counters["allowed"] = static_cast<double>(allowed);
  state.SetLabel(cold ? "who-can, 1000 users x 3 of 50 policies x 20 statements, compiling"
                      : "who-can, 1000 users x 3 of 50 policies x 20 statements, compiled");
}
BENCHMARK(BM_WhoCanSyntheticAccount)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// (b'') The search over the context keys a request lacks (`who-can` runs it for each principal
// that is not allowed as asked): three keys, an IP block, a numeric window and a set operator,
// the only allowing combination found last of 3 x 7 x 8 x ... classes.
void BM_SearchContexts(benchmark::State& state) {
  auto cond = [](absl::string_view op, std::string key, std::vector<std::string> values) {
    return Condition{*ParseConditionOperator(op), std::move(key), std::move(values), {}};
  };
  Statement s = MakeStatement(Effect::kAllow, {"s3:GetObject"}, {"*"});
  s.conditions = {cond("IpAddress", "aws:SourceIp", {"10.0.0.0/8"}),
                  cond("NotIpAddress", "aws:SourceIp", {"10.0.0.0/9"}),
                  cond("NumericGreaterThan", "s3:max-keys", {"10"}),
                  cond("NumericLessThan", "s3:max-keys", {"11"}),
                  cond("ForAllValues:StringEquals", "aws:TagKeys", {"a", "b", "c"}),
                  cond("ForAnyValue:StringEquals", "aws:TagKeys", {"c"})};
  PolicySet set;
  set.identity.push_back(
      {MustCompile(MakePolicy("window", {s}), PolicyType::kIdentity), PolicyOrigin::kUser});
  Request r;
  r.principal = "arn:aws:iam::111122223333:user/alice";
  r.action = "s3:GetObject";
  r.resource = "arn:aws:s3:::b/k";
  size_t tried = 0;
  for (auto _ : state) {
    ContextSearch found = SearchContexts(set, r);
    tried = found.contexts_tried;
    if (found.outcome != ContextSearch::Outcome::kAllowed) state.SkipWithError("no witness");
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(tried));  // contexts
  state.counters["contexts_tried"] = static_cast<double>(tried);
  state.SetLabel("3 missing keys: IP, numeric window, set operator");
}
BENCHMARK(BM_SearchContexts)->Unit(benchmark::kMicrosecond);

// (c) CompilePolicy over every AWS managed policy.
void BM_CompileManagedPolicies(benchmark::State& state) {
  const std::vector<Managed>& all = ManagedPolicies();
  if (all.empty()) {
    state.SkipWithError("aws-managed-policies.jsonl not found");
    return;
  }
  size_t failures = 0;
  for (auto _ : state) {
    for (const Managed& m : all) {
      auto c = CompilePolicy(m.policy, PolicyType::kIdentity);
      failures += !c.ok();
      benchmark::DoNotOptimize(c);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(all.size()));
  state.counters["policies"] = static_cast<double>(all.size());
  state.counters["rejected"] = static_cast<double>(failures / std::max<size_t>(1, state.iterations()));
  state.SetLabel(absl::StrFormat("%d AWS managed policies", all.size()));
}
BENCHMARK(BM_CompileManagedPolicies)->Unit(benchmark::kMillisecond);

// (d) The action catalog at startup: indexing the built-in text from the service index it carries
// (every command that checks an action does this once), then reading the largest service, EC2,
// on its first lookup.
void BM_CatalogIndex(benchmark::State& state) {
  size_t keys = 0;
  for (auto _ : state) {
    absl::StatusOr<ActionCatalog> c = ActionCatalog::Index(ActionCatalog::BuiltInText());
    if (!c.ok()) {
      state.SkipWithError(std::string(c.status().message()).c_str());
      return;
    }
    keys = c->global_condition_keys().size();
    benchmark::DoNotOptimize(c);
  }
  // The text's service index (its I records) is read, not the whole text.
  state.SetLabel(absl::StrFormat("%d KB of catalog text, %d global keys",
                                 ActionCatalog::BuiltInText().size() >> 10, keys));
}
BENCHMARK(BM_CatalogIndex)->Unit(benchmark::kMicrosecond);

void BM_CatalogFirstLookup(benchmark::State& state) {
  size_t actions = 0;
  for (auto _ : state) {
    state.PauseTiming();
    absl::StatusOr<ActionCatalog> c = ActionCatalog::Index(ActionCatalog::BuiltInText());
    state.ResumeTiming();
    const CatalogAction* a = c->Find("ec2:RunInstances");
    if (a == nullptr) {
      state.SkipWithError("ec2:RunInstances not found");
      return;
    }
    actions = c->FindService("ec2")->actions.size();
    benchmark::DoNotOptimize(a);
  }
  state.SetLabel(absl::StrFormat("ec2: %d actions", actions));
}
BENCHMARK(BM_CatalogFirstLookup)->Unit(benchmark::kMicrosecond);

// A misspelled service: "did you mean" weighs every action of every service (a batch pays this
// once per distinct unknown action).
void BM_CatalogSuggestForUnknownService(benchmark::State& state) {
  const ActionCatalog& catalog = ActionCatalog::BuiltIn();
  std::vector<std::string> hints;
  for (auto _ : state) {
    hints = catalog.Suggest("s3x:GetObjekt");
    benchmark::DoNotOptimize(hints);
  }
  state.SetLabel(absl::StrFormat("%d actions weighed; suggests %s", catalog.action_count(),
                                 hints.empty() ? "nothing" : hints[0]));
}
BENCHMARK(BM_CatalogSuggestForUnknownService)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vouch::iam
