// Test inputs in gzip form, made with zlib's deflate: what CloudTrail delivers to S3.
#ifndef VOUCH_FRONTENDS_AWS_GZIP_TEST_UTIL_H_
#define VOUCH_FRONTENDS_AWS_GZIP_TEST_UTIL_H_

#include <zlib.h>

#include <string>

#include "absl/strings/string_view.h"

namespace vouch::aws {

// `text` as one gzip member (header, deflate data, CRC-32 and length).
inline std::string GzipForTest(absl::string_view text) {
  z_stream z{};
  // 15 + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(rc == Z_STREAM_END ? z.total_out : 0);
  deflateEnd(&z);
  return out;
}

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_GZIP_TEST_UTIL_H_
