// The bad-input corpus: every malformed or hostile input in tests/bad_input/ is run through the
// built `vouch` binary, which must exit with the manifest's code and print exactly its message.
//
// tests/bad_input/manifest.tsv has one case per line (tab-separated; `#` lines are comments):
//
//   FILE    ARGS                                                     EXIT  STDERR
//   nacl_dup_rule.json  reach --snapshot snap --from internet --to 10.0.1.5  2  vouch: snap/...
//
// Each case runs in a fresh temporary folder holding `snap/FILE` (a copy of the corpus file, alone,
// so a snapshot is that one file); ARGS are shell words and name it as `snap` or `snap/FILE`.
// STDERR is compared whole (its trailing newline aside) and must be one line. To add a case, drop
// the file in tests/bad_input/ and add its line; the message is the contract, so check it reads
// well (location first, lowercase, user input in backticks, no final period) before recording it.
//
// Inputs too large to keep in the corpus (the describe-* limits of frontends/aws/ec2_limits.h)
// are generated here instead, one file each, and held to the same contract.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"

namespace vouch {
namespace {

namespace fs = std::filesystem;

struct BadInputCase {
  std::string file;
  std::string args;
  int exit_code = 0;
  std::string stderr_text;
  int line = 0;
};

// How gtest shows a case (in failures and --gtest_list_tests): where it is, not its bytes.
void PrintTo(const BadInputCase& c, std::ostream* os) {
  *os << "manifest.tsv:" << c.line << " " << c.file;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<BadInputCase> LoadManifest() {
  std::vector<BadInputCase> cases;
  std::istringstream in(ReadAll(fs::path(VOUCH_SOURCE_DIR) / "tests/bad_input/manifest.tsv"));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    BadInputCase c;
    c.line = n;
    if (f.size() == 4) {
      c.file = f[0];
      c.args = f[1];
      c.exit_code = std::atoi(f[2].c_str());
      c.stderr_text = f[3];
    }
    cases.push_back(c);
  }
  return cases;
}

// Runs `vouch ARGS` in `dir`; returns the exit code and fills `err`.
int RunVouch(const fs::path& dir, const std::string& args, std::string* err) {
  std::string command = absl::StrCat("cd '", dir.string(), "' && '", VOUCH_BINARY, "' ", args,
                                     " >stdout.txt 2>stderr.txt </dev/null");
  int status = std::system(command.c_str());
  *err = ReadAll(dir / "stderr.txt");
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

// Runs `vouch ARGS` in a fresh folder holding `snap/<file>` with `contents`; returns the exit
// code and fills `err` (its trailing newline removed).
int RunOnFile(const std::string& file, const std::string& contents, const std::string& args,
              int tag, std::string* err) {
  fs::path dir = fs::temp_directory_path() / absl::StrCat("vouch-bad-input-", ::getpid(), "-g", tag);
  fs::remove_all(dir);
  fs::create_directories(dir / "snap");
  std::ofstream(dir / "snap" / file, std::ios::binary) << contents;
  int code = RunVouch(dir, args, err);
  fs::remove_all(dir);
  absl::string_view message = *err;
  absl::ConsumeSuffix(&message, "\n");
  *err = std::string(message);
  return code;
}

class BadInputTest : public ::testing::TestWithParam<BadInputCase> {};

TEST_P(BadInputTest, ExitsWithTheExactMessage) {
  const BadInputCase& c = GetParam();
  ASSERT_FALSE(c.file.empty()) << "manifest.tsv:" << c.line << ": expected 4 tab-separated fields";
  fs::path source = fs::path(VOUCH_SOURCE_DIR) / "tests/bad_input" / c.file;
  ASSERT_TRUE(fs::is_regular_file(source)) << source;
  fs::path dir = fs::temp_directory_path() /
                 absl::StrCat("vouch-bad-input-", ::getpid(), "-", c.line);
  fs::remove_all(dir);
  fs::create_directories(dir / "snap");
  fs::copy_file(source, dir / "snap" / c.file);
  std::string err;
  int code = RunVouch(dir, c.args, &err);
  fs::remove_all(dir);
  EXPECT_EQ(code, c.exit_code) << c.file << ": " << err;
  absl::string_view message = err;
  absl::ConsumeSuffix(&message, "\n");
  EXPECT_EQ(message, c.stderr_text) << c.file;
  EXPECT_EQ(message.find('\n'), absl::string_view::npos) << c.file << ": not one line";
}

std::string CaseName(const ::testing::TestParamInfo<BadInputCase>& info) {
  std::string name = absl::StrCat("line", info.param.line, "_", info.param.file);
  for (char& ch : name) {
    if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputTest, ::testing::ValuesIn(LoadManifest()), CaseName);

TEST(BadInputCorpusTest, CaseNamesAndPrintedValuesAreReadable) {
  BadInputCase c;
  c.file = "sg_cidr_ip_is_ipv6.json";
  c.line = 7;
  EXPECT_EQ(::testing::PrintToString(c), "manifest.tsv:7 sg_cidr_ip_is_ipv6.json");
  EXPECT_EQ(CaseName(::testing::TestParamInfo<BadInputCase>(c, 0)), "line7_sg_cidr_ip_is_ipv6_json");
}

// `n` JSON texts made by `item(i)`, comma-separated.
template <typename F>
std::string Repeat(size_t n, F item) {
  std::string out;
  for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, i ? "," : "", item(i));
  return out;
}

std::string Host(size_t i) {
  return absl::StrCat("10.", i / 65536 % 256, ".", i / 256 % 256, ".", i % 256, "/32");
}

struct GeneratedCase {
  std::string file;
  std::string contents;
  std::string stderr_text;
};

// One case per describe-* limit, each one item over it (the limits are in ec2_limits.h; the
// figures are repeated here so that a changed limit is a visible change of contract).
std::vector<GeneratedCase> LimitCases() {
  std::vector<GeneratedCase> out;
  out.push_back({"sg_10001_rules.json",
                 absl::StrCat(R"({"SecurityGroups": [{"GroupId": "sg-1", "VpcId": "vpc-1", "IpPermissions": [)",
                              R"({"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [)",
                              Repeat(5001, [](size_t i) { return absl::StrCat(R"({"CidrIp": ")", Host(i), R"("})"); }),
                              R"(]}], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [)",
                              Repeat(5000, [](size_t i) { return absl::StrCat(R"({"CidrIp": ")", Host(i), R"("})"); }),
                              "]}]}]}"),
                 "vouch: snap/sg_10001_rules.json: /SecurityGroups/0: security group `sg-1` has more than "
                 "10000 rules, over the limit per group"});
  out.push_back({"sgr_10001_rules.json",
                 absl::StrCat(R"({"SecurityGroupRules": [)", Repeat(10001, [](size_t i) {
                   return absl::StrCat(R"({"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "-1", "CidrIpv4": ")",
                                       Host(i), R"("})");
                 }), "]}"),
                 "vouch: snap/sgr_10001_rules.json: /SecurityGroupRules/10000: security group `sg-1` has "
                 "more than 10000 rules, over the limit per group"});
  out.push_back({"nacl_1001_entries.json",
                 absl::StrCat(R"({"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "Entries": [)",
                              Repeat(1001, [](size_t i) {
                                return absl::StrCat(R"({"CidrBlock": "0.0.0.0/0", "Egress": )", i % 2 ? "true" : "false",
                                                    R"(, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": )", i / 2 + 1, "}");
                              }),
                              "]}]}"),
                 "vouch: snap/nacl_1001_entries.json: /NetworkAcls/0/Entries: network ACL `acl-1` has 1001 "
                 "entries, over the limit of 1000 per ACL"});
  out.push_back({"route_10001_routes.json",
                 absl::StrCat(R"({"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [)",
                              Repeat(10001, [](size_t i) {
                                return absl::StrCat(R"({"DestinationCidrBlock": ")", Host(i), R"(", "GatewayId": "local"})");
                              }),
                              "]}]}"),
                 "vouch: snap/route_10001_routes.json: /RouteTables/0/Routes: route table `rtb-1` has 10001 "
                 "routes, over the limit of 10000 per table"});
  out.push_back({"prefix_list_10001_entries.json",
                 absl::StrCat(R"({"PrefixLists": [{"PrefixListId": "pl-1", "PrefixListName": "big", "Entries": [)",
                              Repeat(10001, [](size_t i) { return absl::StrCat(R"({"Cidr": ")", Host(i), R"("})"); }),
                              "]}]}"),
                 "vouch: snap/prefix_list_10001_entries.json: /PrefixLists/0: prefix list `pl-1` has more "
                 "than 10000 entries, over the limit per list"});
  out.push_back({"eni_200001.json",
                 absl::StrCat(R"({"NetworkInterfaces": [)", Repeat(200001, [](size_t i) {
                   return absl::StrCat(R"({"NetworkInterfaceId": "eni-)", i, R"("})");
                 }), "]}"),
                 "vouch: snap/eni_200001.json: /NetworkInterfaces/200000: more than 200000 network "
                 "interfaces, over the limit per snapshot"});
  out.push_back({"instance_200001.json",
                 absl::StrCat(R"({"Reservations": [{"Instances": [)", Repeat(200001, [](size_t i) {
                   return absl::StrCat(R"({"InstanceId": "i-)", i, R"("})");
                 }), "]}]}"),
                 "vouch: snap/instance_200001.json: /Reservations/0/Instances/200000: more than 200000 "
                 "instances, over the limit per snapshot"});
  return out;
}

TEST(BadInputLimitsTest, EachDescribeLimitIsExit2WithTheExactMessage) {
  int tag = 0;
  for (const GeneratedCase& c : LimitCases()) {
    std::string err;
    int code = RunOnFile(c.file, c.contents, "reach --snapshot snap --from internet --to 10.0.0.10",
                         ++tag, &err);
    EXPECT_EQ(code, 2) << c.file << ": " << err;
    EXPECT_EQ(err, c.stderr_text) << c.file;
  }
}

TEST(BadInputCorpusTest, HoldsAtLeastOneHundredCasesAndEveryFileIsUsed) {
  std::vector<BadInputCase> cases = LoadManifest();
  EXPECT_GE(cases.size(), 100u);
  std::set<std::string> used;
  for (const BadInputCase& c : cases) used.insert(c.file);
  for (const auto& e : fs::directory_iterator(fs::path(VOUCH_SOURCE_DIR) / "tests/bad_input")) {
    std::string name = e.path().filename().string();
    if (name == "manifest.tsv" || name == "README.md") continue;
    EXPECT_TRUE(used.count(name)) << name << " is in the corpus but not in manifest.tsv";
  }
}

}  // namespace
}  // namespace vouch
