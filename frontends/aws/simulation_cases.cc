// The batch simulation format (see simulation_cases.h).
//
// Lines are parsed one by one with simdjson's DOM over a reader's window of the input: a range
// of a file read into the reader's buffer (its padding after the range), or a view into a pipe's
// bytes, read whole.
// Policy documents are looked up by their bytes in the line (found by JsonOutline, checked
// against the parsed tree), so a document shared by thousands of cases is read once. Errors
// carry "<file>:<line>" as their file.
#include "frontends/aws/simulation_cases.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "frontends/aws/policy_document.h"
#include "models/base/status_macros.h"
#include "models/iam/action_catalog.h"
#include "models/iam/arn.h"

namespace vouch::aws {
namespace {

using simdjson::dom::element;

// The self-check of reading documents by their bytes: the text found for a parsed value does not
// match it. Valid JSON never gives this; were it to, the case gets no answer.
absl::Status SpanMismatch(const JsonValue& value) {
  return absl::InternalError(
      value.Error("the text of this value was not found (please report)").message());
}

constexpr absl::string_view kCaseFieldNames[] = {
    "id", "identityPolicies", "resourcePolicy", "permissionBoundaries", "sessionPolicy", "scps",
    "rcps", "request"};
constexpr absl::string_view kRequestFieldNames[] = {"principal", "action", "resource",
                                                    "resourceAccount", "context"};

constexpr absl::string_view kCaseFields =
    "id, identityPolicies, resourcePolicy, permissionBoundaries, sessionPolicy, scps, rcps or "
    "request";
constexpr absl::string_view kRequestFields =
    "principal, action, resource, resourceAccount or context";

}  // namespace

class CaseText {
 public:
  // Text in memory, followed by simdjson's padding.
  explicit CaseText(simdjson::padded_string text)
      : copy_(std::move(text)), data_(copy_.data()), size_(copy_.size()) {}
  // The first `size` bytes of the open file `fd`, read as they are needed; takes `fd`.
  CaseText(int fd, size_t size) : size_(size), fd_(fd) {}
  ~CaseText() {
    if (fd_ >= 0) close(fd_);
  }
  CaseText(const CaseText&) = delete;
  CaseText& operator=(const CaseText&) = delete;

  // Opens the regular file `path`; nullptr when it is not one (a pipe, ...) or cannot be opened.
  static std::shared_ptr<const CaseText> Open(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      close(fd);
      return nullptr;
    }
    return std::make_shared<const CaseText>(fd, static_cast<size_t>(st.st_size));
  }

  size_t size() const { return size_; }
  // Whether the text is in memory (then data() holds it) rather than in a file.
  bool in_memory() const { return fd_ < 0; }
  const char* data() const { return data_; }

  // Copies bytes [offset, offset + n) of a file into `out`; false when the file ends before
  // them (it was cut short after it was opened) or cannot be read. Thread-safe.
  bool Read(size_t offset, size_t n, char* out) const {
    while (n > 0) {
      ssize_t got = pread(fd_, out, n, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      out += got;
      offset += static_cast<size_t>(got);
      n -= static_cast<size_t>(got);
    }
    return true;
  }

  void Prefetch() const {
    if (fd_ >= 0) posix_fadvise(fd_, 0, 0, POSIX_FADV_WILLNEED);
  }

 private:
  simdjson::padded_string copy_;
  const char* data_ = nullptr;
  size_t size_ = 0;
  int fd_ = -1;
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
  line_begin = line_end = 0;
  id_json = "null";
  identity.clear();
  permission_boundaries.clear();
  session.clear();
  resource.clear();
  scp_levels.clear();
  rcp_levels.clear();
  request.principal.clear();
  request.action.clear();
  request.resource = "*";
  request.resource_account.clear();
  // request.context is kept: CaseReader refills its entries in place (see ReadContext).
}

CaseReader::CaseReader(std::shared_ptr<const CaseText> text, std::string name, size_t begin,
                       size_t end, int line)
    : text_(std::move(text)), name_(std::move(name)), pos_(begin), end_(end), line_(line) {
  if (text_->in_memory()) {  // the whole text is the window
    window_ = text_->data();
    window_end_ = text_->size();
  }
}

absl::StatusOr<std::unique_ptr<CaseReader>> CaseReader::Open(const std::string& path) {
  // `-` is standard input: read a range at a time too when it is a regular file (`< cases.jsonl`).
  const bool standard_input = path == "-";
  const std::string file = standard_input ? "/dev/stdin" : path;
  std::shared_ptr<const CaseText> text = CaseText::Open(file);
  if (text == nullptr) {  // a pipe (`--cases -`), or a file that cannot be opened
    VOUCH_ASSIGN_OR_RETURN(std::string read, ReadInputFile(file));
    text = std::make_shared<const CaseText>(simdjson::padded_string(read.data(), read.size()));
  }
  size_t size = text->size();
  return std::unique_ptr<CaseReader>(
      new CaseReader(std::move(text), standard_input ? "<stdin>" : path, 0, size, 0));
}

void CaseReader::Prefetch() const { text_->Prefetch(); }

std::unique_ptr<CaseReader> CaseReader::FromString(absl::string_view text, std::string name) {
  auto padded = std::make_shared<const CaseText>(simdjson::padded_string(text.data(), text.size()));
  return std::unique_ptr<CaseReader>(
      new CaseReader(std::move(padded), std::move(name), 0, text.size(), 0));
}

absl::Status CaseReader::Load(size_t begin, size_t end) {
  cache_.clear();
  window_begin_ = window_end_ = begin;
  if (text_->in_memory()) window_ = text_->data() + begin;
  return Extend(end);
}

absl::Status CaseReader::Extend(size_t end) {
  if (end <= window_end_) return absl::OkStatus();
  if (!text_->in_memory()) {
    const size_t held = window_end_ - window_begin_;
    const size_t need = end - window_begin_ + simdjson::SIMDJSON_PADDING;
    if (need > buffer_capacity_) {
      // Room for the lines read past a range's cut too, so that a buffer is made once.
      size_t capacity =
          std::max(need + (size_t{16} << 10), buffer_capacity_ + buffer_capacity_ / 2);
      auto grown = std::make_unique_for_overwrite<char[]>(capacity);
      if (held > 0) std::memcpy(grown.get(), buffer_.get(), held);
      buffer_ = std::move(grown);
      buffer_capacity_ = capacity;
    }
    if (!text_->Read(window_end_, end - window_end_, buffer_.get() + held)) {
      return absl::InvalidArgumentError(
          absl::StrCat(name_, ": the file was cut short while vouch read it"));
    }
    // The padding simdjson may read past a line: zeros, so that it reads nothing left over.
    std::memset(buffer_.get() + (end - window_begin_), 0, simdjson::SIMDJSON_PADDING);
    window_ = buffer_.get();
  }
  window_end_ = end;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<CaseReader::Range>> CaseReader::Split(size_t bytes) {
  std::vector<Range> out;
  std::unique_ptr<CaseReader> scratch = NewReader();
  for (;;) {
    Range range{pos_, 0, line_};
    VOUCH_ASSIGN_OR_RETURN(bool taken, TakeRange(bytes, *scratch));
    if (!taken) return out;
    range.end = pos_;
    out.push_back(range);
  }
}

absl::StatusOr<bool> CaseReader::TakeRange(size_t bytes, CaseReader& into) {
  if (pos_ >= end_) return false;
  const size_t begin = pos_;
  size_t cut = std::min(end_, pos_ + std::max<size_t>(bytes, 1));
  VOUCH_RETURN_IF_ERROR(into.Load(begin, cut));
  // Up to the first line end at or past `cut`, read a few lines at a time.
  constexpr size_t kMore = size_t{8} << 10;
  for (size_t from = cut; cut < end_;) {
    const void* nl = std::memchr(into.At(from), '\n', into.window_end_ - from);
    if (nl != nullptr) {
      cut = static_cast<size_t>(static_cast<const char*>(nl) - into.At(begin)) + begin + 1;
      break;
    }
    from = into.window_end_;
    if (from >= end_) {
      cut = end_;
      break;
    }
    VOUCH_RETURN_IF_ERROR(into.Extend(std::min(end_, from + kMore)));
  }
  const int first_line = line_;
  for (const char* p = into.At(begin);
       (p = static_cast<const char*>(std::memchr(p, '\n', into.At(cut) - p))) != nullptr; ++p) {
    ++line_;
  }
  pos_ = cut;
  into.pos_ = begin;
  into.end_ = cut;
  into.line_ = first_line;
  return true;
}

std::unique_ptr<CaseReader> CaseReader::NewReader() const {
  return std::unique_ptr<CaseReader>(new CaseReader(text_, name_, end_, end_, line_));
}

absl::Status CaseReader::Seek(const Range& range) {
  VOUCH_RETURN_IF_ERROR(Load(range.begin, range.end));
  pos_ = range.begin;
  end_ = range.end;
  line_ = range.line;
  return absl::OkStatus();
}

absl::Status CaseReader::ParseLine(element& root) {
  // The window's padding lies past its end, and every line is followed by readable bytes.
  simdjson::error_code err =
      parser_
          .parse(reinterpret_cast<const uint8_t*>(At(line_begin_)), line_end_ - line_begin_, false)
          .get(root);
  if (err == simdjson::SUCCESS) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(name_, ":", line_, ": invalid JSON: ", ParseErrorText(err)));
}

absl::Status CaseReader::FindLineEnd(size_t start, size_t& end) {
  // A range TakeRange or Seek gave holds all of its lines. Otherwise (a reader of a whole file,
  // or one whose window Relocate moved) the window is moved to the line, and grown until it holds
  // all of it.
  if (start < window_begin_ || start >= window_end_) {
    VOUCH_RETURN_IF_ERROR(Load(start, std::min(end_, start + kReadBytes)));
  }
  for (size_t from = start;;) {
    const size_t limit = std::min(window_end_, end_);
    const void* nl = std::memchr(At(from), '\n', limit - from);
    if (nl != nullptr) {
      end = start + static_cast<size_t>(static_cast<const char*>(nl) - At(start));
      return absl::OkStatus();
    }
    if (limit >= end_) {
      end = end_;
      return absl::OkStatus();
    }
    from = limit;
    if (window_begin_ < start) {
      // Start the window at the line, so it holds one line and those after, never those before.
      VOUCH_RETURN_IF_ERROR(Load(start, std::min(end_, start + (from - start) + kReadBytes)));
    } else {
      VOUCH_RETURN_IF_ERROR(Extend(std::min(end_, window_end_ + kReadBytes)));
    }
  }
}

bool CaseReader::Next(SimulationCase& out, absl::Status& error) {
  while (pos_ < end_) {
    size_t start = pos_;
    size_t end = 0;
    error = FindLineEnd(start, end);
    if (!error.ok()) {
      pos_ = end_;  // the rest cannot be read
      out.Clear();
      return true;
    }
    pos_ = end + 1;
    ++line_;
    absl::string_view line(At(start), end - start);
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    line_begin_ = start;
    line_end_ = end;
    out.Clear();
    out.line = line_;
    out.line_begin = line_begin_;
    out.line_end = line_end_;
    if (lookups_ >= kLookupWindow) {
      if (hits_ * kMinHitShare < lookups_) {
        bypass_lines_ = kBypassLines;
        cache_.clear();
      }
      lookups_ = hits_ = 0;
    }
    cache_line_ = !cache_disabled_ && bypass_lines_ == 0;
    if (bypass_lines_ > 0) --bypass_lines_;
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
  out.line_begin = line_begin_;
  out.line_end = line_end_;
  return ReadCase(JsonValue(root, SourceRef{absl::StrCat(name_, ":", line_), ""}), out);
}

absl::Status CaseReader::Relocate(SimulationCase& out) {
  // The line may be one read before the last: read it as Next did, then go back to where Next is.
  // It is nearly always in the window (one of the range being read); if not, the window moves to
  // it, and Next moves it back.
  if (out.line_begin < window_begin_ || out.line_end > window_end_) {
    VOUCH_RETURN_IF_ERROR(Load(out.line_begin, out.line_end));
  }
  const size_t begin = line_begin_, end = line_end_;
  const int line = line_;
  line_begin_ = out.line_begin;
  line_end_ = out.line_end;
  line_ = out.line;
  element root;
  absl::Status s = ParseLine(root);
  if (s.ok()) {
    fresh_documents_ = true;
    s = ReadLocated(root, out);
    fresh_documents_ = false;
  }
  line_begin_ = begin;
  line_end_ = end;
  line_ = line;
  return s;
}

absl::Status CaseReader::ReadCase(const JsonValue& root, SimulationCase& out) {
  simdjson::dom::object obj;
  if (root.raw().get_object().get(obj) != simdjson::SUCCESS) return root.TypeError("a case object");
  // Where each member lies in the line, in the order ForEachMember visits them: documents are
  // known by their text. Down to the documents of a level of SCPs, 3 levels below the case,
  // through arrays only (a document, or the request, is outlined whole). Only for a line whose
  // documents are looked up in the cache.
  const JsonOutline::Node* line = nullptr;
  if (cache_line_ && !fresh_documents_) {
    line = &outline_.Outline(parser_, absl::string_view(At(line_begin_), line_end_ - line_begin_),
                             3, /*arrays_only=*/true);
    if (line->count != obj.size()) return SpanMismatch(root);
  }
  // The id as minified JSON text (the first `id`, as at_key finds it). minify escapes only
  // quotes, backslashes and control characters, so a string without them, quoted, is its
  // minified text (lines read afresh have no outline to take it from); other ids are minified.
  for (simdjson::dom::key_value_pair field : obj) {
    if (field.key == "id") {
      std::string_view id;
      if (field.value.get_string().get(id) == simdjson::SUCCESS &&
          std::none_of(id.begin(), id.end(), [](char c) {
            return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
          })) {
        out.id_json.assign(1, '"').append(id).push_back('"');
      } else {
        out.id_json = simdjson::minify(field.value);
      }
      break;
    }
  }
  element request;
  if (obj.at_key("request").get(request) != simdjson::SUCCESS) {
    return root.Error("missing `request`");
  }
  VOUCH_RETURN_IF_ERROR(ReadRequest(root.Child("request", request), out));
  size_t member = 0;
  uint32_t seen = 0;
  return root.ForEachMember([&](absl::string_view key, const JsonValue& value) -> absl::Status {
    const JsonOutline::Node* text = line != nullptr ? &outline_.child(*line, member) : nullptr;
    ++member;
    if (SeenBefore(key, kCaseFieldNames, seen)) return value.TwiceError(key);
    if (key == "id" || key == "request") return absl::OkStatus();
    if (key == "identityPolicies") {
      return ReadPolicyList(value, text, iam::PolicyType::kIdentity, "identityPolicies", -1,
                            out.identity);
    }
    if (key == "permissionBoundaries") {
      return ReadPolicyList(value, text, iam::PolicyType::kPermissionBoundary,
                            "permissionBoundaries", -1, out.permission_boundaries);
    }
    if (key == "resourcePolicy" || key == "sessionPolicy") {
      if (value.IsNull()) return absl::OkStatus();
      bool resource = key == "resourcePolicy";
      VOUCH_ASSIGN_OR_RETURN(
          CasePolicy p,
          ReadPolicy(value, text,
                     resource ? iam::PolicyType::kResource : iam::PolicyType::kSession,
                     resource ? "resourcePolicy" : "sessionPolicy", -1, -1));
      (resource ? out.resource : out.session).push_back(std::move(p));
      return absl::OkStatus();
    }
    if (key == "scps" || key == "rcps") {
      bool scp = key == "scps";
      return ReadLevels(value, text, scp ? iam::PolicyType::kScp : iam::PolicyType::kRcp,
                        scp ? "scps" : "rcps", scp ? out.scp_levels : out.rcp_levels);
    }
    return value.Error(absl::StrCat("unknown field `", key, "` (expected ", kCaseFields, ")"));
  });
}

absl::Status CaseReader::ReadRequest(const JsonValue& request, SimulationCase& out) {
  if (!request.IsObject()) return request.TypeError("an object");
  iam::Request& r = out.request;
  bool has_principal = false, has_account = false, has_context = false;
  std::optional<JsonValue> action;
  uint32_t seen = 0;
  VOUCH_RETURN_IF_ERROR(request.ForEachMember([&](absl::string_view key,
                                                  const JsonValue& value) -> absl::Status {
    if (SeenBefore(key, kRequestFieldNames, seen)) return value.TwiceError(key);
    if (key == "principal") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.principal.assign(s.data(), s.size());
      has_principal = true;
    } else if (key == "action") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.action.assign(s.data(), s.size());
      action = value;
    } else if (key == "resource") {
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.resource.assign(s.data(), s.size());
    } else if (key == "resourceAccount") {
      if (value.IsNull()) return absl::OkStatus();
      VOUCH_ASSIGN_OR_RETURN(absl::string_view s, value.GetString());
      r.resource_account.assign(s.data(), s.size());
      has_account = !s.empty();
    } else if (key == "context") {
      has_context = true;
      return ReadContext(value, r);
    } else {
      return value.Error(
          absl::StrCat("unknown field `", key, "` (expected ", kRequestFields, ")"));
    }
    return absl::OkStatus();
  }));
  if (!has_context) r.context.clear();
  if (!has_principal) return request.Error("missing `principal`");
  if (!action) return request.Error("missing `action`");
  // Like the reference simulator: without resourceAccount, the resource ARN's account decides.
  if (!has_account) {
    absl::string_view account = iam::ArnAccount(r.resource);
    r.resource_account.assign(account.data(), account.size());
  }
  return CheckAction(*action);
}

absl::Status CaseReader::ReadContext(const JsonValue& context, iam::Request& out) {
  if (!context.IsObject()) {
    out.context.clear();
    return context.TypeError("an object");
  }
  // `out` holds the context of the case read before (SimulationCase::Clear keeps it). Batch
  // cases mostly name the same keys, so each key this case names refills its entry in place,
  // reusing its memory, and the entries it does not name are dropped after. Entries are marked
  // unnamed by an empty spelling; a case may name the empty key itself, which is kept.
  for (auto& entry : out.context) entry.second.key.clear();
  bool names_empty_key = false;
  absl::Status s =
      context.ForEachMember([&](absl::string_view key, const JsonValue& value) -> absl::Status {
        names_empty_key = names_empty_key || key.empty();
        iam::ContextValue& cv = out.Entry(key);  // a repeated key: the last one wins
        cv.type = iam::ContextType::kString;
        if (!value.IsArray()) {
          cv.multivalued = false;
          cv.values.resize(1);
          return value.GetScalarText(cv.values[0]);
        }
        cv.multivalued = true;
        size_t n = 0;
        for (element e : simdjson::dom::array(value.raw())) {
          if (n == cv.values.size()) cv.values.emplace_back();
          // Errors in a list name the list, as the reference simulator reads it.
          VOUCH_RETURN_IF_ERROR(value.At(e).GetScalarText(cv.values[n++]));
        }
        cv.values.resize(n);
        return absl::OkStatus();
      });
  if (!s.ok()) {
    out.context.clear();
    return s;
  }
  absl::erase_if(out.context, [&](const auto& entry) {
    return entry.second.key.empty() && !(names_empty_key && entry.first.empty());
  });
  return absl::OkStatus();
}

absl::Status CaseReader::CheckAction(const JsonValue& action) {
  absl::string_view name = *action.GetString();
  auto it = actions_.find(name);
  if (it == actions_.end()) {
    absl::Status verdict = iam::ActionCatalog::BuiltIn().Check(name);
    it = actions_.emplace(std::string(name), std::move(verdict)).first;
  }
  if (it->second.ok()) return absl::OkStatus();
  return action.Error(it->second.message());
}

size_t CaseReader::SampleHash::operator()(absl::string_view text) const {
  constexpr size_t kEnds = 64, kWords = 16;
  if (text.size() <= 2 * kEnds + kWords * 8) return absl::HashOf(text);
  uint64_t words[kWords];
  const size_t middle = text.size() - 2 * kEnds - 8;  // where a sampled word may start
  for (size_t i = 0; i < kWords; ++i) {
    std::memcpy(&words[i], text.data() + kEnds + middle * i / (kWords - 1), 8);
  }
  return absl::HashOf(text.size(), text.substr(0, kEnds), text.substr(text.size() - kEnds),
                      absl::string_view(reinterpret_cast<const char*>(words), sizeof words));
}

absl::StatusOr<CasePolicy> CaseReader::ReadPolicy(const JsonValue& doc,
                                                  const JsonOutline::Node* node,
                                                  iam::PolicyType type, absl::string_view field,
                                                  int level, int index) {
  // A document read afresh: the next number, never reused.
  auto read = [&]() -> absl::StatusOr<Cached> {
    uint64_t n = next_document_;
    VOUCH_ASSIGN_OR_RETURN(iam::Policy policy, ReadPolicyDocument(doc, absl::StrCat("#", n)));
    ++next_document_;
    return Cached{std::make_shared<const iam::Policy>(std::move(policy)), n};
  };
  // No outline: the line is read without the cache (Relocate's lines never are outlined).
  if (node == nullptr) {
    VOUCH_ASSIGN_OR_RETURN(Cached fresh, read());
    if (!fresh_documents_) ++documents_read_;  // not a line read again for its error
    return CasePolicy{std::move(fresh.policy), fresh.document, type, field, level, index,
                      /*cached=*/false};
  }
  // Documents are objects or strings; anything else fails to read, uncached.
  const bool object = doc.IsObject();
  if (!object && !doc.IsString()) {
    VOUCH_ASSIGN_OR_RETURN(Cached fresh, read());
    return CasePolicy{std::move(fresh.policy), fresh.document, type, field, level, index};
  }
  // Known by its bytes, a view into the text, which outlives the cache: the same bytes are the
  // same document. (Equal documents written differently are read once each, which costs time,
  // never correctness.)
  absl::string_view text = node->text;
  if (text.size() < 2 || text.front() != (object ? '{' : '"') ||
      text.back() != (object ? '}' : '"')) {
    return SpanMismatch(doc);
  }
  // One hash per document: room for the whole cache is made once, so the table never grows
  // (growing hashes every entry again), and a miss is filled in the slot its lookup found. A full
  // cache starts over at its next miss.
  if (cache_.size() >= kMaxCachedDocuments && !cache_.contains(text)) cache_.clear();
  if (cache_.capacity() < kMaxCachedDocuments) cache_.reserve(kMaxCachedDocuments);
  auto [it, inserted] = cache_.try_emplace(text);
  ++lookups_;
  hits_ += !inserted;
  if (inserted) {
    absl::StatusOr<Cached> fresh = read();
    if (!fresh.ok()) {
      cache_.erase(it);
      return fresh.status();
    }
    ++documents_read_;
    it->second = *std::move(fresh);
  }
  return CasePolicy{it->second.policy, it->second.document, type, field, level, index};
}

absl::Status CaseReader::ReadPolicyList(const JsonValue& list, const JsonOutline::Node* node,
                                        iam::PolicyType type, absl::string_view field, int level,
                                        std::vector<CasePolicy>& out) {
  if (!list.IsArray()) return list.TypeError("an array of policy documents");
  if (node != nullptr && node->count != simdjson::dom::array(list.raw()).size()) {
    return SpanMismatch(list);
  }
  int i = 0;
  return list.ForEachElement([&](const JsonValue& doc) -> absl::Status {
    VOUCH_ASSIGN_OR_RETURN(
        CasePolicy p, ReadPolicy(doc, node != nullptr ? &outline_.child(*node, i) : nullptr, type,
                                 field, level, i));
    ++i;
    out.push_back(std::move(p));
    return absl::OkStatus();
  });
}

absl::Status CaseReader::ReadLevels(const JsonValue& levels, const JsonOutline::Node* node,
                                    iam::PolicyType type, absl::string_view field,
                                    std::vector<std::vector<CasePolicy>>& out) {
  if (!levels.IsArray()) {
    return levels.TypeError("an array of levels (arrays of policy documents)");
  }
  if (node != nullptr && node->count != simdjson::dom::array(levels.raw()).size()) {
    return SpanMismatch(levels);
  }
  int i = 0;
  return levels.ForEachElement([&](const JsonValue& level) -> absl::Status {
    out.emplace_back();
    absl::Status s = ReadPolicyList(level, node != nullptr ? &outline_.child(*node, i) : nullptr,
                                    type, field, i, out.back());
    ++i;
    return s;
  });
}

}  // namespace vouch::aws
