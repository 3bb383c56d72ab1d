// Reads CloudTrail log files (see cloudtrail_logs.h).
#include "frontends/aws/cloudtrail_logs.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/gzip.h"
#include "frontends/aws/json_reader.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

namespace fs = std::filesystem;

// The request parameters that name IAM entities, read for IAM events.
constexpr absl::string_view kRequestNames[] = {"userName", "groupName", "roleName", "policyArn",
                                               "path"};

// The string member `key` of `object` into `out`; absent and null leave it "".
absl::Status ReadString(const JsonValue& object, absl::string_view key, std::string& out) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, object.Find(key));
  if (!v || v->IsNull()) return absl::OkStatus();
  VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v->GetString());
  out = std::string(s);
  return absl::OkStatus();
}

// The object member `key` of `object`: nullopt when absent or null.
absl::StatusOr<std::optional<JsonValue>> FindObject(const JsonValue& object,
                                                    absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, object.Find(key));
  if (!v || v->IsNull()) return std::nullopt;
  if (!v->IsObject()) return v->TypeError("an object");
  return v;
}

absl::Status ReadIdentity(const JsonValue& record, audit::LoggedCall& call) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> id, FindObject(record, "userIdentity"));
  if (!id) return absl::OkStatus();
  VOUCH_RETURN_IF_ERROR(ReadString(*id, "type", call.identity_type));
  VOUCH_RETURN_IF_ERROR(ReadString(*id, "arn", call.identity_arn));
  VOUCH_RETURN_IF_ERROR(ReadString(*id, "accessKeyId", call.access_key_id));
  VOUCH_RETURN_IF_ERROR(ReadString(*id, "invokedBy", call.invoked_by));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> session, FindObject(*id, "sessionContext"));
  if (!session) return absl::OkStatus();
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> issuer, FindObject(*session, "sessionIssuer"));
  if (issuer) {
    VOUCH_RETURN_IF_ERROR(ReadString(*issuer, "arn", call.issuer_arn));
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> attributes, FindObject(*session, "attributes"));
  if (!attributes) return absl::OkStatus();
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> mfa, attributes->Find("mfaAuthenticated"));
  if (mfa && !mfa->IsNull()) {
    // CloudTrail writes "true" or "false", as a string.
    VOUCH_ASSIGN_OR_RETURN(call.mfa_authenticated, mfa->GetBoolLenient());
  }
  return absl::OkStatus();
}

absl::Status ReadResources(const JsonValue& record, audit::LoggedCall& call) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> list, record.Find("resources"));
  if (!list || list->IsNull()) return absl::OkStatus();
  return list->ForEachElement([&](const JsonValue& r) -> absl::Status {
    if (!r.IsObject()) return r.TypeError("an object");
    audit::LoggedResource resource;
    VOUCH_RETURN_IF_ERROR(ReadString(r, "ARN", resource.arn));
    VOUCH_RETURN_IF_ERROR(ReadString(r, "type", resource.type));
    // Some entries name a resource by account alone (no ARN): they tell no ARN to decide on.
    if (!resource.arn.empty()) call.resources.push_back(std::move(resource));
    return absl::OkStatus();
  });
}

absl::Status ReadRequestNames(const JsonValue& record, audit::LoggedCall& call) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> params, FindObject(record, "requestParameters"));
  if (!params) return absl::OkStatus();
  for (absl::string_view key : kRequestNames) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, params->Find(key));
    // Other services use these names for other things (a list, an object): only a string names
    // an IAM entity.
    if (!v || !v->IsString()) continue;
    VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v->GetString());
    call.request_names.emplace_back(std::string(key), std::string(s));
  }
  return absl::OkStatus();
}

absl::StatusOr<audit::LoggedCall> ReadRecord(const JsonValue& record) {
  if (!record.IsObject()) return record.TypeError("an object");
  audit::LoggedCall call;
  call.source = record.source();
  VOUCH_RETURN_IF_ERROR(ReadString(record, "eventID", call.event_id));
  VOUCH_RETURN_IF_ERROR(ReadString(record, "eventTime", call.event_time));
  VOUCH_RETURN_IF_ERROR(ReadString(record, "eventSource", call.event_source));
  VOUCH_RETURN_IF_ERROR(ReadString(record, "eventName", call.event_name));
  VOUCH_RETURN_IF_ERROR(ReadString(record, "awsRegion", call.aws_region));
  VOUCH_RETURN_IF_ERROR(ReadString(record, "sourceIPAddress", call.source_ip_address));
  VOUCH_RETURN_IF_ERROR(ReadString(record, "errorCode", call.error_code));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> tls, FindObject(record, "tlsDetails"));
  call.tls = tls.has_value();
  VOUCH_RETURN_IF_ERROR(ReadIdentity(record, call));
  VOUCH_RETURN_IF_ERROR(ReadResources(record, call));
  VOUCH_RETURN_IF_ERROR(ReadRequestNames(record, call));
  return call;
}

absl::StatusOr<std::vector<audit::LoggedCall>> ReadRecords(const JsonDocument& doc) {
  JsonValue root = doc.root();
  if (!root.IsObject()) {
    return InputError(root.source(),
                      absl::StrCat("expected an object with `Records`, got ", root.TypeName()));
  }
  VOUCH_ASSIGN_OR_RETURN(JsonValue records, root.Get("Records"));
  std::vector<audit::LoggedCall> calls;
  VOUCH_RETURN_IF_ERROR(records.ForEachElement([&](const JsonValue& r) -> absl::Status {
    VOUCH_ASSIGN_OR_RETURN(audit::LoggedCall call, ReadRecord(r));
    calls.push_back(std::move(call));
    return absl::OkStatus();
  }));
  return calls;
}

// CloudTrail's log files, as delivered (`.json.gz`) or gunzipped (`.json`).
bool IsLogFileName(absl::string_view file) {
  return absl::EndsWith(file, ".json") || absl::EndsWith(file, ".json.gz");
}

// Digest files (`AWSLogs/<account>/CloudTrail-Digest/...`, `<account>_CloudTrail-Digest_...`)
// sit beside the log files in the bucket and hold hashes of them, not calls.
bool IsDigestFile(const fs::path& file) {
  return absl::StrContains(file.filename().string(), "_CloudTrail-Digest_");
}

// The files `path` stands for: itself, or a folder's log files, sorted.
absl::StatusOr<std::vector<std::string>> LogFiles(const std::string& path) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no such file or directory"));
  }
  if (!fs::is_directory(status)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || IsDigestFile(it->path())) continue;
    std::string file = it->path().string();
    if (IsLogFileName(file)) files.push_back(std::move(file));
  }
  if (ec) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read folder"));
  if (files.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no CloudTrail log file (*.json or *.json.gz) found"));
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One log file, gzipped or not: gzip data is known by its first bytes, whatever the file's name
// (some downloads gunzip a `.json.gz` object and keep its name). A `.gz` file that is neither
// gzip nor a JSON object is called what it most likely is: damaged gzip data.
absl::StatusOr<std::unique_ptr<JsonDocument>> ReadLogFile(const std::string& file) {
  JsonLimits limits;
  VOUCH_ASSIGN_OR_RETURN(std::string bytes, ReadInputFile(file, limits));
  if (!LooksGzipped(bytes)) {
    absl::string_view text = absl::StripLeadingAsciiWhitespace(bytes);
    if (absl::EndsWith(file, ".gz") && !absl::StartsWith(text, "{") &&
        !absl::StartsWith(text, "\xEF\xBB\xBF")) {
      return Gunzip(bytes, file, limits.max_bytes).status();  // "<file>: not gzip data"
    }
    return JsonDocument::FromString(bytes, file, limits);
  }
  VOUCH_ASSIGN_OR_RETURN(std::string text, Gunzip(bytes, file, limits.max_bytes));
  return JsonDocument::FromString(text, file, limits);
}

}  // namespace

absl::StatusOr<std::vector<audit::LoggedCall>> ReadCloudTrailLogText(absl::string_view text,
                                                                     const std::string& name) {
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> doc, JsonDocument::FromString(text, name));
  return ReadRecords(*doc);
}

absl::StatusOr<std::vector<audit::LoggedCall>> ReadCloudTrailLogs(
    const std::vector<std::string>& paths, size_t* files) {
  std::vector<audit::LoggedCall> calls;
  if (files != nullptr) *files = 0;
  for (const std::string& path : paths) {
    VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> found, LogFiles(path));
    for (const std::string& file : found) {
      VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> doc, ReadLogFile(file));
      VOUCH_ASSIGN_OR_RETURN(std::vector<audit::LoggedCall> more, ReadRecords(*doc));
      calls.insert(calls.end(), std::make_move_iterator(more.begin()),
                   std::make_move_iterator(more.end()));
      if (files != nullptr) ++*files;
    }
  }
  return calls;
}

}  // namespace vouch::aws
