// Ending the vouch process (see process_exit.h).
#include "frontends/cli/process_exit.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace vouch::cli {

void EndProcess(int code) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  if (kFreeAtExit) std::exit(code);
  std::_Exit(code);
}

}  // namespace vouch::cli
