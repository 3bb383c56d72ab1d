// `vouch exposure`: not built yet; its subcommand reports itself as unsupported (exit 3).
#include "frontends/cli/commands.h"

namespace vouch::cli {

void AddExposureCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("exposure", "(not available in this build)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    *exit_code = ReportError(absl::UnimplementedError("`exposure` is not available in this build"));
  });
}

}  // namespace vouch::cli
