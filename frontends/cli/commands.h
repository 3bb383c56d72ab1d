// The vouch command line: one file per subcommand, registered by main.cc.
//
// Each Add*Command adds a subcommand to `app` whose callback stores the process exit code in
// `*exit_code`:
//   0 the claims hold / the query was answered, 1 a claim is violated, 2 bad input or usage,
//   3 unknown (timeout, limit or unsupported), 4 internal error (a self-check failed).
#ifndef VOUCH_FRONTENDS_CLI_COMMANDS_H_
#define VOUCH_FRONTENDS_CLI_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"

namespace vouch::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitViolated = 1,
  kExitBadInput = 2,
  kExitUnknown = 3,
  kExitInternal = 4,
};

// Prints "vouch: <message>" to stderr and returns the exit code that fits the status:
// InvalidArgument/NotFound -> 2, Unimplemented/DeadlineExceeded/ResourceExhausted -> 3,
// anything else -> 4 (with a request to report it).
int ReportError(const absl::Status& status);

// `--format` of a command that checks claims: text, json, junit or sarif. Error: "unknown format
// `x` (expected text, json, junit or sarif)".
absl::Status CheckClaimCommandFormat(const std::string& format);

void AddSimulateCommand(CLI::App& app, int* exit_code);
void AddActionsCommand(CLI::App& app, int* exit_code);
void AddReachCommand(CLI::App& app, int* exit_code);
void AddExposureCommand(CLI::App& app, int* exit_code);
void AddCredentialsCommand(CLI::App& app, int* exit_code);
void AddWhoCanCommand(CLI::App& app, int* exit_code);
void AddTrailCommand(CLI::App& app, int* exit_code);
void AddReplayCommand(CLI::App& app, int* exit_code);

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_COMMANDS_H_
