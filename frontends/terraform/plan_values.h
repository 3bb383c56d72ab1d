// The resource changes of a Terraform plan, and their values with what is known only after apply
// resolved where the plan tells it. Internal to frontends/terraform: plan.cc applies the changes
// to an account (plan.h), plan_network.cc to a network (plan_network.h).
//
//   VOUCH_ASSIGN_OR_RETURN(PlanValues plan, PlanValues::Read(root));
//   for (const ResourceChange& c : plan.changes()) {
//     VOUCH_ASSIGN_OR_RETURN(std::optional<Text> arn, plan.AfterString(c, "policy_arn"));
//   }
//
// A value in `after` is read as it is. One that `after_unknown` marks is resolved through the
// resource's expression in `configuration` when it references exactly one attribute of one other
// resource of the plan, and that attribute is known or computed by the provider from known ones
// (an IAM ARN, id or name); otherwise it is an Unimplemented error at its `after_unknown` pointer.
#ifndef VOUCH_FRONTENDS_TERRAFORM_PLAN_VALUES_H_
#define VOUCH_FRONTENDS_TERRAFORM_PLAN_VALUES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/base/source_ref.h"

namespace vouch::terraform {

enum class ChangeKind { kNone, kCreate, kDelete, kUpdate, kReplace };

struct ResourceChange {
  std::string address;         // "module.iam.aws_iam_policy.deploy[0]"
  std::string module_address;  // "module.iam" ("" in the root module)
  std::string type;            // "aws_iam_policy"
  std::string name;            // "deploy"
  std::string index;           // the instance key as JSON text ("0", "\"a\""); "" when none
  ChangeKind kind = ChangeKind::kNone;
  std::optional<aws::JsonValue> before;         // null/absent for a create
  std::optional<aws::JsonValue> after;          // null/absent for a delete
  std::optional<aws::JsonValue> after_unknown;  // an object, when present
  std::optional<aws::JsonValue> expressions;    // its configuration's expressions, when found
  SourceRef source;                             // the resource_changes entry
};

// A string value and where it was read (for a resolved value: where the referenced resource
// holds it, or its `after` when the provider computes it).
struct Text {
  std::string value;
  SourceRef at;
};

// Whether an after_unknown value marks anything: `true`, or an array or object holding a `true`
// ({} and [false] mark nothing: a block whose values are all known).
bool AnyUnknown(const aws::JsonValue& marks);

class PlanValues {
 public:
  // Reads `plan`'s format_version, resource_changes and configuration. Errors (InvalidArgument):
  // not an object, a state rather than a plan, a missing or unsupported format_version (major
  // not 1), wrong types, unknown actions.
  static absl::StatusOr<PlanValues> Read(const aws::JsonValue& plan);

  // The managed resources that change (not no-op, read or forget; deposed objects left out), in
  // the plan's order.
  const std::vector<ResourceChange>& changes() const { return changes_; }
  // Every managed resource of the plan, those that do not change (kind kNone) too.
  const std::vector<ResourceChange>& all_resources() const { return all_; }

  // The account id the plan shows: of an IAM ARN in a change's values, or of
  // data.aws_caller_identity in prior_state; "" when none.
  const std::string& plan_account_id() const { return plan_account_id_; }
  // The account id the provider's computed ARNs use ("" until set: computing one is then an
  // error).
  void set_account_id(std::string id) { account_id_ = std::move(id); }
  const std::string& account_id() const { return account_id_; }
  // For the network overlay: the id of a security group or network ACL the plan creates, known
  // only after apply, is its address (`aws_security_group.web`), a placeholder that joins the
  // group with the rules naming it; UnknownError speaks of the planned network.
  void set_network(bool network) { network_ = network; }

  // `attr` of c's `before` (which is always known); nullopt when absent or null.
  absl::StatusOr<std::optional<Text>> BeforeString(const ResourceChange& c,
                                                   absl::string_view attr) const;
  // `attr` of c's `after`, resolved when unknown; nullopt when absent or null. Unimplemented when
  // it stays unknown.
  absl::StatusOr<std::optional<Text>> AfterString(const ResourceChange& c,
                                                  absl::string_view attr) const;
  // The same, with an absent, null or empty value an InvalidArgument ("missing `user`").
  absl::StatusOr<Text> RequiredAfterString(const ResourceChange& c, absl::string_view attr) const;
  // A list or set of strings in c's `before` or `after` ([] when absent or null). In `after`,
  // elements marked unknown are resolved as a set (through the expression's references to values
  // not already listed); a list unknown as a whole is Unimplemented.
  absl::StatusOr<std::vector<std::string>> BeforeStrings(const ResourceChange& c,
                                                         absl::string_view attr) const;
  absl::StatusOr<std::vector<std::string>> AfterStrings(const ResourceChange& c,
                                                        absl::string_view attr) const;
  // `attr` of c's `after`, known, or an ARN, id or name the provider computes from known ones
  // (arn:aws:iam::ACCOUNT:policy{path}{name}); nullopt when neither. InvalidArgument when an ARN
  // is to be computed and the account id is not set.
  absl::StatusOr<std::optional<Text>> AttributeOf(const ResourceChange& c,
                                                  absl::string_view attr) const {
    return ValueOf(c, attr, 0);
  }
  // Whether `attr` is set in c's configuration: nullopt when the plan has no configuration for it.
  std::optional<bool> Configured(const ResourceChange& c, absl::string_view attr) const;
  // The security groups of the plan whose ids are known only after apply (each named by its
  // address, as ValueOf names it) that c's expression for `attr` references as
  // `aws_security_group.x.id`: where inline rule blocks' only unknowns are group ids, the groups
  // those ids are among. nullopt when a reference could hide some other unknown value: one to a
  // local value, data source, module output, a module's variable or `each.value`, or to an
  // attribute of a resource that is unknown and not a group's id. Root-module variables,
  // `count.index` and `each.key` are known when the plan is made.
  absl::StatusOr<std::optional<std::vector<Text>>> NewGroupsReferenced(
      const ResourceChange& c, absl::string_view attr) const;
  // Whether c's after_unknown marks `attr` (as a whole, or any part of it).
  bool Unknown(const ResourceChange& c, absl::string_view attr) const;
  // The Unimplemented error for `attr` of `c` staying unknown.
  absl::Status UnknownError(const ResourceChange& c, absl::string_view attr) const;

 private:
  // The value `attr` of `c` resolved through its configuration's references; nullopt when the
  // references do not settle it. `depth` bounds chains of references.
  absl::StatusOr<std::optional<Text>> Resolve(const ResourceChange& c, absl::string_view attr,
                                              int depth) const;
  // `attr` of `target`'s after, known or computed by the provider from known attributes.
  absl::StatusOr<std::optional<Text>> ValueOf(const ResourceChange& target, absl::string_view attr,
                                              int depth) const;
  absl::StatusOr<std::optional<Text>> AfterStringAt(const ResourceChange& c, absl::string_view attr,
                                                    int depth) const;
  // The one change `ref` (a reference such as `aws_iam_policy.x[0].arn`, in c's module) names.
  const ResourceChange* Target(const ResourceChange& c, absl::string_view ref,
                               std::string* attr) const;

  std::vector<ResourceChange> changes_;
  std::vector<ResourceChange> all_;  // every managed change, to resolve references (no-op too)
  std::string plan_account_id_;
  std::string account_id_;
  bool network_ = false;
};

}  // namespace vouch::terraform

#endif  // VOUCH_FRONTENDS_TERRAFORM_PLAN_VALUES_H_
