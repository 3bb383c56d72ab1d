// Request context: typed values as the simulator's ContextEntries give them, and
// case-insensitive keys.
#include "models/iam/request.h"

#include "gtest/gtest.h"

namespace vouch::iam {
namespace {

TEST(RequestTest, ContextKeysAreCaseInsensitive) {
  Request r;
  r.Set(*MakeContextValue("aws:SourceIp", "ip", {"203.0.113.7"}));
  ASSERT_NE(r.Find("AWS:SOURCEIP"), nullptr);
  EXPECT_EQ(r.Find("aws:sourceip")->key, "aws:SourceIp");
  EXPECT_EQ(r.Find("aws:SourceIp")->type, ContextType::kIp);
  EXPECT_EQ(r.Find("aws:username"), nullptr);
}

TEST(RequestTest, ListTypesAreMultivalued) {
  absl::StatusOr<ContextValue> v = MakeContextValue("aws:TagKeys", "stringList", {"a", "b"});
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->multivalued);
  EXPECT_EQ(v->values.size(), 2u);
  EXPECT_FALSE(MakeContextValue("aws:username", "string", {"a"})->multivalued);
}

TEST(RequestTest, RejectsUnknownTypesAndWrongArity) {
  EXPECT_EQ(MakeContextValue("k", "str", {"a"}).status().message(),
            "unknown context key type `str` (expected string, stringList, numeric, numericList, "
            "boolean, booleanList, ip, ipList, binary, binaryList, date or dateList)");
  EXPECT_EQ(MakeContextValue("k", "string", {"a", "b"}).status().message(),
            "context key `k` of type `string` takes exactly one value");
}

}  // namespace
}  // namespace vouch::iam
