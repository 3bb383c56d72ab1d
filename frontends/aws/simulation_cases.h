// The batch simulation format: one IAM request and its policies per line (JSON Lines).
//
//   {"id": "r01", "identityPolicies": [doc, ...], "resourcePolicy": doc,
//    "permissionBoundaries": [doc], "sessionPolicy": doc,
//    "scps": [[doc, ...], ...], "rcps": [[doc, ...], ...],      (one list per level, root first)
//    "request": {"principal": ARN, "action": "s3:GetObject", "resource": ARN,
//                "resourceAccount": "111122223333", "context": {"aws:username": "alice",
//                                                               "aws:TagKeys": ["a", "b"]}}}
//
// Everything but `request` is optional; documents take any shape policy_document.h reads. A
// field given twice in the case or its request is refused: JSON readers differ on which counts.
// This is the format `vouch simulate --cases` decides, tools/oracle feeds to the reference
// simulator, and tests/golden holds. The request context is taken as given: batch cases state
// every key they mean (no principal keys are filled in), so both simulators see the same request.
//
// Speed matters (a batch is often 10^4..10^6 cases): a file is read a range of lines at a time
// into a buffer each reader keeps (a pipe is read whole, once), each line is parsed with simdjson
// and read without locations (again, located, only when it fails), and each distinct policy
// document of a range (by its bytes) is read once into an iam::Policy shared by every case that
// holds it, so the caller can compile it once too (keyed by CasePolicy::document and the policy
// type). The document cache is bounded: past kMaxCachedDocuments it starts over, so memory stays
// flat however long the batch. While few documents repeat, the reader stops looking them up and
// reads each afresh (kLookupWindow), then tries again. TakeRange cuts the input into consecutive
// ranges of lines, one at a time, for readers from NewReader to read (and decide) on several
// threads.
//
//   VOUCH_ASSIGN_OR_RETURN(std::unique_ptr<CaseReader> reader, CaseReader::Open("cases.jsonl"));
//   SimulationCase c;
//   absl::Status error;
//   while (reader->Next(c, error)) {
//     if (!error.ok()) ...  // "cases.jsonl:17: /request/action: unknown action `s3:Get`"
//     else ...              // compile c.policies' documents (cached), iam::Evaluate
//   }
#ifndef VOUCH_FRONTENDS_AWS_SIMULATION_CASES_H_
#define VOUCH_FRONTENDS_AWS_SIMULATION_CASES_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "frontends/aws/json_reader.h"
#include "models/iam/policy.h"
#include "models/iam/request.h"
#include "simdjson.h"

namespace vouch::aws {

// A policy of a case: a shared document, where AWS applies it, and where the case holds it.
struct CasePolicy {
  std::shared_ptr<const iam::Policy> policy;  // named "#<n>": unique per distinct document
  uint64_t document = 0;  // <n>: identifies the document among those this reader read
  iam::PolicyType type = iam::PolicyType::kIdentity;
  absl::string_view field;  // "identityPolicies", "resourcePolicy", "scps", ... (static text)
  int level = -1;           // scps and rcps: the level
  int index = -1;           // in a list: the position
  // The reader holds the document in its cache, so it may come again under the same number;
  // false for one read afresh (see CaseReader::kLookupWindow), which a caller need not
  // cache either.
  bool cached = true;

  // How answers name the policy: "identityPolicies/1", "resourcePolicy", "scps/0/2", ...
  std::string Label() const;
};

// One case, ready to compile and evaluate.
struct SimulationCase {
  int line = 0;         // 1-based line number in the file
  size_t line_begin = 0, line_end = 0;  // the line's bytes in the input (for Relocate)
  std::string id_json;  // the case's `id` as JSON text ("\"r01\"", "17"); "null" when absent
  std::vector<CasePolicy> identity;
  std::vector<CasePolicy> permission_boundaries;
  std::vector<CasePolicy> session;   // zero or one
  std::vector<CasePolicy> resource;  // zero or one
  std::vector<std::vector<CasePolicy>> scp_levels;  // root first
  std::vector<std::vector<CasePolicy>> rcp_levels;
  iam::Request request;

  // The label of the policy named `policy_name` in this case; `policy_name` itself if unknown.
  std::string LabelOf(absl::string_view policy_name) const;
  // Empties the case, keeping the memory its lists and strings hold for the next one, but for
  // the request's context, which is kept: CaseReader refills it in place (cases mostly name the
  // same keys), and drops what the next case does not name.
  void Clear();
};

// The text of a case file: an open regular file, read a range at a time by each reader, or the
// bytes of a pipe, read whole and followed by simdjson's padding. Defined in
// simulation_cases.cc.
class CaseText;

class CaseReader {
 public:
  // Opens a regular file, to read a range at a time, or reads a pipe whole (then within
  // JsonLimits::max_bytes). `-` is standard input, named `<stdin>` in messages. Errors as
  // ReadInputFile's: "<path>: cannot read file", ...
  static absl::StatusOr<std::unique_ptr<CaseReader>> Open(const std::string& path);
  // Reads cases from `text`; `name` stands for the file in error messages.
  static std::unique_ptr<CaseReader> FromString(absl::string_view text, std::string name);

  // Asks the system to read an opened file into its cache ahead of the readers (a no-op for a
  // text in memory). Thread-safe.
  void Prefetch() const;

  // Reads every document afresh from now on, never looking it up in the document cache, as the
  // reader does on its own while few documents repeat (see kLookupWindow). For a caller that
  // knows its documents do not repeat, and for tests.
  void DisableDocumentCache() { cache_disabled_ = true; }

  // Reads the next non-blank line into `out`. Returns false at the end of the input. When the
  // line is a bad case, returns true with `error` set (InvalidArgument, or Unimplemented for a
  // construct vouch does not model) naming the line and JSON pointer, e.g.
  //   "cases.jsonl:17: /request/action: unknown action `iam:DeleteGrup` (did you mean ...)"
  // and `out` holds what could be read (line, id_json, request.action and request.resource).
  //
  // Cases are read without locations (the policies' statements and conditions have empty
  // SourceRefs), which spares building a JSON pointer for each; a line that fails is read
  // again, located, for its error. A caller whose own check of the policies fails (compiling
  // them) calls Relocate for policies whose errors name where they are.
  bool Next(SimulationCase& out, absl::Status& error);
  // Reads the line `out` was read from (by Next, on this reader) again into `out`, with
  // locations, reading each of its documents afresh (the cached ones are unlocated). Errors as
  // Next's. Next goes on where it was.
  absl::Status Relocate(SimulationCase& out);

  // A range of whole lines of the input: bytes [begin, end), the first numbered line + 1.
  struct Range {
    size_t begin = 0;
    size_t end = 0;
    int line = 0;  // the number of the line before `begin`
  };

  // Takes the first range of about `bytes` bytes of the lines not yet read or taken (whole
  // lines: up to the first line end at or past `bytes`) and makes `into` (a reader from
  // NewReader, not this one) read it next, as Seek would: its bytes are read once, into `into`'s
  // buffer, where their lines are counted. Returns false when no line is left. Reading the ranges
  // one after the other gives the cases, with their line numbers, that Next would have given. Error
  // (InvalidArgument): "<path>: the file was cut short while vouch read it".
  absl::StatusOr<bool> TakeRange(size_t bytes, CaseReader& into);
  // Splits the lines not yet read into such ranges, in order, consuming them.
  absl::StatusOr<std::vector<Range>> Split(size_t bytes);
  // Bytes of the input not yet read or taken (for a reader TakeRange just gave a range: the
  // range's bytes).
  size_t remaining_bytes() const { return end_ - pos_; }
  // A reader over the same text with its own parser, buffer and caches, so that it may run on
  // another thread; it reads nothing until Seek or TakeRange. The text stays alive as long as
  // any reader holds it.
  std::unique_ptr<CaseReader> NewReader() const;
  // Reads `range` next (its bytes into this reader's buffer). Errors as TakeRange's.
  absl::Status Seek(const Range& range);

  // How messages name the input: the path, or `<stdin>`.
  const std::string& name() const { return name_; }
  // Distinct policy documents read so far.
  size_t distinct_policies() const { return documents_read_; }

  // The document cache starts over when it holds this many documents.
  static constexpr size_t kMaxCachedDocuments = 64;
  // Looking documents up by their bytes pays only when they repeat often: it takes outlining
  // each line and hashing each document, and keeps them (and their compiled forms, which the
  // caller caches) alive after their case. When fewer than one in kMinHitShare of the last
  // kLookupWindow documents looked up were found (a batch whose documents are mostly used once,
  // as a generated one), the next kBypassLines lines are read without the cache, each document
  // afresh, and then the cache is tried again.
  static constexpr uint32_t kLookupWindow = 512;
  static constexpr uint32_t kMinHitShare = 4;
  static constexpr uint32_t kBypassLines = 2048;

 private:
  // Hashes a document's bytes by a sample of them: its length, its first and last 64 bytes and
  // 16 words spread between. Most documents of a batch are read once, so hashing all of their
  // bytes would cost more than the lookups save; equal hashes are told apart by comparing all
  // the bytes, and the cache is small, so even documents that differ only where the sample does
  // not look are read right.
  struct SampleHash {
    size_t operator()(absl::string_view text) const;
  };
  struct Cached {
    std::shared_ptr<const iam::Policy> policy;
    uint64_t document;
  };

  CaseReader(std::shared_ptr<const CaseText> text, std::string name, size_t begin, size_t end,
             int line);

  // Makes the input's bytes [begin, end) this reader's window (see window_), dropping the
  // cached documents, whose bytes were those of the window before.
  absl::Status Load(size_t begin, size_t end);
  // Extends the window to the input's byte `end`, keeping what it holds.
  absl::Status Extend(size_t end);
  // Finds where the line that starts at `start` ends (its `\n`, or the end), loading it into the
  // window when it is not there.
  absl::Status FindLineEnd(size_t start, size_t& end);
  // What a reader of a whole file reads at a time.
  static constexpr size_t kReadBytes = size_t{256} << 10;
  // The input's byte `offset`, in the window.
  const char* At(size_t offset) const { return window_ + (offset - window_begin_); }

  // Parses the line [line_begin_, line_end_) into `root`.
  absl::Status ParseLine(simdjson::dom::element& root);
  // Reads the parsed line `root` into `out` (emptied first), with locations.
  absl::Status ReadLocated(const simdjson::dom::element& root, SimulationCase& out);
  absl::Status ReadCase(const JsonValue& root, SimulationCase& out);
  absl::Status ReadRequest(const JsonValue& request, SimulationCase& out);
  absl::Status ReadContext(const JsonValue& context, iam::Request& out);
  // Reads (or finds) the document `doc`, which lies at `node` of the line's outline. The lists,
  // as theirs.
  // `node` is null when the line was not outlined (its documents are read afresh).
  absl::StatusOr<CasePolicy> ReadPolicy(const JsonValue& doc, const JsonOutline::Node* node,
                                        iam::PolicyType type, absl::string_view field, int level,
                                        int index);
  absl::Status ReadPolicyList(const JsonValue& list, const JsonOutline::Node* node,
                              iam::PolicyType type, absl::string_view field, int level,
                              std::vector<CasePolicy>& out);
  absl::Status ReadLevels(const JsonValue& levels, const JsonOutline::Node* node,
                          iam::PolicyType type, absl::string_view field,
                          std::vector<std::vector<CasePolicy>>& out);
  absl::Status CheckAction(const JsonValue& action);

  std::shared_ptr<const CaseText> text_;
  std::string name_;
  size_t pos_ = 0;
  size_t end_ = 0;
  int line_ = 0;
  // The bytes [window_begin_, window_end_) of the input, which hold the range being read: a view
  // into the text when it is in memory, else read into buffer_ (followed by simdjson's padding).
  // A file is read a range at a time into the same buffer rather than mapped: on the virtual
  // machines vouch is measured on, the first touch of each page of a mapping costs about 2 us,
  // even when its pages were mapped in ahead, and copying the pages costs less (the race's
  // 17 MB: about 10 ms touched where mapped, 5 ms copied and scanned).
  const char* window_ = nullptr;
  size_t window_begin_ = 0, window_end_ = 0;
  std::unique_ptr<char[]> buffer_;
  size_t buffer_capacity_ = 0;
  size_t line_begin_ = 0, line_end_ = 0;  // the line Next last returned
  bool fresh_documents_ = false;  // Relocate: read every document, cache none
  simdjson::dom::parser parser_;
  JsonOutline outline_;  // where the current line's values lie
  // Documents by their text (views into the window).
  absl::flat_hash_map<absl::string_view, Cached, SampleHash> cache_;
  uint64_t documents_read_ = 0;      // distinct documents (those cached), and those read afresh
  uint32_t lookups_ = 0, hits_ = 0;  // documents looked up in the cache (this window), found
  uint32_t bypass_lines_ = 0;        // lines still to read without the cache
  bool cache_line_ = true;           // the line being read uses the cache
  bool cache_disabled_ = false;      // DisableDocumentCache
  uint64_t next_document_ = 0;   // the number of the next document read
  absl::flat_hash_map<std::string, absl::Status> actions_;  // action -> catalog verdict
};

}  // namespace vouch::aws

#endif  // VOUCH_FRONTENDS_AWS_SIMULATION_CASES_H_
