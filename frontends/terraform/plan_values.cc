// A plan's resource changes and their values (see plan_values.h).
//
// Reading: format_version is checked, each resource_changes entry becomes a ResourceChange with
// its configuration's expressions (root_module, or module_calls.<name>.module for a child module,
// found by the change's module address without instance keys). Resolving: a value unknown until
// apply is looked for through its expression's references: `aws_iam_policy.x.arn` names the
// change `aws_iam_policy.x` of the same module instance, whose arn is known or computed the way
// terraform-provider-aws computes it (arn:aws:iam::ACCOUNT:policy{path}{name}).
#include "frontends/terraform/plan_values.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "models/base/status_macros.h"
#include "models/iam/arn.h"

namespace vouch::terraform {
namespace {

using aws::JsonValue;

constexpr int kMaxReferenceDepth = 8;

// "module.a[0].module.b[\"k\"]" -> "a.b": the module calls, without instance keys.
std::string ModuleCallPath(absl::string_view module_address) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < module_address.size(); ++i) {
    char ch = module_address[i];
    if (quoted) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        quoted = false;
      continue;
    }
    if (ch == '"' && depth > 0)
      quoted = true;
    else if (ch == '[')
      ++depth;
    else if (ch == ']')
      --depth;
    else if (depth == 0)
      out.push_back(ch);
  }
  std::vector<std::string> parts;
  for (absl::string_view part : absl::StrSplit(out, '.', absl::SkipEmpty())) {
    if (part != "module") parts.emplace_back(part);
  }
  return absl::StrJoin(parts, ".");
}

// Indexes every resource's expressions in `module` (a configuration module) and its calls.
absl::Status IndexConfiguration(const JsonValue& module, const std::string& path,
                                std::map<std::string, JsonValue>& out) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> resources, module.Find("resources"));
  if (resources && !resources->IsNull()) {
    VOUCH_RETURN_IF_ERROR(resources->ForEachElement([&](const JsonValue& r) -> absl::Status {
      VOUCH_ASSIGN_OR_RETURN(JsonValue address, r.Get("address"));
      VOUCH_ASSIGN_OR_RETURN(absl::string_view a, address.GetString());
      VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> expressions, r.Find("expressions"));
      if (expressions && expressions->IsObject()) {
        out.emplace(absl::StrCat(path, "|", a), *expressions);
      }
      return absl::OkStatus();
    }));
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> calls, module.Find("module_calls"));
  if (!calls || calls->IsNull()) return absl::OkStatus();
  return calls->ForEachMember([&](absl::string_view name, const JsonValue& call) -> absl::Status {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> child, call.Find("module"));
    if (!child) return absl::OkStatus();
    return IndexConfiguration(
        *child, path.empty() ? std::string(name) : absl::StrCat(path, ".", name), out);
  });
}

absl::StatusOr<ChangeKind> ReadActions(const JsonValue& actions) {
  bool create = false, del = false, update = false;
  VOUCH_RETURN_IF_ERROR(actions.ForEachElement([&](const JsonValue& a) -> absl::Status {
    VOUCH_ASSIGN_OR_RETURN(absl::string_view s, a.GetString());
    if (s == "create")
      create = true;
    else if (s == "delete")
      del = true;
    else if (s == "update")
      update = true;
    else if (s != "no-op" && s != "read" && s != "forget") {
      return a.Error(absl::StrCat("unknown action `", s,
                                  "` (expected create, delete, update, no-op, read or forget)"));
    }
    return absl::OkStatus();
  }));
  if (create && del) return ChangeKind::kReplace;
  if (update) return ChangeKind::kUpdate;
  if (create) return ChangeKind::kCreate;
  if (del) return ChangeKind::kDelete;
  return ChangeKind::kNone;
}

absl::StatusOr<std::string> StringField(const JsonValue& obj, absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue v, obj.Get(key));
  VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v.GetString());
  return std::string(s);
}

// The member `key` of `obj` when `obj` is present and an object, and the member present and not
// null.
absl::StatusOr<std::optional<JsonValue>> Member(const std::optional<JsonValue>& obj,
                                                absl::string_view key) {
  if (!obj || obj->IsNull()) return std::optional<JsonValue>();
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, obj->Find(key));
  if (v && v->IsNull()) return std::optional<JsonValue>();
  return v;
}

absl::StatusOr<std::optional<JsonValue>> ValuesObject(const JsonValue& entry,
                                                      absl::string_view key) {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, entry.Find(key));
  if (!v || v->IsNull()) return std::optional<JsonValue>();
  if (!v->IsObject()) return v->TypeError("an object");
  return v;
}

absl::StatusOr<ResourceChange> ReadChange(const JsonValue& entry, bool* managed, bool* deposed) {
  ResourceChange c;
  c.source = entry.source();
  if (!entry.IsObject()) return entry.TypeError("a resource change object");
  VOUCH_ASSIGN_OR_RETURN(c.address, StringField(entry, "address"));
  VOUCH_ASSIGN_OR_RETURN(std::string mode, StringField(entry, "mode"));
  *managed = mode == "managed";
  VOUCH_ASSIGN_OR_RETURN(c.type, StringField(entry, "type"));
  VOUCH_ASSIGN_OR_RETURN(c.name, StringField(entry, "name"));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> module, entry.Find("module_address"));
  if (module) {
    VOUCH_ASSIGN_OR_RETURN(absl::string_view m, module->GetString());
    c.module_address = std::string(m);
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> index, entry.Find("index"));
  if (index && !index->IsNull()) {
    if (index->IsString()) {
      c.index = absl::StrCat("\"", *index->GetString(), "\"");
    } else {
      VOUCH_ASSIGN_OR_RETURN(int64_t i, index->GetInt());
      c.index = absl::StrCat(i);
    }
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> d, entry.Find("deposed"));
  *deposed = d.has_value();
  VOUCH_ASSIGN_OR_RETURN(JsonValue change, entry.Get("change"));
  if (!change.IsObject()) return change.TypeError("an object");
  VOUCH_ASSIGN_OR_RETURN(JsonValue actions, change.Get("actions"));
  VOUCH_ASSIGN_OR_RETURN(c.kind, ReadActions(actions));
  VOUCH_ASSIGN_OR_RETURN(c.before, ValuesObject(change, "before"));
  VOUCH_ASSIGN_OR_RETURN(c.after, ValuesObject(change, "after"));
  VOUCH_ASSIGN_OR_RETURN(c.after_unknown, ValuesObject(change, "after_unknown"));
  if ((c.kind == ChangeKind::kCreate || c.kind == ChangeKind::kUpdate ||
       c.kind == ChangeKind::kReplace) &&
      !c.after) {
    return change.Error("missing `after` for a change that creates or updates");
  }
  if ((c.kind == ChangeKind::kDelete || c.kind == ChangeKind::kUpdate ||
       c.kind == ChangeKind::kReplace) &&
      !c.before) {
    return change.Error("missing `before` for a change that deletes or updates");
  }
  return c;
}

// format_version: "1.x" only (minor versions only add).
absl::Status CheckFormatVersion(const JsonValue& plan) {
  VOUCH_ASSIGN_OR_RETURN(JsonValue v, plan.Get("format_version"));
  VOUCH_ASSIGN_OR_RETURN(absl::string_view version, v.GetString());
  if (version == "1" || absl::StartsWith(version, "1.")) return absl::OkStatus();
  return v.Error(absl::StrCat("unsupported format version `", version,
                              "` (vouch reads Terraform's JSON plan format 1.x)"));
}

// The account of an IAM ARN, or "".
std::string IamArnAccount(absl::string_view arn) {
  if (!absl::StartsWith(arn, "arn:aws:iam::")) return "";
  std::string id(iam::ArnAccount(arn));
  return iam::IsAccountId(id) ? id : "";
}

// The account id of the first IAM ARN in `values` (an `arn` member), or "".
std::string AccountOfValues(const std::optional<JsonValue>& values) {
  if (!values || !values->IsObject()) return "";
  absl::StatusOr<std::optional<JsonValue>> arn = values->Find("arn");
  if (!arn.ok() || !*arn || !(*arn)->IsString()) return "";
  return IamArnAccount(*(*arn)->GetString());
}

// data.aws_caller_identity's account_id in prior_state's root module, or "".
std::string CallerIdentityAccount(const JsonValue& plan) {
  std::string found;
  absl::StatusOr<std::optional<JsonValue>> prior = plan.Find("prior_state");
  if (!prior.ok() || !*prior || !(*prior)->IsObject()) return found;
  absl::StatusOr<JsonValue> resources = [&]() -> absl::StatusOr<JsonValue> {
    VOUCH_ASSIGN_OR_RETURN(JsonValue values, (*prior)->Get("values"));
    VOUCH_ASSIGN_OR_RETURN(JsonValue root, values.Get("root_module"));
    return root.Get("resources");
  }();
  if (!resources.ok() || !resources->IsArray()) return found;
  (void)resources->ForEachElement([&](const JsonValue& r) -> absl::Status {
    absl::StatusOr<std::string> type = StringField(r, "type");
    absl::StatusOr<std::optional<JsonValue>> values = r.Find("values");
    if (!found.empty() || !type.ok() || *type != "aws_caller_identity" || !values.ok() ||
        !*values || !(*values)->IsObject()) {
      return absl::OkStatus();
    }
    absl::StatusOr<std::string> id = StringField(**values, "account_id");
    if (id.ok() && iam::IsAccountId(*id)) found = *id;
    return absl::OkStatus();
  });
  return found;
}

// A reference's parts: `aws_iam_policy.x[0].arn` -> type, name, index `0`, attribute `arn`.
struct Reference {
  std::string type, name, index, attr;
};

std::optional<Reference> ParseReference(absl::string_view ref) {
  std::vector<absl::string_view> parts = absl::StrSplit(ref, absl::MaxSplits('.', 2));
  static constexpr absl::string_view kNotResources[] = {
      "var", "local", "module", "data", "each", "count", "path", "terraform", "self"};
  if (parts.size() < 2 || std::find(std::begin(kNotResources), std::end(kNotResources), parts[0]) !=
                              std::end(kNotResources)) {
    return std::nullopt;
  }
  Reference r;
  r.type = std::string(parts[0]);
  absl::string_view name = parts[1];
  if (size_t open = name.find('['); open != absl::string_view::npos && absl::EndsWith(name, "]")) {
    r.index = std::string(name.substr(open + 1, name.size() - open - 2));
    name = name.substr(0, open);
  }
  r.name = std::string(name);
  if (parts.size() == 3) {
    absl::string_view attr = parts[2];
    attr = attr.substr(0, std::min(attr.find('.'), attr.find('[')));
    r.attr = std::string(attr);
  }
  return r;
}

// The provider's ARN kind for the IAM resource types whose ARN it builds from path and name.
absl::string_view ArnKind(absl::string_view type) {
  if (type == "aws_iam_policy") return "policy";
  if (type == "aws_iam_user") return "user";
  if (type == "aws_iam_group") return "group";
  if (type == "aws_iam_role") return "role";
  return "";
}

// The references of c's configured expression for `attr` (`["aws_iam_policy.x.arn",
// "aws_iam_policy.x"]`); nullopt when it has none: no configuration, no expression for `attr`,
// or a constant one.
absl::StatusOr<std::optional<std::vector<std::string>>> References(const ResourceChange& c,
                                                                   absl::string_view attr) {
  using List = std::optional<std::vector<std::string>>;
  if (!c.expressions) return List();
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> expr, c.expressions->Find(attr));
  if (!expr || !expr->IsObject()) return List();
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> refs, expr->Find("references"));
  if (!refs) return List();
  VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> list, refs->GetStringList());
  return List(std::move(list));
}

}  // namespace

bool AnyUnknown(const JsonValue& v) {
  if (v.IsArray() || v.IsObject()) {
    bool any = false;
    auto visit = [&](const JsonValue& e) {
      any = any || AnyUnknown(e);
      return absl::OkStatus();
    };
    if (v.IsArray()) {
      (void)v.ForEachElement(visit);
    } else {
      (void)v.ForEachMember([&](absl::string_view, const JsonValue& e) { return visit(e); });
    }
    return any;
  }
  absl::StatusOr<bool> b = v.GetBool();
  return b.ok() && *b;
}

absl::StatusOr<PlanValues> PlanValues::Read(const aws::JsonValue& plan) {
  if (!plan.IsObject()) {
    return plan.TypeError("a Terraform plan (the output of `terraform show -json PLANFILE`)");
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> changes, plan.Find("resource_changes"));
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> values, plan.Find("values"));
  if (!changes && values) {
    return plan.Error(
        "this is a Terraform state, not a plan (give the output of `terraform show -json "
        "PLANFILE`)");
  }
  VOUCH_RETURN_IF_ERROR(CheckFormatVersion(plan));
  std::map<std::string, JsonValue> config;
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> configuration, plan.Find("configuration"));
  if (configuration && !configuration->IsNull()) {
    VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> root, configuration->Find("root_module"));
    if (root) VOUCH_RETURN_IF_ERROR(IndexConfiguration(*root, "", config));
  }
  PlanValues out;
  if (changes && !changes->IsNull()) {
    VOUCH_RETURN_IF_ERROR(changes->ForEachElement([&](const JsonValue& entry) -> absl::Status {
      bool managed = false, deposed = false;
      VOUCH_ASSIGN_OR_RETURN(ResourceChange c, ReadChange(entry, &managed, &deposed));
      if (!managed || deposed) return absl::OkStatus();
      auto it =
          config.find(absl::StrCat(ModuleCallPath(c.module_address), "|", c.type, ".", c.name));
      if (it != config.end()) c.expressions = it->second;
      if (out.plan_account_id_.empty()) out.plan_account_id_ = AccountOfValues(c.before);
      if (out.plan_account_id_.empty()) out.plan_account_id_ = AccountOfValues(c.after);
      if (c.kind != ChangeKind::kNone) out.changes_.push_back(c);
      out.all_.push_back(std::move(c));
      return absl::OkStatus();
    }));
  }
  if (out.plan_account_id_.empty()) out.plan_account_id_ = CallerIdentityAccount(plan);
  return out;
}

absl::StatusOr<std::optional<Text>> PlanValues::BeforeString(const ResourceChange& c,
                                                             absl::string_view attr) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, Member(c.before, attr));
  if (!v) return std::optional<Text>();
  VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v->GetString());
  return Text{std::string(s), v->source()};
}

bool PlanValues::Unknown(const ResourceChange& c, absl::string_view attr) const {
  absl::StatusOr<std::optional<JsonValue>> u = Member(c.after_unknown, attr);
  return u.ok() && *u && AnyUnknown(**u);
}

absl::Status PlanValues::UnknownError(const ResourceChange& c, absl::string_view attr) const {
  SourceRef at = c.source.Child("change").Child("after_unknown").Child(attr);
  return UnsupportedError(
      at,
      absl::StrCat("`", attr, "` of `", c.address, "` is known only after apply, so the planned ",
                   network_ ? "network" : "permissions", " cannot be told from the plan"));
}

std::optional<bool> PlanValues::Configured(const ResourceChange& c, absl::string_view attr) const {
  if (!c.expressions) return std::nullopt;
  absl::StatusOr<std::optional<JsonValue>> v = c.expressions->Find(attr);
  return v.ok() && v->has_value();
}

absl::StatusOr<std::optional<std::vector<Text>>> PlanValues::NewGroupsReferenced(
    const ResourceChange& c, absl::string_view attr) const {
  using Groups = std::optional<std::vector<Text>>;
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> refs, References(c, attr));
  if (!refs) return Groups();
  // The references to attributes of resources (each with its text), and to resources whole.
  std::vector<std::pair<const std::string*, Reference>> attributes;
  std::vector<Reference> wholes;
  for (const std::string& ref : *refs) {
    if (ref == "count.index" || ref == "each.key") continue;
    if (absl::StartsWith(ref, "var.") && c.module_address.empty()) continue;
    std::optional<Reference> parsed = ParseReference(ref);
    if (!parsed) return Groups();
    if (parsed->attr.empty()) {
      wholes.push_back(*std::move(parsed));
    } else {
      attributes.emplace_back(&ref, *std::move(parsed));
    }
  }
  // A resource referenced whole (`[for g in aws_security_group.x : g.id]`) may give any of its
  // values; Terraform lists it beside each attribute referenced (`aws_security_group.x.id`, then
  // `aws_security_group.x`), which alone is read.
  for (const Reference& whole : wholes) {
    if (std::none_of(attributes.begin(), attributes.end(), [&](const auto& a) {
          return a.second.type == whole.type && a.second.name == whole.name &&
                 (whole.index.empty() || a.second.index == whole.index);
        })) {
      return Groups();
    }
  }
  std::vector<Text> groups;
  for (const auto& [ref, parsed] : attributes) {
    std::string a;
    const ResourceChange* t = Target(c, *ref, &a);
    if (t == nullptr || !t->after) return Groups();
    if (!Unknown(*t, a)) continue;  // known: it hides no unknown value
    if (t->type != "aws_security_group" || a != "id") return Groups();
    if (std::none_of(groups.begin(), groups.end(),
                     [&](const Text& g) { return g.value == t->address; })) {
      groups.push_back(Text{t->address, t->source.Child("change").Child("after")});
    }
  }
  return Groups(std::move(groups));
}

const ResourceChange* PlanValues::Target(const ResourceChange& c, absl::string_view ref,
                                         std::string* attr) const {
  std::optional<Reference> r = ParseReference(ref);
  if (!r || r->attr.empty()) return nullptr;
  const ResourceChange* found = nullptr;
  for (const ResourceChange& t : all_) {
    if (t.module_address != c.module_address || t.type != r->type || t.name != r->name) continue;
    if (!r->index.empty() && t.index != r->index) continue;
    if (found != nullptr) return nullptr;  // several instances: which one is not told
    found = &t;
  }
  *attr = r->attr;
  return found;
}

absl::StatusOr<std::optional<Text>> PlanValues::Resolve(const ResourceChange& c,
                                                        absl::string_view attr, int depth) const {
  if (depth > kMaxReferenceDepth) return std::optional<Text>();
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> refs, References(c, attr));
  if (!refs) return std::optional<Text>();
  const std::vector<std::string>& list = *refs;
  // Exactly one attribute of one resource; a bare `aws_iam_policy.x` beside it is the same one.
  const ResourceChange* target = nullptr;
  std::string target_attr;
  for (const std::string& ref : list) {
    std::string a;
    const ResourceChange* t = Target(c, ref, &a);
    std::optional<Reference> parsed = ParseReference(ref);
    if (parsed && parsed->attr.empty()) continue;  // the resource itself
    if (t == nullptr || (target != nullptr && (t != target || a != target_attr))) {
      return std::optional<Text>();
    }
    target = t;
    target_attr = a;
  }
  if (target == nullptr) return std::optional<Text>();
  return ValueOf(*target, target_attr, depth + 1);
}

absl::StatusOr<std::optional<Text>> PlanValues::ValueOf(const ResourceChange& target,
                                                        absl::string_view attr, int depth) const {
  if (!target.after) return std::optional<Text>();  // being deleted: nothing to refer to
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> known, AfterStringAt(target, attr, depth));
  if (known) return known;
  if (network_ && attr == "id" &&
      (target.type == "aws_security_group" || target.type == "aws_network_acl")) {
    return Text{target.address, target.source.Child("change").Child("after")};
  }
  absl::string_view kind = ArnKind(target.type);
  if (kind.empty() || (attr != "arn" && attr != "id" && attr != "name")) {
    return std::optional<Text>();
  }
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> name, AfterStringAt(target, "name", depth));
  if (!name) return std::optional<Text>();
  if (attr == "name" || (attr == "id" && kind != "policy"))
    return name;  // a principal's id is its name
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> path, AfterStringAt(target, "path", depth));
  if (account_id_.empty()) {
    return InputError(target.source.Child("change").Child("after"),
                      absl::StrCat("the ARN of `", target.address,
                                   "` needs the account id, which neither the snapshot nor the "
                                   "plan shows (give --snapshot or --account-id)"));
  }
  return Text{
      absl::StrCat("arn:aws:iam::", account_id_, ":", kind, path ? path->value : "/", name->value),
      target.source.Child("change").Child("after")};
}

absl::StatusOr<std::optional<Text>> PlanValues::AfterStringAt(const ResourceChange& c,
                                                              absl::string_view attr,
                                                              int depth) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, Member(c.after, attr));
  if (v) {
    VOUCH_ASSIGN_OR_RETURN(absl::string_view s, v->GetString());
    return Text{std::string(s), v->source()};
  }
  if (!Unknown(c, attr)) return std::optional<Text>();
  return Resolve(c, attr, depth);
}

absl::StatusOr<std::optional<Text>> PlanValues::AfterString(const ResourceChange& c,
                                                            absl::string_view attr) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> v, AfterStringAt(c, attr, 0));
  if (!v && Unknown(c, attr)) return UnknownError(c, attr);
  return v;
}

absl::StatusOr<Text> PlanValues::RequiredAfterString(const ResourceChange& c,
                                                     absl::string_view attr) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<Text> v, AfterString(c, attr));
  if (!v || v->value.empty()) {
    return InputError(c.source.Child("change").Child("after"),
                      absl::StrCat("missing `", attr, "`"));
  }
  return *v;
}

absl::StatusOr<std::vector<std::string>> PlanValues::BeforeStrings(const ResourceChange& c,
                                                                   absl::string_view attr) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, Member(c.before, attr));
  if (!v) return std::vector<std::string>();
  return v->GetStringList();
}

absl::StatusOr<std::vector<std::string>> PlanValues::AfterStrings(const ResourceChange& c,
                                                                  absl::string_view attr) const {
  VOUCH_ASSIGN_OR_RETURN(std::optional<JsonValue> v, Member(c.after, attr));
  if (!Unknown(c, attr)) {
    if (!v) return std::vector<std::string>();
    return v->GetStringList();
  }
  if (!v || !v->IsArray()) return UnknownError(c, attr);  // unknown as a whole
  // Some elements unknown (null in `after`): the references' values not already listed.
  std::vector<std::string> out;
  size_t unknown = 0;
  VOUCH_RETURN_IF_ERROR(v->ForEachElement([&](const JsonValue& e) -> absl::Status {
    if (e.IsNull()) {
      ++unknown;
      return absl::OkStatus();
    }
    VOUCH_ASSIGN_OR_RETURN(absl::string_view s, e.GetString());
    out.emplace_back(s);
    return absl::OkStatus();
  }));
  std::vector<std::string> resolved;
  VOUCH_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> refs, References(c, attr));
  if (refs) {
    for (const std::string& ref : *refs) {
      std::string a;
      const ResourceChange* t = Target(c, ref, &a);
      if (t == nullptr) continue;
      VOUCH_ASSIGN_OR_RETURN(std::optional<Text> value, ValueOf(*t, a, 1));
      if (!value || std::find(out.begin(), out.end(), value->value) != out.end() ||
          std::find(resolved.begin(), resolved.end(), value->value) != resolved.end()) {
        continue;
      }
      resolved.push_back(value->value);
    }
  }
  if (resolved.size() != unknown) return UnknownError(c, attr);
  out.insert(out.end(), resolved.begin(), resolved.end());
  return out;
}

}  // namespace vouch::terraform
