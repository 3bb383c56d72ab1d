// Reading the IAM credential report (see credential_report.h).
#include "frontends/aws/credential_report.h"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::aws {
namespace {

// The report's columns, as AWS documents them ("Understanding the report format").
// clang-format off
enum Column {
  kUser, kArn, kUserCreationTime, kPasswordEnabled, kPasswordLastUsed, kPasswordLastChanged,
  kPasswordNextRotation, kMfaActive,
  kKey1Active, kKey1LastRotated, kKey1LastUsedDate, kKey1LastUsedRegion, kKey1LastUsedService,
  kKey2Active, kKey2LastRotated, kKey2LastUsedDate, kKey2LastUsedRegion, kKey2LastUsedService,
  kCert1Active, kCert1LastRotated, kCert2Active, kCert2LastRotated,
  kColumns
};

constexpr std::array<absl::string_view, kColumns> kColumnNames = {
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "password_next_rotation", "mfa_active",
    "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
    "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    "access_key_2_last_used_region", "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"};
// clang-format on

// One CSV record (RFC 4180: fields may be quoted, `""` is a quote inside quotes, and a quoted
// field may span lines), and the line it starts on.
struct Record {
  std::vector<std::string> fields;
  int line = 0;
};

class CsvReader {
 public:
  CsvReader(absl::string_view text, const SourceRef& at) : text_(text), at_(at) {
    if (absl::StartsWith(text_, "\xEF\xBB\xBF")) text_.remove_prefix(3);  // a byte order mark
  }

  // The next record that is not a blank line; false at the end of the text.
  absl::StatusOr<bool> Next(Record& out) {
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    out.fields.clear();
    out.line = line_;
    std::string field;
    for (;;) {
      field.clear();
      if (pos_ < text_.size() && text_[pos_] == '"') {
        const int opened = line_;
        ++pos_;
        for (;;) {
          if (pos_ >= text_.size()) {
            return InputError(at_, absl::StrCat("line ", opened, ": a quoted field is not closed"));
          }
          char c = text_[pos_++];
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              field.push_back('"');
              ++pos_;
              continue;
            }
            break;
          }
          if (c == '\n') ++line_;
          field.push_back(c);
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
            text_[pos_] != '\r') {
          return InputError(at_, absl::StrCat("line ", line_,
                                              ": expected `,` or the end of the line after a "
                                              "quoted field"));
        }
      } else {
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
               text_[pos_] != '\r') {
          field.push_back(text_[pos_++]);
        }
      }
      out.fields.push_back(field);
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      // The end of the record: `\n`, `\r\n` or the end of the text.
      if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
      if (pos_ < text_.size()) {
        if (text_[pos_] != '\n') {
          return InputError(at_,
                            absl::StrCat("line ", line_, ": a carriage return inside a field"));
        }
        ++pos_;
        ++line_;
      }
      return true;
    }
  }

 private:
  absl::string_view text_;
  const SourceRef& at_;
  size_t pos_ = 0;
  int line_ = 1;
};

// Reads one row's fields, each taken from its column; errors name the line and the column.
class RowReader {
 public:
  RowReader(const Record& r, const std::array<size_t, kColumns>& index, const SourceRef& at)
      : record_(r), index_(index), at_(at) {}

  const std::string& Text(Column c) const { return record_.fields[index_[c]]; }

  absl::Status Error(Column c, absl::string_view expected) const {
    return InputError(at_, absl::StrCat("line ", record_.line, ": column `", kColumnNames[c],
                                        "`: expected ", expected, ", got `", Text(c), "`"));
  }

  absl::StatusOr<bool> Bool(Column c) const {
    const std::string& t = Text(c);
    if (absl::EqualsIgnoreCase(t, "true")) return true;
    if (absl::EqualsIgnoreCase(t, "false")) return false;
    return Error(c, "`true` or `false`");
  }

  absl::StatusOr<iam::ReportTime> Time(Column c) const {
    const std::string& t = Text(c);
    iam::ReportTime out;
    if (t == "N/A" || t == "no_information" || t == "not_supported") {
      out.sentinel = t;
      return out;
    }
    out.time = ParseReportTime(t);
    if (!out.time) {
      return Error(c,
                   "an ISO 8601 time (`2026-03-02T09:45:30+00:00`), `N/A`, `no_information` "
                   "or `not_supported`");
    }
    return out;
  }

  absl::StatusOr<iam::ReportAccessKey> Key(Column active, Column rotated, Column used,
                                           Column region, Column service) const {
    iam::ReportAccessKey k;
    VOUCH_ASSIGN_OR_RETURN(k.active, Bool(active));
    VOUCH_ASSIGN_OR_RETURN(k.last_rotated, Time(rotated));
    VOUCH_ASSIGN_OR_RETURN(k.last_used, Time(used));
    k.last_used_region = Text(region);
    k.last_used_service = Text(service);
    return k;
  }

  absl::StatusOr<iam::ReportCertificate> Certificate(Column active, Column rotated) const {
    iam::ReportCertificate c;
    VOUCH_ASSIGN_OR_RETURN(c.active, Bool(active));
    VOUCH_ASSIGN_OR_RETURN(c.last_rotated, Time(rotated));
    return c;
  }

 private:
  const Record& record_;
  const std::array<size_t, kColumns>& index_;
  const SourceRef& at_;
};

absl::StatusOr<iam::CredentialReportRow> ReadRow(const Record& record,
                                                 const std::array<size_t, kColumns>& index,
                                                 const SourceRef& at) {
  RowReader r(record, index, at);
  iam::CredentialReportRow row;
  row.line = record.line;
  row.source = at;
  row.user = r.Text(kUser);
  if (row.user.empty()) return r.Error(kUser, "a user name");
  row.arn = r.Text(kArn);
  if (!iam::ParseArn(row.arn).ok()) return r.Error(kArn, "an ARN");
  VOUCH_ASSIGN_OR_RETURN(row.user_created, r.Time(kUserCreationTime));
  if (r.Text(kPasswordEnabled) != "not_supported") {
    VOUCH_ASSIGN_OR_RETURN(row.password_enabled, r.Bool(kPasswordEnabled));
  }
  VOUCH_ASSIGN_OR_RETURN(row.password_last_used, r.Time(kPasswordLastUsed));
  VOUCH_ASSIGN_OR_RETURN(row.password_last_changed, r.Time(kPasswordLastChanged));
  VOUCH_ASSIGN_OR_RETURN(row.password_next_rotation, r.Time(kPasswordNextRotation));
  VOUCH_ASSIGN_OR_RETURN(row.mfa_active, r.Bool(kMfaActive));
  VOUCH_ASSIGN_OR_RETURN(row.access_keys[0], r.Key(kKey1Active, kKey1LastRotated, kKey1LastUsedDate,
                                                   kKey1LastUsedRegion, kKey1LastUsedService));
  VOUCH_ASSIGN_OR_RETURN(row.access_keys[1], r.Key(kKey2Active, kKey2LastRotated, kKey2LastUsedDate,
                                                   kKey2LastUsedRegion, kKey2LastUsedService));
  VOUCH_ASSIGN_OR_RETURN(row.certificates[0], r.Certificate(kCert1Active, kCert1LastRotated));
  VOUCH_ASSIGN_OR_RETURN(row.certificates[1], r.Certificate(kCert2Active, kCert2LastRotated));
  return row;
}

}  // namespace

std::optional<absl::Time> ParseReportTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return std::nullopt;
  return t;
}

bool IsCredentialReportResponse(const JsonValue& page) {
  if (!page.IsObject()) return false;
  simdjson::dom::object obj = page.raw().get_object().value_unsafe();
  return obj.at_key("Content").error() == simdjson::SUCCESS &&
         obj.at_key("ReportFormat").error() == simdjson::SUCCESS;
}

absl::StatusOr<iam::CredentialReport> ParseCredentialReportCsv(absl::string_view csv,
                                                               const SourceRef& at) {
  CsvReader reader(csv, at);
  Record header;
  VOUCH_ASSIGN_OR_RETURN(bool any, reader.Next(header));
  if (!any) return InputError(at, "the credential report is empty (expected its header line)");
  constexpr size_t kAbsent = static_cast<size_t>(-1);
  std::array<size_t, kColumns> index;
  index.fill(kAbsent);
  for (size_t i = 0; i < header.fields.size(); ++i) {
    for (size_t c = 0; c < kColumns; ++c) {
      if (header.fields[i] != kColumnNames[c]) continue;
      if (index[c] != kAbsent) {
        return InputError(at, absl::StrCat("line ", header.line, ": column `", kColumnNames[c],
                                           "` is given twice"));
      }
      index[c] = i;
    }
  }
  for (size_t c = 0; c < kColumns; ++c) {
    if (index[c] == kAbsent) {
      return InputError(at,
                        absl::StrCat("line ", header.line, ": missing column `", kColumnNames[c],
                                     "` (expected the header of an IAM "
                                     "credential report)"));
    }
  }
  iam::CredentialReport report;
  report.source = at;
  Record record;
  for (;;) {
    VOUCH_ASSIGN_OR_RETURN(bool more, reader.Next(record));
    if (!more) break;
    if (record.fields.size() != header.fields.size()) {
      return InputError(at, absl::StrCat("line ", record.line, ": expected ", header.fields.size(),
                                         " fields, as in the header, got ", record.fields.size()));
    }
    VOUCH_ASSIGN_OR_RETURN(iam::CredentialReportRow row, ReadRow(record, index, at));
    report.rows.push_back(std::move(row));
  }
  return report;
}

absl::StatusOr<iam::CredentialReport> ReadCredentialReportResponse(const JsonValue& response) {
  if (!response.IsObject()) return response.TypeError("a get-credential-report response object");
  std::optional<absl::Time> generated;
  std::optional<JsonValue> content;
  constexpr absl::string_view kFields[] = {"Content", "ReportFormat", "GeneratedTime"};
  uint32_t seen = 0;
  VOUCH_RETURN_IF_ERROR(
      response.ForEachMember([&](absl::string_view key, const JsonValue& value) -> absl::Status {
        if (SeenBefore(key, kFields, seen)) return value.TwiceError(key);
        if (key == "Content") {
          content = value;
        } else if (key == "ReportFormat") {
          VOUCH_ASSIGN_OR_RETURN(absl::string_view format, value.GetString());
          if (format != "text/csv") {
            return value.Error(absl::StrCat("expected `text/csv`, got `", format, "`"));
          }
        } else if (key == "GeneratedTime") {
          VOUCH_ASSIGN_OR_RETURN(absl::string_view text, value.GetString());
          generated = ParseReportTime(text);
          if (!generated) {
            return value.Error(absl::StrCat("expected an ISO 8601 time, got `", text, "`"));
          }
        }
        return absl::OkStatus();  // other members (fields AWS adds later) are read past
      }));
  if (!content) return response.Error("missing `Content`");
  VOUCH_ASSIGN_OR_RETURN(absl::string_view text, content->GetString());
  // The CLI writes the CSV base64-encoded; CloudMapper and boto3 users often store it decoded.
  std::string decoded;
  // Base64 has no commas, and the CSV's header has 21 of them.
  if (!absl::StrContains(text, ',')) {
    std::string compact(text);  // line breaks, as `base64` wraps its output, are read past
    compact.erase(std::remove_if(compact.begin(), compact.end(),
                                 [](unsigned char c) { return absl::ascii_isspace(c); }),
                  compact.end());
    if (!absl::Base64Unescape(compact, &decoded)) {
      return content->Error(
          "expected the report's CSV text, or its base64 encoding as the AWS CLI writes it");
    }
    text = decoded;
  }
  VOUCH_ASSIGN_OR_RETURN(iam::CredentialReport report,
                         ParseCredentialReportCsv(text, content->source()));
  report.generated = generated;
  return report;
}

absl::Status ReadVirtualMfaDevices(const JsonValue& list, std::vector<iam::VirtualMfaDevice>& out) {
  if (!list.IsArray()) return list.TypeError("an array of virtual MFA devices");
  return list.ForEachElement([&](const JsonValue& device) -> absl::Status {
    if (!device.IsObject()) return device.TypeError("a virtual MFA device object");
    iam::VirtualMfaDevice d;
    d.source = device.source();
    VOUCH_ASSIGN_OR_RETURN(JsonValue serial, device.Get("SerialNumber"));
    VOUCH_ASSIGN_OR_RETURN(absl::string_view serial_text, serial.GetString());
    d.serial_number = std::string(serial_text);
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> user, device.Find("User"));
    if (user && !user->IsNull()) {
      if (!user->IsObject())
        return user->TypeError("the user the device is assigned to, an object");
      VOUCH_ASSIGN_OR_RETURN(JsonValue arn, user->Get("Arn"));
      VOUCH_ASSIGN_OR_RETURN(absl::string_view arn_text, arn.GetString());
      d.user_arn = std::string(arn_text);
    }
    out.push_back(std::move(d));
    return absl::OkStatus();
  });
}

absl::StatusOr<iam::CredentialReport> ReadCredentialReportFile(const std::string& path) {
  VOUCH_ASSIGN_OR_RETURN(std::string text, ReadInputFile(path));
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(text);
  if (absl::StartsWith(rest, "\xEF\xBB\xBF")) {
    rest = absl::StripLeadingAsciiWhitespace(rest.substr(3));
  }
  if (!absl::StartsWith(rest, "{")) return ParseCredentialReportCsv(text, SourceRef{path, ""});
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> doc, JsonDocument::FromString(text, path));
  return ReadCredentialReportResponse(doc->root());
}

}  // namespace vouch::aws
