// Tests for plan.h: Terraform plan changes applied to the lab account (examples/lab) and to an
// empty one, references resolved through the configuration (child modules too), and the exact
// text of the errors for bad plans and values known only after apply.
#include "frontends/terraform/plan.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "frontends/aws/snapshot.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::terraform {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kLab = std::string(VOUCH_SOURCE_DIR) + "/examples/lab";
constexpr char kAdmin[] = "arn:aws:iam::aws:policy/AdministratorAccess";
constexpr char kReadOnly[] = "arn:aws:iam::aws:policy/ReadOnlyAccess";

iam::Account Lab() {
  absl::StatusOr<aws::Snapshot> s = aws::LoadSnapshot(kLab);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? s->account : iam::Account();
}

absl::Status Apply(const std::string& json, iam::Account& account, PlanOptions options = {}) {
  absl::StatusOr<std::unique_ptr<aws::JsonDocument>> doc =
      aws::JsonDocument::FromString(json, "plan.json");
  if (!doc.ok()) return doc.status();
  return ApplyPlan((*doc)->root(), account, options);
}

// The error text of Apply (empty when it succeeds).
std::string ApplyError(const std::string& json, iam::Account& account, PlanOptions options = {}) {
  return std::string(Apply(json, account, options).message());
}

// One resource_changes entry of the root module.
std::string Change(const std::string& type, const std::string& name, const std::string& actions,
                   const std::string& before, const std::string& after,
                   const std::string& after_unknown = "{}") {
  return absl::StrCat(R"({"address": ")", type, ".", name, R"(", "mode": "managed", "type": ")",
                      type, R"(", "name": ")", name,
                      R"(", "provider_name": "registry.terraform.io/hashicorp/aws", "change": )",
                      R"({"actions": )", actions, R"(, "before": )", before, R"(, "after": )",
                      after, R"(, "after_unknown": )", after_unknown, "}}");
}

// A plan of `changes` (a JSON array's elements) with `config` as the root module's resources.
std::string Plan(const std::string& changes, const std::string& config = "",
                 const std::string& extra = "") {
  return absl::StrCat(R"({"format_version": "1.2", "terraform_version": "1.5.7", )",
                      R"("resource_changes": [)", changes, R"(], "configuration": )",
                      R"({"root_module": {"resources": [)", config, "]}}", extra, "}");
}

constexpr char kAllowAll[] =
    R"("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}")";

const iam::User& UserOf(const iam::Account& account, const std::string& name) {
  static const iam::User kNone;
  const iam::User* u = account.FindUser(name);
  EXPECT_NE(u, nullptr) << name;
  return u != nullptr ? *u : kNone;
}

TEST(PlanTest, ExamplePlanAddsAPolicyARoleAndAnAttachment) {
  iam::Account account = Lab();
  const std::string path = std::string(VOUCH_SOURCE_DIR) + "/examples/terraform/plan.json";
  ASSERT_TRUE(ApplyPlanFile(path, account).ok()) << ApplyPlanFile(path, account);
  // The policy's ARN was unknown; the attachment's policy_arn referenced it.
  const std::string arn = "arn:aws:iam::111122223333:policy/ci/group-cleanup";
  const iam::ManagedPolicy* p = account.FindPolicy(arn);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "group-cleanup");
  EXPECT_FALSE(p->aws_managed);
  EXPECT_EQ(p->document.name, "aws_iam_policy.group_cleanup");
  ASSERT_EQ(p->document.statements.size(), 1u);
  EXPECT_EQ(p->document.statements[0].source,
            (SourceRef{path, "/resource_changes/0/change/after/policy/Statement/0"}));
  EXPECT_THAT(UserOf(account, "user-1").managed_policy_arns, ElementsAre(arn));
  const iam::Role* role = account.FindRole("ci-deployer");
  ASSERT_NE(role, nullptr);
  EXPECT_EQ(role->arn, "arn:aws:iam::111122223333:role/ci-deployer");
  EXPECT_EQ(role->source, (SourceRef{path, "/resource_changes/1/change/after"}));
  EXPECT_THAT(role->managed_policy_arns, ElementsAre(kReadOnly));
  EXPECT_EQ(role->tags, (iam::Tags{{"team", "platform"}}));
  ASSERT_TRUE(role->trust_policy.has_value());
  EXPECT_EQ(role->trust_policy->statements[0].principal->service,
            std::vector<std::string>{"codebuild.amazonaws.com"});
  // The bucket is read past; the lab's own principals are untouched.
  EXPECT_EQ(account.users.size(), 2u);
  EXPECT_EQ(account.roles.size(), 3u);
}

TEST(PlanTest, DeletingAMembershipTakesTheUserOutOfTheGroup) {
  iam::Account account = Lab();
  std::string m = R"({"id": "terraform-1", "user": "user-1", "groups": ["USER1GROUP"]})";
  ASSERT_TRUE(Apply(Plan(Change("aws_iam_user_group_membership", "u1", R"(["delete"])", m, "null")),
                    account)
                  .ok());
  EXPECT_THAT(UserOf(account, "user-1").groups, IsEmpty());
}

TEST(PlanTest, UpdateReplacesTheBeforeWithTheAfter) {
  iam::Account account = Lab();
  // The membership moves admin-1 from Administrators to USER1GROUP.
  std::string change = Change("aws_iam_group_membership", "admins", R"(["update"])",
                              R"({"name": "m", "group": "Administrators", "users": ["admin-1"]})",
                              R"({"name": "m", "group": "USER1GROUP", "users": ["admin-1"]})");
  ASSERT_TRUE(Apply(Plan(change), account).ok());
  EXPECT_THAT(UserOf(account, "admin-1").groups, ElementsAre("USER1GROUP"));
}

TEST(PlanTest, ReplacedAttachmentIsRemovedThenAdded) {
  iam::Account account = Lab();
  std::string before = R"({"user": "user-1", "policy_arn": ")" + std::string(kReadOnly) + R"("})";
  std::string after = R"({"user": "user-1", "policy_arn": ")" + std::string(kAdmin) + R"("})";
  ASSERT_TRUE(
      Apply(
          Plan(Change("aws_iam_user_policy_attachment", "a", R"(["create","delete"])", before,
                      after) +
               "," + Change("aws_iam_user_policy_attachment", "b", R"(["no-op"])", before, before)),
          account)
          .ok());
  EXPECT_THAT(UserOf(account, "user-1").managed_policy_arns, ElementsAre(kAdmin));
}

TEST(PlanTest, NoOpAndReadChangeNothing) {
  iam::Account lab = Lab();
  iam::Account account = lab;
  std::string attach = R"({"user": "user-1", "policy_arn": ")" + std::string(kAdmin) + R"("})";
  ASSERT_TRUE(
      Apply(
          Plan(Change("aws_iam_user_policy_attachment", "a", R"(["no-op"])", attach, attach) + "," +
               Change("aws_iam_user_policy_attachment", "b", R"(["read"])", "null", attach)),
          account)
          .ok());
  EXPECT_EQ(account, lab);
}

TEST(PlanTest, InlinePoliciesAreNamedByTheirAddress) {
  iam::Account account = Lab();
  std::string after =
      absl::StrCat(R"({"name": "everything", "role": "app-server", "policy": )", kAllowAll, "}");
  ASSERT_TRUE(
      Apply(Plan(Change("aws_iam_role_policy", "wide", R"(["create"])", "null", after)), account)
          .ok());
  const iam::Role* r = account.FindRole("app-server");
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->inline_policies.size(), 1u);
  EXPECT_EQ(r->inline_policies[0].name, "everything");
  EXPECT_EQ(r->inline_policies[0].document.name, "aws_iam_role_policy.wide");
  EXPECT_EQ(r->inline_policies[0].document.statements[0].source.pointer,
            "/resource_changes/0/change/after/policy/Statement/0");
}

TEST(PlanTest, ConfiguredRoleInlinePoliciesAndAttachmentsAreExclusive) {
  iam::Account account = Lab();
  std::string trust =
      R"("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")";
  std::string values = absl::StrCat(
      R"({"name": "app-server", "path": "/", "arn": "arn:aws:iam::111122223333:role/app-server",
          "assume_role_policy": )",
      trust, R"(, "managed_policy_arns": [")", kReadOnly, R"("], "inline_policy": [)",
      R"({"name": "wide", "policy": )", kAllowAll, "}]}");
  std::string config = R"({"address": "aws_iam_role.app", "mode": "managed", "type": "aws_iam_role",
      "name": "app", "expressions": {"managed_policy_arns": {"constant_value": []},
      "inline_policy": [{"name": {"constant_value": "wide"}}]}})";
  // Everything in the after is known: after_unknown's empty block marks nothing.
  ASSERT_TRUE(Apply(Plan(Change("aws_iam_role", "app", R"(["update"])", values, values,
                                R"({"inline_policy": [{}], "managed_policy_arns": [false]})"),
                         config),
                    account)
                  .ok());
  const iam::Role* r = account.FindRole("app-server");
  ASSERT_NE(r, nullptr);
  // app-data-access, which the snapshot attaches, is gone: the configured list is the whole list.
  EXPECT_THAT(r->managed_policy_arns, ElementsAre(kReadOnly));
  ASSERT_EQ(r->inline_policies.size(), 1u);
  EXPECT_EQ(r->inline_policies[0].name, "wide");
  EXPECT_EQ(r->inline_policies[0].document.name, "aws_iam_role.app.inline_policy[0]");
  EXPECT_EQ(r->trust_policy->name, "aws_iam_role.app trust policy");
  EXPECT_EQ(r->permissions_boundary_arn, std::nullopt);  // the after sets none
}

constexpr char kAppData[] = "arn:aws:iam::111122223333:policy/app-data-access";

TEST(PlanTest, ExclusiveResourcesLeaveOnlyWhatTheyList) {
  // Managed policies: the provider attaches those listed and detaches the others.
  iam::Account account = Lab();
  ASSERT_TRUE(
      Apply(Plan(Change("aws_iam_role_policy_attachments_exclusive", "app", R"(["create"])", "null",
                        absl::StrCat(R"({"role_name": "app-server", "policy_arns": [")", kReadOnly,
                                     R"("]})"))),
            account)
          .ok());
  EXPECT_THAT(account.FindRole("app-server")->managed_policy_arns, ElementsAre(kReadOnly));
  // Inline policies: those not listed are deleted; a name listed is not made.
  ASSERT_TRUE(Apply(Plan(Change("aws_iam_role_policies_exclusive", "audit", R"(["create"])", "null",
                                R"({"role_name": "security-audit", "policy_names": ["other"]})")),
                    account)
                  .ok());
  EXPECT_TRUE(account.FindRole("security-audit")->inline_policies.empty());
  // Users and groups alike; the inline policy listed stays.
  ASSERT_TRUE(
      Apply(
          Plan(absl::StrCat(
              Change("aws_iam_user_policies_exclusive", "u", R"(["update"])",
                     R"({"user_name": "user-1", "policy_names": []})",
                     R"({"user_name": "user-1", "policy_names": ["ManageOwnAccessKeysWithMfa"]})"),
              ",",
              Change("aws_iam_group_policy_attachments_exclusive", "g", R"(["create"])", "null",
                     R"({"group_name": "USER1GROUP", "policy_arns": []})"))),
          account)
          .ok());
  ASSERT_EQ(UserOf(account, "user-1").inline_policies.size(), 1u);
  EXPECT_EQ(UserOf(account, "user-1").inline_policies[0].name, "ManageOwnAccessKeysWithMfa");
  EXPECT_TRUE(account.FindGroup("USER1GROUP")->managed_policy_arns.empty());
  // Deleting one stops the reconciling and changes nothing.
  iam::Account lab = Lab();
  ASSERT_TRUE(Apply(Plan(Change("aws_iam_role_policy_attachments_exclusive", "app", R"(["delete"])",
                                R"({"role_name": "app-server", "policy_arns": []})", "null")),
                    lab)
                  .ok());
  EXPECT_THAT(lab.FindRole("app-server")->managed_policy_arns, ElementsAre(kAppData));
}

TEST(PlanTest, AnExclusiveResourceAndALinkItUndoesAreUnknown) {
  // The plan attaches AdministratorAccess to app-server, and keeps app-server's attachments to
  // app-data-access alone: the order of the apply decides.
  iam::Account account = Lab();
  std::string attach =
      Change("aws_iam_role_policy_attachment", "admin", R"(["create"])", "null",
             absl::StrCat(R"({"role": "app-server", "policy_arn": ")", kAdmin, R"("})"));
  std::string exclusive =
      Change("aws_iam_role_policy_attachments_exclusive", "app", R"(["create"])", "null",
             absl::StrCat(R"({"role_name": "app-server", "policy_arns": [")", kAppData, R"("]})"));
  absl::Status s = Apply(Plan(exclusive + "," + attach), account);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/change/after/policy_arns: "
            "`aws_iam_role_policy_attachments_exclusive.app` keeps only the managed policies it "
            "lists on role `app-server`, and the plan also gives it "
            "`arn:aws:iam::aws:policy/AdministratorAccess`, which it does not list: whether this "
            "apply or the next takes it away depends on the order of the apply");
  // Detaching a policy it lists.
  iam::Account lab = Lab();
  std::string detach =
      Change("aws_iam_role_policy_attachment", "data", R"(["delete"])",
             absl::StrCat(R"({"role": "app-server", "policy_arn": ")", kAppData, R"("})"), "null");
  s = Apply(Plan(exclusive + "," + detach), lab);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_NE(s.message().find("and the plan also detaches "
                             "`arn:aws:iam::111122223333:policy/app-data-access`, which it lists"),
            absl::string_view::npos)
      << s;
  // A managed policy listed that no one holds, and a principal no one holds, are bad input.
  iam::Account bad = Lab();
  EXPECT_EQ(ApplyError(Plan(Change("aws_iam_role_policy_attachments_exclusive", "app",
                                   R"(["create"])", "null",
                                   R"({"role_name": "app-server", "policy_arns": )"
                                   R"(["arn:aws:iam::111122223333:policy/nope"]})")),
                       bad),
            "plan.json: /resource_changes/0/change/after/policy_arns: "
            "`aws_iam_role_policy_attachments_exclusive.app` names managed policy "
            "`arn:aws:iam::111122223333:policy/nope`, which neither the snapshot nor the plan "
            "holds");
  EXPECT_EQ(ApplyError(Plan(Change("aws_iam_user_policies_exclusive", "u", R"(["create"])", "null",
                                   R"({"user_name": "nobody", "policy_names": []})")),
                       bad),
            "plan.json: /resource_changes/0/change/after/user_name: "
            "`aws_iam_user_policies_exclusive.u` names user `nobody`, which neither the snapshot "
            "nor the plan holds");
}

TEST(PlanTest, ReferencesInAChildModuleResolve) {
  iam::Account account = Lab();
  std::string policy = absl::StrCat(
      R"({"address": "module.ci.aws_iam_policy.p", "module_address": "module.ci", "mode": "managed",
          "type": "aws_iam_policy", "name": "p", "change": {"actions": ["create"], "before": null,
          "after": {"name": "wide", "path": "/", "policy": )",
      kAllowAll, R"(}, "after_unknown": {"arn": true, "id": true}}})");
  std::string attach = R"({"address": "module.ci.aws_iam_group_policy_attachment.a",
      "module_address": "module.ci", "mode": "managed", "type": "aws_iam_group_policy_attachment",
      "name": "a", "change": {"actions": ["create"], "before": null,
      "after": {"group": "USER1GROUP"}, "after_unknown": {"id": true, "policy_arn": true}}})";
  std::string extra = R"(, "unused": {"module_calls": {}})";
  std::string plan = absl::StrCat(
      R"({"format_version": "1.1", "resource_changes": [)", policy, ",", attach,
      R"(], "configuration": {"root_module": {"module_calls": {"ci": {"source": "./ci", "module":
      {"resources": [{"address": "aws_iam_group_policy_attachment.a", "mode": "managed",
      "type": "aws_iam_group_policy_attachment", "name": "a", "expressions": {"group":
      {"constant_value": "USER1GROUP"}, "policy_arn": {"references": ["aws_iam_policy.p.arn",
      "aws_iam_policy.p"]}}}]}}}}})",
      extra, "}");
  ASSERT_TRUE(Apply(plan, account).ok()) << Apply(plan, account);
  const iam::Group* g = account.FindGroup("USER1GROUP");
  ASSERT_NE(g, nullptr);
  EXPECT_THAT(g->managed_policy_arns,
              ElementsAre(kReadOnly, "arn:aws:iam::111122223333:policy/wide"));
}

TEST(PlanTest, UnknownElementsOfASetResolveThroughReferences) {
  iam::Account account;
  std::string role = Change(
      "aws_iam_role", "r", R"(["create"])", "null",
      R"({"name": "deployer", "path": "/ci/", "assume_role_policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"codebuild.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"})",
      R"({"arn": true, "id": true, "unique_id": true, "inline_policy": true,
          "managed_policy_arns": true})");
  std::string attach =
      Change("aws_iam_policy_attachment", "a", R"(["create"])", "null",
             R"({"name": "a", "policy_arn": "arn:aws:iam::444455556666:policy/p", "roles": [null],
          "users": [], "groups": []})",
             R"({"id": true, "roles": [true]})");
  std::string policy =
      Change("aws_iam_policy", "p", R"(["no-op"])",
             absl::StrCat(R"({"name": "p", "path": "/", "arn": "arn:aws:iam::444455556666:policy/p",
                     "policy": )",
                          kAllowAll, "}"),
             absl::StrCat(R"({"name": "p", "path": "/", "arn": "arn:aws:iam::444455556666:policy/p",
                     "policy": )",
                          kAllowAll, "}"));
  // An attachment names the role by name, here through its id (which is its name).
  std::string config = R"({"address": "aws_iam_policy_attachment.a", "mode": "managed",
      "type": "aws_iam_policy_attachment", "name": "a", "expressions": {"roles": {"references":
      ["aws_iam_role.r.id", "aws_iam_role.r"]}}}, {"address": "aws_iam_role.r", "mode": "managed",
      "type": "aws_iam_role", "name": "r", "expressions": {"name": {"constant_value": "deployer"}}})";
  // The no-op policy (whose ARN shows the account) is not created, as no-op changes nothing, so
  // the attachment names a policy the account does not hold.
  EXPECT_EQ(ApplyError(Plan(role + "," + attach + "," + policy, config), account),
            "plan.json: /resource_changes/1/change/after/policy_arn: `aws_iam_policy_attachment.a` "
            "names managed policy `arn:aws:iam::444455556666:policy/p`, which neither the "
            "snapshot nor the plan holds");
  account = iam::Account();
  std::string created = Change(
      "aws_iam_policy", "p", R"(["create"])", "null",
      absl::StrCat(R"({"name": "p", "path": "/", "policy": )", kAllowAll, "}"), R"({"arn": true})");
  // Nothing in this plan shows the account: it is given.
  PlanOptions options{.account_id = "444455556666"};
  ASSERT_TRUE(Apply(Plan(role + "," + attach + "," + created, config), account, options).ok())
      << Apply(Plan(role + "," + attach + "," + created, config), account, options);
  EXPECT_EQ(account.account_id, "444455556666");
  const iam::Role* r = account.FindRole("deployer");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->arn, "arn:aws:iam::444455556666:role/ci/deployer");
  EXPECT_THAT(r->managed_policy_arns, ElementsAre("arn:aws:iam::444455556666:policy/p"));
}

TEST(PlanTest, AnUnknownPolicyDocumentIsUnknown) {
  iam::Account account = Lab();
  absl::Status s =
      Apply(Plan(Change("aws_iam_user_policy", "p", R"(["create"])", "null",
                        R"({"name": "p", "user": "user-1"})", R"({"id": true, "policy": true})")),
            account);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/change/after_unknown/policy: `policy` of "
            "`aws_iam_user_policy.p` is known only after apply, so the planned permissions "
            "cannot be told from the plan");
}

TEST(PlanTest, AnUnknownTrustPolicyLeavesOnlyAssumingTheRoleUnknown) {
  // assume_role_policy = jsonencode({... Federated = aws_iam_openid_connect_provider.gh.arn ...}):
  // the role is created, with its policies, and only its trust policy is unknown.
  iam::Account account = Lab();
  ASSERT_NE(account.FindRole("app-server"), nullptr);
  ASSERT_TRUE(account.FindRole("app-server")->trust_policy.has_value());
  std::string created = Change("aws_iam_role", "deploy", R"(["create"])", "null",
                               R"({"name": "deploy", "path": "/", "managed_policy_arns": [")" +
                                   std::string(kReadOnly) + R"("]})",
                               R"({"arn": true, "id": true, "assume_role_policy": true})");
  // An update of a role of the snapshot: its old trust policy no longer holds.
  std::string updated = Change(
      "aws_iam_role", "app", R"(["update"])",
      R"({"name": "app-server", "path": "/", "arn": "arn:aws:iam::111122223333:role/app-server"})",
      R"({"name": "app-server", "path": "/", "arn": "arn:aws:iam::111122223333:role/app-server"})",
      R"({"assume_role_policy": true})");
  ASSERT_TRUE(Apply(Plan(created + "," + updated), account).ok())
      << Apply(Plan(created + "," + updated), account);
  const iam::Role* deploy = account.FindRole("deploy");
  ASSERT_NE(deploy, nullptr);
  EXPECT_EQ(deploy->arn, "arn:aws:iam::111122223333:role/deploy");
  EXPECT_THAT(deploy->managed_policy_arns, ElementsAre(kReadOnly));
  EXPECT_FALSE(deploy->trust_policy.has_value());
  EXPECT_EQ(deploy->trust_policy_unknown,
            "plan.json: /resource_changes/0/change/after_unknown/assume_role_policy: "
            "`assume_role_policy` of `aws_iam_role.deploy` is known only after apply, so the "
            "planned permissions cannot be told from the plan");
  const iam::Role* app = account.FindRole("app-server");
  ASSERT_NE(app, nullptr);
  EXPECT_FALSE(app->trust_policy.has_value());
  EXPECT_EQ(app->trust_policy_unknown,
            "plan.json: /resource_changes/1/change/after_unknown/assume_role_policy: "
            "`assume_role_policy` of `aws_iam_role.app` is known only after apply, so the "
            "planned permissions cannot be told from the plan");
}

TEST(PlanTest, AMissingTrustPolicyIsStillBadInput) {
  // Known (after_unknown does not mark it) and absent: the plan is malformed, not unknown.
  iam::Account account = Lab();
  absl::Status s = Apply(Plan(Change("aws_iam_role", "deploy", R"(["create"])", "null",
                                     R"({"name": "deploy", "path": "/"})", R"({"arn": true})")),
                         account);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/change/after: missing `assume_role_policy`");
}

TEST(PlanTest, AnUnknownUserInAMembershipIsUnknown) {
  iam::Account account = Lab();
  // `user` references a resource the plan does not hold: nothing tells its value.
  absl::Status s =
      Apply(Plan(Change("aws_iam_user_group_membership", "m", R"(["create"])", "null",
                        R"({"groups": ["USER1GROUP"]})", R"({"id": true, "user": true})"),
                 R"({"address": "aws_iam_user_group_membership.m", "mode": "managed",
               "type": "aws_iam_user_group_membership", "name": "m", "expressions": {"user":
               {"references": ["aws_iam_user.gone.name", "aws_iam_user.gone"]}}})"),
            account);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/change/after_unknown/user: `user` of "
            "`aws_iam_user_group_membership.m` is known only after apply, so the planned "
            "permissions cannot be told from the plan");
}

TEST(PlanTest, AListKnownOnlyAsAWholeIsUnknown) {
  iam::Account account = Lab();
  // managed_policy_arns = [aws_iam_policy.p.arn, var.extra]: the plan cannot say what var.extra
  // adds, so the list is not guessed from the one reference it can resolve.
  std::string role = Change(
      "aws_iam_role", "r", R"(["create"])", "null",
      R"({"name": "deployer", "path": "/", "assume_role_policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"})",
      R"({"arn": true, "managed_policy_arns": true})");
  std::string policy = Change(
      "aws_iam_policy", "p", R"(["create"])", "null",
      absl::StrCat(R"({"name": "p", "path": "/", "policy": )", kAllowAll, "}"), R"({"arn": true})");
  std::string config = R"({"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role",
      "name": "r", "expressions": {"managed_policy_arns": {"references": ["aws_iam_policy.p.arn",
      "aws_iam_policy.p", "var.extra"]}}})";
  absl::Status s = Apply(Plan(role + "," + policy, config), account);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/change/after_unknown/managed_policy_arns: "
            "`managed_policy_arns` of `aws_iam_role.r` is known only after apply, so the planned "
            "permissions cannot be told from the plan");
}

TEST(PlanTest, BadPlansAreRefusedWithTheirLocation) {
  iam::Account account;
  auto message = [&](const std::string& json) { return ApplyError(json, account); };
  EXPECT_EQ(message(R"({"format_version": "2.0", "resource_changes": []})"),
            "plan.json: /format_version: unsupported format version `2.0` (vouch reads "
            "Terraform's JSON plan format 1.x)");
  EXPECT_EQ(message(R"({"resource_changes": []})"), "plan.json: missing `format_version`");
  EXPECT_EQ(message(R"([1])"),
            "plan.json: expected a Terraform plan (the output of `terraform show -json "
            "PLANFILE`), got array");
  EXPECT_EQ(message(R"({"format_version": "1.0", "values": {}})"),
            "plan.json: this is a Terraform state, not a plan (give the output of `terraform "
            "show -json PLANFILE`)");
  EXPECT_EQ(message(R"({"format_version": "1.2", "resource_changes": {}})"),
            "plan.json: /resource_changes: expected an array, got object");
  EXPECT_EQ(message(Plan(Change("aws_iam_user", "u", R"(["craete"])", "null", "{}"))),
            "plan.json: /resource_changes/0/change/actions/0: unknown action `craete` (expected "
            "create, delete, update, no-op, read or forget)");
  EXPECT_EQ(message(Plan(Change("aws_iam_user", "u", R"(["create"])", "null", R"({"name": 7})"))),
            "plan.json: /resource_changes/0/change/after/name: expected a string, got number");
  EXPECT_EQ(message(Plan(Change("aws_iam_policy", "p", R"(["create"])", "null",
                                R"({"name": "p", "arn": "arn:aws:iam::111122223333:policy/p",
                                    "policy": "{\"Statement\": {\"Efect\": \"Allow\"}}"})"))),
            "plan.json: /resource_changes/0/change/after/policy/Statement/Efect: unknown element "
            "`Efect` (expected Sid, Effect, Action, NotAction, Resource, NotResource, Principal, "
            "NotPrincipal or Condition)");
}

TEST(PlanTest, NamesWhatNeitherTheSnapshotNorThePlanHolds) {
  iam::Account account = Lab();
  EXPECT_EQ(ApplyError(Plan(Change("aws_iam_user_policy_attachment", "a", R"(["create"])", "null",
                                   R"({"user": "user-2", "policy_arn": ")" + std::string(kAdmin) +
                                       R"("})")),
                       account),
            "plan.json: /resource_changes/0/change/after/user: `aws_iam_user_policy_attachment.a` "
            "names user `user-2`, which neither the snapshot nor the plan holds");
  account = Lab();
  std::string before = absl::StrCat(
      R"({"name": "app-data-access", "path": "/", "arn": "arn:aws:iam::111122223333:policy/app-data-access", "policy": )",
      kAllowAll, "}");
  // Deleting a policy a role of the snapshot still attaches.
  EXPECT_EQ(
      ApplyError(Plan(Change("aws_iam_policy", "p", R"(["delete"])", before, "null")), account),
      kLab +
          "/iam-get-account-authorization-details.json: /RoleDetailList/0: role `app-server` "
          "attaches managed policy `arn:aws:iam::111122223333:policy/app-data-access`, which "
          "the account no longer holds once the plan is applied");
}

TEST(PlanTest, AnEmptyAccountNeedsAnAccountIdForTheArnsItCreates) {
  std::string user = Change("aws_iam_user", "u", R"(["create"])", "null",
                            R"({"name": "deployer", "path": "/"})", R"({"arn": true})");
  iam::Account account;
  EXPECT_EQ(ApplyError(Plan(user), account),
            "plan.json: /resource_changes/0/change/after: the ARN of `aws_iam_user.u` needs the "
            "account id, which neither the snapshot nor the plan shows (give --snapshot or "
            "--account-id)");
  account = iam::Account();
  ASSERT_TRUE(Apply(Plan(user), account, {.account_id = "777788889999"}).ok());
  EXPECT_EQ(UserOf(account, "deployer").arn, "arn:aws:iam::777788889999:user/deployer");
  // data.aws_caller_identity in prior_state tells it too.
  account = iam::Account();
  std::string prior = R"(, "prior_state": {"format_version": "1.0", "values": {"root_module":
      {"resources": [{"address": "data.aws_caller_identity.me", "mode": "data",
      "type": "aws_caller_identity", "name": "me", "values": {"account_id": "222233334444"}}]}}})";
  ASSERT_TRUE(Apply(Plan(user, "", prior), account).ok());
  EXPECT_EQ(account.account_id, "222233334444");
  EXPECT_EQ(UserOf(account, "deployer").arn, "arn:aws:iam::222233334444:user/deployer");
  // A snapshot's account wins over nothing, and must agree with one given.
  account = Lab();
  EXPECT_EQ(ApplyError(Plan(user), account, {.account_id = "777788889999"}),
            "account id `777788889999` is not the snapshot's account (`111122223333`)");
}

TEST(PlanTest, IamResourcesVouchDoesNotModelAreRefusedWhenTheyChange) {
  iam::Account account = Lab();
  absl::Status s = Apply(Plan(Change("aws_iam_service_linked_role", "es", R"(["create"])", "null",
                                     R"({"aws_service_name": "es.amazonaws.com"})")),
                         account);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(),
            "plan.json: /resource_changes/0/type: `aws_iam_service_linked_role.es` changes IAM "
            "permissions in a way vouch does not model (resource type "
            "`aws_iam_service_linked_role`)");
  // Keys, instance profiles and other providers grant nothing: read past.
  iam::Account lab = Lab();
  account = lab;
  ASSERT_TRUE(
      Apply(
          Plan(Change("aws_iam_access_key", "k", R"(["create"])", "null", R"({"user": "user-1"})") +
               "," +
               Change("random_id", "suffix", R"(["create"])", "null", R"({"byte_length": 4})")),
          account)
          .ok());
  EXPECT_EQ(account, lab);
}

TEST(PlanTest, UpdatingAPrincipalKeepsWhatOtherResourcesGiveIt) {
  iam::Account account = Lab();
  std::string before =
      R"({"name": "user-1", "path": "/", "arn": "arn:aws:iam::111122223333:user/user-1",
      "unique_id": "AIDAEXAMPLEUSER1", "tags": {}, "tags_all": {}})";
  std::string after =
      R"({"name": "user-1", "path": "/", "arn": "arn:aws:iam::111122223333:user/user-1",
      "unique_id": "AIDAEXAMPLEUSER1", "tags": {"team": "data"}, "tags_all": {"team": "data",
      "managed-by": "terraform"}, "permissions_boundary": "arn:aws:iam::111122223333:policy/app-boundary"})";
  iam::User old_user = UserOf(account, "user-1");
  ASSERT_TRUE(
      Apply(Plan(Change("aws_iam_user", "u1", R"(["update"])", before, after)), account).ok());
  const iam::User& u = UserOf(account, "user-1");
  EXPECT_EQ(u.groups, old_user.groups);
  EXPECT_EQ(u.inline_policies, old_user.inline_policies);
  EXPECT_EQ(u.tags, (iam::Tags{{"managed-by", "terraform"}, {"team", "data"}}));
  EXPECT_EQ(u.permissions_boundary_arn, "arn:aws:iam::111122223333:policy/app-boundary");
  EXPECT_EQ(u.source.pointer, "/resource_changes/0/change/after");
}

}  // namespace
}  // namespace vouch::terraform
