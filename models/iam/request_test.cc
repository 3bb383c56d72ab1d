// Request context: typed values as the simulator's ContextEntries give them, and
// case-insensitive keys.
#include "models/iam/request.h"

#include <string>

#include "absl/strings/ascii.h"
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

// Entry lowercases keys 16 bytes at a time: every byte value, at every key length up to the
// stack buffer's and past it, keys the map as absl::AsciiStrToLower does.
TEST(RequestTest, EntryKeysByTheAsciiLowercaseOfEveryByte) {
  for (size_t length = 1; length <= 80; ++length) {
    for (int start = 0; start < 256; start += 37) {
      std::string key;
      for (size_t i = 0; i < length; ++i) key.push_back(static_cast<char>((start + i * 7) % 256));
      Request r;
      r.Entry(key).values = {"v"};
      ASSERT_EQ(r.context.size(), 1u);
      EXPECT_EQ(r.context.begin()->first, absl::AsciiStrToLower(key)) << length << " " << start;
      EXPECT_EQ(r.context.begin()->second.key, key);
    }
  }
}

}  // namespace
}  // namespace vouch::iam
