// Gunzip against zlib's own deflate: the bytes come back, members concatenate, and damaged or
// oversized data gets its one-line error.
#include "frontends/aws/gzip.h"

#include <string>

#include "frontends/aws/gzip_test_util.h"
#include "gtest/gtest.h"

namespace vouch::aws {
namespace {

constexpr size_t kNoLimit = size_t{1} << 30;

std::string Error(absl::string_view gzipped, size_t max_bytes = kNoLimit) {
  absl::StatusOr<std::string> r = Gunzip(gzipped, "f.gz", max_bytes);
  return r.ok() ? "ok" : std::string(r.status().message());
}

TEST(GzipTest, GivesBackWhatWasCompressed) {
  // Long enough for several rounds of the output buffer, compressible as logs are.
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "{\"eventID\": \"" + std::to_string(i) + "\"},";
  std::string gz = GzipForTest(text);
  ASSERT_FALSE(gz.empty());
  ASSERT_LT(gz.size() * 4, text.size());  // the first buffer is too small: it must grow
  absl::StatusOr<std::string> r = Gunzip(gz, "f.gz", kNoLimit);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, text);
  EXPECT_EQ(*Gunzip(GzipForTest(""), "f.gz", kNoLimit), "");
}

TEST(GzipTest, ConcatenatedMembersReadAsOneText) {
  absl::StatusOr<std::string> r =
      Gunzip(GzipForTest("{\"Records\": ") + GzipForTest("[]}"), "f.gz", kNoLimit);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, "{\"Records\": []}");
}

TEST(GzipTest, DamagedDataIsRefusedWithTheFileName) {
  std::string gz = GzipForTest("{\"Records\": [{\"eventID\": \"e\"}]}");
  EXPECT_EQ(Error("{\"Records\": []}"), "f.gz: not gzip data");
  EXPECT_EQ(Error(""), "f.gz: not gzip data");
  EXPECT_EQ(Error(gz.substr(0, gz.size() / 2)), "f.gz: gzip data ends early");
  EXPECT_EQ(Error(gz.substr(0, 2)), "f.gz: gzip data ends early");
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 5] ^= 0x55;  // the CRC-32 of the trailer
  EXPECT_EQ(Error(bad_crc), "f.gz: corrupt gzip data (incorrect data check)");
  std::string bad_method = gz;
  bad_method[2] = 7;  // compression method: only 8 (deflate) exists
  EXPECT_EQ(Error(bad_method), "f.gz: corrupt gzip data (unknown compression method)");
  EXPECT_EQ(Error(gz + "trailing"), "f.gz: corrupt gzip data (bytes after the end of the data)");
}

TEST(GzipTest, OutputOverTheLimitIsRefused) {
  std::string text(1 << 20, 'a');  // a megabyte of one byte compresses to about a kilobyte
  std::string gz = GzipForTest(text);
  EXPECT_EQ(Error(gz, 100000), "f.gz: over the limit of 100000 bytes once uncompressed");
  EXPECT_EQ(Error(gz, text.size()), "ok");  // exactly at the limit
  EXPECT_EQ(Error(gz, text.size() - 1), "f.gz: over the limit of 1048575 bytes once uncompressed");
}

}  // namespace
}  // namespace vouch::aws
