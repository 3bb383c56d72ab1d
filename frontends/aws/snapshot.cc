// LoadSnapshot: walk the folder, recognise each file by its top-level keys (see snapshot.h).
#include "frontends/aws/snapshot.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/authorization_details.h"
#include "frontends/aws/ec2_snapshot.h"
#include "frontends/aws/json_reader.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

namespace fs = std::filesystem;

bool IsJsonFile(const fs::path& p) {
  return absl::AsciiStrToLower(p.extension().string()) == ".json";
}

// Every *.json file under `root`, sorted, so that the snapshot reads the same on every machine.
absl::StatusOr<std::vector<std::string>> ListJsonFiles(const std::string& root) {
  std::error_code ec;
  fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    return absl::InvalidArgumentError(absl::StrCat(root, ": no such file or directory"));
  }
  std::vector<std::string> out;
  if (!fs::is_directory(status)) {
    out.push_back(root);
    return out;
  }
  fs::recursive_directory_iterator it(root, fs::directory_options::follow_directory_symlink, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && IsJsonFile(it->path())) out.push_back(it->path().string());
  }
  if (ec) return absl::InvalidArgumentError(absl::StrCat(root, ": cannot list folder: ", ec.message()));
  if (out.empty()) return absl::InvalidArgumentError(absl::StrCat(root, ": no JSON files found"));
  std::sort(out.begin(), out.end());
  return out;
}

void NoteKey(absl::string_view key, SnapshotFile& file) {
  if (std::find(file.keys.begin(), file.keys.end(), key) == file.keys.end()) {
    file.keys.emplace_back(key);
  }
}

// One response page: IAM keys go to the account (once per page), EC2 keys to the network.
absl::Status ReadPage(const JsonValue& page, Snapshot& snapshot, SnapshotFile& file) {
  if (!page.IsObject()) return page.TypeError("an AWS CLI response object");
  VOUCH_ASSIGN_OR_RETURN(auto members, page.Members());
  bool iam = false;
  for (const auto& [key, value] : members) {
    NoteKey(key, file);
    if (IsAuthorizationDetailsKey(key)) {
      iam = true;
    } else if (IsEc2ResponseKey(key)) {
      VOUCH_RETURN_IF_ERROR(ReadEc2Response(key, value, snapshot.network));
      file.recognised = true;
    }
  }
  if (iam) {
    VOUCH_RETURN_IF_ERROR(ReadAuthorizationDetails(page, snapshot.account));
    file.recognised = true;
    snapshot.has_iam = true;
  }
  return absl::OkStatus();
}

absl::Status ReadFile(const std::string& path, Snapshot& snapshot) {
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> doc, JsonDocument::FromFile(path));
  SnapshotFile file{path, {}, false};
  JsonValue root = doc->root();
  if (root.IsArray()) {
    VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> pages, root.Elements());
    for (const JsonValue& page : pages) VOUCH_RETURN_IF_ERROR(ReadPage(page, snapshot, file));
  } else {
    VOUCH_RETURN_IF_ERROR(ReadPage(root, snapshot, file));
  }
  snapshot.files.push_back(std::move(file));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Snapshot> LoadSnapshot(const std::string& path) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> files, ListJsonFiles(path));
  Snapshot snapshot;
  for (const std::string& file : files) VOUCH_RETURN_IF_ERROR(ReadFile(file, snapshot));
  if (snapshot.has_iam) VOUCH_RETURN_IF_ERROR(CheckManagedPolicyReferences(snapshot.account));
  return snapshot;
}

}  // namespace vouch::aws
