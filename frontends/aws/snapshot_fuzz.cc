// Fuzzes the snapshot loader: the input's bytes become the one file of a snapshot folder, which
// either loads or fails with a one-line error led by the folder's path.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "frontends/aws/snapshot.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

// A private folder for this process, emptied and removed at exit.
const std::string& Folder() {
  static const std::string* folder = [] {
    auto* f = new std::string(std::filesystem::temp_directory_path() /
                              ("vouch-snapshot-fuzz-" + std::to_string(getpid())));
    std::filesystem::create_directories(*f);
    std::atexit([] { std::filesystem::remove_all(Folder()); });
    return f;
  }();
  return *folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch;
  const std::string& folder = Folder();
  {
    std::ofstream out(folder + "/input.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  absl::StatusOr<aws::Snapshot> snapshot = aws::LoadSnapshot(folder);
  if (!snapshot.ok()) {
    fuzz::CheckInputError(snapshot.status(), folder);
    return 0;
  }
  fuzz::Require(snapshot->files.size() == 1, "the snapshot lists its one file");
  return 0;
}
