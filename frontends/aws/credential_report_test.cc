// Tests for credential_report.h: the report's three forms, every kind of value, and the exact
// text of the errors. The sample rows follow AWS's documented format ("Getting credential
// reports for your AWS account") and CloudMapper's demo account data.
#include "frontends/aws/credential_report.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

constexpr absl::string_view kHeader =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
// The root row of AWS's documentation example, and a user with a password, no MFA, and two keys
// (the second inactive) written with the TRUE/FALSE some exports use.
constexpr absl::string_view kRoot =
    "<root_account>,arn:aws:iam::653711331788:root,2018-08-12T17:20:55+00:00,not_supported,"
    "2019-03-03T16:58:16+00:00,not_supported,not_supported,true,true,2018-11-23T16:01:14+00:00,"
    "2018-11-27T00:02:00+00:00,us-east-1,ecr,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
constexpr absl::string_view kBob =
    "bob,arn:aws:iam::653711331788:user/bob,2019-01-02T03:04:05+00:00,TRUE,no_information,"
    "2019-01-02T03:05:00+00:00,N/A,FALSE,TRUE,2019-01-02T03:06:00Z,N/A,N/A,N/A,FALSE,"
    "2019-02-01T00:00:00+00:00,2019-02-02T10:00:00+00:00,eu-west-1,s3,false,N/A,false,N/A";

absl::Time At(absl::string_view rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

absl::StatusOr<iam::CredentialReport> Csv(absl::string_view text) {
  return ParseCredentialReportCsv(text, SourceRef{"r.csv", ""});
}

std::string ErrorOf(absl::string_view text) {
  absl::StatusOr<iam::CredentialReport> r = Csv(text);
  if (r.ok()) return "ok";
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(r.status().message());
}

absl::StatusOr<iam::CredentialReport> Json(absl::string_view json) {
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromString(json, "r.json");
  if (!doc.ok()) return doc.status();
  return ReadCredentialReportResponse((*doc)->root());
}

TEST(CredentialReportTest, ReadsEveryColumnOfAwsDocumentedRows) {
  absl::StatusOr<iam::CredentialReport> r =
      Csv(absl::StrCat(kHeader, "\n", kRoot, "\r\n", kBob, "\n"));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 2u);
  const iam::CredentialReportRow& root = r->rows[0];
  EXPECT_TRUE(root.is_root());
  EXPECT_EQ(root.arn, "arn:aws:iam::653711331788:root");
  EXPECT_EQ(root.line, 2);
  EXPECT_EQ(root.source, (SourceRef{"r.csv", ""}));
  EXPECT_EQ(root.password_enabled, std::nullopt);  // not_supported
  EXPECT_EQ(root.password_last_used.time, At("2019-03-03T16:58:16+00:00"));
  EXPECT_EQ(root.password_last_changed.sentinel, "not_supported");
  EXPECT_FALSE(root.password_last_changed.time.has_value());
  EXPECT_TRUE(root.mfa_active);
  EXPECT_TRUE(root.access_keys[0].active);
  EXPECT_EQ(root.access_keys[0].last_rotated.time, At("2018-11-23T16:01:14+00:00"));
  EXPECT_EQ(root.access_keys[0].last_used.time, At("2018-11-27T00:02:00+00:00"));
  EXPECT_EQ(root.access_keys[0].last_used_region, "us-east-1");
  EXPECT_EQ(root.access_keys[0].last_used_service, "ecr");
  EXPECT_FALSE(root.access_keys[1].active);
  EXPECT_EQ(root.access_keys[1].last_rotated.sentinel, "N/A");
  EXPECT_FALSE(root.certificates[0].active);

  const iam::CredentialReportRow& bob = r->rows[1];
  EXPECT_FALSE(bob.is_root());
  EXPECT_EQ(bob.line, 3);  // after a CRLF line end
  EXPECT_EQ(bob.password_enabled, std::optional<bool>(true));
  EXPECT_EQ(bob.password_last_used.sentinel, "no_information");
  EXPECT_FALSE(bob.mfa_active);
  EXPECT_TRUE(bob.access_keys[0].active);
  EXPECT_EQ(bob.access_keys[0].last_rotated.time, At("2019-01-02T03:06:00+00:00"));  // `Z`
  EXPECT_EQ(bob.access_keys[0].last_used.sentinel, "N/A");
  EXPECT_FALSE(bob.access_keys[1].active);
  EXPECT_EQ(bob.access_keys[1].last_rotated.time, At("2019-02-01T00:00:00+00:00"));
  EXPECT_EQ(r->generated, std::nullopt);
}

TEST(CredentialReportTest, FindsColumnsByNameAndReadsPastNewOnes) {
  // The same row with its first two columns swapped, quoted fields, and a column AWS might add.
  std::string header = absl::StrCat("arn,user,", std::string(kHeader).substr(9), ",added_later");
  std::string row =
      absl::StrCat("\"arn:aws:iam::653711331788:user/bob\",\"b\"\"o,b\"",
                   std::string(kBob).substr(std::string(kBob).find(",2019")), ",\"x\ny\"");
  absl::StatusOr<iam::CredentialReport> r = Csv(absl::StrCat(header, "\n", row, "\n\n"));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].user, "b\"o,b");
  EXPECT_EQ(r->rows[0].arn, "arn:aws:iam::653711331788:user/bob");
  EXPECT_FALSE(r->rows[0].mfa_active);
}

TEST(CredentialReportTest, ReadsTheCliResponseWithBase64ContentAndItsTime) {
  std::string csv = absl::StrCat(kHeader, "\n", kRoot, "\n");
  const std::string one_line = absl::Base64Escape(csv);
  // `base64` wraps its output: the line breaks are read past.
  const std::string encoded = absl::StrCat(one_line.substr(0, 76), "\n", one_line.substr(76));
  absl::StatusOr<iam::CredentialReport> r = Json(
      absl::StrCat(R"({"Content": ")", absl::StrReplaceAll(encoded, {{"\n", "\\n"}}),
                   R"(", "ReportFormat": "text/csv", "GeneratedTime": "2019-03-04T10:00:00Z"})"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->generated, At("2019-03-04T10:00:00Z"));
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].source, (SourceRef{"r.json", "/Content"}));
  EXPECT_TRUE(r->rows[0].is_root());
}

TEST(CredentialReportTest, ReadsContentStoredAsPlainText) {
  // CloudMapper stores the report decoded inside its JSON.
  std::string csv = absl::StrReplaceAll(absl::StrCat(kHeader, "\n", kBob), {{"\n", "\\n"}});
  absl::StatusOr<iam::CredentialReport> r =
      Json(absl::StrCat(R"({"Content": ")", csv, R"(", "ReportFormat": "text/csv"})"));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].user, "bob");
}

TEST(CredentialReportTest, RecognisesTheResponseByItsKeys) {
  auto is = [](absl::string_view json) {
    absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromString(json, "x.json");
    return doc.ok() && IsCredentialReportResponse((*doc)->root());
  };
  EXPECT_TRUE(is(R"({"Content": "", "ReportFormat": "text/csv"})"));
  EXPECT_FALSE(is(R"({"Content": ""})"));
  EXPECT_FALSE(is(R"({"Vpcs": []})"));
  EXPECT_FALSE(is(R"([{"Content": "", "ReportFormat": "text/csv"}])"));
}

TEST(CredentialReportTest, BadCsvIsAnErrorNamingTheLineAndColumn) {
  const std::string good = absl::StrCat(kHeader, "\n", kBob, "\n");
  auto with = [&](absl::string_view from, absl::string_view to) {
    return absl::StrReplaceAll(good, {{from, to}});
  };
  EXPECT_EQ(ErrorOf(""), "r.csv: the credential report is empty (expected its header line)");
  EXPECT_EQ(ErrorOf(with("mfa_active,", "mfa,")),
            "r.csv: line 1: missing column `mfa_active` (expected the header of an IAM credential "
            "report)");
  EXPECT_EQ(ErrorOf(absl::StrCat(kHeader, ",user\n")),
            "r.csv: line 1: column `user` is given twice");
  EXPECT_EQ(ErrorOf(with(",FALSE,TRUE,", ",no,TRUE,")),
            "r.csv: line 2: column `mfa_active`: expected `true` or `false`, got `no`");
  EXPECT_EQ(ErrorOf(with("2019-01-02T03:06:00Z", "yesterday")),
            "r.csv: line 2: column `access_key_1_last_rotated`: expected an ISO 8601 time "
            "(`2026-03-02T09:45:30+00:00`), `N/A`, `no_information` or `not_supported`, got "
            "`yesterday`");
  EXPECT_EQ(ErrorOf(with("arn:aws:iam::653711331788:user/bob", "bob")),
            "r.csv: line 2: column `arn`: expected an ARN, got `bob`");
  EXPECT_EQ(ErrorOf(with("bob,arn", ",arn")),
            "r.csv: line 2: column `user`: expected a user name, got ``");
  EXPECT_EQ(ErrorOf(absl::StrCat(kHeader, "\nbob,arn:aws:iam::1:user/bob\n")),
            "r.csv: line 2: expected 22 fields, as in the header, got 2");
  EXPECT_EQ(ErrorOf(absl::StrCat(kHeader, "\n\"bob")),
            "r.csv: line 2: a quoted field is not closed");
  EXPECT_EQ(ErrorOf(absl::StrCat(kHeader, "\n\"bob\"x")),
            "r.csv: line 2: expected `,` or the end of the line after a quoted field");
  EXPECT_EQ(ErrorOf(absl::StrCat(kHeader, "\nbob\rx")),
            "r.csv: line 2: a carriage return inside a field");
}

TEST(CredentialReportTest, BadResponseIsAnErrorNamingThePointer) {
  auto error = [](absl::string_view json) {
    absl::StatusOr<iam::CredentialReport> r = Json(json);
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  EXPECT_EQ(error(R"({"Content": "!!!", "ReportFormat": "text/csv"})"),
            "r.json: /Content: expected the report's CSV text, or its base64 encoding as the AWS "
            "CLI writes it");
  EXPECT_EQ(error(R"({"Content": "", "ReportFormat": "text/html"})"),
            "r.json: /ReportFormat: expected `text/csv`, got `text/html`");
  EXPECT_EQ(error(R"({"Content": 3, "ReportFormat": "text/csv"})"),
            "r.json: /Content: expected a string, got number");
  EXPECT_EQ(error(R"({"Content": "", "ReportFormat": "text/csv", "GeneratedTime": "today"})"),
            "r.json: /GeneratedTime: expected an ISO 8601 time, got `today`");
  EXPECT_EQ(error(R"({"ReportFormat": "text/csv"})"), "r.json: missing `Content`");
  EXPECT_EQ(error(R"({"Content": "", "Content": "", "ReportFormat": "text/csv"})"),
            "r.json: /Content: `Content` is given twice (JSON readers differ on which one counts)");
  // The CSV inside is located under /Content.
  EXPECT_EQ(error(absl::StrCat(R"({"Content": ")", absl::Base64Escape("user,arn\n"),
                               R"(", "ReportFormat": "text/csv"})")),
            "r.json: /Content: line 1: missing column `user_creation_time` (expected the header of "
            "an IAM credential report)");
}

}  // namespace
}  // namespace vouch::aws
