// Gzip data through zlib (see gzip.h).
#include "frontends/aws/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace vouch::aws {
namespace {

// 15: the largest window; +16: a gzip header and trailer, not a zlib or raw stream.
constexpr int kGzipWindowBits = 15 + 16;

class Inflater {
 public:
  Inflater() { ok_ = inflateInit2(&z_, kGzipWindowBits) == Z_OK; }
  ~Inflater() {
    if (ok_) inflateEnd(&z_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  bool ok() const { return ok_; }
  z_stream& z() { return z_; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

}  // namespace

bool LooksGzipped(absl::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

absl::StatusOr<std::string> Gunzip(absl::string_view gzipped, absl::string_view name,
                                   size_t max_bytes) {
  if (!LooksGzipped(gzipped))
    return absl::InvalidArgumentError(absl::StrCat(name, ": not gzip data"));
  Inflater inflater;
  if (!inflater.ok()) return absl::InternalError("zlib could not start");
  z_stream& z = inflater.z();
  std::string out;
  // Log files compress about ten to one: start below that, and grow by half.
  out.resize(std::min(max_bytes, std::max<size_t>(gzipped.size() * 4, 1 << 16)));
  size_t produced = 0;
  size_t consumed = 0;
  for (;;) {
    // zlib counts in unsigned int: feed and fill at most UINT_MAX bytes at a time.
    size_t in_left = gzipped.size() - consumed;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data() + consumed));
    z.avail_in = static_cast<uInt>(std::min<size_t>(in_left, UINT_MAX));
    if (produced == out.size()) {
      if (out.size() >= max_bytes) {
        return absl::InvalidArgumentError(
            absl::StrFormat("%s: over the limit of %d bytes once uncompressed", name, max_bytes));
      }
      out.resize(std::min(max_bytes, out.size() + out.size() / 2));
    }
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, UINT_MAX));
    const uInt avail_in = z.avail_in, avail_out = z.avail_out;
    int rc = inflate(&z, Z_NO_FLUSH);
    consumed += avail_in - z.avail_in;
    produced += avail_out - z.avail_out;
    if (rc == Z_STREAM_END) {
      if (consumed == gzipped.size()) break;
      // Another member follows (what `cat a.gz b.gz` makes), or trailing bytes that are not one.
      if (!LooksGzipped(gzipped.substr(consumed))) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": corrupt gzip data (bytes after the end of the data)"));
      }
      inflateReset(&z);
      continue;
    }
    if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": corrupt gzip data (", z.msg != nullptr ? z.msg : "invalid data", ")"));
    }
    if (rc == Z_MEM_ERROR)
      return absl::ResourceExhaustedError(absl::StrCat(name, ": out of memory"));
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      return absl::InternalError(absl::StrCat(name, ": zlib failed"));
    // Z_OK, or Z_BUF_ERROR when no progress was possible: more output room, or the input ended.
    if (consumed == gzipped.size() && produced < out.size()) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": gzip data ends early"));
    }
  }
  out.resize(produced);
  return out;
}

}  // namespace vouch::aws
