// A JSON scanner that walks a pointer through the original text (see json_position.h).
//
// It does not build values: it skips them, strings with their escapes, containers by counting
// brackets outside strings. The text was parsed already, but it is read again (from a file that
// may have changed since), so every step is bounds-checked and an oddity is an error, never a
// crash.
#include "frontends/aws/json_position.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "frontends/aws/policy_document.h"
#include "models/base/status_macros.h"

namespace vouch::aws {
namespace {

absl::Status Malformed(size_t offset) {
  return absl::InvalidArgumentError(absl::StrCat("malformed JSON at offset ", offset));
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Scanner {
 public:
  explicit Scanner(absl::string_view text) : text_(text) {}

  // The first offset at or after `i` that is not whitespace (text_.size() at the end).
  size_t SkipSpace(size_t i) const {
    while (i < text_.size() && IsSpace(text_[i])) ++i;
    return i;
  }

  // `i` is at a string's opening quote: the offset just past its closing quote.
  absl::StatusOr<size_t> SkipString(size_t i) const {
    for (size_t j = i + 1; j < text_.size(); ++j) {
      if (text_[j] == '\\') {
        ++j;
      } else if (text_[j] == '"') {
        return j + 1;
      }
    }
    return Malformed(i);
  }

  // `i` is at a value's first character: the offset just past its last.
  absl::StatusOr<size_t> SkipValue(size_t i) const {
    if (i >= text_.size()) return Malformed(i);
    if (text_[i] == '"') return SkipString(i);
    if (text_[i] != '{' && text_[i] != '[') {  // a number, true, false or null
      size_t j = i;
      while (j < text_.size() && !IsSpace(text_[j]) && text_[j] != ',' && text_[j] != '}' &&
             text_[j] != ']') {
        ++j;
      }
      if (j == i) return Malformed(i);
      return j;
    }
    size_t depth = 0;
    for (size_t j = i; j < text_.size(); ++j) {
      char c = text_[j];
      if (c == '"') {
        VOUCH_ASSIGN_OR_RETURN(size_t past, SkipString(j));
        j = past - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return j + 1;
      }
    }
    return Malformed(i);
  }

  // The value of the last member named `key` of the object at `i`; npos when there is none.
  absl::StatusOr<size_t> FindMember(size_t i, absl::string_view key) const {
    size_t found = std::string::npos;
    size_t j = SkipSpace(i + 1);
    if (j < text_.size() && text_[j] == '}') return found;
    while (true) {
      if (j >= text_.size() || text_[j] != '"') return Malformed(j);
      VOUCH_ASSIGN_OR_RETURN(size_t key_end, SkipString(j));
      VOUCH_ASSIGN_OR_RETURN(std::string name, DecodeString(j, key_end));
      j = SkipSpace(key_end);
      if (j >= text_.size() || text_[j] != ':') return Malformed(j);
      j = SkipSpace(j + 1);
      if (name == key) found = j;
      VOUCH_ASSIGN_OR_RETURN(j, SkipValue(j));
      VOUCH_ASSIGN_OR_RETURN(bool more, NextItem(j, '}'));
      if (!more) return found;
      j = SkipSpace(j);
    }
  }

  // The element `index` of the array at `i`; npos when the array is shorter.
  absl::StatusOr<size_t> FindElement(size_t i, size_t index) const {
    size_t j = SkipSpace(i + 1);
    if (j < text_.size() && text_[j] == ']') return std::string::npos;
    for (size_t n = 0;; ++n) {
      if (n == index) return j;
      VOUCH_ASSIGN_OR_RETURN(j, SkipValue(j));
      VOUCH_ASSIGN_OR_RETURN(bool more, NextItem(j, ']'));
      if (!more) return std::string::npos;
      j = SkipSpace(j);
    }
  }

  // The content of the string [begin, end) (quotes included), its escapes decoded to UTF-8.
  absl::StatusOr<std::string> DecodeString(size_t begin, size_t end) const {
    std::string out;
    for (size_t j = begin + 1; j + 1 < end; ++j) {
      if (text_[j] != '\\') {
        out.push_back(text_[j]);
        continue;
      }
      char e = text_[++j];
      switch (e) {
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': VOUCH_RETURN_IF_ERROR(DecodeUnicodeEscape(j, end, out)); break;
        default: out.push_back(e);  // `"`, `\` and `/` stand for themselves
      }
    }
    return out;
  }

 private:
  // After a member or element ending at `j`: true at a `,` (moving past it), false at `close`.
  absl::StatusOr<bool> NextItem(size_t& j, char close) const {
    j = SkipSpace(j);
    if (j < text_.size() && text_[j] == ',') {
      ++j;
      return true;
    }
    if (j < text_.size() && text_[j] == close) return false;
    return Malformed(j);
  }

  absl::StatusOr<unsigned> Hex4(size_t at, size_t end) const {
    unsigned value = 0;
    if (at + 4 >= end) return Malformed(at);
    for (size_t k = at; k < at + 4; ++k) {
      char c = text_[k];
      int digit = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
      if (digit < 0) return Malformed(k);
      value = value * 16 + static_cast<unsigned>(digit);
    }
    return value;
  }

  // `j` is at the `u` of `\uXXXX`; leaves it at the escape's last digit.
  absl::Status DecodeUnicodeEscape(size_t& j, size_t end, std::string& out) const {
    VOUCH_ASSIGN_OR_RETURN(unsigned cp, Hex4(j + 1, end));
    j += 4;
    if (cp >= 0xD800 && cp < 0xDC00) {  // a high surrogate: its low half must follow
      if (j + 2 >= end || text_[j + 1] != '\\' || text_[j + 2] != 'u') return Malformed(j);
      VOUCH_ASSIGN_OR_RETURN(unsigned low, Hex4(j + 3, end));
      if (low < 0xDC00 || low >= 0xE000) return Malformed(j);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      j += 6;
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      return Malformed(j);
    }
    AppendUtf8(cp, out);
    return absl::OkStatus();
  }

  static void AppendUtf8(unsigned cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  absl::string_view text_;
};

// A document's text as policy_document.h reads it: URL-decoded unless it starts with `{` or `"`.
// Sets `start` to the offset of its first value.
absl::StatusOr<std::string> DocumentText(std::string text, size_t& start) {
  start = Scanner(text).SkipSpace(0);
  if (start == text.size() || text[start] == '{' || text[start] == '"') return text;
  VOUCH_ASSIGN_OR_RETURN(std::string decoded, UrlDecode(absl::string_view(text).substr(start)));
  start = Scanner(decoded).SkipSpace(0);
  return decoded;
}

// RFC 6901 reference tokens: "/a~1b/0" -> {"a/b", "0"}.
absl::StatusOr<std::vector<std::string>> PointerTokens(absl::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer.front() != '/') {
    return absl::InvalidArgumentError(absl::StrCat("`", pointer, "` is not a JSON pointer"));
  }
  for (absl::string_view t : absl::StrSplit(pointer.substr(1), '/')) {
    tokens.push_back(absl::StrReplaceAll(t, {{"~1", "/"}, {"~0", "~"}}));
  }
  return tokens;
}

}  // namespace

absl::StatusOr<JsonTextSpan> LocateJsonValue(absl::string_view text, absl::string_view pointer) {
  VOUCH_ASSIGN_OR_RETURN(std::vector<std::string> tokens, PointerTokens(pointer));
  size_t i = 0;
  VOUCH_ASSIGN_OR_RETURN(std::string doc, DocumentText(std::string(text), i));
  auto missing = [&] {
    return absl::InvalidArgumentError(absl::StrCat("`", pointer, "` is not in the document"));
  };
  for (size_t k = 0; k < tokens.size();) {
    Scanner scan(doc);
    if (i >= doc.size()) return Malformed(i);
    size_t next = std::string::npos;
    if (doc[i] == '{') {
      VOUCH_ASSIGN_OR_RETURN(next, scan.FindMember(i, tokens[k]));
    } else if (doc[i] == '[') {
      size_t index = 0;
      if (!tokens[k].empty() && absl::ascii_isdigit(tokens[k][0]) &&
          absl::SimpleAtoi(tokens[k], &index)) {
        VOUCH_ASSIGN_OR_RETURN(next, scan.FindElement(i, index));
      }
    } else if (doc[i] == '"') {  // a document held in a string: go on in its decoded text
      VOUCH_ASSIGN_OR_RETURN(size_t end, scan.SkipString(i));
      VOUCH_ASSIGN_OR_RETURN(std::string inner, scan.DecodeString(i, end));
      VOUCH_ASSIGN_OR_RETURN(doc, DocumentText(std::move(inner), i));
      continue;
    }
    if (next == std::string::npos) return missing();
    i = next;
    ++k;
  }
  VOUCH_ASSIGN_OR_RETURN(size_t end, Scanner(doc).SkipValue(i));
  return JsonTextSpan{std::move(doc), i, end};
}

TextPosition PositionAt(absl::string_view text, size_t offset) {
  TextPosition p;
  for (size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++p.line;
      p.column = 1;
    } else if (c == '\r' || (c & 0xC0) == 0x80) {
      // the `\r` of `\r\n` (its `\n` ends the line), or a UTF-8 continuation byte
    } else {
      p.column += c >= 0xF0 ? 2 : 1;  // a 4-byte UTF-8 character is two UTF-16 units
    }
  }
  return p;
}

AwsStatementPosition AwsPositionOf(const JsonTextSpan& span) {
  AwsStatementPosition p{PositionAt(span.text, span.begin), PositionAt(span.text, span.end - 1)};
  ++p.start.column;  // just after the `{`
  ++p.end.column;    // just after the `}`
  return p;
}

}  // namespace vouch::aws
