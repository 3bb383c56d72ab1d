// SourceRef: JSON pointers are built with RFC 6901 escaping and errors read "file: pointer: what".
#include "models/base/source_ref.h"

#include "gtest/gtest.h"

namespace vouch {
namespace {

TEST(SourceRefTest, ChildEscapesTildeAndSlash) {
  SourceRef root{"lab/iam.json", ""};
  EXPECT_EQ(root.Child("Policies").Child(3).Child("a/b~c").pointer, "/Policies/3/a~1b~0c");
}

TEST(SourceRefTest, InputErrorNamesFileAndPointer) {
  SourceRef at{"lab/iam.json", "/Policies/3/Statement/0/Condition"};
  absl::Status s = InputError(at, "unknown condition operator `StringLikeX`");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "lab/iam.json: /Policies/3/Statement/0/Condition: unknown condition operator "
            "`StringLikeX`");
  EXPECT_EQ(UnsupportedError(SourceRef{"f.json", ""}, "x").code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(InputError(SourceRef{}, "bad").message(), "<input>: bad");
}

TEST(SourceRefTest, AtSuffixEndsAFindingOnlyWhenSomethingLocatesIt) {
  EXPECT_EQ((SourceRef{"sgs.json", "/SecurityGroups/1"}).AtSuffix(),
            " (at sgs.json: /SecurityGroups/1)");
  EXPECT_EQ((SourceRef{"sgs.json", ""}).AtSuffix(), " (at sgs.json)");
  EXPECT_EQ((SourceRef{"", "/Records/0"}).AtSuffix(), " (at /Records/0)");
  EXPECT_TRUE(SourceRef{}.empty());
  EXPECT_EQ(SourceRef{}.AtSuffix(), "");
}

}  // namespace
}  // namespace vouch
