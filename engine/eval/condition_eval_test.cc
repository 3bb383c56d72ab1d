// Condition operators against hand-derived expectations from AWS's "IAM JSON policy elements:
// Condition operators" and "Single-valued vs. multivalued context keys" pages: each family with
// the key present, absent and multi-valued.
#include "engine/eval/condition_eval.h"

#include "engine/eval/iam_test_util.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::Cond;

Request Ctx(std::vector<ContextValue> values) {
  Request r;
  for (ContextValue& v : values) r.Set(std::move(v));
  return r;
}

ContextValue Key(std::string key, std::vector<std::string> values, bool multivalued = false) {
  return ContextValue{std::move(key), ContextType::kString, multivalued || values.size() != 1,
                      std::move(values)};
}

// Evaluates one condition; `in_allow`: as part of an Allow statement (the default here is a
// Deny statement, where conditions read literally).
bool Eval(absl::string_view op, std::string key, std::vector<std::string> values, const Request& r,
          bool variables = true, bool in_allow = false) {
  Condition c = Cond(op, std::move(key), std::move(values));
  c.source = SourceRef{"p.json", "/Statement/0/Condition"};
  absl::StatusOr<CompiledCondition> compiled = CompileCondition(c, variables);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  if (!compiled.ok()) return false;
  compiled->in_allow = in_allow;
  std::string scratch;
  return EvaluateCondition(*compiled, r, &scratch);
}

std::string CompileError(absl::string_view op, std::vector<std::string> values) {
  Condition c = Cond(op, "aws:k", std::move(values));
  c.source = SourceRef{"p.json", "/Statement/2/Condition/x"};
  return std::string(CompileCondition(c, true).status().message());
}

const Request kEmpty;

// String: exact and case-sensitive; IgnoreCase folds; Like has `*` and `?`; values OR-ed.
TEST(StringOperators, PresentKey) {
  Request r = Ctx({Key("aws:username", {"Alice"})});
  EXPECT_TRUE(Eval("StringEquals", "aws:username", {"Bob", "Alice"}, r));
  EXPECT_FALSE(Eval("StringEquals", "aws:username", {"alice"}, r));
  EXPECT_TRUE(Eval("StringEqualsIgnoreCase", "aws:username", {"alice"}, r));
  EXPECT_TRUE(Eval("StringLike", "aws:username", {"A*e"}, r));
  EXPECT_TRUE(Eval("StringLike", "aws:username", {"Al?ce"}, r));
  EXPECT_FALSE(Eval("StringLike", "aws:username", {"a*"}, r));
  // Negated operators NOR their values.
  EXPECT_FALSE(Eval("StringNotEquals", "aws:username", {"Bob", "Alice"}, r));
  EXPECT_TRUE(Eval("StringNotEquals", "aws:username", {"Bob", "Carol"}, r));
  EXPECT_FALSE(Eval("StringNotEqualsIgnoreCase", "aws:username", {"ALICE"}, r));
  EXPECT_FALSE(Eval("StringNotLike", "aws:username", {"A*"}, r));
  // Keys are case-insensitive.
  EXPECT_TRUE(Eval("StringEquals", "AWS:UserName", {"Alice"}, r));
}

// Missing key: positive operators are false, negated ones true; IfExists is true.
TEST(StringOperators, AbsentKey) {
  EXPECT_FALSE(Eval("StringEquals", "aws:username", {"Alice"}, kEmpty));
  EXPECT_FALSE(Eval("StringLike", "aws:username", {"*"}, kEmpty));
  EXPECT_TRUE(Eval("StringNotEquals", "aws:username", {"Alice"}, kEmpty));
  EXPECT_TRUE(Eval("StringNotLike", "aws:username", {"*"}, kEmpty));
  EXPECT_TRUE(Eval("StringEqualsIfExists", "aws:username", {"Alice"}, kEmpty));
  Request r = Ctx({Key("aws:username", {"Bob"})});
  EXPECT_FALSE(Eval("StringEqualsIfExists", "aws:username", {"Alice"}, r));
}

// ForAnyValue: some request value matches, false when absent. ForAllValues: every request
// value matches some policy value, true when absent or empty.
TEST(SetOperators, ForAnyValueAndForAllValues) {
  Request tags = Ctx({Key("aws:TagKeys", {"env", "team"}, true)});
  EXPECT_TRUE(Eval("ForAnyValue:StringEquals", "aws:TagKeys", {"team"}, tags));
  EXPECT_FALSE(Eval("ForAnyValue:StringEquals", "aws:TagKeys", {"cost"}, tags));
  EXPECT_FALSE(Eval("ForAnyValue:StringEquals", "aws:TagKeys", {"team"}, kEmpty));
  EXPECT_TRUE(Eval("ForAllValues:StringEquals", "aws:TagKeys", {"env", "team", "cost"}, tags));
  EXPECT_FALSE(Eval("ForAllValues:StringEquals", "aws:TagKeys", {"env"}, tags));
  EXPECT_TRUE(Eval("ForAllValues:StringEquals", "aws:TagKeys", {"env"}, kEmpty));
  Request empty_list = Ctx({Key("aws:TagKeys", {}, true)});
  EXPECT_TRUE(Eval("ForAllValues:StringEquals", "aws:TagKeys", {"env"}, empty_list));
  EXPECT_FALSE(Eval("ForAnyValue:StringEquals", "aws:TagKeys", {"env"}, empty_list));
  // Negated: ForAllValues:StringNotEquals = no request value is in the set;
  // ForAnyValue:StringNotEquals = some request value is outside the set.
  EXPECT_FALSE(Eval("ForAllValues:StringNotEquals", "aws:TagKeys", {"env"}, tags));
  EXPECT_TRUE(Eval("ForAllValues:StringNotEquals", "aws:TagKeys", {"cost"}, tags));
  EXPECT_TRUE(Eval("ForAnyValue:StringNotEquals", "aws:TagKeys", {"env"}, tags));
  EXPECT_FALSE(Eval("ForAnyValue:StringNotEquals", "aws:TagKeys", {"env", "team"}, tags));
  // Like under a set operator.
  EXPECT_TRUE(Eval("ForAllValues:StringLike", "aws:TagKeys", {"e*", "t*"}, tags));
}

// A multivalued request key (given as a list, even of one value) under an operator without
// ForAllValues/ForAnyValue matches nothing, negated operators and IfExists included ("use a set
// operator with multivalued context keys"; the oracle agrees).
TEST(SetOperators, PlainOperatorOnMultivaluedKey) {
  Request two = Ctx({Key("aws:CalledVia", {"cloudformation.amazonaws.com", "athena.amazonaws.com"}, true)});
  Request one = Ctx({Key("aws:CalledVia", {"cloudformation.amazonaws.com"}, true)});
  EXPECT_FALSE(Eval("StringEquals", "aws:CalledVia", {"cloudformation.amazonaws.com"}, two));
  EXPECT_FALSE(Eval("StringEquals", "aws:CalledVia", {"cloudformation.amazonaws.com"}, one));
  EXPECT_FALSE(Eval("StringNotEquals", "aws:CalledVia", {"x"}, two));
  EXPECT_FALSE(Eval("StringLikeIfExists", "aws:CalledVia", {"*"}, two));
  EXPECT_TRUE(Eval("ForAnyValue:StringEquals", "aws:CalledVia", {"cloudformation.amazonaws.com"}, one));
  // A set operator on a single-valued key reads it as a set of one.
  Request single = Ctx({Key("aws:username", {"alice"})});
  EXPECT_TRUE(Eval("ForAnyValue:StringEquals", "aws:username", {"alice"}, single));
  EXPECT_FALSE(Eval("ForAllValues:StringEquals", "aws:username", {"bob"}, single));
}

// A multivalued key given as an empty list (`aws:CalledVia: []`) is present with no values:
// Null:true is false, a plain operator (negated and IfExists included) matches nothing,
// ForAllValues holds and ForAnyValue fails, IfExists included.
TEST(SetOperators, EmptyMultivaluedKeyIsPresent) {
  Request empty_list = Ctx({Key("aws:CalledVia", {}, true)});
  EXPECT_FALSE(Eval("Null", "aws:CalledVia", {"true"}, empty_list));
  EXPECT_TRUE(Eval("Null", "aws:CalledVia", {"false"}, empty_list));
  EXPECT_FALSE(Eval("StringNotEquals", "aws:CalledVia", {"athena.amazonaws.com"}, empty_list));
  EXPECT_FALSE(Eval("StringNotEqualsIfExists", "aws:CalledVia", {"athena.amazonaws.com"}, empty_list));
  EXPECT_TRUE(Eval("ForAllValues:StringEquals", "aws:CalledVia", {"athena.amazonaws.com"}, empty_list));
  EXPECT_FALSE(Eval("ForAnyValue:StringNotEqualsIfExists", "aws:CalledVia", {"x"}, empty_list));
}

// IfExists on an absent key is true even under ForAnyValue (AWS: "If the key is not present,
// evaluate the condition element as true").
TEST(SetOperators, IfExistsWinsOverForAnyValueOnAbsentKey) {
  EXPECT_TRUE(Eval("ForAnyValue:StringNotLikeIfExists", "aws:username", {"x"}, kEmpty));
  EXPECT_TRUE(Eval("ForAllValues:StringLikeIfExists", "aws:username", {"x"}, kEmpty));
}

// Null: true means absent, false present; set prefixes behave like plain Null.
TEST(NullOperator, TestsPresence) {
  Request r = Ctx({Key("aws:TokenIssueTime", {"2020-01-01T00:00:00Z"})});
  EXPECT_TRUE(Eval("Null", "aws:TokenIssueTime", {"true"}, kEmpty));
  EXPECT_FALSE(Eval("Null", "aws:TokenIssueTime", {"true"}, r));
  EXPECT_TRUE(Eval("Null", "aws:TokenIssueTime", {"false"}, r));
  EXPECT_FALSE(Eval("Null", "aws:TokenIssueTime", {"false"}, kEmpty));
  EXPECT_TRUE(Eval("ForAllValues:Null", "aws:TokenIssueTime", {"true"}, kEmpty));
  EXPECT_TRUE(Eval("ForAnyValue:Null", "aws:TokenIssueTime", {"false"}, r));
}

// Numeric: integers and decimals; a non-numeric request value matches no operator.
TEST(NumericOperators, AllComparisons) {
  Request r = Ctx({Key("s3:max-keys", {"10"})});
  EXPECT_TRUE(Eval("NumericEquals", "s3:max-keys", {"10.0"}, r));
  EXPECT_FALSE(Eval("NumericNotEquals", "s3:max-keys", {"10"}, r));
  EXPECT_TRUE(Eval("NumericNotEquals", "s3:max-keys", {"11"}, r));
  EXPECT_TRUE(Eval("NumericLessThan", "s3:max-keys", {"10.5"}, r));
  EXPECT_FALSE(Eval("NumericLessThan", "s3:max-keys", {"10"}, r));
  EXPECT_TRUE(Eval("NumericLessThanEquals", "s3:max-keys", {"10"}, r));
  EXPECT_TRUE(Eval("NumericGreaterThan", "s3:max-keys", {"9.99"}, r));
  EXPECT_TRUE(Eval("NumericGreaterThanEquals", "s3:max-keys", {"10"}, r));
  EXPECT_FALSE(Eval("NumericGreaterThan", "s3:max-keys", {"10"}, r));
  EXPECT_FALSE(Eval("NumericLessThan", "s3:max-keys", {"10"}, kEmpty));
  EXPECT_TRUE(Eval("NumericNotEquals", "s3:max-keys", {"10"}, kEmpty));
  Request bad = Ctx({Key("s3:max-keys", {"ten"})});
  EXPECT_FALSE(Eval("NumericLessThan", "s3:max-keys", {"100"}, bad));
  EXPECT_FALSE(Eval("NumericNotEquals", "s3:max-keys", {"100"}, bad));
}

// Date: ISO 8601 and epoch seconds compare as instants, either side.
TEST(DateOperators, IsoAndEpochMix) {
  Request iso = Ctx({Key("aws:CurrentTime", {"2020-06-01T00:00:00Z"})});
  Request epoch = Ctx({Key("aws:CurrentTime", {"1590969600"})});  // 2020-06-01T00:00:00Z
  for (const Request* r : {&iso, &epoch}) {
    EXPECT_TRUE(Eval("DateLessThan", "aws:CurrentTime", {"2021-01-01T00:00:00Z"}, *r));
    EXPECT_TRUE(Eval("DateGreaterThan", "aws:CurrentTime", {"1577836800"}, *r));
    EXPECT_TRUE(Eval("DateEquals", "aws:CurrentTime", {"2020-06-01T02:00:00+02:00"}, *r));
    EXPECT_FALSE(Eval("DateNotEquals", "aws:CurrentTime", {"1590969600"}, *r));
    EXPECT_TRUE(Eval("DateLessThanEquals", "aws:CurrentTime", {"1590969600"}, *r));
    EXPECT_TRUE(Eval("DateGreaterThanEquals", "aws:CurrentTime", {"2020-06-01"}, *r));
  }
  EXPECT_FALSE(Eval("DateLessThan", "aws:CurrentTime", {"2021-01-01"}, kEmpty));
  EXPECT_TRUE(Eval("DateLessThanIfExists", "aws:CurrentTime", {"2021-01-01"}, kEmpty));
}

// Bool: "true"/"false"; policy variables allowed.
TEST(BoolOperator, TrueFalse) {
  Request r = Ctx({Key("aws:SecureTransport", {"true"})});
  EXPECT_TRUE(Eval("Bool", "aws:SecureTransport", {"true"}, r));
  EXPECT_FALSE(Eval("Bool", "aws:SecureTransport", {"false"}, r));
  EXPECT_FALSE(Eval("Bool", "aws:SecureTransport", {"false"}, kEmpty));
  EXPECT_TRUE(Eval("BoolIfExists", "aws:SecureTransport", {"false"}, kEmpty));
  Request v = Ctx({Key("aws:SecureTransport", {"true"}), Key("aws:PrincipalTag/secure", {"true"})});
  EXPECT_TRUE(Eval("Bool", "aws:SecureTransport", {"${aws:PrincipalTag/secure}"}, v));
}

TEST(BinaryOperator, ComparesEncodedBytes) {
  Request r = Ctx({Key("key", {"QmluYXJ5VmFsdWU="})});
  EXPECT_TRUE(Eval("BinaryEquals", "key", {"QmluYXJ5VmFsdWU="}, r));
  EXPECT_FALSE(Eval("BinaryEquals", "key", {"QmluYXJ5VmFsdWX="}, r));
}

// IpAddress: v4 and v6 CIDRs; a bare address is a /32 or /128; families never mix.
TEST(IpOperators, V4AndV6) {
  Request v4 = Ctx({Key("aws:SourceIp", {"203.0.113.7"})});
  Request v6 = Ctx({Key("aws:SourceIp", {"2001:db8::1"})});
  EXPECT_TRUE(Eval("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}, v4));
  EXPECT_FALSE(Eval("IpAddress", "aws:SourceIp", {"198.51.100.0/24"}, v4));
  EXPECT_TRUE(Eval("IpAddress", "aws:SourceIp", {"203.0.113.7"}, v4));
  EXPECT_FALSE(Eval("IpAddress", "aws:SourceIp", {"203.0.113.8"}, v4));
  EXPECT_TRUE(Eval("IpAddress", "aws:SourceIp", {"2001:db8::/32"}, v6));
  EXPECT_FALSE(Eval("IpAddress", "aws:SourceIp", {"0.0.0.0/0"}, v6));
  EXPECT_FALSE(Eval("IpAddress", "aws:SourceIp", {"::/0"}, v4));
  EXPECT_TRUE(Eval("NotIpAddress", "aws:SourceIp", {"198.51.100.0/24", "10.0.0.0/8"}, v4));
  EXPECT_FALSE(Eval("NotIpAddress", "aws:SourceIp", {"198.51.100.0/24", "203.0.0.0/8"}, v4));
  EXPECT_TRUE(Eval("NotIpAddress", "aws:SourceIp", {"10.0.0.0/8"}, kEmpty));
  EXPECT_FALSE(Eval("IpAddress", "aws:SourceIp", {"10.0.0.0/8"}, kEmpty));
}

// Arn*: per component, with variables.
TEST(ArnOperators, PerComponent) {
  Request r = Ctx({Key("aws:SourceArn", {"arn:aws:s3:::bucket"}),
                   Key("aws:PrincipalArn", {"arn:aws:iam::111122223333:role/Admin"}),
                   Key("aws:PrincipalAccount", {"111122223333"})});
  EXPECT_TRUE(Eval("ArnEquals", "aws:SourceArn", {"arn:aws:s3:::bucket"}, r));
  EXPECT_TRUE(Eval("ArnLike", "aws:PrincipalArn", {"arn:aws:iam::*:role/Ad*"}, r));
  EXPECT_TRUE(Eval("ArnEquals", "aws:PrincipalArn", {"arn:aws:iam::*:role/Ad*"}, r));  // same as Like
  EXPECT_FALSE(Eval("ArnLike", "aws:PrincipalArn", {"arn:aws:iam::*:user/*"}, r));
  EXPECT_TRUE(Eval("ArnNotLike", "aws:PrincipalArn", {"arn:aws:iam::*:user/*"}, r));
  EXPECT_FALSE(Eval("ArnNotEquals", "aws:PrincipalArn", {"arn:aws:iam::111122223333:role/Admin"}, r));
  EXPECT_TRUE(Eval("ArnLike", "aws:PrincipalArn", {"arn:aws:iam::${aws:PrincipalAccount}:role/*"}, r));
  EXPECT_TRUE(Eval("ArnNotLike", "aws:PrincipalArn", {"arn:aws:iam::*:role/*"}, kEmpty));
}

// "Each of the six colon-delimited components of the ARN is checked separately": a value of
// fewer components has none to check against a six-component ARN, so ArnLike is false, and
// ArnNotLike ("Negated matching for ARN") true; among several negated values it takes nothing
// away from the NOR.
TEST(ArnOperators, ValueOfFewerComponents) {
  Request r = Ctx({Key("aws:PrincipalArn", {"arn:aws:iam::111122223333:role/Admin"})});
  EXPECT_FALSE(Eval("ArnLike", "aws:PrincipalArn", {"arn:aws:iam:*"}, r));
  EXPECT_FALSE(Eval("ArnEquals", "aws:PrincipalArn", {"arn:aws:iam::111122223333"}, r));
  EXPECT_TRUE(Eval("ArnNotLike", "aws:PrincipalArn", {"arn:aws:iam:*"}, r));
  EXPECT_TRUE(Eval("ArnNotEquals", "aws:PrincipalArn", {"arn:aws:iam::111122223333"}, r));
  EXPECT_TRUE(Eval("ArnNotLikeIfExists", "aws:PrincipalArn", {"arn:aws:iam:*", "arn:aws:iam::*:user/*"}, r));
  EXPECT_FALSE(Eval("ArnNotLike", "aws:PrincipalArn", {"arn:aws:iam:*", "arn:aws:iam::*:role/*"}, r));
}

// "Case-sensitive matching of the ARN", all six components: the first, `arn`, too.
TEST(ArnOperators, PrefixIsCaseSensitive) {
  Request r = Ctx({Key("aws:SourceArn", {"arn:aws:s3:::reports"})});
  EXPECT_FALSE(Eval("ArnLike", "aws:SourceArn", {"Arn:aws:s3:::reports"}, r));
  EXPECT_FALSE(Eval("ArnEquals", "aws:SourceArn", {"ARN:aws:s3:::reports"}, r));
  EXPECT_TRUE(Eval("ArnNotLike", "aws:SourceArn", {"Arn:aws:s3:::reports"}, r));
  EXPECT_TRUE(Eval("ArnLike", "aws:SourceArn", {"a?n:aws:s3:::reports"}, r));
}

// Variables in condition values; a variable with no value matches nothing; 2008-10-17 keeps
// them as text.
TEST(ConditionVariables, SubstitutionAndGating) {
  Request r = Ctx({Key("aws:username", {"alice"}), Key("s3:prefix", {"home/alice/x"})});
  EXPECT_TRUE(Eval("StringLike", "s3:prefix", {"home/${aws:username}/*"}, r));
  EXPECT_FALSE(Eval("StringLike", "s3:prefix", {"home/${aws:username}/*"}, r, /*variables=*/false));
  EXPECT_FALSE(Eval("StringLike", "s3:prefix", {"home/${aws:userid}/*"}, r));
  // ... and never lets a statement apply: a negated operator's NOR fails on it, in a Deny
  // statement as in an Allow.
  EXPECT_FALSE(Eval("StringNotLike", "s3:prefix", {"home/${aws:userid}/*"}, r));
  EXPECT_FALSE(Eval("StringNotEquals", "s3:prefix", {"${aws:userid}", "other"}, r));
  EXPECT_FALSE(Eval("StringNotEquals", "s3:prefix", {"${aws:userid}", "home/alice/x"}, r));
  EXPECT_FALSE(Eval("StringNotEquals", "s3:prefix", {"${aws:userid}", "other"}, r, true, /*in_allow=*/true));
  EXPECT_FALSE(Eval("StringLike", "s3:prefix", {"${aws:userid}", "other"}, r, true, /*in_allow=*/true));
  EXPECT_TRUE(Eval("StringLike", "s3:prefix", {"home/${aws:userid, 'alice'}/*"}, r));
  // The resolved value is literal: a `*` in it is not a wildcard.
  Request star = Ctx({Key("aws:username", {"*"}), Key("s3:prefix", {"home/alice"})});
  EXPECT_FALSE(Eval("StringLike", "s3:prefix", {"home/${aws:username}"}, star));
}

// Compile-time value checks, with the condition's location first.
TEST(CompileCondition, RejectsUnparsableValues) {
  EXPECT_EQ(CompileError("NumericLessThan", {"ten"}),
            "p.json: /Statement/2/Condition/x: `NumericLessThan` value `ten` is not a number");
  EXPECT_EQ(CompileError("DateGreaterThan", {"tomorrow"}),
            "p.json: /Statement/2/Condition/x: `DateGreaterThan` value `tomorrow` is not an ISO "
            "8601 date or epoch seconds");
  EXPECT_EQ(CompileError("ForAnyValue:NotIpAddressIfExists", {"10.0.0.0/33"}),
            "p.json: /Statement/2/Condition/x: `ForAnyValue:NotIpAddressIfExists` value "
            "`10.0.0.0/33` is not an IPv4 or IPv6 CIDR block");
  EXPECT_EQ(CompileError("Null", {"yes"}),
            "p.json: /Statement/2/Condition/x: `Null` value `yes` is not `true` or `false`");
}

}  // namespace
}  // namespace vouch::iam
