// The batch simulation format (see simulation_cases.h).
//
// Lines are parsed one by one with simdjson's DOM over one buffer holding the whole file (its
// padding covers every line). Policy documents are looked up by their minified text, so a
// document shared by thousands of cases is read once. Errors carry "<file>:<line>" as their file.
#include "frontends/aws/simulation_cases.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/policy_document.h"
#include "models/base/status_macros.h"
#include "models/iam/action_catalog.h"

namespace vouch::aws {
namespace {

using simdjson::dom::element;

absl::string_view View(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// A string field, or a located type error.
absl::StatusOr<absl::string_view> StringAt(element e, const SourceRef& at) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return JsonValue(e, at).TypeError("a string");
  return View(s);
}

// The account field of an ARN, "" when there is none.
absl::string_view AccountOf(absl::string_view arn) {
  size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    size_t colon = arn.find(':', start);
    if (colon == absl::string_view::npos) return "";
    start = colon + 1;
  }
  size_t end = arn.find(':', start);
  return end == absl::string_view::npos ? "" : arn.substr(start, end - start);
}

constexpr absl::string_view kCaseFields =
    "id, identityPolicies, resourcePolicy, permissionBoundaries, sessionPolicy, scps, rcps or "
    "request";
constexpr absl::string_view kRequestFields =
    "principal, action, resource, resourceAccount or context";

}  // namespace

absl::string_view SimulationCase::LabelOf(absl::string_view policy_name) const {
  for (const auto* list : {&identity, &permission_boundaries, &session, &resource}) {
    for (const CasePolicy& p : *list) {
      if (p.policy->name == policy_name) return p.label;
    }
  }
  for (const auto* levels : {&scp_levels, &rcp_levels}) {
    for (const auto& level : *levels) {
      for (const CasePolicy& p : level) {
        if (p.policy->name == policy_name) return p.label;
      }
    }
  }
  return policy_name;
}

CaseReader::CaseReader(simdjson::padded_string text, std::string name)
    : text_(std::move(text)), name_(std::move(name)) {}

absl::StatusOr<std::unique_ptr<CaseReader>> CaseReader::Open(const std::string& path) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read file"));
  }
  return std::unique_ptr<CaseReader>(new CaseReader(std::move(text), path));
}

std::unique_ptr<CaseReader> CaseReader::FromString(absl::string_view text, std::string name) {
  return std::unique_ptr<CaseReader>(
      new CaseReader(simdjson::padded_string(text.data(), text.size()), std::move(name)));
}

bool CaseReader::Next(SimulationCase& out, absl::Status& error) {
  const char* data = text_.data();
  const size_t size = text_.size();
  while (pos_ < size) {
    size_t start = pos_;
    const void* nl = std::memchr(data + start, '\n', size - start);
    size_t end = nl ? static_cast<const char*>(nl) - data : size;
    pos_ = end + 1;
    ++line_;
    absl::string_view line(data + start, end - start);
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    out = SimulationCase();
    out.line = line_;
    out.id_json = "null";
    element root;
    simdjson::error_code err =
        parser_.parse(reinterpret_cast<const uint8_t*>(line.data()), line.size(), false).get(root);
    if (err != simdjson::SUCCESS) {
      error = absl::InvalidArgumentError(absl::StrCat(
          name_, ":", line_, ": invalid JSON: ", ParseErrorText(err)));
      return true;
    }
    error = ReadCase(root, out);
    return true;
  }
  return false;
}

absl::Status CaseReader::ReadCase(element root, SimulationCase& out) {
  SourceRef at{absl::StrCat(name_, ":", line_), ""};
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    return JsonValue(root, at).TypeError("a case object");
  }
  element id;
  if (obj.at_key("id").get(id) == simdjson::SUCCESS) out.id_json = simdjson::minify(id);
  element request;
  if (obj.at_key("request").get(request) != simdjson::SUCCESS) {
    return InputError(at, "missing `request`");
  }
  VOUCH_RETURN_IF_ERROR(ReadRequest(request, at.Child("request"), out));
  for (auto field : obj) {
    absl::string_view key = View(field.key);
    element value = field.value;
    if (key == "id" || key == "request") continue;
    if (key == "identityPolicies") {
      VOUCH_RETURN_IF_ERROR(ReadPolicyList(value, at.Child(key), iam::PolicyType::kIdentity, key,
                                           out.identity));
    } else if (key == "permissionBoundaries") {
      VOUCH_RETURN_IF_ERROR(ReadPolicyList(value, at.Child(key),
                                           iam::PolicyType::kPermissionBoundary, key,
                                           out.permission_boundaries));
    } else if (key == "resourcePolicy" || key == "sessionPolicy") {
      if (value.is_null()) continue;
      bool resource = key == "resourcePolicy";
      VOUCH_ASSIGN_OR_RETURN(
          CasePolicy p,
          ReadPolicy(value, at.Child(key),
                     resource ? iam::PolicyType::kResource : iam::PolicyType::kSession,
                     std::string(key)));
      (resource ? out.resource : out.session).push_back(std::move(p));
    } else if (key == "scps" || key == "rcps") {
      bool scp = key == "scps";
      VOUCH_RETURN_IF_ERROR(ReadLevels(value, at.Child(key),
                                       scp ? iam::PolicyType::kScp : iam::PolicyType::kRcp, key,
                                       scp ? out.scp_levels : out.rcp_levels));
    } else {
      return InputError(at.Child(key),
                        absl::StrCat("unknown field `", key, "` (expected ", kCaseFields, ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status CaseReader::ReadRequest(element request, const SourceRef& at, SimulationCase& out) {
  simdjson::dom::object obj;
  if (request.get_object().get(obj) != simdjson::SUCCESS) {
    return JsonValue(request, at).TypeError("an object");
  }
  iam::Request& r = out.request;
  bool has_principal = false, has_action = false, has_account = false;
  for (auto field : obj) {
    absl::string_view key = View(field.key);
    if (key == "principal") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, StringAt(field.value, at.Child(key)));
      r.principal = std::string(s);
      has_principal = true;
    } else if (key == "action") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, StringAt(field.value, at.Child(key)));
      r.action = std::string(s);
      has_action = true;
    } else if (key == "resource") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, StringAt(field.value, at.Child(key)));
      r.resource = std::string(s);
    } else if (key == "resourceAccount") {
      if (field.value.is_null()) continue;
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, StringAt(field.value, at.Child(key)));
      r.resource_account = std::string(s);
      has_account = !s.empty();
    } else if (key == "context") {
      VOUCH_RETURN_IF_ERROR(ReadContext(field.value, at.Child(key), r));
    } else {
      return InputError(at.Child(key),
                        absl::StrCat("unknown field `", key, "` (expected ", kRequestFields, ")"));
    }
  }
  if (!has_principal) return InputError(at, "missing `principal`");
  if (!has_action) return InputError(at, "missing `action`");
  // Like the reference simulator: without resourceAccount, the resource ARN's account decides.
  if (!has_account) r.resource_account = std::string(AccountOf(r.resource));
  return CheckAction(r.action, at.Child("action"));
}

absl::Status CaseReader::ReadContext(element context, const SourceRef& at, iam::Request& out) {
  simdjson::dom::object obj;
  if (context.get_object().get(obj) != simdjson::SUCCESS) {
    return JsonValue(context, at).TypeError("an object");
  }
  for (auto field : obj) {
    absl::string_view key = View(field.key);
    JsonValue value(field.value, at.Child(key));
    iam::ContextValue cv;
    cv.key = std::string(key);
    if (value.IsArray()) {
      cv.multivalued = true;
      for (element e : simdjson::dom::array(field.value)) {
        VOUCH_ASSIGN_OR_RETURN(std::string s, JsonValue(e, value.source()).GetScalarText());
        cv.values.push_back(std::move(s));
      }
    } else {
      VOUCH_ASSIGN_OR_RETURN(std::string s, value.GetScalarText());
      cv.values.push_back(std::move(s));
    }
    out.Set(std::move(cv));
  }
  return absl::OkStatus();
}

absl::Status CaseReader::CheckAction(absl::string_view action, const SourceRef& at) {
  auto it = actions_.find(action);
  if (it == actions_.end()) {
    absl::Status verdict = iam::ActionCatalog::BuiltIn().Lookup(action).status();
    it = actions_.emplace(std::string(action), std::move(verdict)).first;
  }
  if (it->second.ok()) return absl::OkStatus();
  return InputError(at, it->second.message());
}

absl::StatusOr<CasePolicy> CaseReader::ReadPolicy(element doc, const SourceRef& at,
                                                  iam::PolicyType type, std::string label) {
  key_ = simdjson::minify(doc);
  auto it = cache_.find(key_);
  if (it == cache_.end()) {
    VOUCH_ASSIGN_OR_RETURN(iam::Policy policy,
                           ReadPolicyDocument(JsonValue(doc, at), absl::StrCat("#", cache_.size())));
    it = cache_.emplace(key_, std::make_shared<const iam::Policy>(std::move(policy))).first;
  }
  return CasePolicy{it->second, type, std::move(label)};
}

absl::Status CaseReader::ReadPolicyList(element list, const SourceRef& at, iam::PolicyType type,
                                        absl::string_view field, std::vector<CasePolicy>& out) {
  simdjson::dom::array arr;
  if (list.get_array().get(arr) != simdjson::SUCCESS) {
    return JsonValue(list, at).TypeError("an array of policy documents");
  }
  size_t i = 0;
  for (element doc : arr) {
    VOUCH_ASSIGN_OR_RETURN(CasePolicy p,
                           ReadPolicy(doc, at.Child(i), type, absl::StrCat(field, "/", i)));
    out.push_back(std::move(p));
    ++i;
  }
  return absl::OkStatus();
}

absl::Status CaseReader::ReadLevels(element levels, const SourceRef& at, iam::PolicyType type,
                                    absl::string_view field,
                                    std::vector<std::vector<CasePolicy>>& out) {
  simdjson::dom::array arr;
  if (levels.get_array().get(arr) != simdjson::SUCCESS) {
    return JsonValue(levels, at).TypeError("an array of levels (arrays of policy documents)");
  }
  size_t i = 0;
  for (element level : arr) {
    out.emplace_back();
    VOUCH_RETURN_IF_ERROR(ReadPolicyList(level, at.Child(i), type,
                                         absl::StrCat(field, "/", i), out.back()));
    ++i;
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
