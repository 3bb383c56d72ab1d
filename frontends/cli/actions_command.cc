// `vouch actions`: not built yet; its subcommand reports itself as unsupported (exit 3).
#include "frontends/cli/commands.h"

namespace vouch::cli {

void AddActionsCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("actions", "(not available in this build)");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    *exit_code = ReportError(absl::UnimplementedError("`actions` is not available in this build"));
  });
}

}  // namespace vouch::cli
