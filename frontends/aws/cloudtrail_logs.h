// Reads CloudTrail log files, as CloudTrail delivers them to S3 (`{"Records": [...]}`, one file
// per object, gzipped) or gunzipped, into audit::LoggedCall values for `vouch replay`.
//
//   absl::StatusOr<std::vector<audit::LoggedCall>> calls = ReadCloudTrailLogs({"logs/"});
//
// Only the fields that tell the request IAM decided are read (models/audit/cloudtrail_log.h);
// the others are read past whatever they hold. A field that is read must have its documented
// type, else InvalidArgument located at the file and JSON pointer:
//   "logs/a.json: /Records/2/eventName: expected a string, got number"
// (This is not frontends/aws/cloudtrail.h, which reads the trails' configuration.)
#ifndef VOUCH_FRONTENDS_AWS_CLOUDTRAIL_LOGS_H_
#define VOUCH_FRONTENDS_AWS_CLOUDTRAIL_LOGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "models/audit/cloudtrail_log.h"

namespace vouch::aws {

// The records of one log file's text; `name` stands for the file in errors and SourceRefs.
// Errors: invalid JSON ("<name>: invalid JSON: ..."), "<name>: expected an object with
// `Records`, got array", and type errors of the fields read.
absl::StatusOr<std::vector<audit::LoggedCall>> ReadCloudTrailLogText(absl::string_view text,
                                                                     const std::string& name);

// The records of every file of `paths`, in order: a file, or a folder whose `*.json` and
// `*.json.gz` files (recursively, sorted by path) are read; a downloaded bucket's digest files
// (`*_CloudTrail-Digest_*`) are passed over. A file whose bytes are gzip data is gunzipped first,
// whatever its name; a `.json.gz` file that holds JSON as it is (some downloads gunzip and keep
// the name) is read as it is. Errors: "<path>: no such file or directory", "<folder>: no CloudTrail
// log file (*.json or *.json.gz) found", those of Gunzip (gzip.h) and those of
// ReadCloudTrailLogText. `files` (optional) receives the number of files read.
absl::StatusOr<std::vector<audit::LoggedCall>> ReadCloudTrailLogs(
    const std::vector<std::string>& paths, size_t* files = nullptr);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_CLOUDTRAIL_LOGS_H_
