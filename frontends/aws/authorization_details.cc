// get-account-authorization-details -> iam::Account (see authorization_details.h).
//
// One reader per detail list (users, groups, roles, managed policies), sharing the helpers for
// the pieces they have in common: inline policy lists, attachment lists, boundaries and tags.
#include "frontends/aws/authorization_details.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/policy_document.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::aws {
namespace {

// The string at `key`, or "" when absent.
absl::StatusOr<std::string> OptionalString(const JsonValue& obj, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, obj.Find(key));
  if (!v) return std::string();
  VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v->GetString());
  return std::string(s);
}

absl::StatusOr<std::string> RequiredString(const JsonValue& obj, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue v, obj.Get(key));
  VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v.GetString());
  return std::string(s);
}

// The elements of the array at `key` ([] when absent). A lone object counts as a list of one:
// AWS's own documented example prints AttachedManagedPolicies that way.
absl::StatusOr<std::vector<JsonValue>> OptionalList(const JsonValue& obj, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, obj.Find(key));
  if (!v || v->IsNull()) return std::vector<JsonValue>();
  if (v->IsObject()) return std::vector<JsonValue>{*v};
  return v->Elements();
}

// UserPolicyList / GroupPolicyList / RolePolicyList: [{PolicyName, PolicyDocument}].
absl::StatusOr<std::vector<iam::InlinePolicy>> ReadInlinePolicies(const JsonValue& obj,
                                                                  absl::string_view key) {
  std::vector<iam::InlinePolicy> out;
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> items, OptionalList(obj, key));
  for (const JsonValue& item : items) {
    VOUCH_ASSIGN_OR_RETURN(std::string name, RequiredString(item, "PolicyName"));
    VOUCH_ASSIGN_OR_RETURN(JsonValue doc, item.Get("PolicyDocument"));
    VOUCH_ASSIGN_OR_RETURN(iam::Policy policy, ReadPolicyDocument(doc, name));
    out.push_back(iam::InlinePolicy{std::move(name), std::move(policy)});
  }
  return out;
}

// AttachedManagedPolicies: [{PolicyName, PolicyArn}] -> ARNs, in order.
absl::StatusOr<std::vector<std::string>> ReadAttachments(const JsonValue& obj) {
  std::vector<std::string> out;
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> items, OptionalList(obj, "AttachedManagedPolicies"));
  for (const JsonValue& item : items) {
    VOUCH_ASSIGN_OR_RETURN(std::string arn, RequiredString(item, "PolicyArn"));
    out.push_back(std::move(arn));
  }
  return out;
}

// PermissionsBoundary: {PermissionsBoundaryType: "Policy", PermissionsBoundaryArn}.
absl::StatusOr<std::optional<std::string>> ReadBoundary(const JsonValue& obj) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, obj.Find("PermissionsBoundary"));
  if (!v || v->IsNull()) return std::optional<std::string>();
  VOUCH_ASSIGN_OR_RETURN(std::string arn, RequiredString(*v, "PermissionsBoundaryArn"));
  return std::optional<std::string>(std::move(arn));
}

absl::StatusOr<iam::Tags> ReadTags(const JsonValue& obj) {
  iam::Tags tags;
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> items, OptionalList(obj, "Tags"));
  for (const JsonValue& item : items) {
    VOUCH_ASSIGN_OR_RETURN(std::string key, RequiredString(item, "Key"));
    VOUCH_ASSIGN_OR_RETURN(std::string value, OptionalString(item, "Value"));
    tags[std::move(key)] = std::move(value);
  }
  return tags;
}

void NoteAccount(absl::string_view arn, iam::Account& account) {
  std::string id(iam::ArnAccount(arn));
  if (account.account_id.empty() && !id.empty() && id != "aws") account.account_id = id;
}

template <typename T>
bool HasArn(const std::vector<T>& items, absl::string_view arn) {
  for (const T& item : items) {
    if (item.arn == arn) return true;
  }
  return false;
}

absl::Status ReadUser(const JsonValue& v, iam::Account& account) {
  iam::User u;
  u.source = v.source();
  VOUCH_ASSIGN_OR_RETURN(u.name, RequiredString(v, "UserName"));
  VOUCH_ASSIGN_OR_RETURN(u.arn, RequiredString(v, "Arn"));
  VOUCH_ASSIGN_OR_RETURN(u.id, OptionalString(v, "UserId"));
  VOUCH_ASSIGN_OR_RETURN(u.path, OptionalString(v, "Path"));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> groups, v.Find("GroupList"));
  if (groups) {
    VOUCH_ASSIGN_OR_RETURN(u.groups, groups->GetStringList());
  }
  VOUCH_ASSIGN_OR_RETURN(u.inline_policies, ReadInlinePolicies(v, "UserPolicyList"));
  VOUCH_ASSIGN_OR_RETURN(u.managed_policy_arns, ReadAttachments(v));
  VOUCH_ASSIGN_OR_RETURN(u.permissions_boundary_arn, ReadBoundary(v));
  VOUCH_ASSIGN_OR_RETURN(u.tags, ReadTags(v));
  NoteAccount(u.arn, account);
  if (!HasArn(account.users, u.arn)) account.users.push_back(std::move(u));
  return absl::OkStatus();
}

absl::Status ReadGroup(const JsonValue& v, iam::Account& account) {
  iam::Group g;
  g.source = v.source();
  VOUCH_ASSIGN_OR_RETURN(g.name, RequiredString(v, "GroupName"));
  VOUCH_ASSIGN_OR_RETURN(g.arn, RequiredString(v, "Arn"));
  VOUCH_ASSIGN_OR_RETURN(g.id, OptionalString(v, "GroupId"));
  VOUCH_ASSIGN_OR_RETURN(g.path, OptionalString(v, "Path"));
  VOUCH_ASSIGN_OR_RETURN(g.inline_policies, ReadInlinePolicies(v, "GroupPolicyList"));
  VOUCH_ASSIGN_OR_RETURN(g.managed_policy_arns, ReadAttachments(v));
  NoteAccount(g.arn, account);
  if (!HasArn(account.groups, g.arn)) account.groups.push_back(std::move(g));
  return absl::OkStatus();
}

absl::Status ReadRole(const JsonValue& v, iam::Account& account) {
  iam::Role r;
  r.source = v.source();
  VOUCH_ASSIGN_OR_RETURN(r.name, RequiredString(v, "RoleName"));
  VOUCH_ASSIGN_OR_RETURN(r.arn, RequiredString(v, "Arn"));
  VOUCH_ASSIGN_OR_RETURN(r.id, OptionalString(v, "RoleId"));
  VOUCH_ASSIGN_OR_RETURN(r.path, OptionalString(v, "Path"));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> trust, v.Find("AssumeRolePolicyDocument"));
  if (trust && !trust->IsNull()) {
    VOUCH_ASSIGN_OR_RETURN(r.trust_policy,
                           ReadPolicyDocument(*trust, absl::StrCat(r.name, " trust policy")));
  }
  VOUCH_ASSIGN_OR_RETURN(r.inline_policies, ReadInlinePolicies(v, "RolePolicyList"));
  VOUCH_ASSIGN_OR_RETURN(r.managed_policy_arns, ReadAttachments(v));
  VOUCH_ASSIGN_OR_RETURN(r.permissions_boundary_arn, ReadBoundary(v));
  VOUCH_ASSIGN_OR_RETURN(r.tags, ReadTags(v));
  r.service_linked = absl::StartsWith(r.path, "/aws-service-role/");
  NoteAccount(r.arn, account);
  if (!HasArn(account.roles, r.arn)) account.roles.push_back(std::move(r));
  return absl::OkStatus();
}

// The default version of a managed policy: IsDefaultVersion, else the DefaultVersionId.
absl::StatusOr<JsonValue> DefaultVersion(const JsonValue& v, const std::string& arn,
                                         const std::string& default_id) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> versions, OptionalList(v, "PolicyVersionList"));
  for (const JsonValue& version : versions) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> is_default, version.Find("IsDefaultVersion"));
    if (!is_default) continue;
    VOUCH_ASSIGN_OR_RETURN(bool yes, is_default->GetBoolLenient());
    if (yes) return version;
  }
  for (const JsonValue& version : versions) {
    VOUCH_ASSIGN_OR_RETURN(std::string id, OptionalString(version, "VersionId"));
    if (!default_id.empty() && id == default_id) return version;
  }
  return v.Error(absl::StrCat("managed policy `", arn, "` has no default version in `PolicyVersionList`"));
}

absl::Status ReadManagedPolicy(const JsonValue& v, iam::Account& account) {
  iam::ManagedPolicy p;
  VOUCH_ASSIGN_OR_RETURN(p.name, RequiredString(v, "PolicyName"));
  VOUCH_ASSIGN_OR_RETURN(p.arn, RequiredString(v, "Arn"));
  VOUCH_ASSIGN_OR_RETURN(p.default_version_id, OptionalString(v, "DefaultVersionId"));
  p.aws_managed = absl::StartsWith(p.arn, "arn:aws:iam::aws:policy/");
  VOUCH_ASSIGN_OR_RETURN(JsonValue version, DefaultVersion(v, p.arn, p.default_version_id));
  VOUCH_ASSIGN_OR_RETURN(JsonValue doc, version.Get("Document"));
  VOUCH_ASSIGN_OR_RETURN(p.document, ReadPolicyDocument(doc, p.name));
  if (p.default_version_id.empty()) {
    VOUCH_ASSIGN_OR_RETURN(p.default_version_id, OptionalString(version, "VersionId"));
  }
  if (!p.aws_managed) NoteAccount(p.arn, account);
  if (!HasArn(account.policies, p.arn)) account.policies.push_back(std::move(p));
  return absl::OkStatus();
}

using ItemReader = absl::Status (*)(const JsonValue&, iam::Account&);

// The reader of the elements of a detail list; nullptr for any other key.
ItemReader ReaderOf(absl::string_view list) {
  if (list == "Policies") return ReadManagedPolicy;
  if (list == "UserDetailList") return ReadUser;
  if (list == "GroupDetailList") return ReadGroup;
  if (list == "RoleDetailList") return ReadRole;
  return nullptr;
}

absl::Status ReadList(const JsonValue& response, absl::string_view key, iam::Account& account) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> list, response.Find(key));
  if (!list || list->IsNull()) return absl::OkStatus();
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> items, list->Elements());
  ItemReader read = ReaderOf(key);
  for (const JsonValue& item : items) VOUCH_RETURN_IF_ERROR(read(item, account));
  return absl::OkStatus();
}

absl::Status ReadPage(const JsonValue& page, iam::Account& account) {
  if (!page.IsObject()) return page.TypeError("a get-account-authorization-details response object");
  for (absl::string_view key : kAuthorizationDetailsLists) {
    VOUCH_RETURN_IF_ERROR(ReadList(page, key, account));
  }
  return absl::OkStatus();
}

// One principal's attachments and boundary, checked against the account's policies.
absl::Status CheckReferences(const iam::Account& account, absl::string_view kind,
                             const std::string& name, const SourceRef& source,
                             const std::vector<std::string>& arns,
                             const std::optional<std::string>& boundary) {
  for (size_t i = 0; i < arns.size(); ++i) {
    if (account.FindPolicy(arns[i]) != nullptr) continue;
    return InputError(source.Child("AttachedManagedPolicies").Child(i),
                      absl::StrCat(kind, " `", name, "` attaches managed policy `", arns[i],
                                   "`, which is not in the snapshot (add the output of `aws iam "
                                   "get-account-authorization-details --filter AWSManagedPolicy "
                                   "LocalManagedPolicy`)"));
  }
  if (boundary && account.FindPolicy(*boundary) == nullptr) {
    return InputError(source.Child("PermissionsBoundary").Child("PermissionsBoundaryArn"),
                      absl::StrCat(kind, " `", name, "` has permissions boundary `", *boundary,
                                   "`, which is not in the snapshot"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsAuthorizationDetailsKey(absl::string_view key) {
  return key == "UserDetailList" || key == "GroupDetailList" || key == "RoleDetailList" ||
         key == "Policies";
}

absl::Status ReadAuthorizationDetails(const JsonValue& response, iam::Account& account) {
  if (!response.IsArray()) return ReadPage(response, account);
  VOUCH_ASSIGN_OR_RETURN(std::vector<JsonValue> pages, response.Elements());
  for (const JsonValue& page : pages) VOUCH_RETURN_IF_ERROR(ReadPage(page, account));
  return absl::OkStatus();
}

absl::Status ReadAuthorizationDetailsItem(absl::string_view list, const JsonValue& item,
                                          iam::Account& account) {
  ItemReader read = ReaderOf(list);
  if (read == nullptr) {
    return absl::InternalError(absl::StrCat("`", list, "` is not a detail list"));
  }
  return read(item, account);
}

absl::Status CheckManagedPolicyReferences(const iam::Account& account) {
  for (const iam::User& u : account.users) {
    for (size_t i = 0; i < u.groups.size(); ++i) {
      if (account.FindGroup(u.groups[i]) != nullptr) continue;
      return InputError(u.source.Child("GroupList").Child(i),
                        absl::StrCat("user `", u.name, "` is in group `", u.groups[i],
                                     "`, which is not in the snapshot"));
    }
    VOUCH_RETURN_IF_ERROR(CheckReferences(account, "user", u.name, u.source, u.managed_policy_arns,
                                          u.permissions_boundary_arn));
  }
  for (const iam::Group& g : account.groups) {
    VOUCH_RETURN_IF_ERROR(
        CheckReferences(account, "group", g.name, g.source, g.managed_policy_arns, std::nullopt));
  }
  for (const iam::Role& r : account.roles) {
    VOUCH_RETURN_IF_ERROR(CheckReferences(account, "role", r.name, r.source, r.managed_policy_arns,
                                          r.permissions_boundary_arn));
  }
  return absl::OkStatus();
}

}  // namespace vouch::aws
