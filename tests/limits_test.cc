// Bounded resources: hostile sizes get a clean error naming the limit, never a crash, a hang or
// an exhausted machine. Inputs are generated here, in a temporary folder (the 1 GB file is sparse,
// so it costs no disk), and run both through the readers and through the built binary.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "frontends/aws/json_reader.h"
#include "frontends/aws/policy_document.h"
#include "frontends/aws/snapshot.h"
#include "gtest/gtest.h"

namespace vouch {
namespace {

namespace fs = std::filesystem;

class LimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           absl::StrCat("vouch-limits-", ::getpid(), "-",
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "snap");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(dir_ / rel, std::ios::binary) << text;
  }

  // Runs `vouch ARGS` in the test's folder; returns the exit code and fills `err`.
  int RunVouch(const std::string& args, std::string* err) {
    std::string command = absl::StrCat("cd '", dir_.string(), "' && '", VOUCH_BINARY, "' ", args,
                                       " >stdout.txt 2>stderr.txt </dev/null");
    int status = std::system(command.c_str());
    std::ifstream in(dir_ / "stderr.txt");
    std::stringstream s;
    s << in.rdbuf();
    *err = s.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  fs::path dir_;
};

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_F(LimitsTest, OneGigabyteFileIsRefusedBeforeReading) {
  fs::path big = dir_ / "snap" / "big.json";
  { std::ofstream(big) << "{"; }
  fs::resize_file(big, uintmax_t{1} << 30);  // sparse: no disk, no memory
  std::string want = absl::StrCat(big.string(), ": file is 1073741824 bytes, over the limit of 536870912");
  EXPECT_EQ(aws::JsonDocument::FromFile(big.string()).status().message(), want);
  EXPECT_EQ(aws::ReadInputFile(big.string()).status().message(), want);
  EXPECT_EQ(aws::LoadSnapshot((dir_ / "snap").string()).status().message(), want);
  EXPECT_EQ(aws::ReadPolicyFile(big.string()).status().message(), want);

  std::string err;
  EXPECT_EQ(RunVouch("reach --snapshot snap --from internet --to 10.0.0.1", &err), 2);
  EXPECT_EQ(err, "vouch: snap/big.json: file is 1073741824 bytes, over the limit of 536870912\n");
}

TEST_F(LimitsTest, EndlessDeviceIsReadOnlyUpToTheLimit) {
  aws::JsonLimits limits;
  limits.max_bytes = 1 << 20;
  EXPECT_EQ(aws::ReadInputFile("/dev/zero", limits).status().message(),
            "/dev/zero: file is over the limit of 1048576 bytes");
  EXPECT_EQ(aws::JsonDocument::FromFile("/dev/zero", limits).status().message(),
            "/dev/zero: file is over the limit of 1048576 bytes");
}

TEST_F(LimitsTest, HundredThousandDeepNestingIsRefused) {
  const std::string deep = Nested(100000);
  EXPECT_EQ(aws::JsonDocument::FromString(deep, "deep.json").status().message(),
            "deep.json: JSON nested deeper than the limit of 256 levels");
  absl::StatusOr<iam::Policy> policy =
      aws::ParsePolicyText(absl::StrCat("{\"Statement\": ", deep, "}"), SourceRef{"p.json", ""}, "p");
  EXPECT_EQ(policy.status().message(), "p.json: JSON nested deeper than the limit of 256 levels");
  // The same depth of objects, and a deep document inside a JSON string (as GAAD may hold one).
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100000, '}');
  EXPECT_EQ(aws::JsonDocument::FromString(objects, "o.json").status().message(),
            "o.json: JSON nested deeper than the limit of 256 levels");

  Write("snap/deep.json", absl::StrCat("{\"SecurityGroups\": ", deep, "}"));
  std::string err;
  EXPECT_EQ(RunVouch("reach --snapshot snap --from internet --to 10.0.0.1", &err), 2);
  EXPECT_EQ(err, "vouch: snap/deep.json: JSON nested deeper than the limit of 256 levels\n");
}

TEST_F(LimitsTest, TenThousandStatementsAreRefused) {
  std::string statements;
  for (int i = 0; i < 10000; ++i) {
    absl::StrAppend(&statements, i ? "," : "", R"({"Effect": "Allow", "Action": "s3:GetObject"})");
  }
  Write("snap/many.json", absl::StrCat(R"({"Version": "2012-10-17", "Statement": [)", statements, "]}"));
  std::string err;
  EXPECT_EQ(RunVouch("simulate --policy snap/many.json --action s3:GetObject --resource '*'", &err), 2);
  EXPECT_EQ(err, "vouch: snap/many.json: /Statement: 10000 statements, over the limit of 1000\n");
  // At the limit, the policy is read.
  std::string at_limit;
  for (int i = 0; i < 1000; ++i) {
    absl::StrAppend(&at_limit, i ? "," : "", R"({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})");
  }
  EXPECT_TRUE(aws::ParsePolicyText(absl::StrCat(R"({"Statement": [)", at_limit, "]}"),
                                   SourceRef{"p.json", ""}, "p").ok());
}

TEST_F(LimitsTest, NestingUpToTheLimitIsRead) {
  // Arrays that hold a value (simdjson does not descend into an empty innermost array).
  auto holding_one = [](size_t depth) {
    return std::string(depth, '[') + "1" + std::string(depth, ']');
  };
  EXPECT_TRUE(aws::JsonDocument::FromString(holding_one(256), "ok.json").ok());
  EXPECT_EQ(aws::JsonDocument::FromString(holding_one(257), "deep.json").status().message(),
            "deep.json: JSON nested deeper than the limit of 256 levels");
}

}  // namespace
}  // namespace vouch
