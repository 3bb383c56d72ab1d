// vouch: offline, proof-carrying answers about an AWS account.
//
//   vouch simulate   decide IAM requests exactly as AWS would (the offline policy simulator)
//   vouch actions    expand action wildcards against the AWS action catalog
//   vouch reach      is a packet from SRC able to reach DST? witness path, or what blocks it
//   vouch exposure   everything reachable from the internet, with witnesses
//   vouch credentials  each user's password, MFA and access keys, and claims about them
//   vouch replay     re-decide CloudTrail logs' calls, before and after a Terraform plan
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "frontends/cli/commands.h"
#include "frontends/cli/huge_page_arena.h"
#include "frontends/cli/process_exit.h"
#include "proofs/claim_formats.h"

namespace vouch::cli {

int ReportError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
      std::cerr << "vouch: " << status.message() << "\n";
      return kExitBadInput;
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kUnavailable:  // the solver could not be loaded
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
      std::cerr << "vouch: unknown: " << status.message() << "\n";
      return kExitUnknown;
    default:
      std::cerr << "vouch: internal error: " << status.message()
                << " (this is a bug in vouch; please report it with the input that caused it)\n";
      return kExitInternal;
  }
}

absl::Status CheckClaimCommandFormat(const std::string& format) {
  if (format == "text" || format == "json" || proofs::IsClaimFormat(format)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format `", format, "` (expected text, json, junit or sarif)"));
}

}  // namespace vouch::cli

int main(int argc, char** argv) {
  using namespace vouch::cli;
  UseHugePageArena();
  CLI::App app{"vouch: offline, proof-carrying answers about who can do what (IAM) and what can "
               "reach what (VPC) in an AWS account"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vouch 0.1.0");
  int exit_code = kExitOk;
  // Only the command being run is built: building all eight (their options, validators and help)
  // took about 0.4 ms of every run. Help, --version and a misspelt command see them all.
  struct Command {
    const char* name;
    void (*add)(CLI::App&, int*);
  };
  static constexpr Command kCommands[] = {{"simulate", AddSimulateCommand},
                                          {"actions", AddActionsCommand},
                                          {"reach", AddReachCommand},
                                          {"exposure", AddExposureCommand},
                                          {"credentials", AddCredentialsCommand},
                                          {"who-can", AddWhoCanCommand},
                                          {"trail", AddTrailCommand},
                                          {"replay", AddReplayCommand}};
  const char* named = nullptr;
  for (const Command& c : kCommands) {
    if (argc > 1 && std::strcmp(argv[1], c.name) == 0) named = c.name;
  }
  for (const Command& c : kCommands) {
    if (named == nullptr || named == c.name) c.add(app, &exit_code);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    EndProcess(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    EndProcess(app.exit(e));
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    EndProcess(kExitBadInput);
  } catch (const std::exception& e) {
    std::cerr << "vouch: internal error: " << e.what()
              << " (this is a bug in vouch; please report it with the input that caused it)\n";
    EndProcess(kExitInternal);
  }
  EndProcess(exit_code);
}
