// SourceRef formatting and the input-error constructors built on it.
#include "models/base/source_ref.h"

#include "absl/strings/str_cat.h"

namespace vouch {

std::string SourceRef::DebugString() const {
  if (!file.empty() && !pointer.empty()) return absl::StrCat(file, ": ", pointer);
  if (!file.empty()) return file;
  if (!pointer.empty()) return pointer;
  return "<input>";
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

absl::Status InputError(const SourceRef& at, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(at.DebugString(), ": ", what));
}

absl::Status UnsupportedError(const SourceRef& at, absl::string_view what) {
  return absl::UnimplementedError(absl::StrCat(at.DebugString(), ": ", what));
}

}  // namespace vouch
