// Fuzzes CloudTrail log reading and replay: any text either reads into calls, each of which maps
// to a request or a reason and replays against a one-user account without failing, or fails
// with a one-line error led by the file name. Input that starts as gzip data does is gunzipped
// first (within a megabyte), as log files delivered to S3 are.
#include <cstdint>
#include <string>

#include "engine/eval/replay.h"
#include "frontends/aws/cloudtrail_logs.h"
#include "frontends/aws/gzip.h"
#include "models/iam/policy_builders.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  if (size > (64 << 10)) return 0;
  absl::string_view text = fuzz::AsText(data, size);
  std::string gunzipped;
  if (aws::LooksGzipped(text)) {
    absl::StatusOr<std::string> g = aws::Gunzip(text, "fuzz.json", 1 << 20);
    if (!g.ok()) {
      fuzz::CheckInputError(g.status(), "fuzz.json");
      return 0;
    }
    gunzipped = *std::move(g);
    text = gunzipped;
  }
  absl::StatusOr<std::vector<audit::LoggedCall>> calls =
      aws::ReadCloudTrailLogText(text, "fuzz.json");
  if (!calls.ok()) {
    fuzz::CheckInputError(calls.status(), "fuzz.json");
    return 0;
  }
  static const iam::Account* account = [] {
    auto* a = new iam::Account;
    a->account_id = "111122223333";
    iam::User u;
    u.name = "user-1";
    u.id = "AIDAUSER1";
    u.arn = "arn:aws:iam::111122223333:user/user-1";
    u.inline_policies = {
        {"p", iam::builders::MakePolicy("p", {iam::builders::Allow({"iam:Get*", "s3:*"})})}};
    a->users.push_back(std::move(u));
    return a;
  }();
  iam::CompileCache cache;
  absl::StatusOr<iam::ReplayAnswer> answer =
      iam::Replay(*calls, *account, account, iam::ActionCatalog::BuiltIn(), cache);
  if (!answer.ok()) __builtin_trap();  // the account's policies compile
  return 0;
}
