// SourceRef formatting and the input-error constructors built on it.
#include "models/base/source_ref.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace vouch {

std::string SourceRef::DebugString() const {
  if (!file.empty() && !pointer.empty()) return absl::StrCat(file, ": ", pointer);
  if (!file.empty()) return file;
  if (!pointer.empty()) return pointer;
  return "<input>";
}

std::string SourceRef::AtSuffix() const {
  return empty() ? "" : absl::StrCat(" (at ", DebugString(), ")");
}

SourceRef SourceRef::Child(absl::string_view key) const {
  SourceRef child{file, pointer};
  child.pointer.push_back('/');
  for (char c : key) {
    if (c == '~') {
      child.pointer += "~0";
    } else if (c == '/') {
      child.pointer += "~1";
    } else {
      child.pointer.push_back(c);
    }
  }
  return child;
}

SourceRef SourceRef::Child(size_t index) const {
  return SourceRef{file, absl::StrCat(pointer, "/", index)};
}

namespace {

// User input quoted in a message (a key, a value in backticks) may hold a newline or another
// control character; escaping them keeps every message on one line.
std::string OneLine(std::string text) {
  if (std::none_of(text.begin(), text.end(), [](char c) { return c >= 0 && c < 0x20; }) &&
      text.find('\x7f') == std::string::npos) {
    return text;
  }
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if ((c >= 0 && c < 0x20) || c == '\x7f') {
      absl::StrAppend(&out, "\\x", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

absl::Status InputError(const SourceRef& at, absl::string_view what) {
  return absl::InvalidArgumentError(OneLine(absl::StrCat(at.DebugString(), ": ", what)));
}

absl::Status UnsupportedError(const SourceRef& at, absl::string_view what) {
  return absl::UnimplementedError(OneLine(absl::StrCat(at.DebugString(), ": ", what)));
}

}  // namespace vouch
