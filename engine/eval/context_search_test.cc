// SearchContexts: hand-derived witnesses for each family of operators, "never allowed" only when
// every class of values was tried, and a randomized check that no sampled context allows a
// request the search calls never allowed.
#include "engine/eval/context_search.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "engine/eval/iam_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

using testing::Allow;
using testing::Apply;
using testing::Cond;
using testing::Deny;
using testing::MakePolicy;
using testing::MakeRequest;
using testing::WithCondition;
using Outcome = ContextSearch::Outcome;
using ::testing::ElementsAre;

constexpr char kAlice[] = "arn:aws:iam::111122223333:user/alice";

PolicySet Identity(std::vector<Statement> statements) {
  PolicySet set;
  set.identity.push_back(Apply(MakePolicy("p", std::move(statements)), PolicyType::kIdentity));
  return set;
}

Statement AllowIf(std::vector<Condition> conditions) {
  Statement s = Allow({"s3:GetObject"});
  for (Condition& c : conditions) s = WithCondition(std::move(s), std::move(c));
  return s;
}

ContextSearch Search(const PolicySet& set) {
  return SearchContexts(set, MakeRequest(kAlice, "s3:GetObject", "arn:aws:s3:::b/k"));
}

std::vector<std::string> WitnessValues(const ContextSearch& s, absl::string_view key) {
  const ContextValue* v = s.witness.Find(key);
  return v == nullptr ? std::vector<std::string>{"<absent>"} : v->values;
}

TEST(SearchContexts, BoolFindsTheValueThatAllows) {
  ContextSearch s =
      Search(Identity({AllowIf({Cond("Bool", "aws:MultiFactorAuthPresent", {"true"})})}));
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "aws:MultiFactorAuthPresent"), ElementsAre("true"));
  EXPECT_EQ(Evaluate(Identity({AllowIf({Cond("Bool", "aws:MultiFactorAuthPresent", {"true"})})}),
                     s.witness)
                .decision,
            Decision::kAllowed);
}

TEST(SearchContexts, NumbersBetweenTheValuesNamed) {
  // Only values strictly between 10 and 11 allow: the literals alone would never find one.
  ContextSearch s = Search(Identity({AllowIf({Cond("NumericGreaterThan", "s3:max-keys", {"10"}),
                                              Cond("NumericLessThan", "s3:max-keys", {"11"})})}));
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "s3:max-keys"), ElementsAre("10.5"));
}

TEST(SearchContexts, DatesAtMillisecondResolution) {
  ContextSearch s = Search(
      Identity({AllowIf({Cond("DateGreaterThan", "aws:CurrentTime", {"2026-01-01T00:00:00Z"}),
                         Cond("DateLessThan", "aws:CurrentTime", {"2026-01-01T00:00:00.002Z"})})}));
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "aws:CurrentTime"), ElementsAre("2026-01-01T00:00:00.001Z"));
  ContextSearch never = Search(
      Identity({AllowIf({Cond("DateGreaterThan", "aws:CurrentTime", {"2026-01-01T00:00:00Z"}),
                         Cond("DateLessThan", "aws:CurrentTime", {"2026-01-01T00:00:00.001Z"})})}));
  EXPECT_EQ(never.outcome, Outcome::kNeverAllowed);
}

TEST(SearchContexts, AddressesInOneBlockButNotTheOther) {
  ContextSearch s =
      Search(Identity({AllowIf({Cond("IpAddress", "aws:SourceIp", {"10.0.0.0/8"}),
                                Cond("NotIpAddress", "aws:SourceIp", {"10.0.0.0/9"})})}));
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "aws:SourceIp"), ElementsAre("10.128.0.0"));
  ContextSearch never =
      Search(Identity({AllowIf({Cond("IpAddress", "aws:SourceIp", {"10.0.0.0/9"}),
                                Cond("NotIpAddress", "aws:SourceIp", {"10.0.0.0/8"})})}));
  EXPECT_EQ(never.outcome, Outcome::kNeverAllowed);
}

TEST(SearchContexts, ADenyThatAppliesWhenTheKeyIsAbsent) {
  // NotIpAddress holds for an absent key, so the Deny applies as asked; an address inside the
  // block lifts it.
  PolicySet set = Identity(
      {Allow({"*"}),
       WithCondition(Deny({"*"}), Cond("NotIpAddress", "aws:SourceIp", {"192.0.2.0/24"}))});
  ContextSearch s = Search(set);
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "aws:SourceIp"), ElementsAre("192.0.2.0"));
}

TEST(SearchContexts, ContradictionsAreNeverAllowedAfterEveryClass) {
  ContextSearch s =
      Search(Identity({AllowIf({Cond("StringEquals", "aws:PrincipalTag/team", {"blue"}),
                                Cond("StringNotEquals", "aws:PrincipalTag/team", {"blue"})})}));
  EXPECT_EQ(s.outcome, Outcome::kNeverAllowed);
  // "blue", "BLUE"-less (no IgnoreCase), one other, a list, absent; and the request as asked.
  EXPECT_EQ(s.contexts_tried, 5u);
}

TEST(SearchContexts, CaseTellsEqualsFromEqualsIgnoreCase) {
  ContextSearch s =
      Search(Identity({AllowIf({Cond("StringEqualsIgnoreCase", "aws:PrincipalTag/team", {"blue"}),
                                Cond("StringNotEquals", "aws:PrincipalTag/team", {"blue"})})}));
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "aws:PrincipalTag/team"), ElementsAre("BLUE"));
}

TEST(SearchContexts, SetOperatorsTrySubsets) {
  ContextSearch s =
      Search(Identity({AllowIf({Cond("ForAnyValue:StringEquals", "aws:TagKeys", {"a"}),
                                Cond("ForAllValues:StringEquals", "aws:TagKeys", {"a", "b"}),
                                Cond("ForAnyValue:StringEquals", "aws:TagKeys", {"b"})})}));
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "aws:TagKeys"), ElementsAre("a", "b"));
}

TEST(SearchContexts, AListStandsForEveryListUnderPlainOperators) {
  // Present (Null false), yet neither Deny applies: only a list, which fails every plain
  // operator, negated ones included.
  PolicySet set =
      Identity({AllowIf({Cond("Null", "s3:prefix", {"false"})}),
                WithCondition(Deny({"*"}), Cond("StringEquals", "s3:prefix", {"x"})),
                WithCondition(Deny({"*"}), Cond("StringNotEquals", "s3:prefix", {"x"}))});
  ContextSearch s = Search(set);
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  ASSERT_NE(s.witness.Find("s3:prefix"), nullptr);
  EXPECT_TRUE(s.witness.Find("s3:prefix")->multivalued);
}

TEST(SearchContexts, GlobsFindWitnessesButNeverProveAbsence) {
  ContextSearch found = Search(Identity({AllowIf(
      {Cond("StringLike", "s3:prefix", {"a*b"}), Cond("StringNotLike", "s3:prefix", {"ab"})})}));
  ASSERT_EQ(found.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(found, "s3:prefix"), ElementsAre("axb"));
  ContextSearch unknown = Search(Identity({AllowIf(
      {Cond("StringLike", "s3:prefix", {"a?c"}), Cond("StringNotLike", "s3:prefix", {"a?c"})})}));
  EXPECT_EQ(unknown.outcome, Outcome::kIncomplete);
  EXPECT_EQ(unknown.why, "s3:prefix is tested with StringLike");
}

TEST(SearchContexts, FixedKeysStayAsTheRequestHasThem) {
  // A tag the principal lacks is not one the caller can add: with the principal's keys fixed,
  // no context allows; without, the tag's value would.
  PolicySet set = Identity({AllowIf({Cond("StringEquals", "aws:PrincipalTag/dept", {"eng"})})});
  Request r = MakeRequest(kAlice, "s3:GetObject", "arn:aws:s3:::b/k");
  EXPECT_EQ(SearchContexts(set, r, PrincipalKeys()).outcome, Outcome::kNeverAllowed);
  EXPECT_EQ(SearchContexts(set, r).outcome, Outcome::kAllowed);
  // Fixed keys aside, the others are still searched.
  PolicySet both = Identity({AllowIf({Cond("StringNotEquals", "aws:PrincipalTag/dept", {"eng"}),
                                      Cond("Bool", "aws:SecureTransport", {"true"})})});
  ContextSearch s = SearchContexts(both, r, PrincipalKeys());
  ASSERT_EQ(s.outcome, Outcome::kAllowed);
  EXPECT_THAT(WitnessValues(s, "aws:SecureTransport"), ElementsAre("true"));
  EXPECT_THAT(WitnessValues(s, "aws:PrincipalTag/dept"), ElementsAre("<absent>"));
}

TEST(SearchContexts, NoMissingKeyMeansTheAnswerAsAsked) {
  EXPECT_EQ(Search(Identity({Allow({"ec2:*"})})).outcome, Outcome::kNeverAllowed);
  EXPECT_EQ(Search(Identity({Allow({"s3:*"})})).outcome, Outcome::kAllowed);
}

// The search's "never allowed" against sampling: random conditions over two keys, then many
// random contexts drawn near and far from the values named; none may be allowed where the search
// found none, and a witness must replay.
TEST(SearchContexts, NeverAllowedAgreesWithSampledContexts) {
  std::mt19937 rng(20261207);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const std::vector<std::pair<std::string, std::vector<std::string>>> kinds = {
      {"StringEquals", {"a", "b", "A"}},
      {"StringNotEquals", {"a", "b"}},
      {"StringEqualsIgnoreCase", {"a", "B"}},
      {"StringNotEqualsIgnoreCase", {"b"}},
      {"NumericLessThan", {"5", "7.5"}},
      {"NumericGreaterThanEquals", {"5", "6"}},
      {"NumericNotEquals", {"6"}},
      {"IpAddress", {"10.0.0.0/8", "10.1.0.0/16"}},
      {"NotIpAddress", {"10.1.0.0/16"}},
      {"Bool", {"true"}},
      {"Null", {"true"}},
      {"Null", {"false"}},
      {"ForAnyValue:StringEquals", {"a"}},
      {"ForAllValues:StringEquals", {"a", "b"}},
      {"NumericGreaterThan", {"5"}},
      {"NumericLessThan", {"6"}},
      {"NotIpAddress", {"10.0.0.0/16"}},
      {"IpAddress", {"10.0.0.0/8"}},
  };
  const std::vector<std::string> pool = {
      "a",   "b", "A",        "B",        "c",        "5",    "6",    "7",     "5.5",
      "7.5", "4", "10.0.0.1", "10.1.2.3", "11.0.0.1", "true", "TRUE", "false", "x"};
  int never = 0, allowed = 0;
  for (int round = 0; round < 1000; ++round) {
    std::vector<Statement> statements;
    for (int s = 0; s < 1 + static_cast<int>(pick(3)); ++s) {
      Statement st = pick(3) == 0 ? Deny({"s3:*"}) : Allow({"s3:GetObject"});
      for (int c = 0; c < 1 + static_cast<int>(pick(2)); ++c) {
        const auto& [op, values] = kinds[pick(kinds.size())];
        st = WithCondition(std::move(st), Cond(op, pick(2) == 0 ? "k1" : "k2", values));
      }
      statements.push_back(std::move(st));
    }
    PolicySet set = Identity(std::move(statements));
    Request base = MakeRequest(kAlice, "s3:GetObject", "arn:aws:s3:::b/k");
    ContextSearch s = SearchContexts(set, base);
    if (s.outcome == Outcome::kAllowed) {
      ++allowed;
      EXPECT_EQ(Evaluate(set, s.witness).decision, Decision::kAllowed);
      continue;
    }
    if (s.outcome != Outcome::kNeverAllowed) continue;
    ++never;
    for (int sample = 0; sample < 300; ++sample) {
      Request r = base;
      for (const char* key : {"k1", "k2"}) {
        switch (pick(4)) {
          case 0:
            break;  // absent
          case 1:
            r.Set(ContextValue{key, ContextType::kString, false, {pool[pick(pool.size())]}});
            break;
          default: {
            ContextValue list{key, ContextType::kString, true, {}};
            for (size_t n = pick(3); n > 0; --n) list.values.push_back(pool[pick(pool.size())]);
            r.Set(std::move(list));
          }
        }
      }
      ASSERT_NE(Evaluate(set, r).decision, Decision::kAllowed)
          << "round " << round << ": the search said never allowed";
    }
  }
  // Both outcomes occur, so the comparison is not vacuous.
  EXPECT_GT(never, 20);
  EXPECT_GT(allowed, 20);
}

}  // namespace
}  // namespace vouch::iam
