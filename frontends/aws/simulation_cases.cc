// The batch simulation format (see simulation_cases.h).
//
// Lines are parsed one by one with simdjson's DOM over one buffer holding the whole file (its
// padding covers every line): the file mapped, followed by zero pages, or a pipe's bytes read.
// Policy documents are looked up by a compact encoding of their parsed content
// (WriteDocumentKey), so a document shared by thousands of cases is read once. Errors carry
// "<file>:<line>" as their file.
#include "frontends/aws/simulation_cases.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "frontends/aws/policy_document.h"
#include "models/base/status_macros.h"
#include "models/iam/action_catalog.h"

namespace vouch::aws {
namespace {

using simdjson::dom::element;

// The account field of an ARN, "" when there is none.
absl::string_view AccountOf(absl::string_view arn) {
  size_t start = 0;
  for (int field = 0; field < 4; ++field) {
    size_t colon = arn.find(':', start);
    if (colon == absl::string_view::npos) return "";
    start = colon + 1;
  }
  size_t end = arn.find(':', start);
  return end == absl::string_view::npos ? "" : arn.substr(start, end - start);
}

// An encoding of a JSON value that is equal for two values exactly when they are equal as JSON
// with members in the same order: a tag per value, strings length-prefixed, numbers as their
// bits. Cheaper than minified text: nothing is escaped or formatted. A value held in `n` bytes
// of JSON text encodes in at most KeyBound(n) bytes (a one-digit number, the worst case, takes
// 2 bytes of text with its comma and 9 here).
constexpr size_t KeyBound(size_t json_bytes) { return 5 * json_bytes + 16; }

char* WriteBytes(const void* data, size_t n, char* out) {
  std::memcpy(out, data, n);
  return out + n;
}

char* WriteString(char tag, std::string_view s, char* out) {
  if (tag != 0) *out++ = tag;
  uint32_t n = static_cast<uint32_t>(s.size());
  out = WriteBytes(&n, sizeof n, out);
  return WriteBytes(s.data(), s.size(), out);
}

template <typename T>
char* WriteScalar(char tag, T v, char* out) {
  *out++ = tag;
  return WriteBytes(&v, sizeof v, out);
}

// Writes the key of `e` at `out` and returns its end.
char* WriteDocumentKey(element e, char* out) {
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT:
      *out++ = '{';
      for (auto field : simdjson::dom::object(e)) {
        out = WriteString(0, field.key, out);
        out = WriteDocumentKey(field.value, out);
      }
      *out++ = '}';
      return out;
    case simdjson::dom::element_type::ARRAY:
      *out++ = '[';
      for (element item : simdjson::dom::array(e)) out = WriteDocumentKey(item, out);
      *out++ = ']';
      return out;
    case simdjson::dom::element_type::STRING: return WriteString('s', std::string_view(e), out);
    case simdjson::dom::element_type::INT64: return WriteScalar('i', int64_t(e), out);
    case simdjson::dom::element_type::UINT64: return WriteScalar('u', uint64_t(e), out);
    case simdjson::dom::element_type::DOUBLE: return WriteScalar('d', double(e), out);
    case simdjson::dom::element_type::BOOL: *out++ = bool(e) ? 't' : 'f'; return out;
    case simdjson::dom::element_type::NULL_VALUE: *out++ = 'n'; return out;
  }
  return out;
}

constexpr absl::string_view kCaseFields =
    "id, identityPolicies, resourcePolicy, permissionBoundaries, sessionPolicy, scps, rcps or "
    "request";
constexpr absl::string_view kRequestFields =
    "principal, action, resource, resourceAccount or context";

}  // namespace

class CaseText {
 public:
  explicit CaseText(simdjson::padded_string text)
      : copy_(std::move(text)), data_(copy_.data()), size_(copy_.size()) {}
  CaseText(void* map, size_t map_size, size_t size)
      : data_(static_cast<const char*>(map)), size_(size), map_(map), map_size_(map_size) {}
  ~CaseText() {
    if (map_ != nullptr) munmap(map_, map_size_);
  }
  CaseText(const CaseText&) = delete;
  CaseText& operator=(const CaseText&) = delete;

  // Maps the regular file `path`, padded; nullptr when it cannot (not a regular file, ...).
  // The mapping is private and read-only. As with any mapped input, a file cut short while
  // vouch reads it stops the process (SIGBUS) rather than yielding a wrong answer.
  static std::shared_ptr<const CaseText> Map(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st;
    std::shared_ptr<const CaseText> out;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      size_t size = static_cast<size_t>(st.st_size);
      size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
      // Zero pages for the padding; the file over their start. Bytes past the end of the file in
      // its last page read as zero too.
      size_t map_size = (size + simdjson::SIMDJSON_PADDING + page - 1) / page * page;
      void* map = mmap(nullptr, map_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (map != MAP_FAILED) {
        if (size == 0 || mmap(map, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd,
                              0) != MAP_FAILED) {
          out = std::make_shared<const CaseText>(map, map_size, size);
        } else {
          munmap(map, map_size);
        }
      }
    }
    close(fd);
    return out;
  }

  const char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  simdjson::padded_string copy_;
  const char* data_ = nullptr;
  size_t size_ = 0;
  void* map_ = nullptr;
  size_t map_size_ = 0;
};

std::string CasePolicy::Label() const {
  std::string out(field);
  if (level >= 0) absl::StrAppend(&out, "/", level);
  if (index >= 0) absl::StrAppend(&out, "/", index);
  return out;
}

std::string SimulationCase::LabelOf(absl::string_view policy_name) const {
  for (const auto* list : {&identity, &permission_boundaries, &session, &resource}) {
    for (const CasePolicy& p : *list) {
      if (p.policy->name == policy_name) return p.Label();
    }
  }
  for (const auto* levels : {&scp_levels, &rcp_levels}) {
    for (const auto& level : *levels) {
      for (const CasePolicy& p : level) {
        if (p.policy->name == policy_name) return p.Label();
      }
    }
  }
  return std::string(policy_name);
}

void SimulationCase::Clear() {
  line = 0;
  id_json = "null";
  identity.clear();
  permission_boundaries.clear();
  session.clear();
  resource.clear();
  scp_levels.clear();
  rcp_levels.clear();
  request = iam::Request();
}

CaseReader::CaseReader(std::shared_ptr<const CaseText> text, std::string name, size_t begin,
                       size_t end, int line)
    : text_(std::move(text)), name_(std::move(name)), pos_(begin), end_(end), line_(line) {}

absl::StatusOr<std::unique_ptr<CaseReader>> CaseReader::Open(const std::string& path) {
  std::shared_ptr<const CaseText> text = CaseText::Map(path);
  if (text == nullptr) {  // a pipe (`--cases /dev/stdin`), or a file that cannot be mapped
    VOUCH_ASSIGN_OR_RETURN(std::string read, ReadInputFile(path));
    text = std::make_shared<const CaseText>(simdjson::padded_string(read.data(), read.size()));
  }
  size_t size = text->size();
  return std::unique_ptr<CaseReader>(new CaseReader(std::move(text), path, 0, size, 0));
}

std::unique_ptr<CaseReader> CaseReader::FromString(absl::string_view text, std::string name) {
  auto padded = std::make_shared<const CaseText>(simdjson::padded_string(text.data(), text.size()));
  return std::unique_ptr<CaseReader>(
      new CaseReader(std::move(padded), std::move(name), 0, text.size(), 0));
}

std::vector<CaseReader::Range> CaseReader::Split(size_t bytes) {
  std::vector<Range> out;
  const char* data = text_->data();
  while (pos_ < end_) {
    size_t cut = std::min(end_, pos_ + std::max<size_t>(bytes, 1));
    if (cut < end_) {
      const void* nl = std::memchr(data + cut, '\n', end_ - cut);
      cut = nl ? static_cast<const char*>(nl) - data + 1 : end_;
    }
    out.push_back(Range{pos_, cut, line_});
    for (const char* p = data + pos_; (p = static_cast<const char*>(
                                           std::memchr(p, '\n', data + cut - p))) != nullptr;
         ++p) {
      ++line_;
    }
    pos_ = cut;
  }
  return out;
}

std::unique_ptr<CaseReader> CaseReader::NewReader() const {
  return std::unique_ptr<CaseReader>(new CaseReader(text_, name_, end_, end_, line_));
}

void CaseReader::Seek(const Range& range) {
  pos_ = range.begin;
  end_ = range.end;
  line_ = range.line;
}

absl::Status CaseReader::ParseLine(element& root) {
  // The text's padding lies past its end, and every line is followed by readable bytes.
  simdjson::error_code err =
      parser_
          .parse(reinterpret_cast<const uint8_t*>(text_->data() + line_begin_),
                 line_end_ - line_begin_, false)
          .get(root);
  if (err == simdjson::SUCCESS) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(name_, ":", line_, ": invalid JSON: ", ParseErrorText(err)));
}

bool CaseReader::Next(SimulationCase& out, absl::Status& error) {
  const char* data = text_->data();
  while (pos_ < end_) {
    size_t start = pos_;
    const void* nl = std::memchr(data + start, '\n', end_ - start);
    size_t end = nl ? static_cast<const char*>(nl) - data : end_;
    pos_ = end + 1;
    ++line_;
    absl::string_view line(data + start, end - start);
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    line_begin_ = start;
    line_end_ = end;
    out.Clear();
    out.line = line_;
    element root;
    error = ParseLine(root);
    if (!error.ok()) return true;
    error = ReadCase(JsonValue::Unlocated(root), out);
    if (!error.ok()) {
      // Both readings run the same checks, so the located one fails too; were it not to, the
      // unlocated error would still stand.
      absl::Status located = ReadLocated(root, out);
      if (!located.ok()) error = std::move(located);
    }
    return true;
  }
  return false;
}

absl::Status CaseReader::ReadLocated(const element& root, SimulationCase& out) {
  out.Clear();
  out.line = line_;
  return ReadCase(JsonValue(root, SourceRef{absl::StrCat(name_, ":", line_), ""}), out);
}

absl::Status CaseReader::Relocate(SimulationCase& out) {
  element root;
  VOUCH_RETURN_IF_ERROR(ParseLine(root));
  fresh_documents_ = true;
  absl::Status s = ReadLocated(root, out);
  fresh_documents_ = false;
  return s;
}

absl::Status CaseReader::ReadCase(const JsonValue& root, SimulationCase& out) {
  simdjson::dom::object obj;
  if (root.raw().get_object().get(obj) != simdjson::SUCCESS) return root.TypeError("a case object");
  element id;
  if (obj.at_key("id").get(id) == simdjson::SUCCESS) out.id_json = simdjson::minify(id);
  element request;
  if (obj.at_key("request").get(request) != simdjson::SUCCESS) {
    return root.Error("missing `request`");
  }
  VOUCH_RETURN_IF_ERROR(ReadRequest(root.Child("request", request), out));
  return root.ForEachMember([&](absl::string_view key, const JsonValue& value) -> absl::Status {
    if (key == "id" || key == "request") return absl::OkStatus();
    if (key == "identityPolicies") {
      return ReadPolicyList(value, iam::PolicyType::kIdentity, "identityPolicies", -1,
                            out.identity);
    }
    if (key == "permissionBoundaries") {
      return ReadPolicyList(value, iam::PolicyType::kPermissionBoundary, "permissionBoundaries",
                            -1, out.permission_boundaries);
    }
    if (key == "resourcePolicy" || key == "sessionPolicy") {
      if (value.IsNull()) return absl::OkStatus();
      bool resource = key == "resourcePolicy";
      VOUCH_ASSIGN_OR_RETURN(
          CasePolicy p,
          ReadPolicy(value, resource ? iam::PolicyType::kResource : iam::PolicyType::kSession,
                     resource ? "resourcePolicy" : "sessionPolicy", -1, -1));
      (resource ? out.resource : out.session).push_back(std::move(p));
      return absl::OkStatus();
    }
    if (key == "scps" || key == "rcps") {
      bool scp = key == "scps";
      return ReadLevels(value, scp ? iam::PolicyType::kScp : iam::PolicyType::kRcp,
                        scp ? "scps" : "rcps", scp ? out.scp_levels : out.rcp_levels);
    }
    return value.Error(absl::StrCat("unknown field `", key, "` (expected ", kCaseFields, ")"));
  });
}

absl::Status CaseReader::ReadRequest(const JsonValue& request, SimulationCase& out) {
  if (!request.IsObject()) return request.TypeError("an object");
  iam::Request& r = out.request;
  bool has_principal = false, has_account = false;
  std::optional<JsonValue> action;
  VOUCH_RETURN_IF_ERROR(request.ForEachMember([&](absl::string_view key,
                                                  const JsonValue& value) -> absl::Status {
    if (key == "principal") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.principal = std::string(s);
      has_principal = true;
    } else if (key == "action") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.action = std::string(s);
      action = value;
    } else if (key == "resource") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.resource = std::string(s);
    } else if (key == "resourceAccount") {
      if (value.IsNull()) return absl::OkStatus();
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.resource_account = std::string(s);
      has_account = !s.empty();
    } else if (key == "context") {
      return ReadContext(value, r);
    } else {
      return value.Error(
          absl::StrCat("unknown field `", key, "` (expected ", kRequestFields, ")"));
    }
    return absl::OkStatus();
  }));
  if (!has_principal) return request.Error("missing `principal`");
  if (!action) return request.Error("missing `action`");
  // Like the reference simulator: without resourceAccount, the resource ARN's account decides.
  if (!has_account) r.resource_account = std::string(AccountOf(r.resource));
  return CheckAction(*action);
}

absl::Status CaseReader::ReadContext(const JsonValue& context, iam::Request& out) {
  if (!context.IsObject()) return context.TypeError("an object");
  out.context.reserve(out.context.size() + simdjson::dom::object(context.raw()).size());
  return context.ForEachMember([&](absl::string_view key, const JsonValue& value) -> absl::Status {
    iam::ContextValue cv;
    cv.key = std::string(key);
    if (value.IsArray()) {
      cv.multivalued = true;
      // Errors in a list name the list, as the reference simulator reads it.
      for (element e : simdjson::dom::array(value.raw())) {
        VOUCH_ASSIGN_OR_RETURN(std::string s, value.At(e).GetScalarText());
        cv.values.push_back(std::move(s));
      }
    } else {
      VOUCH_ASSIGN_OR_RETURN(std::string s, value.GetScalarText());
      cv.values.push_back(std::move(s));
    }
    out.Set(std::move(cv));
    return absl::OkStatus();
  });
}

absl::Status CaseReader::CheckAction(const JsonValue& action) {
  absl::string_view name = *action.GetString();
  auto it = actions_.find(name);
  if (it == actions_.end()) {
    absl::Status verdict = iam::ActionCatalog::BuiltIn().Lookup(name).status();
    it = actions_.emplace(std::string(name), std::move(verdict)).first;
  }
  if (it->second.ok()) return absl::OkStatus();
  return action.Error(it->second.message());
}

absl::StatusOr<CasePolicy> CaseReader::ReadPolicy(const JsonValue& doc, iam::PolicyType type,
                                                  absl::string_view field, int level,
                                                  int index) {
  // A document read afresh: the next number, never reused.
  auto read = [&]() -> absl::StatusOr<Cached> {
    uint64_t n = next_document_;
    VOUCH_ASSIGN_OR_RETURN(iam::Policy policy, ReadPolicyDocument(doc, absl::StrCat("#", n)));
    ++next_document_;
    return Cached{std::make_shared<const iam::Policy>(std::move(policy)), n};
  };
  if (fresh_documents_) {
    VOUCH_ASSIGN_OR_RETURN(Cached fresh, read());
    return CasePolicy{std::move(fresh.policy), fresh.document, type, field, level, index};
  }
  // Every document lies within the current line, so the line's length bounds its key.
  size_t bound = KeyBound(line_end_ - line_begin_);
  if (key_.size() < bound) key_.resize(bound);
  absl::string_view key(key_.data(), WriteDocumentKey(doc.raw(), key_.data()) - key_.data());
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    VOUCH_ASSIGN_OR_RETURN(Cached fresh, read());
    ++documents_read_;
    if (cache_.size() >= kMaxCachedDocuments) cache_.clear();
    it = cache_.emplace(std::string(key), std::move(fresh)).first;
  }
  return CasePolicy{it->second.policy, it->second.document, type, field, level, index};
}

absl::Status CaseReader::ReadPolicyList(const JsonValue& list, iam::PolicyType type,
                                        absl::string_view field, int level,
                                        std::vector<CasePolicy>& out) {
  if (!list.IsArray()) return list.TypeError("an array of policy documents");
  int i = 0;
  return list.ForEachElement([&](const JsonValue& doc) -> absl::Status {
    VOUCH_ASSIGN_OR_RETURN(CasePolicy p, ReadPolicy(doc, type, field, level, i++));
    out.push_back(std::move(p));
    return absl::OkStatus();
  });
}

absl::Status CaseReader::ReadLevels(const JsonValue& levels, iam::PolicyType type,
                                    absl::string_view field,
                                    std::vector<std::vector<CasePolicy>>& out) {
  if (!levels.IsArray()) {
    return levels.TypeError("an array of levels (arrays of policy documents)");
  }
  int i = 0;
  return levels.ForEachElement([&](const JsonValue& level) -> absl::Status {
    out.emplace_back();
    return ReadPolicyList(level, type, field, i++, out.back());
  });
}

}  // namespace vouch::aws
