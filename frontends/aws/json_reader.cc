// JsonValue's typed getters and JsonDocument's bounded parsing, over simdjson's DOM.
#include "frontends/aws/json_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <sys/mman.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "models/base/status_macros.h"

namespace vouch::aws {

bool SeenBefore(absl::string_view key, absl::Span<const absl::string_view> fields, uint32_t& seen) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (key != fields[i]) continue;
    bool before = (seen >> i) & 1;
    seen |= uint32_t{1} << i;
    return before;
  }
  return false;
}

absl::string_view ParseErrorText(simdjson::error_code err) {
  switch (err) {
    case simdjson::EMPTY: return "no JSON value found";
    case simdjson::TAPE_ERROR:
      return "malformed structure (a missing or extra comma, colon, brace or bracket)";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "the text ends before an array or object is closed";
    case simdjson::TRAILING_CONTENT: return "unexpected text after the JSON value";
    case simdjson::STRING_ERROR: return "malformed string (a bad escape sequence)";
    case simdjson::UNESCAPED_CHARS: return "a control character inside a string";
    case simdjson::UNCLOSED_STRING: return "a string is not closed";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "a word other than `true`, `false` or `null`";
    case simdjson::NUMBER_ERROR: return "a malformed or out-of-range number";
    case simdjson::NUMBER_OUT_OF_RANGE: return "a number out of range";
    case simdjson::UTF8_ERROR: return "not valid UTF-8";
    case simdjson::CAPACITY: return "the text is too large to parse";
    default: return "unparsable text";
  }
}

absl::string_view JsonValue::TypeName() const {
  switch (element_.type()) {
    case simdjson::dom::element_type::ARRAY: return "array";
    case simdjson::dom::element_type::OBJECT: return "object";
    case simdjson::dom::element_type::STRING: return "string";
    case simdjson::dom::element_type::BOOL: return "boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

absl::Status JsonValue::TypeError(absl::string_view expected) const {
  return Error(absl::StrCat("expected ", expected, ", got ", TypeName()));
}

absl::Status JsonValue::TwiceError(absl::string_view key) const {
  return Error(absl::StrCat("`", key, "` is given twice (JSON readers differ on which one counts)"));
}

absl::StatusOr<absl::string_view> JsonValue::GetString() const {
  std::string_view s;
  if (element_.get_string().get(s) != simdjson::SUCCESS) return TypeError("a string");
  return absl::string_view(s.data(), s.size());
}

absl::StatusOr<bool> JsonValue::GetBool() const {
  bool b;
  if (element_.get_bool().get(b) != simdjson::SUCCESS) return TypeError("a boolean");
  return b;
}

absl::StatusOr<int64_t> JsonValue::GetInt() const {
  int64_t v;
  if (element_.get_int64().get(v) == simdjson::SUCCESS) return v;
  if (element_.is_number()) return Error("expected an integer in range");
  return TypeError("an integer");
}

absl::StatusOr<int64_t> JsonValue::GetIntLenient() const {
  if (!element_.is_string()) return GetInt();
  absl::string_view s = *GetString();
  int64_t v;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
    return Error(absl::StrCat("expected an integer, got `", s, "`"));
  }
  return v;
}

absl::StatusOr<bool> JsonValue::GetBoolLenient() const {
  if (!element_.is_string()) return GetBool();
  std::string lower = absl::AsciiStrToLower(*GetString());
  if (lower == "true") return true;
  if (lower == "false") return false;
  return Error(absl::StrCat("expected a boolean, got `", *GetString(), "`"));
}

absl::StatusOr<std::string> JsonValue::GetScalarText() const {
  std::string out;
  VOUCH_RETURN_IF_ERROR(GetScalarText(out));
  return out;
}

absl::Status JsonValue::GetScalarText(std::string& out) const {
  switch (element_.type()) {
    case simdjson::dom::element_type::STRING: {
      std::string_view s(element_);
      out.assign(s.data(), s.size());
      return absl::OkStatus();
    }
    case simdjson::dom::element_type::BOOL: out = bool(element_) ? "true" : "false"; break;
    case simdjson::dom::element_type::INT64: out = absl::StrCat(int64_t(element_)); break;
    case simdjson::dom::element_type::UINT64: out = absl::StrCat(uint64_t(element_)); break;
    case simdjson::dom::element_type::DOUBLE: {
      double d = double(element_);
      if (!std::isfinite(d)) return Error("expected a finite number");
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
      out.assign(buf, end);
      break;
    }
    default: return TypeError("a string, number or boolean");
  }
  return absl::OkStatus();
}

SourceRef JsonValue::source() const {
  if (base_ == nullptr) return SourceRef{};
  SourceRef at = *base_;
  for (const Step& step : path_) {
    if (step.index >= 0) {
      absl::StrAppend(&at.pointer, "/", step.index);
      continue;
    }
    at.pointer.push_back('/');
    for (char c : absl::string_view(step.key, step.size)) {
      if (c == '~') {
        at.pointer += "~0";
      } else if (c == '/') {
        at.pointer += "~1";
      } else {
        at.pointer.push_back(c);
      }
    }
  }
  return at;
}

absl::StatusOr<std::optional<JsonValue>> JsonValue::Find(absl::string_view key) const {
  simdjson::dom::object obj;
  if (element_.get_object().get(obj) != simdjson::SUCCESS) return TypeError("an object");
  // The key view must point into the document (it outlives `key`): take it from the object.
  for (auto field : obj) {
    if (field.key == std::string_view(key.data(), key.size())) {
      return std::optional<JsonValue>(
          Child(absl::string_view(field.key.data(), field.key.size()), field.value));
    }
  }
  return std::optional<JsonValue>();
}

absl::StatusOr<JsonValue> JsonValue::Get(absl::string_view key) const {
  absl::StatusOr<std::optional<JsonValue>> found = Find(key);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Error(absl::StrCat("missing `", key, "`"));
  return **found;
}

absl::StatusOr<std::vector<std::pair<absl::string_view, JsonValue>>> JsonValue::Members() const {
  std::vector<std::pair<absl::string_view, JsonValue>> out;
  VOUCH_RETURN_IF_ERROR(ForEachMember([&](absl::string_view key, const JsonValue& value) {
    out.emplace_back(key, value);
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<JsonValue>> JsonValue::Elements() const {
  std::vector<JsonValue> out;
  VOUCH_RETURN_IF_ERROR(ForEachElement([&](const JsonValue& e) {
    out.push_back(e);
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<std::string>> JsonValue::GetStringList() const {
  std::vector<std::string> out;
  if (element_.is_string()) {
    out.emplace_back(*GetString());
    return out;
  }
  simdjson::dom::array arr;
  if (element_.get_array().get(arr) != simdjson::SUCCESS) {
    return TypeError("a string or an array of strings");
  }
  out.reserve(arr.size());
  size_t i = 0;
  for (simdjson::dom::element e : arr) {
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS) return Child(i, e).TypeError("a string");
    out.emplace_back(s.data(), s.size());
    ++i;
  }
  return out;
}

absl::StatusOr<std::string> ReadInputFile(const std::string& path, const JsonLimits& limits) {
  auto too_big = [&](uintmax_t size) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: file is %d bytes, over the limit of %d",
                                                      path, size, limits.max_bytes));
  };
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (ec || std::filesystem::is_directory(st)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read file"));
  }
  if (std::filesystem::is_regular_file(st)) {
    uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read file"));
    if (size > limits.max_bytes) return too_big(size);
  }
  // Pipes and devices (`--policy <(cat p.json)`) have no size: read at most one byte too many.
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read file"));
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > limits.max_bytes) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: file is over the limit of %d bytes", path, limits.max_bytes));
    }
  }
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read file"));
  return text;
}

absl::StatusOr<JsonText> JsonText::FromFile(const std::string& path, const JsonLimits& limits) {
  JsonText t;
  std::error_code ec;
  bool regular = std::filesystem::is_regular_file(path, ec);
  uintmax_t size = regular && !ec ? std::filesystem::file_size(path, ec) : 0;
  bool read = false;
  if (regular && !ec && size <= limits.max_bytes) {
    std::ifstream in(path, std::ios::binary);
    simdjson::padded_string buffer(static_cast<size_t>(size));
    if (in && buffer.data() != nullptr) {
      in.read(buffer.data(), static_cast<std::streamsize>(size));
      // A file that changed size while read goes the general way below.
      if (static_cast<uintmax_t>(in.gcount()) == size &&
          in.peek() == std::ifstream::traits_type::eof()) {
        t.padded_ = std::move(buffer);
        read = true;
      }
    }
  }
  if (!read) {  // pipes, and every error, as ReadInputFile reports them
    absl::StatusOr<std::string> text = ReadInputFile(path, limits);
    if (!text.ok()) return text.status();
    t.padded_ = simdjson::padded_string(text->data(), text->size());
  }
  absl::string_view bytes(t.padded_.data(), t.padded_.size());
  if (absl::StartsWith(bytes, "\xef\xbb\xbf")) t.bom_ = 3;
  return t;
}

void JsonText::Release(absl::string_view part) {
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(part.data());
  const uintptr_t end = begin + part.size();
  const uintptr_t own = reinterpret_cast<uintptr_t>(padded_.data());
  if (begin < own || end > own + padded_.size()) return;  // not ours
  const uintptr_t first = (begin + page - 1) & ~(page - 1);
  const uintptr_t last = end & ~(page - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

namespace {

size_t SkipSpace(absl::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

// `i` at the opening quote: one past the closing quote. Sets `*escaped` if the string holds one.
size_t SkipString(absl::string_view s, size_t i, bool* escaped) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      *escaped = true;
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// `i` at the start of a value: one past its end.
size_t SkipValue(absl::string_view s, size_t i) {
  if (i >= s.size()) return i;
  bool escaped = false;
  if (s[i] == '"') return SkipString(s, i, &escaped);
  if (s[i] == '{' || s[i] == '[') {
    size_t depth = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        i = SkipString(s, i, &escaped);
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
      ++i;
    }
    return i;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' &&
         s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
    ++i;
  }
  return i;
}

// The elements of the array at [begin, end) of `s`.
std::vector<absl::string_view> ArrayElements(absl::string_view s, size_t begin, size_t end) {
  std::vector<absl::string_view> out;
  size_t i = SkipSpace(s, begin + 1);
  while (i < end && s[i] != ']') {
    size_t e = SkipValue(s, i);
    out.push_back(s.substr(i, e - i));
    i = SkipSpace(s, e);
    if (i < end && s[i] == ',') i = SkipSpace(s, i + 1);
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::vector<absl::string_view>>> TopLevelArrayElements(
    absl::string_view json, const std::vector<absl::string_view>& keys) {
  std::vector<std::vector<absl::string_view>> out(keys.size());
  std::vector<bool> seen(keys.size(), false);
  size_t i = SkipSpace(json, 0);
  if (i >= json.size() || json[i] != '{') return std::nullopt;
  i = SkipSpace(json, i + 1);
  while (i < json.size() && json[i] != '}') {
    if (json[i] != '"') return std::nullopt;
    bool escaped = false;
    size_t name_end = SkipString(json, i, &escaped);
    if (escaped || name_end < i + 2) return std::nullopt;
    absl::string_view name = json.substr(i + 1, name_end - i - 2);
    i = SkipSpace(json, name_end);
    if (i >= json.size() || json[i] != ':') return std::nullopt;
    i = SkipSpace(json, i + 1);
    size_t value_end = SkipValue(json, i);
    for (size_t k = 0; k < keys.size(); ++k) {
      if (seen[k] || name != keys[k]) continue;
      seen[k] = true;
      if (json[i] == '[') out[k] = ArrayElements(json, i, value_end);
    }
    i = SkipSpace(json, value_end);
    if (i < json.size() && json[i] == ',') i = SkipSpace(json, i + 1);
  }
  if (i >= json.size()) return std::nullopt;
  return out;
}

const JsonOutline::Node& JsonOutline::Outline(absl::string_view json,
                                              absl::Span<const uint32_t> structurals, int depth,
                                              bool arrays_only) {
  text_ = json;
  arrays_only_ = arrays_only;
  tokens_ = structurals;
  max_depth_ = depth;
  nodes_.clear();
  if (scratch_.size() < static_cast<size_t>(depth) + 1) scratch_.resize(depth + 1);
  root_ = Node();
  if (!tokens_.empty()) Scan(0, 0, root_);
  return root_;
}

const JsonOutline::Node& JsonOutline::Outline(const simdjson::dom::parser& parser,
                                              absl::string_view json, int depth,
                                              bool arrays_only) {
  const simdjson::internal::dom_parser_implementation& stage1 = *parser.implementation;
  return Outline(json,
                 absl::MakeConstSpan(stage1.structural_indexes.get(), stage1.n_structural_indexes),
                 depth, arrays_only);
}

size_t JsonOutline::Scan(size_t k, int depth, Node& self) {
  const size_t n = tokens_.size();
  const char open = text_[tokens_[k]];
  const size_t begin = tokens_[k];
  size_t j = k;
  if (open != '{' && open != '[') {
    // A string, number or literal: up to the next token, less the spaces before it.
    size_t end = k + 1 < n ? tokens_[k + 1] : text_.size();
    while (end > begin && absl::ascii_isspace(static_cast<unsigned char>(text_[end - 1]))) --end;
    self.text = text_.substr(begin, end - begin);
    return k + 1;
  }
  if (depth >= max_depth_ || (open == '{' && depth > 0 && arrays_only_)) {
    // To the closing bracket: the nesting goes up at an opening one, down at a closing one.
    static constexpr auto kNesting = [] {
      std::array<int8_t, 256> t{};
      t['{'] = t['['] = 1;
      t['}'] = t[']'] = -1;
      return t;
    }();
    const unsigned char* bytes = reinterpret_cast<const unsigned char*>(text_.data());
    for (int level = 0; j < n; ++j) {
      level += kNesting[bytes[tokens_[j]]];
      if (level == 0) break;
    }
  } else {
    // The children go to this depth's scratch list (their own children, deeper, to the next
    // one's) and then to nodes_ together, so that a container's children lie side by side.
    std::vector<Node>& children = scratch_[depth];
    children.clear();
    j = k + 1;
    while (j < n && text_[tokens_[j]] != '}' && text_[tokens_[j]] != ']') {
      if (open == '{') j += 2;  // the member's name and its colon
      if (j >= n) break;
      Node child;
      j = Scan(j, depth + 1, child);
      children.push_back(child);
      if (j < n && text_[tokens_[j]] == ',') ++j;
    }
    self.first = static_cast<uint32_t>(nodes_.size());
    self.count = static_cast<uint32_t>(children.size());
    nodes_.insert(nodes_.end(), children.begin(), children.end());
  }
  size_t end = j < n ? tokens_[j] + 1 : text_.size();
  self.text = text_.substr(begin, end - begin);
  return j + 1;
}

absl::StatusOr<std::unique_ptr<JsonDocument>> JsonDocument::FromFile(const std::string& path,
                                                                     const JsonLimits& limits) {
  absl::StatusOr<JsonText> text = JsonText::FromFile(path, limits);
  if (!text.ok()) return text.status();
  return Parse(text->padded(), path, limits);
}

absl::StatusOr<std::unique_ptr<JsonDocument>> JsonDocument::FromText(const JsonText& text,
                                                                     std::string name,
                                                                     const JsonLimits& limits) {
  return Parse(text.padded(), std::move(name), limits);
}

absl::StatusOr<std::unique_ptr<JsonDocument>> JsonDocument::FromString(absl::string_view text,
                                                                       std::string name,
                                                                       const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: input is %d bytes, over the limit of %d",
                                                      name, text.size(), limits.max_bytes));
  }
  return Parse(simdjson::padded_string(text.data(), text.size()), std::move(name), limits);
}

absl::StatusOr<std::unique_ptr<JsonDocument>> JsonDocument::Parse(
    const simdjson::padded_string& text, std::string name, const JsonLimits& limits) {
  auto doc = std::unique_ptr<JsonDocument>(new JsonDocument());
  doc->name_ = std::move(name);
  absl::string_view bytes(text.data(), text.size());
  if (absl::StartsWith(bytes, "\xff\xfe") || absl::StartsWith(bytes, "\xfe\xff")) {
    return absl::InvalidArgumentError(
        absl::StrCat(doc->name_, ": invalid JSON: the text is UTF-16; save it as UTF-8"));
  }
  // RFC 8259 lets a parser skip a UTF-8 byte order mark (PowerShell writes one).
  size_t skip = absl::StartsWith(bytes, "\xef\xbb\xbf") ? 3 : 0;
  // simdjson counts the document itself as one level; max_depth counts arrays and objects.
  if (doc->parser_.allocate(std::max<size_t>(text.size(), 64), limits.max_depth + 1) !=
      simdjson::SUCCESS) {
    return absl::ResourceExhaustedError(absl::StrCat(doc->name_, ": out of memory parsing JSON"));
  }
  simdjson::error_code err =
      doc->parser_.parse(text.data() + skip, text.size() - skip, false).get(doc->root_);
  if (err == simdjson::DEPTH_ERROR) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: JSON nested deeper than the limit of %d levels", doc->name_, limits.max_depth));
  }
  if (err == simdjson::MEMALLOC) {
    return absl::ResourceExhaustedError(absl::StrCat(doc->name_, ": out of memory parsing JSON"));
  }
  if (err != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat(doc->name_, ": invalid JSON: ", ParseErrorText(err)));
  }
  return doc;
}

}  // namespace vouch::aws
