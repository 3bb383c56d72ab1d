// LoadSnapshot: walk the folder, recognise each file by its top-level keys (see snapshot.h).
#include "frontends/aws/snapshot.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/authorization_details.h"
#include "frontends/aws/cloudtrail.h"
#include "frontends/aws/credential_report.h"
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

// The EC2 keys of one response page go to the network, in order, and its keys to `file`.
// Returns whether the page has IAM keys.
absl::StatusOr<bool> ReadEc2Keys(const JsonValue& page, Snapshot& snapshot, SnapshotFile& file) {
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
    } else if (key == "VirtualMFADevices") {
      if (!snapshot.virtual_mfa_devices) snapshot.virtual_mfa_devices.emplace();
      VOUCH_RETURN_IF_ERROR(ReadVirtualMfaDevices(value, *snapshot.virtual_mfa_devices));
      file.recognised = true;
    }
  }
  return iam;
}

// One response page: IAM keys go to the account (once per page), EC2 keys to the network.
absl::Status ReadPage(const JsonValue& page, Snapshot& snapshot, SnapshotFile& file) {
  VOUCH_ASSIGN_OR_RETURN(bool iam, ReadEc2Keys(page, snapshot, file));
  if (iam) {
    VOUCH_RETURN_IF_ERROR(ReadAuthorizationDetails(page, snapshot.account));
    file.recognised = true;
    snapshot.has_iam = true;
  }
  return absl::OkStatus();
}

// A file that is one response object: as ReadPage, except that its IAM detail lists are read one
// element at a time. The whole file is parsed first (so that invalid JSON is reported before
// anything else, as always), then the parsed tree is let go and each element of Policies,
// UserDetailList, GroupDetailList and RoleDetailList is parsed on its own from the file's text,
// read into the account, and its text given back. For a large export (1,000 principals of 50
// inline policies) the tree of the whole file and all the models built from it are then never
// in memory together. Elements are read in ReadAuthorizationDetails's order, located where they
// sit in the file, so models and errors are the same.
absl::Status ReadResponse(JsonText& text, std::unique_ptr<JsonDocument>& doc, Snapshot& snapshot,
                          SnapshotFile& file) {
  const std::string path = doc->name();
  JsonValue root = doc->root();
  bool iam = false;
  if (root.IsObject()) {
    VOUCH_RETURN_IF_ERROR(root.ForEachMember([&](absl::string_view key, const JsonValue&) {
      iam |= IsAuthorizationDetailsKey(key);
      return absl::OkStatus();
    }));
  }
  if (!iam) text = JsonText();  // only the tree is read
  VOUCH_ASSIGN_OR_RETURN(iam, ReadEc2Keys(root, snapshot, file));
  if (!iam) return absl::OkStatus();
  const std::vector<absl::string_view> lists(std::begin(kAuthorizationDetailsLists),
                                             std::end(kAuthorizationDetailsLists));
  std::optional<std::vector<std::vector<absl::string_view>>> items =
      TopLevelArrayElements(text.text(), lists);
  // A list that is not an array is an error once the lists before it are read.
  std::vector<absl::Status> list_errors(lists.size());
  bool by_element = items.has_value();
  for (size_t k = 0; by_element && k < lists.size(); ++k) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> list, root.Find(lists[k]));
    size_t count = 0;
    if (list && list->IsArray()) {
      VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> elements, list->Elements());
      count = elements.size();
    } else if (list && !list->IsNull()) {
      list_errors[k] = list->Elements().status();
    }
    by_element = count == (*items)[k].size();  // the text and the tree agree
  }
  if (!by_element) {  // never for valid JSON; kept safe
    VOUCH_RETURN_IF_ERROR(ReadAuthorizationDetails(root, snapshot.account));
  } else {
    doc.reset();
    for (size_t k = 0; k < lists.size(); ++k) {
      VOUCH_RETURN_IF_ERROR(list_errors[k]);
      const SourceRef at = SourceRef{path, ""}.Child(lists[k]);
      for (size_t i = 0; i < (*items)[k].size(); ++i) {
        absl::string_view part = (*items)[k][i];
        VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> element,
                               JsonDocument::FromString(part, path));
        JsonValue item(element->root().raw(), at.Child(i));
        VOUCH_RETURN_IF_ERROR(ReadAuthorizationDetailsItem(lists[k], item, snapshot.account));
        text.Release(part);
      }
    }
  }
  file.recognised = true;
  snapshot.has_iam = true;
  return absl::OkStatus();
}

absl::Status ReadFile(const std::string& path, Snapshot& snapshot) {
  VOUCH_ASSIGN_OR_RETURN(JsonText text, JsonText::FromFile(path));
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> doc, JsonDocument::FromText(text, path));
  SnapshotFile file{path, {}, false};
  if (IsCredentialReportResponse(doc->root())) {
    VOUCH_RETURN_IF_ERROR(doc->root().ForEachMember([&](absl::string_view key, const JsonValue&) {
      NoteKey(key, file);
      return absl::OkStatus();
    }));
    if (snapshot.credential_report) {
      return doc->root().Error(absl::StrCat("a second IAM credential report (the first is ",
                                            snapshot.credential_report->source.file,
                                            "): give the snapshot one"));
    }
    VOUCH_ASSIGN_OR_RETURN(snapshot.credential_report, ReadCredentialReportResponse(doc->root()));
    file.recognised = true;
  } else if (IsCloudTrailResponse(doc->root())) {
    VOUCH_RETURN_IF_ERROR(doc->root().ForEachMember([&](absl::string_view key, const JsonValue&) {
      NoteKey(key, file);
      return absl::OkStatus();
    }));
    VOUCH_RETURN_IF_ERROR(ReadCloudTrailResponse(doc->root(), snapshot.cloudtrail));
    file.recognised = true;
  } else if (doc->root().IsArray()) {
    text = JsonText();  // pages are read from the tree
    VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> pages, doc->root().Elements());
    for (const JsonValue& page : pages) VOUCH_RETURN_IF_ERROR(ReadPage(page, snapshot, file));
  } else {
    VOUCH_RETURN_IF_ERROR(ReadResponse(text, doc, snapshot, file));
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
  FinishCloudTrail(snapshot.cloudtrail);
  // The buckets' policies are the account's resource policies too (simulate, who-can, replay).
  for (const audit::Bucket& b : snapshot.cloudtrail.buckets) {
    if (b.policy) snapshot.account.bucket_policies.push_back(iam::BucketPolicy{b.name, *b.policy});
  }
  return snapshot;
}

}  // namespace vouch::aws
