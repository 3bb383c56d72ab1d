// A Terraform plan (`terraform show -json PLANFILE`) as a what-if overlay on an IAM account.
//
// Platform teams review every change in CI; with this, vouch answers "after this plan is
// applied, who can delete groups?" from the account of a snapshot and the plan's IAM changes:
//
//   iam::Account account = snapshot.account;           // or an empty account
//   VOUCH_RETURN_IF_ERROR(ApplyPlanFile("plan.json", account));
//   ... AddPrincipalPolicies(account, ...) as for any account ...
//
// What is modelled. Each `resource_changes[]` entry of a managed resource is applied to the
// account: `create` adds its `after`, `delete` removes its `before`, `update` and replacement
// (`["delete","create"]` or `["create","delete"]`) replace one with the other; `no-op`, `read`
// and `forget` change nothing. Principals and managed policies are applied first, then the
// resources that join them (attachments, memberships, inline policies), removals before
// additions, so the order of `resource_changes` does not matter. Resource types read:
//
//   aws_iam_policy                 a customer managed policy (name, path, policy)
//   aws_iam_user / _group / _role  the principal (name, path, permissions_boundary, tags; a
//                                  role's assume_role_policy, and inline_policy and
//                                  managed_policy_arns, exclusive when configured)
//   aws_iam_{user,group,role}_policy               inline policies
//   aws_iam_{user,group,role}_policy_attachment    managed policy attachments
//   aws_iam_policy_attachment      attachments to users, groups and roles at once
//   aws_iam_user_group_membership, aws_iam_group_membership
//
// Updating a principal changes its own attributes and keeps what other resources give it
// (memberships, attachments, inline policies), as the provider updates it in place. The
// provider's "exclusive" resources (aws_iam_policy_attachment, aws_iam_group_membership) detach
// what they do not list only on a later apply, after a refresh: the overlay applies what this
// apply does. Every principal and policy made from the plan keeps where it came from (the plan
// file and the pointer of the resource's `after`), and its policies are named by the resource's
// address (`aws_iam_policy.deploy`, `aws_iam_role.app.inline_policy[0]`), so answers cite them.
//
// Values known only after apply (`after_unknown`) are resolved where the plan tells them: a
// reference to another resource of the plan (`policy_arn = aws_iam_policy.deploy.arn`, found in
// `configuration`, in child modules too) to an ARN, id or name that the provider computes from
// known attributes (arn:aws:iam::ACCOUNT:policy{path}{name}). A value that changes the answer
// and stays unknown (a policy document, a user's name in a membership) is an Unimplemented
// error naming the resource and attribute, never a guess. A role's trust policy is the one
// exception: one known only after apply (it names an identity provider or a role the plan
// creates) leaves the role without it and says why in Role::trust_policy_unknown, so that only
// requests to assume that role are unknown.
//
// What is not modelled. Other providers' resources, data sources (their results are already in
// the values that use them), and AWS resources that grant no IAM permission (aws_s3_bucket,
// aws_instance, aws_iam_access_key, aws_iam_instance_profile, ...) are read past. Other
// `aws_iam_*` resources that change permissions (aws_iam_service_linked_role, the
// `*_exclusive` resources, ...) are an Unimplemented error when they change. Resource policies
// (aws_s3_bucket_policy, ...), SCPs and deposed objects are not read; neither are `prior_state`
// and `resource_drift`: the snapshot is the account's state.
#ifndef VOUCH_FRONTENDS_TERRAFORM_PLAN_H_
#define VOUCH_FRONTENDS_TERRAFORM_PLAN_H_

#include <string>

#include "absl/status/status.h"
#include "frontends/aws/json_reader.h"
#include "models/iam/account.h"

namespace vouch::terraform {

struct PlanOptions {
  // The account the plan is applied to, for the ARNs of what it creates. Empty: the account's
  // own id, else one the plan shows (an IAM ARN in a change, or data.aws_caller_identity in
  // prior_state). Given, it must agree with the account's.
  std::string account_id;
};

// Applies the IAM changes of `plan`, a parsed `terraform show -json` plan, to `account`, and
// sets account.account_id when it was empty. Errors:
//   InvalidArgument: not a plan, a `format_version` whose major is not 1, a value of the wrong
//     type or a bad policy document ("<file>: <pointer>: <what>"); a change naming a user,
//     group, role or managed policy that neither the account nor the plan holds; an ARN to
//     compute whose account id cannot be known.
//   Unimplemented: a value that changes answers is known only after apply, or an `aws_iam_*`
//     resource that vouch does not model changes.
// On error `account` is left part-way: discard it.
absl::Status ApplyPlan(const aws::JsonValue& plan, iam::Account& account,
                       const PlanOptions& options = {});

// Reads the plan file `path` (JsonDocument::FromFile's errors) and applies it as above.
absl::Status ApplyPlanFile(const std::string& path, iam::Account& account,
                           const PlanOptions& options = {});

}  // namespace vouch::terraform

#endif  // VOUCH_FRONTENDS_TERRAFORM_PLAN_H_
