// Policy documents: JSON -> iam::Policy (see policy_document.h).
//
// One function per level of the grammar: the document, a statement, its action/resource lists,
// its Principal, its Condition block. Each checks that only the elements AWS defines are present,
// so a misspelling is an error rather than a silently broader policy.
#include "frontends/aws/policy_document.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

using iam::Condition;
using iam::Policy;
using iam::PrincipalElement;
using iam::Statement;

constexpr absl::string_view kStatementElements =
    "Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal or Condition";

absl::Status UnknownElement(const JsonValue& v, absl::string_view key, absl::string_view expected) {
  return v.Error(absl::StrCat("unknown element `", key, "` (expected ", expected, ")"));
}

// The names met so far in one object, to find one given twice (JsonValue::TwiceError): a scan
// while they are few (as nearly always), a hash set past that, so a hostile object with
// thousands stays linear.
class NameSet {
 public:
  // False when `name` was already inserted.
  bool Insert(absl::string_view name) {
    if (many_.empty()) {
      if (std::find(few_.begin(), few_.end(), name) != few_.end()) return false;
      if (few_.size() < kFew) {
        few_.push_back(name);
        return true;
      }
      many_.insert(few_.begin(), few_.end());
    }
    return many_.insert(name).second;
  }
  void Clear() {
    few_.clear();
    many_.clear();
  }

 private:
  static constexpr size_t kFew = 16;
  absl::InlinedVector<absl::string_view, kFew> few_;  // on the stack: no allocation
  absl::flat_hash_set<absl::string_view> many_;
};

// Principal: "*" or {"AWS"|"Service"|"Federated"|"CanonicalUser": string or [strings]}.
absl::StatusOr<PrincipalElement> ReadPrincipal(const JsonValue& v) {
  PrincipalElement p;
  if (v.IsString()) {
    if (*v.GetString() != "*") {
      return v.Error(absl::StrCat("expected `*` or an object, got `", *v.GetString(), "`"));
    }
    p.wildcard = true;
    return p;
  }
  if (!v.IsObject()) return v.TypeError("`*` or an object");
  NameSet seen;
  VOUCH_RETURN_IF_ERROR(v.ForEachMember([&](absl::string_view key, const JsonValue& value) {
    if (!seen.Insert(key)) return value.TwiceError(key);
    VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> list, value.GetStringList());
    if (key == "AWS") {
      for (std::string& s : list) {
        if (s == "*") {
          p.wildcard = true;
        } else {
          p.aws.push_back(std::move(s));
        }
      }
    } else if (key == "Service") {
      p.service = std::move(list);
    } else if (key == "Federated") {
      p.federated = std::move(list);
    } else if (key == "CanonicalUser") {
      p.canonical_user = std::move(list);
    } else {
      return value.Error(absl::StrCat("unknown principal type `", key,
                                      "` (expected AWS, Service, Federated or CanonicalUser)"));
    }
    return absl::OkStatus();
  }));
  return p;
}

// What a policy has used of its condition budget so far (see the limits in policy_document.h).
struct ConditionBudget {
  size_t conditions = 0;
  size_t values = 0;
};

// The number of members of an object or elements of an array (1 for a scalar), without reading
// them, so that an oversized block is refused before it is copied.
size_t CountOf(const JsonValue& v) {
  simdjson::dom::object obj;
  if (v.raw().get_object().get(obj) == simdjson::SUCCESS) return obj.size();
  simdjson::dom::array arr;
  if (v.raw().get_array().get(arr) == simdjson::SUCCESS) return arr.size();
  return 1;
}

// A condition value list: a scalar or an array of scalars, as strings.
absl::StatusOr<std::vector<std::string>> ReadConditionValues(const JsonValue& v,
                                                             ConditionBudget& budget) {
  std::vector<std::string> out;
  size_t n = CountOf(v);
  if (n > kMaxValuesPerCondition) {
    return v.Error(absl::StrCat(n, " condition values, over the limit of ", kMaxValuesPerCondition,
                                " per condition"));
  }
  budget.values += n;
  if (budget.values > kMaxConditionValuesPerPolicy) {
    return v.Error(absl::StrCat(budget.values, " condition values in the policy, over the limit of ",
                                kMaxConditionValuesPerPolicy, " per policy"));
  }
  if (!v.IsArray()) {
    VOUCH_RETURN_IF_ERROR(v.GetScalarText(out.emplace_back()));
    return out;
  }
  out.reserve(n);
  VOUCH_RETURN_IF_ERROR(
      v.ForEachElement([&](const JsonValue& e) { return e.GetScalarText(out.emplace_back()); }));
  return out;
}

// Checks the number of (operator, key) pairs of a Condition block against both limits, and
// returns it.
absl::StatusOr<size_t> CheckConditionCount(const JsonValue& v, ConditionBudget& budget) {
  size_t n = 0;
  VOUCH_RETURN_IF_ERROR(v.ForEachMember([&](absl::string_view, const JsonValue& block) {
    n += CountOf(block);
    return absl::OkStatus();
  }));
  if (n > kMaxConditionsPerStatement) {
    return v.Error(absl::StrCat(n, " conditions (operator and key pairs), over the limit of ",
                                kMaxConditionsPerStatement, " per statement"));
  }
  budget.conditions += n;
  if (budget.conditions > kMaxConditionsPerPolicy) {
    return v.Error(absl::StrCat(budget.conditions, " conditions in the policy, over the limit of ",
                                kMaxConditionsPerPolicy, " per policy"));
  }
  return n;
}

// Condition: {Operator: {Key: value or [values]}}; one iam::Condition per (operator, key).
absl::Status ReadConditionBlock(const JsonValue& v, ConditionBudget& budget,
                                std::vector<Condition>& out) {
  VOUCH_ASSIGN_OR_RETURN(size_t n, CheckConditionCount(v, budget));
  out.reserve(out.size() + n);
  NameSet operators, keys;
  return v.ForEachMember([&](absl::string_view op_name, const JsonValue& block) {
    if (!operators.Insert(op_name)) return block.TwiceError(op_name);
    absl::StatusOr<iam::ConditionOperator> op = iam::ParseConditionOperator(op_name);
    if (!op.ok()) return block.Error(op.status().message());
    keys.Clear();
    return block.ForEachMember([&](absl::string_view key, const JsonValue& values) {
      if (!keys.Insert(key)) return values.TwiceError(key);
      VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> list, ReadConditionValues(values, budget));
      out.push_back(Condition{*op, std::string(key), std::move(list), values.source()});
      return absl::OkStatus();
    });
  });
}

// Where one of a statement's elements is: its name (a view into the parsed document) and value,
// from which the located value is made when it is read.
struct Element {
  absl::string_view key;
  simdjson::dom::element value;
};

// A statement's elements, checked for unknown names.
struct StatementElements {
  std::optional<Element> sid, effect, action, not_action, resource, not_resource, principal,
      not_principal, condition;
};

// The located value of `e`, a member of `stmt`.
JsonValue Located(const JsonValue& stmt, const Element& e) { return stmt.Child(e.key, e.value); }

absl::StatusOr<StatementElements> SplitStatement(const JsonValue& v) {
  if (!v.IsObject()) return v.TypeError("a statement object");
  StatementElements e;
  VOUCH_RETURN_IF_ERROR(v.ForEachMember([&](absl::string_view key, const JsonValue& value) {
    std::optional<Element>* slot =
        key == "Sid"            ? &e.sid
        : key == "Effect"       ? &e.effect
        : key == "Action"       ? &e.action
        : key == "NotAction"    ? &e.not_action
        : key == "Resource"     ? &e.resource
        : key == "NotResource"  ? &e.not_resource
        : key == "Principal"    ? &e.principal
        : key == "NotPrincipal" ? &e.not_principal
        : key == "Condition"    ? &e.condition
                                : nullptr;
    if (slot == nullptr) return UnknownElement(value, key, kStatementElements);
    if (slot->has_value()) return value.TwiceError(key);
    slot->emplace(Element{key, value.raw()});
    return absl::OkStatus();
  }));
  return e;
}

// Picks one of two mutually exclusive elements (Action/NotAction, ...). `required`: one must be
// present. Returns the chosen element (nullptr when neither) and sets `negated`.
absl::StatusOr<const Element*> OneOf(const JsonValue& stmt, const std::optional<Element>& plain,
                                     const std::optional<Element>& negated_value,
                                     absl::string_view name, bool required, bool& negated) {
  if (plain && negated_value) {
    return stmt.Error(absl::StrCat("statement has both `", name, "` and `Not", name, "`"));
  }
  if (!plain && !negated_value && required) {
    return stmt.Error(absl::StrCat("statement has neither `", name, "` nor `Not", name, "`"));
  }
  negated = negated_value.has_value();
  if (negated) return &*negated_value;
  return plain ? &*plain : nullptr;
}

absl::StatusOr<iam::Effect> ReadEffect(const JsonValue& stmt, const std::optional<Element>& e) {
  if (!e) return stmt.Error("missing `Effect`");
  JsonValue v = Located(stmt, *e);
  VOUCH_ASSIGN_OR_RETURN(absl::string_view text, v.GetString());
  if (text == "Allow") return iam::Effect::kAllow;
  if (text == "Deny") return iam::Effect::kDeny;
  return v.Error(absl::StrCat("unknown effect `", text, "` (expected `Allow` or `Deny`)"));
}

// Reads the statement `v` into `s` (a fresh statement, filled in place).
absl::Status ReadStatement(const JsonValue& v, int index, ConditionBudget& budget, Statement& s) {
  VOUCH_ASSIGN_OR_RETURN(StatementElements e, SplitStatement(v));
  s.index = index;
  s.source = v.source();
  if (e.sid) {
    VOUCH_ASSIGN_OR_RETURN(absl::string_view sid, Located(v, *e.sid).GetString());
    s.sid = std::string(sid);
  }
  VOUCH_ASSIGN_OR_RETURN(s.effect, ReadEffect(v, e.effect));
  VOUCH_ASSIGN_OR_RETURN(const Element* action,
                         OneOf(v, e.action, e.not_action, "Action", true, s.not_action));
  VOUCH_ASSIGN_OR_RETURN(s.actions, Located(v, *action).GetStringList());
  VOUCH_ASSIGN_OR_RETURN(const Element* resource,
                         OneOf(v, e.resource, e.not_resource, "Resource", false, s.not_resource));
  if (resource != nullptr) {
    s.has_resource = true;
    VOUCH_ASSIGN_OR_RETURN(s.resources, Located(v, *resource).GetStringList());
  }
  VOUCH_ASSIGN_OR_RETURN(const Element* principal, OneOf(v, e.principal, e.not_principal,
                                                         "Principal", false, s.not_principal));
  if (principal != nullptr) {
    VOUCH_ASSIGN_OR_RETURN(s.principal, ReadPrincipal(Located(v, *principal)));
  }
  if (e.condition) {
    VOUCH_RETURN_IF_ERROR(ReadConditionBlock(Located(v, *e.condition), budget, s.conditions));
  }
  return absl::OkStatus();
}

absl::StatusOr<iam::PolicyVersion> ReadVersion(const JsonValue& v) {
  VOUCH_ASSIGN_OR_RETURN(absl::string_view text, v.GetString());
  if (text == "2012-10-17") return iam::PolicyVersion::k2012_10_17;
  if (text == "2008-10-17") return iam::PolicyVersion::k2008_10_17;
  return v.Error(absl::StrCat("unknown policy version `", text,
                              "` (expected `2012-10-17` or `2008-10-17`)"));
}

absl::Status ReadStatements(const JsonValue& v, Policy& policy) {
  ConditionBudget budget;
  if (v.IsObject()) return ReadStatement(v, 0, budget, policy.statements.emplace_back());
  if (!v.IsArray()) return v.TypeError("a statement object or an array of them");
  size_t n = CountOf(v);
  if (n == 0) return v.Error("`Statement` is empty");
  if (n > kMaxStatements) {
    return v.Error(absl::StrCat(n, " statements, over the limit of ", kMaxStatements));
  }
  policy.statements.reserve(n);
  return v.ForEachElement([&](const JsonValue& e) {
    int index = static_cast<int>(policy.statements.size());
    return ReadStatement(e, index, budget, policy.statements.emplace_back());
  });
}

absl::StatusOr<Policy> ReadPolicyObject(const JsonValue& v, std::string name) {
  if (!v.IsObject()) return v.TypeError("a policy document (an object or a string)");
  Policy policy;
  policy.name = std::move(name);
  policy.source = v.source();
  std::optional<JsonValue> statement;
  bool has_version = false;
  VOUCH_RETURN_IF_ERROR(v.ForEachMember([&](absl::string_view key, const JsonValue& value) {
    if (key == "Version") {
      if (std::exchange(has_version, true)) return value.TwiceError(key);
      VOUCH_ASSIGN_OR_RETURN(policy.version, ReadVersion(value));
    } else if (key == "Id") {
      if (policy.id.has_value()) return value.TwiceError(key);
      VOUCH_ASSIGN_OR_RETURN(absl::string_view id, value.GetString());
      policy.id = std::string(id);
    } else if (key == "Statement") {
      if (statement.has_value()) return value.TwiceError(key);
      statement = value;
    } else {
      return UnknownElement(value, key, "Version, Id or Statement");
    }
    return absl::OkStatus();
  }));
  if (!statement) return v.Error("missing `Statement`");
  VOUCH_RETURN_IF_ERROR(ReadStatements(*statement, policy));
  return policy;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> UrlDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid URL encoding `", text.substr(i, 3), "` at offset ", i));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

absl::StatusOr<iam::Policy> ParsePolicyText(absl::string_view text, const SourceRef& at,
                                            std::string name) {
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  std::string decoded;
  if (!trimmed.empty() && trimmed.front() != '{' && trimmed.front() != '"') {
    absl::StatusOr<std::string> d = UrlDecode(trimmed);
    if (!d.ok()) return InputError(at, d.status().message());
    decoded = *std::move(d);
    trimmed = decoded;
  }
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> doc,
                         JsonDocument::FromString(trimmed, at.DebugString()));
  JsonValue root(doc->root().raw(), at);
  if (root.IsString()) return ParsePolicyText(*root.GetString(), at, std::move(name));
  return ReadPolicyObject(root, std::move(name));
}

absl::StatusOr<iam::Policy> ReadPolicyDocument(const JsonValue& value, std::string name) {
  if (value.IsString()) return ParsePolicyText(*value.GetString(), value.source(), std::move(name));
  return ReadPolicyObject(value, std::move(name));
}

namespace {

// The AWS CLI responses that hold one policy document, as users save them: the member (and the
// member of it) that holds the document. A policy document has none of these members.
struct Response {
  absl::string_view member;
  absl::string_view inner;  // "" when `member` is the document
};
constexpr Response kResponses[] = {
    {"Policy", ""},            // s3api get-bucket-policy, lambda get-policy, kms get-key-policy
    {"Attributes", "Policy"},  // sqs get-queue-attributes, sns get-topic-attributes
    {"PolicyDocument", ""},    // iam get-user-policy, get-group-policy, get-role-policy
    {"PolicyVersion", "Document"},         // iam get-policy-version
    {"Role", "AssumeRolePolicyDocument"},  // iam get-role: its trust policy
    {"policyText", ""},                    // ecr get-repository-policy
    {"ResourcePolicy", ""},                // secretsmanager get-resource-policy
};

// The document a saved response holds; nullopt when `root` is not one of kResponses (a document
// itself, or something else, which ReadPolicyObject refuses).
absl::StatusOr<std::optional<JsonValue>> HeldDocument(const JsonValue& root) {
  if (!root.IsObject()) return std::optional<JsonValue>();
  for (absl::string_view element : {"Version", "Statement", "Id"}) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, root.Find(element));
    if (v) return std::optional<JsonValue>();
  }
  for (const Response& r : kResponses) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> held, root.Find(r.member));
    if (!held) continue;
    if (r.inner.empty()) return held;
    if (!held->IsObject()) return held->TypeError("an object");
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> inner, held->Find(r.inner));
    if (!inner) {
      return held->Error(absl::StrCat("no `", r.inner, "` (the resource has no policy)"));
    }
    return inner;
  }
  return std::optional<JsonValue>();
}

}  // namespace

absl::StatusOr<iam::Policy> ReadPolicyFile(const std::string& path) {
  // ReadInputFile bounds the read: a 1 GB file or /dev/zero is refused, not loaded.
  VOUCH_ASSIGN_OR_RETURN(std::string text, ReadInputFile(path));
  const SourceRef at{path, ""};
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
  if (trimmed.empty() || trimmed.front() != '{') return ParsePolicyText(text, at, path);
  // An object: a document, or a response of the AWS CLI that holds one.
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<JsonDocument> doc,
                         JsonDocument::FromString(trimmed, at.DebugString()));
  JsonValue root(doc->root().raw(), at);
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> held, HeldDocument(root));
  return ReadPolicyDocument(held ? *held : root, path);
}

}  // namespace vouch::aws
