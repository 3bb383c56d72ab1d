// A Terraform plan applied to an IAM account (see plan.h).
//
// Three stages over the plan's changes: principals and managed policies (entities) first, then
// the resources that join them (links: removals, then additions), then a check that every
// attachment, membership and boundary still names something the account holds. Values come from
// plan_values.h, which resolves what is known only after apply or refuses it.
#include "frontends/terraform/plan.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/policy_document.h"
#include "frontends/terraform/plan_values.h"
#include "models/base/status_macros.h"

namespace vouch::terraform {
namespace {

enum class Stage { kIgnored, kEntity, kLink, kExclusive, kUnmodelled };

// aws_iam_* resources that grant or take away no permission: read past.
constexpr absl::string_view kHarmlessIam[] = {"aws_iam_access_key",
                                              "aws_iam_account_alias",
                                              "aws_iam_account_password_policy",
                                              "aws_iam_instance_profile",
                                              "aws_iam_openid_connect_provider",
                                              "aws_iam_saml_provider",
                                              "aws_iam_server_certificate",
                                              "aws_iam_service_specific_credential",
                                              "aws_iam_signing_certificate",
                                              "aws_iam_user_login_profile",
                                              "aws_iam_user_ssh_key",
                                              "aws_iam_virtual_mfa_device",
                                              "aws_iam_security_token_service_preferences"};

Stage StageOf(absl::string_view type) {
  if (type == "aws_iam_policy" || type == "aws_iam_user" || type == "aws_iam_group" ||
      type == "aws_iam_role") {
    return Stage::kEntity;
  }
  if (type == "aws_iam_user_policy" || type == "aws_iam_group_policy" ||
      type == "aws_iam_role_policy" || type == "aws_iam_user_policy_attachment" ||
      type == "aws_iam_group_policy_attachment" || type == "aws_iam_role_policy_attachment" ||
      type == "aws_iam_policy_attachment" || type == "aws_iam_user_group_membership" ||
      type == "aws_iam_group_membership") {
    return Stage::kLink;
  }
  for (absl::string_view kind : {"user", "group", "role"}) {
    if (type == absl::StrCat("aws_iam_", kind, "_policies_exclusive") ||
        type == absl::StrCat("aws_iam_", kind, "_policy_attachments_exclusive")) {
      return Stage::kExclusive;
    }
  }
  if (!absl::StartsWith(type, "aws_iam_")) return Stage::kIgnored;
  for (absl::string_view harmless : kHarmlessIam) {
    if (type == harmless) return Stage::kIgnored;
  }
  return Stage::kUnmodelled;
}

template <typename T>
T* FindIn(std::vector<T>& items, absl::string_view name_or_arn) {
  for (T& item : items) {
    if (item.name == name_or_arn || item.arn == name_or_arn) return &item;
  }
  return nullptr;
}

template <typename T>
void EraseFrom(std::vector<T>& items, absl::string_view name_or_arn) {
  items.erase(
      std::remove_if(items.begin(), items.end(),
                     [&](const T& t) { return t.name == name_or_arn || t.arn == name_or_arn; }),
      items.end());
}

void EraseInline(std::vector<iam::InlinePolicy>& list, absl::string_view name) {
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const iam::InlinePolicy& p) { return p.name == name; }),
             list.end());
}

void AddOnce(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

void Remove(std::vector<std::string>& list, const std::string& item) {
  list.erase(std::remove(list.begin(), list.end(), item), list.end());
}

class Overlay {
 public:
  Overlay(const PlanValues& plan, iam::Account& account) : plan_(plan), account_(account) {}

  absl::Status ApplyEntity(const ResourceChange& c);
  absl::Status RemoveLink(const ResourceChange& c);
  absl::Status AddLink(const ResourceChange& c);
  // aws_iam_{user,group,role}_{policies,policy_attachments}_exclusive, after every link: the
  // principal holds the managed policies listed, no other (the provider attaches and detaches),
  // or keeps only the inline policies listed (it deletes the others). `before_links` is the
  // account before the plan's links were applied, to find what the plan's links change that the
  // list undoes.
  absl::Status ApplyExclusive(const ResourceChange& c, const iam::Account& before_links);
  absl::Status Check() const;

 private:
  absl::Status AddPolicy(const ResourceChange& c);
  absl::Status UpsertUser(const ResourceChange& c);
  absl::Status UpsertGroup(const ResourceChange& c);
  absl::Status UpsertRole(const ResourceChange& c);
  absl::Status ReadRoleExclusives(const ResourceChange& c, iam::Role& role);

  // The policy document at `attr` of c's after, named `name`.
  absl::StatusOr<iam::Policy> Document(const ResourceChange& c, absl::string_view attr,
                                       std::string name) const;
  // The name a principal of c is known by before (update, replace) or after the change.
  absl::StatusOr<std::string> PriorName(const ResourceChange& c) const;
  absl::StatusOr<std::string> Arn(const ResourceChange& c) const;
  absl::StatusOr<iam::Tags> Tags(const ResourceChange& c) const;
  absl::StatusOr<std::optional<std::string>> Boundary(const ResourceChange& c) const;

  // The principal `name` (of `kind`: "user", "group" or "role") among `list`, which `attr` of
  // c's after names; an error naming it when the account does not hold it.
  template <typename T>
  absl::StatusOr<T*> Named(std::vector<T>& list, const ResourceChange& c, absl::string_view attr,
                           absl::string_view kind, const std::string& name) const;
  // Attaches `arn` to the principal `name` of `list` (add), or detaches it (a principal gone is
  // left alone).
  template <typename T>
  absl::Status AttachTo(std::vector<T>& list, const ResourceChange& c, absl::string_view attr,
                        absl::string_view kind, const std::string& name, const std::string& arn,
                        bool add) const;
  // Whether the account holds the managed policy `arn` that `attr` of c's after names; an error
  // naming it otherwise.
  absl::Status CheckPolicy(const ResourceChange& c, absl::string_view attr,
                           const std::string& arn) const;
  // The error for a principal `name` that neither the snapshot nor the plan holds.
  absl::Status Absent(const ResourceChange& c, absl::string_view attr, absl::string_view kind,
                      const std::string& name) const;

  // The inline policy of aws_iam_{user,group,role}_policy, from c's after.
  absl::StatusOr<iam::InlinePolicy> Inline(const ResourceChange& c) const;
  // Attachments and memberships: `add` true applies c's after, false takes away c's before.
  absl::Status Attach(const ResourceChange& c, bool add);
  absl::Status Join(const ResourceChange& c, bool add);
  absl::StatusOr<std::vector<std::string>> Strings(const ResourceChange& c, bool add,
                                                   absl::string_view attr) const;
  absl::StatusOr<std::optional<std::string>> String(const ResourceChange& c, bool add,
                                                    absl::string_view attr) const;

  const PlanValues& plan_;
  iam::Account& account_;
};

SourceRef AfterRef(const ResourceChange& c) { return c.source.Child("change").Child("after"); }

absl::StatusOr<iam::Policy> Overlay::Document(const ResourceChange& c, absl::string_view attr,
                                              std::string name) const {
  VOUCH_ASSIGN_OR_RETURN(Text text, plan_.RequiredAfterString(c, attr));
  return aws::ParsePolicyText(text.value, text.at, std::move(name));
}

absl::StatusOr<std::string> Overlay::PriorName(const ResourceChange& c) const {
  if (c.kind == ChangeKind::kUpdate || c.kind == ChangeKind::kReplace) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> before, plan_.BeforeString(c, "name"));
    if (before) return before->value;
  }
  VOUCH_ASSIGN_OR_RETURN(Text after, plan_.RequiredAfterString(c, "name"));
  return after.value;
}

absl::StatusOr<std::string> Overlay::Arn(const ResourceChange& c) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> arn, plan_.AttributeOf(c, "arn"));
  if (!arn) return plan_.UnknownError(c, "name");
  return arn->value;
}

absl::StatusOr<iam::Tags> Overlay::Tags(const ResourceChange& c) const {
  // tags_all holds the provider's default_tags too: what the principal gets.
  absl::string_view attr = "tags_all";
  VOUCH_ASSIGN_OR_RETURN(std::optional<aws::JsonValue> all, c.after->Find("tags_all"));
  if ((!all || all->IsNull()) && !plan_.Unknown(c, "tags_all")) attr = "tags";
  if (plan_.Unknown(c, attr)) return plan_.UnknownError(c, attr);
  iam::Tags tags;
  VOUCH_ASSIGN_OR_RETURN(std::optional<aws::JsonValue> v, c.after->Find(attr));
  if (!v || v->IsNull()) return tags;
  VOUCH_RETURN_IF_ERROR(v->ForEachMember([&](absl::string_view key, const aws::JsonValue& value) {
    absl::StatusOr<absl::string_view> s = value.GetString();
    if (!s.ok()) return s.status();
    tags[std::string(key)] = std::string(*s);
    return absl::OkStatus();
  }));
  return tags;
}

absl::StatusOr<std::optional<std::string>> Overlay::Boundary(const ResourceChange& c) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> b, plan_.AfterString(c, "permissions_boundary"));
  if (!b || b->value.empty()) return std::optional<std::string>();
  return std::optional<std::string>(b->value);
}

absl::Status Overlay::AddPolicy(const ResourceChange& c) {
  iam::ManagedPolicy p;
  VOUCH_ASSIGN_OR_RETURN(Text name, plan_.RequiredAfterString(c, "name"));
  p.name = name.value;
  VOUCH_ASSIGN_OR_RETURN(p.arn, Arn(c));
  VOUCH_ASSIGN_OR_RETURN(p.document, Document(c, "policy", c.address));
  EraseFrom(account_.policies, p.arn);
  account_.policies.push_back(std::move(p));
  return absl::OkStatus();
}

// A principal's own attributes, common to users, groups and roles.
template <typename T>
absl::Status ReadPrincipal(const PlanValues& plan, const ResourceChange& c, T& p) {
  VOUCH_ASSIGN_OR_RETURN(Text name, plan.RequiredAfterString(c, "name"));
  p.name = name.value;
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> path, plan.AfterString(c, "path"));
  p.path = path ? path->value : "/";
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> arn, plan.AttributeOf(c, "arn"));
  if (!arn) return plan.UnknownError(c, "name");
  p.arn = arn->value;
  // The unique id (aws:userid) is AWS's to choose: unknown for a new principal, left empty.
  p.id.clear();
  if (!plan.Unknown(c, "unique_id")) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> id, plan.AfterString(c, "unique_id"));
    if (id) p.id = id->value;
  }
  p.source = AfterRef(c);
  return absl::OkStatus();
}

absl::Status Overlay::UpsertUser(const ResourceChange& c) {
  VOUCH_ASSIGN_OR_RETURN(std::string prior, PriorName(c));
  iam::User* u = FindIn(account_.users, prior);
  if (u == nullptr) u = &account_.users.emplace_back();
  VOUCH_RETURN_IF_ERROR(ReadPrincipal(plan_, c, *u));
  VOUCH_ASSIGN_OR_RETURN(u->permissions_boundary_arn, Boundary(c));
  VOUCH_ASSIGN_OR_RETURN(u->tags, Tags(c));
  return absl::OkStatus();
}

absl::Status Overlay::UpsertGroup(const ResourceChange& c) {
  VOUCH_ASSIGN_OR_RETURN(std::string prior, PriorName(c));
  iam::Group* g = FindIn(account_.groups, prior);
  if (g == nullptr) g = &account_.groups.emplace_back();
  std::string old_name = g->name;
  VOUCH_RETURN_IF_ERROR(ReadPrincipal(plan_, c, *g));
  if (!old_name.empty() && old_name != g->name) {  // renamed in place: members follow
    for (iam::User& u : account_.users) {
      std::replace(u.groups.begin(), u.groups.end(), old_name, g->name);
    }
  }
  return absl::OkStatus();
}

absl::Status Overlay::ReadRoleExclusives(const ResourceChange& c, iam::Role& role) {
  // inline_policy and managed_policy_arns are exclusive when configured; otherwise other
  // resources manage them and the role keeps what it has.
  auto manages = [&](absl::string_view attr) {
    return plan_.Configured(c, attr).value_or(!plan_.Unknown(c, attr));
  };
  if (manages("managed_policy_arns")) {
    VOUCH_ASSIGN_OR_RETURN(role.managed_policy_arns, plan_.AfterStrings(c, "managed_policy_arns"));
  }
  if (!manages("inline_policy")) return absl::OkStatus();
  if (plan_.Unknown(c, "inline_policy")) return plan_.UnknownError(c, "inline_policy");
  role.inline_policies.clear();
  VOUCH_ASSIGN_OR_RETURN(std::optional<aws::JsonValue> blocks, c.after->Find("inline_policy"));
  if (!blocks || blocks->IsNull()) return absl::OkStatus();
  size_t i = 0;
  return blocks->ForEachElement([&](const aws::JsonValue& block) -> absl::Status {
    std::string label = absl::StrCat(c.address, ".inline_policy[", i++, "]");
    VOUCH_ASSIGN_OR_RETURN(std::optional<aws::JsonValue> name, block.Find("name"));
    VOUCH_ASSIGN_OR_RETURN(aws::JsonValue policy, block.Get("policy"));
    if (!name || name->IsNull() || policy.IsNull() ||
        (policy.IsString() && policy.GetString()->empty())) {
      return absl::OkStatus();  // the provider's empty block: no inline policy
    }
    VOUCH_ASSIGN_OR_RETURN(absl::string_view n, name->GetString());
    VOUCH_ASSIGN_OR_RETURN(absl::string_view text, policy.GetString());
    VOUCH_ASSIGN_OR_RETURN(iam::Policy doc, aws::ParsePolicyText(text, policy.source(), label));
    role.inline_policies.push_back(iam::InlinePolicy{std::string(n), std::move(doc)});
    return absl::OkStatus();
  });
}

absl::Status Overlay::UpsertRole(const ResourceChange& c) {
  VOUCH_ASSIGN_OR_RETURN(std::string prior, PriorName(c));
  iam::Role* r = FindIn(account_.roles, prior);
  if (r == nullptr) r = &account_.roles.emplace_back();
  VOUCH_RETURN_IF_ERROR(ReadPrincipal(plan_, c, *r));
  // A trust policy known only after apply (one that names an identity provider or a role the
  // plan creates) leaves only requests to assume this role unknown.
  absl::StatusOr<iam::Policy> trust =
      Document(c, "assume_role_policy", absl::StrCat(c.address, " trust policy"));
  r->trust_policy.reset();
  r->trust_policy_unknown.clear();
  if (trust.ok()) {
    r->trust_policy = *std::move(trust);
  } else if (absl::IsUnimplemented(trust.status()) && plan_.Unknown(c, "assume_role_policy")) {
    r->trust_policy_unknown = std::string(trust.status().message());
  } else {
    return trust.status();
  }
  VOUCH_ASSIGN_OR_RETURN(r->permissions_boundary_arn, Boundary(c));
  VOUCH_ASSIGN_OR_RETURN(r->tags, Tags(c));
  r->service_linked = absl::StartsWith(r->path, "/aws-service-role/");
  return ReadRoleExclusives(c, *r);
}

absl::Status Overlay::ApplyEntity(const ResourceChange& c) {
  if (c.kind == ChangeKind::kDelete ||
      (c.type == "aws_iam_policy" && c.kind != ChangeKind::kCreate)) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> name, plan_.BeforeString(c, "name"));
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> arn, plan_.BeforeString(c, "arn"));
    std::string key = arn ? arn->value : name ? name->value : "";
    if (c.type == "aws_iam_policy") EraseFrom(account_.policies, key);
    if (c.type == "aws_iam_user") EraseFrom(account_.users, key);
    if (c.type == "aws_iam_role") EraseFrom(account_.roles, key);
    if (c.type == "aws_iam_group") {
      EraseFrom(account_.groups, key);
      for (iam::User& u : account_.users) Remove(u.groups, name ? name->value : "");
    }
    if (c.kind == ChangeKind::kDelete) return absl::OkStatus();
  }
  if (c.type == "aws_iam_policy") return AddPolicy(c);
  if (c.type == "aws_iam_user") return UpsertUser(c);
  if (c.type == "aws_iam_group") return UpsertGroup(c);
  return UpsertRole(c);
}

absl::Status Overlay::Absent(const ResourceChange& c, absl::string_view attr,
                             absl::string_view kind, const std::string& name) const {
  return InputError(AfterRef(c).Child(attr),
                    absl::StrCat("`", c.address, "` names ", kind, " `", name,
                                 "`, which neither the snapshot nor the plan holds"));
}

template <typename T>
absl::StatusOr<T*> Overlay::Named(std::vector<T>& list, const ResourceChange& c,
                                  absl::string_view attr, absl::string_view kind,
                                  const std::string& name) const {
  T* p = FindIn(list, name);
  if (p == nullptr) return Absent(c, attr, kind, name);
  return p;
}

template <typename T>
absl::Status Overlay::AttachTo(std::vector<T>& list, const ResourceChange& c,
                               absl::string_view attr, absl::string_view kind,
                               const std::string& name, const std::string& arn, bool add) const {
  if (!add) {
    if (T* p = FindIn(list, name)) Remove(p->managed_policy_arns, arn);
    return absl::OkStatus();
  }
  VOUCH_ASSIGN_OR_RETURN(T * p, Named(list, c, attr, kind, name));
  AddOnce(p->managed_policy_arns, arn);
  return absl::OkStatus();
}

absl::Status Overlay::CheckPolicy(const ResourceChange& c, absl::string_view attr,
                                  const std::string& arn) const {
  if (account_.FindPolicy(arn) != nullptr) return absl::OkStatus();
  std::string hint = absl::StartsWith(arn, "arn:aws:iam::aws:policy/")
                         ? " (AWS managed policies are in the output of `aws iam "
                           "get-account-authorization-details --filter AWSManagedPolicy`)"
                         : "";
  return InputError(AfterRef(c).Child(attr),
                    absl::StrCat("`", c.address, "` names managed policy `", arn,
                                 "`, which neither the snapshot nor the plan holds", hint));
}

absl::StatusOr<std::vector<std::string>> Overlay::Strings(const ResourceChange& c, bool add,
                                                          absl::string_view attr) const {
  return add ? plan_.AfterStrings(c, attr) : plan_.BeforeStrings(c, attr);
}

absl::StatusOr<std::optional<std::string>> Overlay::String(const ResourceChange& c, bool add,
                                                           absl::string_view attr) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> t,
                         add ? plan_.AfterString(c, attr) : plan_.BeforeString(c, attr));
  if (!t) return std::optional<std::string>();
  return std::optional<std::string>(t->value);
}

absl::StatusOr<iam::InlinePolicy> Overlay::Inline(const ResourceChange& c) const {
  iam::InlinePolicy p;
  p.name = c.address;  // a name_prefix's name is AWS's to choose; it decides nothing
  if (!plan_.Unknown(c, "name")) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<Text> name, plan_.AfterString(c, "name"));
    if (name) p.name = name->value;
  }
  VOUCH_ASSIGN_OR_RETURN(p.document, Document(c, "policy", c.address));
  return p;
}

// The principal kind of aws_iam_{user,group,role}_policy[_attachment]: "user", "group", "role".
absl::string_view LinkKind(absl::string_view type) {
  for (absl::string_view kind : {"user", "group", "role"}) {
    if (absl::StartsWith(type, absl::StrCat("aws_iam_", kind, "_policy"))) return kind;
  }
  return "";
}

void SetInline(std::vector<iam::InlinePolicy>& list, iam::InlinePolicy policy) {
  EraseInline(list, policy.name);
  list.push_back(std::move(policy));
}

absl::Status Overlay::Attach(const ResourceChange& c, bool add) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::string> arn, String(c, add, "policy_arn"));
  if (!arn) return add ? InputError(AfterRef(c), "missing `policy_arn`") : absl::OkStatus();
  if (add) VOUCH_RETURN_IF_ERROR(CheckPolicy(c, "policy_arn", *arn));
  // Each principal the change names: users, groups and roles (lists for the shared resource).
  for (absl::string_view kind : {"user", "group", "role"}) {
    std::vector<std::string> names;
    std::string attr =
        c.type == "aws_iam_policy_attachment" ? absl::StrCat(kind, "s") : std::string(kind);
    if (c.type == "aws_iam_policy_attachment") {
      VOUCH_ASSIGN_OR_RETURN(names, Strings(c, add, attr));
    } else if (LinkKind(c.type) == kind) {
      VOUCH_ASSIGN_OR_RETURN(std::optional<std::string> one, String(c, add, attr));
      if (!one && add) return InputError(AfterRef(c), absl::StrCat("missing `", attr, "`"));
      if (one) names.push_back(*one);
    }
    for (const std::string& name : names) {
      if (kind == "user") {
        VOUCH_RETURN_IF_ERROR(AttachTo(account_.users, c, attr, kind, name, *arn, add));
      } else if (kind == "group") {
        VOUCH_RETURN_IF_ERROR(AttachTo(account_.groups, c, attr, kind, name, *arn, add));
      } else {
        VOUCH_RETURN_IF_ERROR(AttachTo(account_.roles, c, attr, kind, name, *arn, add));
      }
    }
  }
  return absl::OkStatus();
}

// aws_iam_user_group_membership {user, groups} and aws_iam_group_membership {group, users}.
absl::Status Overlay::Join(const ResourceChange& c, bool add) {
  bool by_user = c.type == "aws_iam_user_group_membership";
  absl::string_view one_attr = by_user ? "user" : "group";
  absl::string_view many_attr = by_user ? "groups" : "users";
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::string> one, String(c, add, one_attr));
  if (!one)
    return add ? InputError(AfterRef(c), absl::StrCat("missing `", one_attr, "`"))
               : absl::OkStatus();
  VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> many, Strings(c, add, many_attr));
  for (const std::string& other : many) {
    const std::string& user_name = by_user ? *one : other;
    const std::string& group_name = by_user ? other : *one;
    if (!add) {
      if (iam::User* u = FindIn(account_.users, user_name)) Remove(u->groups, group_name);
      continue;
    }
    VOUCH_ASSIGN_OR_RETURN(
        iam::User * u, Named(account_.users, c, by_user ? one_attr : many_attr, "user", user_name));
    VOUCH_ASSIGN_OR_RETURN(iam::Group * g, Named(account_.groups, c, by_user ? many_attr : one_attr,
                                                 "group", group_name));
    AddOnce(u->groups, g->name);
  }
  return absl::OkStatus();
}

absl::Status Overlay::RemoveLink(const ResourceChange& c) {
  if (c.kind == ChangeKind::kCreate) return absl::OkStatus();
  if (absl::EndsWith(c.type, "membership")) return Join(c, false);
  if (absl::EndsWith(c.type, "attachment")) return Attach(c, false);
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::string> name, String(c, false, "name"));
  absl::string_view kind = LinkKind(c.type);
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::string> who, String(c, false, kind));
  if (!name || !who) return absl::OkStatus();
  if (iam::User* u = kind == "user" ? FindIn(account_.users, *who) : nullptr) {
    EraseInline(u->inline_policies, *name);
  }
  if (iam::Group* g = kind == "group" ? FindIn(account_.groups, *who) : nullptr) {
    EraseInline(g->inline_policies, *name);
  }
  if (iam::Role* r = kind == "role" ? FindIn(account_.roles, *who) : nullptr) {
    EraseInline(r->inline_policies, *name);
  }
  return absl::OkStatus();
}

absl::Status Overlay::AddLink(const ResourceChange& c) {
  if (c.kind == ChangeKind::kDelete) return absl::OkStatus();
  if (absl::EndsWith(c.type, "membership")) return Join(c, true);
  if (absl::EndsWith(c.type, "attachment")) return Attach(c, true);
  absl::string_view kind = LinkKind(c.type);
  VOUCH_ASSIGN_OR_RETURN(Text who, plan_.RequiredAfterString(c, kind));
  VOUCH_ASSIGN_OR_RETURN(iam::InlinePolicy policy, Inline(c));
  if (kind == "user") {
    VOUCH_ASSIGN_OR_RETURN(iam::User * u, Named(account_.users, c, kind, kind, who.value));
    SetInline(u->inline_policies, std::move(policy));
  } else if (kind == "group") {
    VOUCH_ASSIGN_OR_RETURN(iam::Group * g, Named(account_.groups, c, kind, kind, who.value));
    SetInline(g->inline_policies, std::move(policy));
  } else {
    VOUCH_ASSIGN_OR_RETURN(iam::Role * r, Named(account_.roles, c, kind, kind, who.value));
    SetInline(r->inline_policies, std::move(policy));
  }
  return absl::OkStatus();
}

// One principal's attachments and boundary, after the plan.
absl::Status CheckAttachments(const iam::Account& account, absl::string_view kind,
                              const std::string& name, const SourceRef& source,
                              const std::vector<std::string>& arns,
                              const std::optional<std::string>& boundary) {
  for (const std::string& arn : arns) {
    if (account.FindPolicy(arn) != nullptr) continue;
    return InputError(source, absl::StrCat(kind, " `", name, "` attaches managed policy `", arn,
                                           "`, which the account no longer holds once the plan "
                                           "is applied"));
  }
  if (boundary && account.FindPolicy(*boundary) == nullptr) {
    return InputError(source,
                      absl::StrCat(kind, " `", name, "` has permissions boundary `", *boundary,
                                   "`, which the account no longer holds "
                                   "once the plan is applied"));
  }
  return absl::OkStatus();
}

absl::Status Overlay::Check() const {
  for (const iam::User& u : account_.users) {
    for (const std::string& g : u.groups) {
      if (account_.FindGroup(g) != nullptr) continue;
      return InputError(u.source, absl::StrCat("user `", u.name, "` is in group `", g,
                                               "`, which the account no longer holds once the "
                                               "plan is applied"));
    }
    VOUCH_RETURN_IF_ERROR(CheckAttachments(account_, "user", u.name, u.source,
                                           u.managed_policy_arns, u.permissions_boundary_arn));
  }
  for (const iam::Group& g : account_.groups) {
    VOUCH_RETURN_IF_ERROR(
        CheckAttachments(account_, "group", g.name, g.source, g.managed_policy_arns, std::nullopt));
  }
  for (const iam::Role& r : account_.roles) {
    VOUCH_RETURN_IF_ERROR(CheckAttachments(account_, "role", r.name, r.source,
                                           r.managed_policy_arns, r.permissions_boundary_arn));
  }
  return absl::OkStatus();
}

absl::Status SetAccountId(PlanValues& plan, iam::Account& account, const PlanOptions& options) {
  std::string id = options.account_id;
  if (!id.empty() && !account.account_id.empty() && id != account.account_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        "account id `", id, "` is not the snapshot's account (`", account.account_id, "`)"));
  }
  if (id.empty()) id = account.account_id;
  if (id.empty()) id = plan.plan_account_id();
  plan.set_account_id(id);
  if (account.account_id.empty()) account.account_id = id;
  return absl::OkStatus();
}

// The inline policy names or managed policy ARNs that `p` holds.
template <typename T>
std::vector<std::string> Held(const T& p, bool inline_policies) {
  if (!inline_policies) return p.managed_policy_arns;
  std::vector<std::string> out;
  for (const iam::InlinePolicy& i : p.inline_policies) out.push_back(i.name);
  return out;
}

// Makes `p` hold `listed`: its managed policies exactly, its inline policies those it holds of
// them (an inline policy needs its document, which only its own resource gives).
template <typename T>
void KeepOnly(T& p, bool inline_policies, const std::vector<std::string>& listed) {
  if (!inline_policies) {
    p.managed_policy_arns = listed;
    return;
  }
  std::erase_if(p.inline_policies, [&](const iam::InlinePolicy& i) {
    return std::find(listed.begin(), listed.end(), i.name) == listed.end();
  });
}

absl::Status Overlay::ApplyExclusive(const ResourceChange& c, const iam::Account& before_links) {
  // Deleting one only stops the reconciling: what the principal holds stays.
  if (c.kind == ChangeKind::kDelete) return absl::OkStatus();
  absl::string_view kind = absl::StartsWith(c.type, "aws_iam_user_")    ? "user"
                           : absl::StartsWith(c.type, "aws_iam_group_") ? "group"
                                                                        : "role";
  const bool inline_policies = absl::StrContains(c.type, "_policies_exclusive");
  const std::string who_attr = absl::StrCat(kind, "_name");
  const absl::string_view list_attr = inline_policies ? "policy_names" : "policy_arns";
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::string> who, String(c, true, who_attr));
  if (!who) return InputError(AfterRef(c), absl::StrCat("missing `", who_attr, "`"));
  VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> listed, Strings(c, true, list_attr));
  if (!inline_policies) {
    for (const std::string& arn : listed) VOUCH_RETURN_IF_ERROR(CheckPolicy(c, list_attr, arn));
  }
  // What the plan's own links add that the list leaves out (or, of managed policies, take away
  // that it lists) is undone by this apply or the next, as the apply orders the two: not
  // settled.
  auto listed_has = [&](const std::string& item) {
    return std::find(listed.begin(), listed.end(), item) != listed.end();
  };
  auto check = [&](const auto* before, const auto& now) -> absl::Status {
    std::vector<std::string> had, has = Held(now, inline_policies);
    if (before != nullptr) had = Held(*before, inline_policies);
    auto in = [](const std::vector<std::string>& v, const std::string& item) {
      return std::find(v.begin(), v.end(), item) != v.end();
    };
    for (const std::string& item : has) {
      if (listed_has(item) || in(had, item)) continue;
      return UnsupportedError(
          AfterRef(c).Child(list_attr),
          absl::StrCat("`", c.address, "` keeps only the ",
                       inline_policies ? "inline policies" : "managed policies", " it lists on ",
                       kind, " `", *who, "`, and the plan also gives it `", item,
                       "`, which it does not list: whether this apply or the next takes it away "
                       "depends on the order of the apply"));
    }
    for (const std::string& item : had) {
      if (inline_policies || !listed_has(item) || in(has, item)) continue;
      return UnsupportedError(
          AfterRef(c).Child(list_attr),
          absl::StrCat("`", c.address, "` attaches the managed policies it lists to ", kind, " `",
                       *who, "`, and the plan also detaches `", item,
                       "`, which it lists: whether this apply or the next attaches it again "
                       "depends on the order of the apply"));
    }
    return absl::OkStatus();
  };
  if (kind == "user") {
    VOUCH_ASSIGN_OR_RETURN(iam::User * p, Named(account_.users, c, who_attr, kind, *who));
    VOUCH_RETURN_IF_ERROR(check(before_links.FindUser(*who), *p));
    KeepOnly(*p, inline_policies, listed);
  } else if (kind == "group") {
    VOUCH_ASSIGN_OR_RETURN(iam::Group * p, Named(account_.groups, c, who_attr, kind, *who));
    VOUCH_RETURN_IF_ERROR(check(before_links.FindGroup(*who), *p));
    KeepOnly(*p, inline_policies, listed);
  } else {
    VOUCH_ASSIGN_OR_RETURN(iam::Role * p, Named(account_.roles, c, who_attr, kind, *who));
    VOUCH_RETURN_IF_ERROR(check(before_links.FindRole(*who), *p));
    KeepOnly(*p, inline_policies, listed);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyPlan(const aws::JsonValue& root, iam::Account& account,
                       const PlanOptions& options) {
  VOUCH_ASSIGN_OR_RETURN(PlanValues plan, PlanValues::Read(root));
  VOUCH_RETURN_IF_ERROR(SetAccountId(plan, account, options));
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c.type) != Stage::kUnmodelled) continue;
    return UnsupportedError(c.source.Child("type"),
                            absl::StrCat("`", c.address,
                                         "` changes IAM permissions in a way "
                                         "vouch does not model (resource type `",
                                         c.type, "`)"));
  }
  Overlay overlay(plan, account);
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c.type) == Stage::kEntity) VOUCH_RETURN_IF_ERROR(overlay.ApplyEntity(c));
  }
  // The account before the links, for the exclusive resources (when the plan has one).
  std::optional<iam::Account> before_links;
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c.type) == Stage::kExclusive && !before_links) before_links = account;
  }
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c.type) == Stage::kLink) VOUCH_RETURN_IF_ERROR(overlay.RemoveLink(c));
  }
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c.type) == Stage::kLink) VOUCH_RETURN_IF_ERROR(overlay.AddLink(c));
  }
  for (const ResourceChange& c : plan.changes()) {
    if (StageOf(c.type) == Stage::kExclusive) {
      VOUCH_RETURN_IF_ERROR(overlay.ApplyExclusive(c, *before_links));
    }
  }
  return overlay.Check();
}

absl::Status ApplyPlanFile(const std::string& path, iam::Account& account,
                           const PlanOptions& options) {
  VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<aws::JsonDocument> doc, aws::JsonDocument::FromFile(path));
  return ApplyPlan(doc->root(), account, options);
}

}  // namespace vouch::terraform
