// Running the built vouch binary from the end-to-end suites (VOUCH_BINARY, set by CMake).
#ifndef VOUCH_TESTS_CLI_RUN_H_
#define VOUCH_TESTS_CLI_RUN_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace vouch::test {

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout, then stderr
};

// Runs the vouch binary with `args` (already quoted), capturing stdout and stderr together.
inline CliResult Vouch(const std::string& args) {
  std::string command = std::string("'") + VOUCH_BINARY + "' " + args + " 2>&1";
  CliResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace vouch::test

#endif  // VOUCH_TESTS_CLI_RUN_H_
