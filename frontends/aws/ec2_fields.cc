// Field helpers shared by the describe-* readers.
#include "frontends/aws/ec2_fields.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

absl::StatusOr<std::optional<JsonValue>> FindPresent(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, object.Find(key));
  if (v && v->IsNull()) return std::optional<JsonValue>();
  return v;
}

}  // namespace

absl::StatusOr<std::string> OptionalString(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return std::string();
  VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v->GetString());
  return std::string(s);
}

absl::StatusOr<std::string> RequiredString(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue v, object.Get(key));
  VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v.GetString());
  return std::string(s);
}

absl::StatusOr<std::vector<JsonValue>> OptionalArray(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return std::vector<JsonValue>();
  return v->Elements();
}

absl::StatusOr<std::optional<JsonValue>> OptionalObject(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (v && !v->IsObject()) return v->TypeError("an object");
  return v;
}

absl::StatusOr<bool> OptionalBool(const JsonValue& object, absl::string_view key, bool fallback) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return fallback;
  return v->GetBoolLenient();
}

absl::StatusOr<std::optional<int64_t>> OptionalInt(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return std::optional<int64_t>();
  VOUCH_ASSIGN_OR_RETURN(int64_t i, v->GetIntLenient());
  return std::optional<int64_t>(i);
}

absl::StatusOr<std::string> NameTag(const JsonValue& object) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> tags, OptionalArray(object, "Tags"));
  if (tags.empty()) {
    VOUCH_ASSIGN_OR_RETURN(tags, OptionalArray(object, "TagSet"));
  }
  for (const JsonValue& tag : tags) {
    VOUCH_ASSIGN_OR_RETURN(std::string key, OptionalString(tag, "Key"));
    if (key == "Name") return OptionalString(tag, "Value");
  }
  return std::string();
}

absl::StatusOr<Cidr> ReadCidr(const JsonValue& value) {
  VOUCH_ASSIGN_OR_RETURN(absl::string_view text, value.GetString());
  absl::StatusOr<Cidr> cidr = ParseCidr(text);
  if (!cidr.ok()) return value.Error(cidr.status().message());
  return *cidr;
}

absl::StatusOr<IpAddress> ReadIp(const JsonValue& value) {
  VOUCH_ASSIGN_OR_RETURN(absl::string_view text, value.GetString());
  absl::StatusOr<IpAddress> ip = ParseIpAddress(text);
  if (!ip.ok()) return value.Error(ip.status().message());
  return *ip;
}

absl::StatusOr<std::optional<Cidr>> OptionalCidr(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return std::optional<Cidr>();
  VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidr(*v));
  return std::optional<Cidr>(c);
}

absl::StatusOr<std::optional<IpAddress>> OptionalIp(const JsonValue& object, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return std::optional<IpAddress>();
  VOUCH_ASSIGN_OR_RETURN(IpAddress a, ReadIp(*v));
  return std::optional<IpAddress>(a);
}

namespace {

const char* FamilyName(IpFamily family) { return family == IpFamily::kV4 ? "IPv4" : "IPv6"; }

}  // namespace

absl::StatusOr<Cidr> ReadCidrOf(const JsonValue& value, IpFamily family) {
  VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidr(value));
  if (c.address.family != family) {
    VOUCH_ASSIGN_OR_RETURN(absl::string_view text, value.GetString());
    return value.Error(absl::StrCat("`", text, "` is not an ", FamilyName(family), " CIDR block"));
  }
  return c;
}

absl::StatusOr<IpAddress> ReadIpOf(const JsonValue& value, IpFamily family) {
  VOUCH_ASSIGN_OR_RETURN(IpAddress a, ReadIp(value));
  if (a.family != family) {
    VOUCH_ASSIGN_OR_RETURN(absl::string_view text, value.GetString());
    return value.Error(absl::StrCat("`", text, "` is not an ", FamilyName(family), " address"));
  }
  return a;
}

absl::StatusOr<std::optional<Cidr>> OptionalCidrOf(const JsonValue& object, absl::string_view key,
                                                   IpFamily family) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return std::optional<Cidr>();
  VOUCH_ASSIGN_OR_RETURN(Cidr c, ReadCidrOf(*v, family));
  return std::optional<Cidr>(c);
}

absl::StatusOr<std::optional<IpAddress>> OptionalIpOf(const JsonValue& object, absl::string_view key,
                                                      IpFamily family) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, FindPresent(object, key));
  if (!v) return std::optional<IpAddress>();
  VOUCH_ASSIGN_OR_RETURN(IpAddress a, ReadIpOf(*v, family));
  return std::optional<IpAddress>(a);
}

absl::StatusOr<std::string> OptionalOneOf(const JsonValue& object, absl::string_view key,
                                          absl::string_view what,
                                          std::initializer_list<absl::string_view> known) {
  VOUCH_ASSIGN_OR_RETURN(std::string value, OptionalString(object, key));
  if (value.empty()) return value;
  for (absl::string_view k : known) {
    if (value == k) return value;
  }
  VOUCH_ASSIGN_OR_RETURN(JsonValue v, object.Get(key));
  std::vector<absl::string_view> words(known.begin(), known.end());
  std::string expected = absl::StrJoin(words.begin(), words.end() - 1, ", ");
  return v.Error(absl::StrCat("unknown ", what, " `", value, "` (expected ", expected, " or ",
                              words.back(), ")"));
}

absl::StatusOr<int> ReadProtocol(const JsonValue& value) {
  VOUCH_ASSIGN_OR_RETURN(std::string text, value.GetScalarText());
  std::string lower = absl::AsciiStrToLower(text);
  if (lower == "tcp") return 6;
  if (lower == "udp") return 17;
  if (lower == "icmp") return 1;
  if (lower == "icmpv6") return 58;
  if (lower == "all" || lower == "-1") return -1;
  int number;
  if (absl::SimpleAtoi(lower, &number) && number >= 0 && number <= 255 &&
      lower.find_first_not_of("0123456789") == std::string::npos) {
    return number;
  }
  return value.Error(absl::StrCat("unknown protocol `", text, "`"));
}

}  // namespace vouch::aws
