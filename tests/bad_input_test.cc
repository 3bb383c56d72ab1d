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
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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
