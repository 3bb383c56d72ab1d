// Where a JSON value sits in the text it was read from, as lines and columns: what the AWS policy
// simulator reports as a matched statement's StartPosition and EndPosition.
//
// The parser (json_reader.h) keeps only JSON pointers; this small scanner walks the original
// text along a pointer instead, so positions cost nothing unless they are asked for:
//
//   absl::StatusOr<JsonTextSpan> s = LocateJsonValue(file_text, "/Policies/0/.../Statement/0");
//   AwsStatementPosition p = AwsPositionOf(*s);   // {Line, Column} as the simulator counts
//
// A pointer may go on inside a string that holds a policy document, as policy_document.h reads
// them (a JSON string, or URL-encoded text, inside get-account-authorization-details): the
// string is decoded and the rest of the pointer is walked in the decoded text, so positions
// then count in the policy document's own text, as AWS counts them.
#ifndef VOUCH_FRONTENDS_AWS_JSON_POSITION_H_
#define VOUCH_FRONTENDS_AWS_JSON_POSITION_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace vouch::aws {

// A JSON value found in a text: `text` is the text that holds it (the input itself, or a
// document decoded from a string on the way), [begin, end) its bytes in `text`.
struct JsonTextSpan {
  std::string text;
  size_t begin = 0;
  size_t end = 0;
};

// A place in a text: Line and Column both count from 1; a column counts characters as Java
// does (UTF-16 code units: one per character of the Basic Multilingual Plane, two above it).
// Lines end at `\n`, `\r\n` or a lone `\r`.
struct TextPosition {
  int line = 1;
  int column = 1;

  bool operator==(const TextPosition&) const = default;
};

// The simulator's StartPosition and EndPosition of a statement.
struct AwsStatementPosition {
  TextPosition start;
  TextPosition end;

  bool operator==(const AwsStatementPosition&) const = default;
};

// Finds the value at the RFC 6901 `pointer` ("" is the whole text) in the JSON `text`. Text that
// does not start (after whitespace) with `{` or `"` is URL-decoded first, as policy_document.h
// does. When the pointer goes on past a string, the string's content is decoded (JSON escapes,
// then URL-encoding if it does not start with `{` or `"`) and the rest is found there.
// For an object key given twice, the last one counts, as the policy reader reads `Statement`.
// Errors (InvalidArgument): "`/Statement/3` is not in the document" (no such key or index),
// "malformed JSON at offset 17" (text that changed since it was parsed).
absl::StatusOr<JsonTextSpan> LocateJsonValue(absl::string_view text, absl::string_view pointer);

// The position of the character at `offset` of `text`. REQUIRES: offset <= text.size().
TextPosition PositionAt(absl::string_view text, size_t offset);

// A statement's positions as the AWS simulator reports them: each is the place just after the
// statement's opening `{` and just after its closing `}`. AWS's documented example
// (simulate-custom-policy with the one-line policy
//   {"Version":"2012-10-17","Statement":{"Effect":"Allow",...}}}}
// whose statement opens at column 37 and closes at column 166 of 167) reports Line 1 Column 38
// and Line 1 Column 167. REQUIRES: span.end > span.begin.
AwsStatementPosition AwsPositionOf(const JsonTextSpan& span);

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_JSON_POSITION_H_
