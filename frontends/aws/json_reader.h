// Located JSON values: every frontend reads its input through this file.
//
// A JsonValue is a simdjson DOM element together with where it sits (file and JSON pointer), so
// that any type error reads the same way everywhere (the pointer is built only when an error or
// a SourceRef asks for it):
//
//   lab/iam.json: /Policies/3/Statement/0/Effect: expected a string, got number
//
// Entry points: JsonDocument::FromFile / FromString (bounded by JsonLimits), then JsonValue's
// typed getters. Internal to frontends/: nothing above this layer sees simdjson.
#ifndef VOUCH_FRONTENDS_AWS_JSON_READER_H_
#define VOUCH_FRONTENDS_AWS_JSON_READER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "models/base/source_ref.h"
#include "simdjson.h"

namespace vouch::aws {

// Bounds on what vouch will read. Exceeding one is an InvalidArgument naming the limit.
struct JsonLimits {
  size_t max_bytes = size_t{512} << 20;  // one input file
  size_t max_depth = 256;                // nesting of arrays and objects
};

class JsonValue {
 public:
  // The value `element` located at `at` (a file, and the pointer of `element` inside it).
  JsonValue(simdjson::dom::element element, SourceRef at)
      : element_(element), base_(std::make_shared<const SourceRef>(std::move(at))) {}

  // `element` with no location: source() is empty (so are the locations in its errors) and
  // children track no path. For hot paths that read their input again, located, when this way
  // of reading it meets an error, so that the error still names where it is (CaseReader::Next).
  static JsonValue Unlocated(simdjson::dom::element element) { return JsonValue(element); }

  // Where this value is. Built on demand: a value remembers its path as views of the parsed
  // keys, so reading a document allocates nothing for locations until one is asked for.
  SourceRef source() const;
  // False for a value read Unlocated (and its children).
  bool located() const { return base_ != nullptr; }
  simdjson::dom::element raw() const { return element_; }

  bool IsNull() const { return element_.is_null(); }
  bool IsObject() const { return element_.is_object(); }
  bool IsArray() const { return element_.is_array(); }
  bool IsString() const { return element_.is_string(); }
  // "object", "array", "string", "number", "boolean" or "null": for error messages.
  absl::string_view TypeName() const;

  absl::StatusOr<absl::string_view> GetString() const;
  absl::StatusOr<bool> GetBool() const;
  absl::StatusOr<int64_t> GetInt() const;  // a JSON integer
  // An integer given as a JSON number or as a string of digits, as AWS tools emit both
  // ("FromPort": 22, "RuleNumber": "100", "Protocol": "6").
  absl::StatusOr<int64_t> GetIntLenient() const;
  // A boolean given as true/false or "true"/"false" (any case).
  absl::StatusOr<bool> GetBoolLenient() const;
  // A scalar in the string form AWS compares conditions on: strings as they are, numbers as
  // written in the simplest form (1, 1.5), booleans as "true"/"false".
  absl::StatusOr<std::string> GetScalarText() const;
  // The same, into `out` (replacing what it held, reusing its memory).
  absl::Status GetScalarText(std::string& out) const;

  // Object access. Find: absent -> nullopt. Get: absent -> "missing `Key`". Both error if this
  // is not an object.
  absl::StatusOr<std::optional<JsonValue>> Find(absl::string_view key) const;
  absl::StatusOr<JsonValue> Get(absl::string_view key) const;
  // Members of an object, in order.
  absl::StatusOr<std::vector<std::pair<absl::string_view, JsonValue>>> Members() const;
  // Elements of an array.
  absl::StatusOr<std::vector<JsonValue>> Elements() const;
  // A string or an array of strings (AWS's "scalar or list"), as a list.
  absl::StatusOr<std::vector<std::string>> GetStringList() const;

  // Calls `fn(absl::string_view key, const JsonValue& value)` for each member of an object, in
  // order, without building a list; returns the first error `fn` returns. Error if this is not
  // an object.
  template <typename Fn>
  absl::Status ForEachMember(Fn fn) const;
  // Calls `fn(const JsonValue& element)` for each element of an array, as above.
  template <typename Fn>
  absl::Status ForEachElement(Fn fn) const;

  // The member `key` (a view into the parsed document) holding `child`, and element `index`.
  JsonValue Child(absl::string_view key, simdjson::dom::element child) const {
    return JsonValue(child, *this, Step{key.data(), static_cast<uint32_t>(key.size()), -1});
  }
  JsonValue Child(size_t index, simdjson::dom::element child) const {
    return JsonValue(child, *this, Step{nullptr, 0, static_cast<int32_t>(index)});
  }

  // `other` located where this value is: for parts whose errors name their container (the
  // values of a context list).
  JsonValue At(simdjson::dom::element other) const {
    JsonValue v = *this;
    v.element_ = other;
    return v;
  }

  // InvalidArgument "<file>: <pointer>: <what>".
  absl::Status Error(absl::string_view what) const { return InputError(source(), what); }
  // "expected <what>, got <type>".
  absl::Status TypeError(absl::string_view expected) const;
  // This value is the second one of its object under `key`: "`<key>` is given twice (JSON
  // readers differ on which one counts)". vouch refuses such objects, since JSON.parse and most
  // SDKs take the last value, simdjson keeps both, and the input means something else under
  // each reading.
  absl::Status TwiceError(absl::string_view key) const;

 private:
  // One step below base_: an object key (a view into the parsed document) or an array index.
  struct Step {
    const char* key;  // the key's bytes; unused for an index
    uint32_t size;    // the key's length
    int32_t index;    // the array index, or -1 for a key
  };
  explicit JsonValue(simdjson::dom::element element) : element_(element) {}
  JsonValue(simdjson::dom::element element, const JsonValue& parent, Step step)
      : element_(element), base_(parent.base_) {
    if (base_ != nullptr) {
      path_ = parent.path_;
      path_.push_back(step);
    }
  }

 public:
  // Copies carry the path only when located: an unlocated value's path is empty, and copying
  // an InlinedVector copies all of its inline room.
  JsonValue(const JsonValue& other) : element_(other.element_), base_(other.base_) {
    if (base_ != nullptr) path_ = other.path_;
  }
  JsonValue& operator=(const JsonValue& other) {
    if (this == &other) return *this;
    element_ = other.element_;
    base_ = other.base_;
    path_.clear();
    if (base_ != nullptr) path_ = other.path_;
    return *this;
  }

 private:

  simdjson::dom::element element_;
  std::shared_ptr<const SourceRef> base_;  // null when unlocated
  absl::InlinedVector<Step, 12> path_;
};

template <typename Fn>
absl::Status JsonValue::ForEachMember(Fn fn) const {
  simdjson::dom::object obj;
  if (element_.get_object().get(obj) != simdjson::SUCCESS) return TypeError("an object");
  for (auto field : obj) {
    absl::string_view key(field.key.data(), field.key.size());
    absl::Status s = fn(key, Child(key, field.value));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

template <typename Fn>
absl::Status JsonValue::ForEachElement(Fn fn) const {
  simdjson::dom::array arr;
  if (element_.get_array().get(arr) != simdjson::SUCCESS) return TypeError("an array");
  size_t i = 0;
  for (simdjson::dom::element e : arr) {
    absl::Status s = fn(Child(i++, e));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// Whether the field `key`, one of `fields` (at most 32), came before in the same object; marks it
// seen (one bit per field in `seen`, 0 for a new object). A field given twice is refused
// (JsonValue::TwiceError): JSON readers differ on which counts.
bool SeenBefore(absl::string_view key, absl::Span<const absl::string_view> fields, uint32_t& seen);

// Reads all of `path`, a file or a pipe, within limits.max_bytes, for frontends that take text
// that is not JSON at the top (URL-encoded policies, case lines). Errors (InvalidArgument):
// "<path>: cannot read file" (missing, unreadable, a directory), "<path>: file is N bytes, over
// the limit of M" (a pipe: "<path>: file is over the limit of M bytes"). Never reads more than
// M + 64 KiB, so `/dev/zero` or a 1 GB file is refused without filling memory.
absl::StatusOr<std::string> ReadInputFile(const std::string& path, const JsonLimits& limits = {});

// Why simdjson refused a text, as error text (lowercase, one line, no final period): "a string
// is not closed", "not valid UTF-8", ... simdjson's own messages are sentences. For frontends
// that drive simdjson themselves: "<file>:<line>: invalid JSON: <ParseErrorText(err)>".
absl::string_view ParseErrorText(simdjson::error_code err);

// The text of a JSON file, kept so that parts of it can be parsed on their own after the whole
// was checked: a large get-account-authorization-details export is read one principal at a time,
// so that the parsed tree of the whole file and the models built from it never sit in memory
// together.
class JsonText {
 public:
  JsonText() = default;
  // Reads `path` with ReadInputFile's limits and errors, straight into a buffer simdjson can
  // parse in place (no second copy of the text).
  static absl::StatusOr<JsonText> FromFile(const std::string& path, const JsonLimits& limits = {});

  // All of the file's bytes, and the same without a UTF-8 byte order mark.
  const simdjson::padded_string& padded() const { return padded_; }
  absl::string_view text() const {
    return absl::string_view(padded_.data(), padded_.size()).substr(bom_);
  }
  // Gives the memory of `part` (a view into text() that is never read again) back to the system,
  // in whole pages. Reading the part afterwards reads zeros.
  void Release(absl::string_view part);

 private:
  simdjson::padded_string padded_;
  size_t bom_ = 0;
};

// The elements, as views of `json`, of the arrays that the first members named `keys[i]` of its
// top-level object hold; an empty list for a key that is absent or not an array. `json` must be
// valid JSON (parse it first). nullopt when the top level is not an object or a member name
// holds an escape (`\u0055serDetailList`), which only a parser compares right.
std::optional<std::vector<std::vector<absl::string_view>>> TopLevelArrayElements(
    absl::string_view json, const std::vector<absl::string_view>& keys);

// Where the values of a JSON text lie, as views of the text, down to a given depth: a cheap way
// to know the bytes a parsed value came from (the batch reader knows policy documents by them).
// It walks the structural characters that simdjson's first stage found (brackets, colons,
// commas and the first byte of each scalar), not the bytes, so a value costs a few steps
// however long its strings. The text must be valid JSON (parse it first).
//
//   simdjson::dom::parser parser;   ... parser.parse(json) succeeded ...
//   JsonOutline outline;
//   const JsonOutline::Node& top = outline.Outline(parser, json, 2);  // {"a": [1, {"b": 2}]}
//   outline.child(top, 0).text                      // [1, {"b": 2}]
//   outline.child(outline.child(top, 0), 1).text    // {"b": 2}
class JsonOutline {
 public:
  struct Node {
    absl::string_view text;
    uint32_t first = 0;  // the children: an object's member values or an array's elements
    uint32_t count = 0;  // (none for scalars, and for containers at the depth limit)
  };
  // Outlines `json`, whose structural characters lie at `structurals` (offsets, in order, as
  // simdjson's stage 1 finds them): the top value, and the children of each container less than
  // `depth` levels below it, in order. `arrays_only`: below the top, only arrays get children
  // (objects are outlined whole, which is cheaper). The nodes live until the next call.
  const Node& Outline(absl::string_view json, absl::Span<const uint32_t> structurals, int depth,
                      bool arrays_only = false);
  // The same for the text `parser` parsed last (successfully), from the structurals it found.
  const Node& Outline(const simdjson::dom::parser& parser, absl::string_view json, int depth,
                      bool arrays_only = false);
  const Node& child(const Node& parent, size_t i) const { return nodes_[parent.first + i]; }

 private:
  // Outlines the value that starts at token k (at `depth`) into `self`; returns the token after
  // it.
  size_t Scan(size_t k, int depth, Node& self);

  absl::string_view text_;
  absl::Span<const uint32_t> tokens_;
  int max_depth_ = 0;
  bool arrays_only_ = false;
  Node root_;
  std::vector<Node> nodes_;
  std::vector<std::vector<Node>> scratch_;  // per depth, children being gathered
};

// A parsed document; owns the memory its JsonValues point into.
class JsonDocument {
 public:
  // Reads and parses `path`. Errors (InvalidArgument): "<path>: cannot read file", "<path>: file
  // is N bytes, over the limit of M", "<path>: invalid JSON: <reason>" (one line, e.g. "a string
  // is not closed", "not valid UTF-8", "the text is UTF-16; save it as UTF-8"), "<path>: JSON
  // nested deeper than the limit of N levels". ResourceExhausted if memory runs out. A UTF-8
  // byte order mark is skipped.
  static absl::StatusOr<std::unique_ptr<JsonDocument>> FromFile(const std::string& path,
                                                                const JsonLimits& limits = {});
  // Parses `text`; `name` stands for the file in error messages.
  static absl::StatusOr<std::unique_ptr<JsonDocument>> FromString(absl::string_view text,
                                                                  std::string name,
                                                                  const JsonLimits& limits = {});
  // Parses the text of a file read by JsonText::FromFile (`name`: the file), with FromFile's
  // errors; the document does not point into `text`.
  static absl::StatusOr<std::unique_ptr<JsonDocument>> FromText(const JsonText& text,
                                                                std::string name,
                                                                const JsonLimits& limits = {});

  JsonValue root() const { return JsonValue(root_, SourceRef{name_, ""}); }
  const std::string& name() const { return name_; }

 private:
  JsonDocument() = default;
  static absl::StatusOr<std::unique_ptr<JsonDocument>> Parse(const simdjson::padded_string& text,
                                                             std::string name,
                                                             const JsonLimits& limits);

  std::string name_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_JSON_READER_H_
