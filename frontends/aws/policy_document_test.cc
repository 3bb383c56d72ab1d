// Tests for policy_document.h: every accepted shape, and the exact text of every error.
#include "frontends/aws/policy_document.h"

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

// Parses `json` as the document of a file named "p.json".
absl::StatusOr<iam::Policy> Parse(absl::string_view json) {
  return ParsePolicyText(json, SourceRef{"p.json", ""}, "p");
}

std::string ErrorOf(absl::string_view json) {
  absl::StatusOr<iam::Policy> p = Parse(json);
  if (p.ok()) return "ok";
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(p.status().message());
}

TEST(PolicyDocumentTest, ReadsAFullStatementWithProvenance) {
  absl::StatusOr<iam::Policy> p = Parse(R"({
    "Version": "2012-10-17", "Id": "doc1",
    "Statement": [
      {"Sid": "A", "Effect": "Allow", "Action": "iam:Get*", "Resource": "*"},
      {"Effect": "Deny", "NotAction": ["s3:*", "ec2:Describe*"],
       "NotResource": "arn:aws:s3:::b/*",
       "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]},
                     "NumericLessThan": {"s3:max-keys": 10},
                     "Bool": {"aws:MultiFactorAuthPresent": false}}}
    ]})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "p");
  EXPECT_EQ(p->version, iam::PolicyVersion::k2012_10_17);
  EXPECT_EQ(p->id, "doc1");
  ASSERT_EQ(p->statements.size(), 2u);
  const iam::Statement& a = p->statements[0];
  EXPECT_EQ(a.sid, "A");
  EXPECT_EQ(a.effect, iam::Effect::kAllow);
  EXPECT_EQ(a.actions, std::vector<std::string>{"iam:Get*"});
  EXPECT_TRUE(a.has_resource);
  EXPECT_EQ(a.source, (SourceRef{"p.json", "/Statement/0"}));
  const iam::Statement& d = p->statements[1];
  EXPECT_EQ(d.index, 1);
  EXPECT_FALSE(d.sid.has_value());
  EXPECT_EQ(d.effect, iam::Effect::kDeny);
  EXPECT_TRUE(d.not_action);
  EXPECT_TRUE(d.not_resource);
  EXPECT_EQ(d.resources, std::vector<std::string>{"arn:aws:s3:::b/*"});
  ASSERT_EQ(d.conditions.size(), 3u);
  EXPECT_EQ(d.conditions[0].op.set, iam::SetOperator::kForAnyValue);
  EXPECT_TRUE(d.conditions[0].op.if_exists);
  EXPECT_EQ(d.conditions[0].op.kind, iam::ConditionOperatorKind::kStringLike);
  EXPECT_EQ(d.conditions[0].key, "aws:TagKeys");
  EXPECT_EQ(d.conditions[0].values, (std::vector<std::string>{"a*", "b"}));
  EXPECT_EQ(d.conditions[0].source.pointer,
            "/Statement/1/Condition/ForAnyValue:StringLikeIfExists/aws:TagKeys");
  EXPECT_EQ(d.conditions[1].values, std::vector<std::string>{"10"});
  EXPECT_EQ(d.conditions[2].values, std::vector<std::string>{"false"});
}

TEST(PolicyDocumentTest, StatementObjectAndMissingVersion) {
  absl::StatusOr<iam::Policy> p =
      Parse(R"({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->version, iam::PolicyVersion::k2008_10_17);
  ASSERT_EQ(p->statements.size(), 1u);
  EXPECT_EQ(p->statements[0].source.pointer, "/Statement");
}

TEST(PolicyDocumentTest, Principals) {
  absl::StatusOr<iam::Policy> p = Parse(R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"},
    {"Effect": "Allow", "Principal": {"AWS": ["111122223333", "*"], "Service": "ec2.amazonaws.com",
      "Federated": "cognito-identity.amazonaws.com", "CanonicalUser": "abc"}, "Action": "sts:*"},
    {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*"}]})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->statements[0].principal->wildcard);
  EXPECT_FALSE(p->statements[0].has_resource);
  const iam::PrincipalElement& pe = *p->statements[1].principal;
  EXPECT_TRUE(pe.wildcard);
  EXPECT_EQ(pe.aws, std::vector<std::string>{"111122223333"});
  EXPECT_EQ(pe.service, std::vector<std::string>{"ec2.amazonaws.com"});
  EXPECT_EQ(pe.federated, std::vector<std::string>{"cognito-identity.amazonaws.com"});
  EXPECT_EQ(pe.canonical_user, std::vector<std::string>{"abc"});
  EXPECT_TRUE(p->statements[2].not_principal);
  EXPECT_EQ(p->statements[2].principal->aws,
            std::vector<std::string>{"arn:aws:iam::111122223333:root"});
}

TEST(PolicyDocumentTest, JsonStringAndUrlEncodedTextGiveTheSamePolicy) {
  const char* object = R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}})";
  const char* as_string =
      R"("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\",\"Resource\":\"*\"}}")";
  const char* encoded =
      "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C"
      "%22Action%22%3A%22iam%3AGetUser%22%2C%22Resource%22%3A%22%2A%22%7D%7D";
  absl::StatusOr<iam::Policy> a = Parse(object);
  absl::StatusOr<iam::Policy> b = Parse(as_string);
  absl::StatusOr<iam::Policy> c = Parse(encoded);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status() << b.status() << c.status();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  EXPECT_EQ(c->statements[0].actions, std::vector<std::string>{"iam:GetUser"});
}

TEST(PolicyDocumentTest, DocumentInsideAStringKeepsTheOuterPointer) {
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc = JsonDocument::FromString(
      R"({"Document": "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Alow%22%7D%7D"})", "gaad.json");
  ASSERT_TRUE(doc.ok());
  absl::StatusOr<iam::Policy> p = ReadPolicyDocument(*(*doc)->root().Get("Document"), "x");
  EXPECT_EQ(std::string(p.status().message()),
            "gaad.json: /Document/Statement/Effect: unknown effect `Alow` (expected `Allow` or `Deny`)");
}

TEST(PolicyDocumentTest, UrlDecode) {
  EXPECT_EQ(*UrlDecode("a%20b+c%2a"), "a b+c*");
  EXPECT_EQ(UrlDecode("ab%4").status().message(), "invalid URL encoding `%4` at offset 2");
  EXPECT_EQ(UrlDecode("%zz").status().message(), "invalid URL encoding `%zz` at offset 0");
}

TEST(PolicyDocumentTest, ExactErrors) {
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Actoin": "s3:*"}]})"),
            "p.json: /Statement/0/Actoin: unknown element `Actoin` (expected Sid, Effect, Action, "
            "NotAction, Resource, NotResource, Principal, NotPrincipal or Condition)");
  EXPECT_EQ(ErrorOf(R"({"Statment": []})"),
            "p.json: /Statment: unknown element `Statment` (expected Version, Id or Statement)");
  EXPECT_EQ(ErrorOf(R"({"Version": "2012-10-17"})"), "p.json: missing `Statement`");
  EXPECT_EQ(ErrorOf(R"({"Statement": []})"), "p.json: /Statement: `Statement` is empty");
  EXPECT_EQ(ErrorOf(R"({"Statement": "x"})"),
            "p.json: /Statement: expected a statement object or an array of them, got string");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "NotAction": "c:d"}]})"),
            "p.json: /Statement/0: statement has both `Action` and `NotAction`");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Resource": "*"}]})"),
            "p.json: /Statement/0: statement has neither `Action` nor `NotAction`");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*",
                        "NotResource": "*"}]})"),
            "p.json: /Statement/0: statement has both `Resource` and `NotResource`");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Action": "a:b"}]})"),
            "p.json: /Statement/0: missing `Effect`");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "allow", "Action": "a:b"}]})"),
            "p.json: /Statement/0/Effect: unknown effect `allow` (expected `Allow` or `Deny`)");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": ["a:b", 3]}]})"),
            "p.json: /Statement/0/Action/1: expected a string, got number");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": {"a": 1}}]})"),
            "p.json: /Statement/0/Action: expected a string or an array of strings, got object");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b",
                        "Condition": {"StringLikeX": {"aws:username": "x"}}}]})"),
            "p.json: /Statement/0/Condition/StringLikeX: unknown condition operator `StringLikeX`");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b",
                        "Condition": {"StringLike": {"aws:username": null}}}]})"),
            "p.json: /Statement/0/Condition/StringLike/aws:username: expected a string, number or "
            "boolean, got null");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b",
                        "Condition": {"StringLike": ["x"]}}]})"),
            "p.json: /Statement/0/Condition/StringLike: expected an object, got array");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b",
                        "Principal": {"Aws": "*"}}]})"),
            "p.json: /Statement/0/Principal/Aws: unknown principal type `Aws` (expected AWS, "
            "Service, Federated or CanonicalUser)");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "Principal": "me"}]})"),
            "p.json: /Statement/0/Principal: expected `*` or an object, got `me`");
  EXPECT_EQ(ErrorOf(R"({"Version": "2012-10-18", "Statement": []})"),
            "p.json: /Version: unknown policy version `2012-10-18` (expected `2012-10-17` or "
            "`2008-10-17`)");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Sid": 1, "Effect": "Allow", "Action": "a:b"}]})"),
            "p.json: /Statement/0/Sid: expected a string, got number");
  EXPECT_EQ(ErrorOf("[1]"), "p.json: expected a policy document (an object or a string), got array");
  // An element or key given twice: JSON readers differ on which one counts, and the policy
  // means something else under each reading.
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "Action": "*"}]})"),
            "p.json: /Statement/0/Action: `Action` is given twice (JSON readers differ on which "
            "one counts)");
  EXPECT_EQ(ErrorOf(R"({"Version": "2012-10-17", "Statement": [], "Version": "2008-10-17"})"),
            "p.json: /Version: `Version` is given twice (JSON readers differ on which one counts)");
  EXPECT_EQ(ErrorOf(R"({"Id": "a", "Id": "b", "Statement": []})"),
            "p.json: /Id: `Id` is given twice (JSON readers differ on which one counts)");
  EXPECT_EQ(ErrorOf(R"({"Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*"},
                        "Statement": []})"),
            "p.json: /Statement: `Statement` is given twice (JSON readers differ on which one "
            "counts)");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b",
                        "Principal": {"AWS": "111122223333", "AWS": "*"}}]})"),
            "p.json: /Statement/0/Principal/AWS: `AWS` is given twice (JSON readers differ on "
            "which one counts)");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b",
                        "Condition": {"Bool": {"aws:SecureTransport": "true"},
                                      "Bool": {"aws:SecureTransport": "false"}}}]})"),
            "p.json: /Statement/0/Condition/Bool: `Bool` is given twice (JSON readers differ on "
            "which one counts)");
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b",
                        "Condition": {"StringEquals": {"aws:username": "a", "aws:username": "b"}}}]})"),
            "p.json: /Statement/0/Condition/StringEquals/aws:username: `aws:username` is given "
            "twice (JSON readers differ on which one counts)");
  // Keys that differ in case are different JSON keys: both conditions hold, as in AWS.
  EXPECT_EQ(ErrorOf(R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*",
                        "Condition": {"StringEquals": {"aws:username": "a", "aws:UserName": "a"}}}]})"),
            "ok");
  // Past the few names scanned one by one, a set finds the repeat.
  std::string many = R"({"Statement": [{"Effect": "Allow", "Action": "a:b", "Condition": {"Null": {)";
  for (int i = 0; i < 40; ++i) absl::StrAppend(&many, "\"k", i, "\": \"true\", ");
  absl::StrAppend(&many, R"("k7": "false"}}}]})");
  EXPECT_EQ(ErrorOf(many), "p.json: /Statement/0/Condition/Null/k7: `k7` is given twice (JSON "
                           "readers differ on which one counts)");
  // Malformed JSON: the reader's own message, located at the file.
  EXPECT_EQ(ErrorOf(R"({"Statement": )"),
            JsonDocument::FromString(R"({"Statement": )", "p.json").status().message());
  EXPECT_TRUE(absl::StartsWith(ErrorOf("{"), "p.json: invalid JSON: ")) << ErrorOf("{");
  EXPECT_EQ(ErrorOf("%7B%2"), "p.json: invalid URL encoding `%2` at offset 3");
}

// Writes `text` to a file of this test's own and returns its path.
std::string WriteTemp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/vouch_policy_document_" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(PolicyDocumentTest, ReadPolicyFileTakesTheCliResponsesThatHoldADocument) {
  // `aws s3api get-bucket-policy`, as the AWS CLI's documentation shows its output.
  std::string bucket = WriteTemp("bucket.json",
                                 R"({
      "Policy": "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/*\"},{\"Sid\":\"\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::amzn-s3-demo-bucket/secret/*\"}]}"
  })");
  absl::StatusOr<iam::Policy> p = ReadPolicyFile(bucket);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, bucket);
  ASSERT_EQ(p->statements.size(), 2u);
  EXPECT_EQ(p->statements[1].effect, iam::Effect::kDeny);
  EXPECT_EQ(p->statements[1].source.pointer, "/Policy/Statement/1");
  // `lambda get-policy` (beside a RevisionId), sqs get-queue-attributes, iam get-role-policy
  // (an object) and get-policy-version, iam get-role (its trust policy).
  const std::string doc =
      R"({\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}})";
  const std::string object =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})";
  for (const auto& [text, pointer] : std::vector<std::pair<std::string, std::string>>{
           {R"({"Policy": ")" + doc + R"(", "RevisionId": "4f1e"})", "/Policy/Statement"},
           {R"({"Attributes": {"Policy": ")" + doc + R"(", "QueueArn": "q"}})",
            "/Attributes/Policy/Statement"},
           {R"({"RoleName": "r", "PolicyName": "p", "PolicyDocument": )" + object + "}",
            "/PolicyDocument/Statement"},
           {R"({"PolicyVersion": {"Document": )" + object + R"(, "VersionId": "v2"}})",
            "/PolicyVersion/Document/Statement"},
           {R"({"Role": {"RoleName": "r", "AssumeRolePolicyDocument": )" + object + "}}",
            "/Role/AssumeRolePolicyDocument/Statement"}}) {
    absl::StatusOr<iam::Policy> held = ReadPolicyFile(WriteTemp("held.json", text));
    ASSERT_TRUE(held.ok()) << held.status() << "\n" << text;
    ASSERT_EQ(held->statements.size(), 1u) << text;
    EXPECT_EQ(held->statements[0].source.pointer, pointer) << text;
  }
  // Errors are located below the member; a queue without a policy says so.
  EXPECT_EQ(ReadPolicyFile(WriteTemp("bad.json", R"({"Policy": "{\"Statement\": 3}"})"))
                .status()
                .message(),
            ::testing::TempDir() +
                "/vouch_policy_document_bad.json: /Policy/Statement: expected a statement object "
                "or an array of them, got number");
  EXPECT_EQ(ReadPolicyFile(WriteTemp("queue.json", R"({"Attributes": {"QueueArn": "q"}})"))
                .status()
                .message(),
            ::testing::TempDir() +
                "/vouch_policy_document_queue.json: /Attributes: no `Policy` (the resource has "
                "no policy)");
  // Neither a document nor a response: the document's own error.
  EXPECT_EQ(ReadPolicyFile(WriteTemp("other.json", R"({"Statment": []})")).status().message(),
            ::testing::TempDir() +
                "/vouch_policy_document_other.json: /Statment: unknown element `Statment` "
                "(expected Version, Id or Statement)");
}

TEST(PolicyDocumentTest, ReadPolicyFileNamesThePath) {
  absl::StatusOr<iam::Policy> p = ReadPolicyFile("/nonexistent/p.json");
  EXPECT_EQ(p.status().message(), "/nonexistent/p.json: cannot read file");
}

}  // namespace
}  // namespace vouch::aws
