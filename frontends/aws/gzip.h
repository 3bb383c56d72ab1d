// Gzip data, as CloudTrail delivers its log files to S3 (`*.json.gz`), uncompressed in memory
// with zlib so that users need not gunzip a downloaded bucket first.
//
//   VOUCH_ASSIGN_OR_RETURN(std::string bytes, ReadInputFile(path));
//   VOUCH_ASSIGN_OR_RETURN(std::string text, Gunzip(bytes, path, limits.max_bytes));
//
// Several gzip members one after another (what `cat a.gz b.gz` gives) read as their texts one
// after another, as `gunzip` reads them.
#ifndef VOUCH_FRONTENDS_AWS_GZIP_H_
#define VOUCH_FRONTENDS_AWS_GZIP_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace vouch::aws {

// True if `bytes` start as gzip data does (its two magic bytes, 1f 8b).
bool LooksGzipped(absl::string_view bytes);

// The uncompressed bytes of `gzipped`. `name` stands for the file in errors (InvalidArgument):
//   "<name>: not gzip data"
//   "<name>: corrupt gzip data (<what zlib found>)"
//   "<name>: gzip data ends early"
//   "<name>: over the limit of <max_bytes> bytes once uncompressed"
// The last one refuses a small file that would fill memory.
absl::StatusOr<std::string> Gunzip(absl::string_view gzipped, absl::string_view name,
                                   size_t max_bytes);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_GZIP_H_
