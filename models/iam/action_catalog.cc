// The action catalog: parsing the importer's text table, case-insensitive lookup, wildcard
// expansion and did-you-mean suggestions.
//
// The table is parsed into string views of the (static) text; only the vectors are allocated.
// Lookups binary-search the sorted service and action lists, so nothing is hashed at startup.
#include "models/iam/action_catalog.h"

#include <algorithm>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "models/base/status_macros.h"

namespace vouch::iam {
namespace {

constexpr char kBuiltInText[] =
#include "models/iam/action_catalog_data.inc"
    ;

// Case-insensitive ordering of ASCII names.
bool LessIgnoreCase(absl::string_view a, absl::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    char x = absl::ascii_tolower(static_cast<unsigned char>(a[i]));
    char y = absl::ascii_tolower(static_cast<unsigned char>(b[i]));
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

std::vector<absl::string_view> SplitList(absl::string_view s) {
  std::vector<absl::string_view> out;
  if (s.empty()) return out;
  out.reserve(std::count(s.begin(), s.end(), ',') + 1);
  for (;;) {
    size_t comma = s.find(',');
    out.push_back(s.substr(0, comma));
    if (comma == absl::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

// The tab-separated fields of a record, without allocating: at most kMaxFields (a record with
// more reads as malformed, its count being kMaxFields + 1).
constexpr size_t kMaxFields = 6;
struct Fields {
  absl::string_view f[kMaxFields];
  size_t n = 0;

  size_t size() const { return n; }
  absl::string_view operator[](size_t i) const { return f[i]; }
};

Fields SplitFields(absl::string_view record) {
  Fields out;
  for (;;) {
    size_t tab = record.find('\t');
    if (out.n == kMaxFields) {
      ++out.n;
      return out;
    }
    out.f[out.n++] = record.substr(0, tab);
    if (tab == absl::string_view::npos) return out;
    record.remove_prefix(tab + 1);
  }
}

absl::Status LineError(size_t line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("action catalog: line ", line, ": ", what));
}

bool HasWildcard(absl::string_view s) { return s.find_first_of("*?") != absl::string_view::npos; }

// Edit distance between a pattern (whose `*` matches any run for free and `?` any one character)
// and a name, ignoring ASCII case, when it is at most `budget`; budget + 1 for any distance past
// it (all a suggestion needs). For names without wildcards this is Levenshtein distance. The
// table stops at the first row whose every cell exceeds the budget (later rows cannot come back
// under it: each cell of a row is at least some cell of the row before), so most catalog names,
// nowhere near a typo, are given up within a few characters.
size_t WildcardDistance(absl::string_view pattern, absl::string_view name, size_t budget) {
  if (pattern.find('*') == absl::string_view::npos &&
      (pattern.size() > name.size() + budget || name.size() > pattern.size() + budget)) {
    return budget + 1;  // each character of length difference costs one edit
  }
  absl::InlinedVector<size_t, 256> rows(2 * (name.size() + 1));  // on the stack, nearly always
  size_t* prev = rows.data();
  size_t* cur = prev + name.size() + 1;
  for (size_t j = 0; j <= name.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= pattern.size(); ++i) {
    char p = absl::ascii_tolower(static_cast<unsigned char>(pattern[i - 1]));
    cur[0] = p == '*' ? prev[0] : prev[0] + 1;
    size_t least = cur[0];
    for (size_t j = 1; j <= name.size(); ++j) {
      if (p == '*') {
        cur[j] = std::min(prev[j], cur[j - 1]);
      } else {
        char c = absl::ascii_tolower(static_cast<unsigned char>(name[j - 1]));
        size_t subst = prev[j - 1] + (p == '?' || p == c ? 0 : 1);
        cur[j] = std::min({subst, prev[j] + 1, cur[j - 1] + 1});
      }
      least = std::min(least, cur[j]);
    }
    if (least > budget) return budget + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[name.size()], budget + 1);
}

// How far a typo may be from the real name: a third of its length, at least 1, at most 4.
size_t TypoBudget(absl::string_view name) {
  return std::clamp<size_t>(name.size() / 3, 1, 4);
}

std::string Backquoted(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    absl::StrAppend(&out, "`", names[i], "`");
  }
  return out;
}

std::string DidYouMean(const std::vector<std::string>& suggestions) {
  if (suggestions.empty()) return "";
  return absl::StrCat(" (did you mean ", Backquoted(suggestions), "?)");
}

// Parses one A line's fields into `action`, resolving resource type names in `service`.
absl::Status ParseAction(const Fields& f, size_t line,
                         const CatalogService& service, CatalogAction& action) {
  if (f.size() != 5) return LineError(line, "an action record has 5 fields");
  action.service = service.prefix;
  action.name = f[1];
  action.access_level = f[2];
  for (absl::string_view t : SplitList(f[3])) {
    CatalogActionResource r;
    r.required = absl::ConsumeSuffix(&t, "*");
    for (const CatalogResourceType& rt : service.resource_types) {
      if (rt.name == t) r.type = &rt;
    }
    if (r.type == nullptr) {
      return LineError(line, absl::StrCat("unknown resource type `", t, "` of `", f[1], "`"));
    }
    action.resource_types.push_back(r);
  }
  action.condition_keys = SplitList(f[4]);
  return absl::OkStatus();
}

// Parses one record of a service's body (R, K and A records) into `service`.
absl::Status ParseServiceRecord(absl::string_view text, size_t line, CatalogService& service) {
  Fields f = SplitFields(text);
  absl::string_view kind = f[0];
  if (kind == "R" && f.size() == 4) {
    if (!service.actions.empty()) return LineError(line, "resource type after actions");
    service.resource_types.push_back({f[1], f[2], SplitList(f[3])});
  } else if (kind == "K" && f.size() == 3) {
    service.condition_keys.push_back({f[1], f[2], ""});
  } else if (kind == "A") {
    CatalogAction action;
    VOUCH_RETURN_IF_ERROR(ParseAction(f, line, service, action));
    service.actions.push_back(std::move(action));
  } else {
    return LineError(line, absl::StrCat("malformed record `", kind, "`"));
  }
  return absl::OkStatus();
}

// The offset of the first S record that starts after the newline at `nl` (the next line, if it
// is one, so that an empty body is found too), or text.size(). This scan is most of indexing a
// text without a service index (the built-in text has one, so that startup does not read all
// of it): with SSE2, 16 bytes at a time for a newline followed by `S`.
size_t NextServiceRecord(absl::string_view text, size_t nl) {
  const char* p = text.data() + nl;
  const char* end = text.data() + text.size();
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n'), s = _mm_set1_epi8('S');
  for (; end - p >= 18; p += 16) {  // p[0..16] and the tab after each candidate
    __m128i at = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(at, newline), _mm_cmpeq_epi8(next, s))));
    for (; mask != 0; mask &= mask - 1) {
      const char* candidate = p + __builtin_ctz(mask);
      if (candidate[2] == '\t') return candidate + 1 - text.data();
    }
  }
#endif
  for (; end - p >= 3; ++p) {
    if (p[0] == '\n' && p[1] == 'S' && p[2] == '\t') return p + 1 - text.data();
  }
  return text.size();
}

// Calls fn(record, line number) for each non-empty line of `text`, the first numbered `line`.
template <typename Fn>
absl::Status ForEachRecord(absl::string_view text, size_t line, Fn fn) {
  while (!text.empty()) {
    size_t nl = text.find('\n');
    absl::string_view record = text.substr(0, nl);
    text.remove_prefix(nl == absl::string_view::npos ? text.size() : nl + 1);
    if (!record.empty()) VOUCH_RETURN_IF_ERROR(fn(record, line));
    ++line;
  }
  return absl::OkStatus();
}

// True when `key` is `published` or, for a published key with a placeholder after its last
// slash, starts with the part up to that slash.
bool ConditionKeyMatches(absl::string_view published, absl::string_view key) {
  if (absl::EqualsIgnoreCase(published, key)) return true;
  size_t slash = published.rfind('/');
  if (slash == absl::string_view::npos) return false;
  absl::string_view placeholder = published.substr(slash + 1);
  bool is_placeholder = absl::StartsWith(placeholder, "${") || absl::StartsWith(placeholder, "<") ||
                        placeholder == "tag-key";
  return is_placeholder && key.size() > slash + 1 &&
         absl::StartsWithIgnoreCase(key, published.substr(0, slash + 1));
}

}  // namespace

bool CatalogResourceType::Holds(absl::string_view arn) const {
  // The template's literal parts, each found leftmost after the text its variable took: with
  // every variable taking one character or more, the leftmost place of each part leaves the most
  // room for the rest, so the first way that fits is found if any is.
  absl::string_view rest = arn_template;
  size_t pos = 0;          // in `arn`: where the next part may start
  bool after_var = false;  // a variable comes before the next part
  while (true) {
    size_t open = rest.find("${");
    absl::string_view part = rest.substr(0, open);
    if (open == absl::string_view::npos) {  // the last part: the end of the ARN
      if (!after_var) return arn.substr(pos) == part;
      return arn.size() >= pos + 1 + part.size() && absl::EndsWith(arn, part);
    }
    if (!after_var) {
      if (arn.substr(pos, part.size()) != part) return false;
      pos += part.size();
    } else {
      size_t at = part.empty() ? pos + 1 : arn.find(part, pos + 1);
      if (at == absl::string_view::npos || at > arn.size()) return false;
      pos = at + part.size();
    }
    size_t close = rest.find('}', open);
    if (close == absl::string_view::npos) return false;  // not a template the importer writes
    rest.remove_prefix(close + 1);
    after_var = true;
  }
}

std::string CatalogAction::FullName() const { return absl::StrCat(service, ":", name); }

bool ActionGlobMatch(absl::string_view pattern, absl::string_view text) {
  // Iterative glob with single-star backtracking: linear in practice, never exponential.
  size_t p = 0, t = 0, star = absl::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() &&
        (pattern[p] == '?' || absl::ascii_tolower(static_cast<unsigned char>(pattern[p])) ==
                                  absl::ascii_tolower(static_cast<unsigned char>(text[t])))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != absl::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const ActionCatalog& ActionCatalog::BuiltIn() {
  // Immutable data, built once: the one function-local static in vouch's models. Only the
  // service index is read now; each service's actions on first use.
  static const ActionCatalog* const catalog = [] {
    absl::StatusOr<ActionCatalog> parsed = Index(BuiltInText());
    // The generated table is checked by action_catalog_test; a failure here is a build defect.
    if (!parsed.ok()) return new ActionCatalog();
    return new ActionCatalog(*std::move(parsed));
  }();
  return *catalog;
}

absl::string_view ActionCatalog::BuiltInText() {
  return absl::string_view(kBuiltInText, sizeof(kBuiltInText) - 1);
}

absl::StatusOr<ActionCatalog> ActionCatalog::Parse(absl::string_view text) {
  VOUCH_ASSIGN_OR_RETURN(ActionCatalog catalog, Index(text));
  for (size_t i = 0; i < catalog.services_.size(); ++i) {
    VOUCH_RETURN_IF_ERROR(catalog.LoadService(i));
  }
  return catalog;
}

absl::StatusOr<ActionCatalog> ActionCatalog::Index(absl::string_view text) {
  ActionCatalog catalog;
  catalog.text_ = text;
  std::vector<Body> bodies;
  // The service index's entries: where each service's records lie, from the first S record.
  struct Place {
    size_t offset, bytes, line;
  };
  std::vector<Place> places;
  // The header: the V, G and I records before the first service, read line by line.
  size_t pos = 0;
  for (size_t line = 1; pos < text.size(); ++line) {
    size_t nl = std::min(text.find('\n', pos), text.size());
    absl::string_view record = text.substr(pos, nl - pos);
    if (absl::StartsWith(record, "S\t")) break;
    pos = std::min(nl + 1, text.size());
    if (record.empty()) continue;
    Fields f = SplitFields(record);
    if (f[0] == "V" && f.size() == 5) {
      catalog.source_ = {f[1], f[2], f[3], f[4]};
    } else if (f[0] == "G" && f.size() == 4) {
      catalog.global_keys_.push_back({f[1], f[2], f[3]});
    } else if (f[0] == "I" && f.size() == 6) {
      Place place{0, 0, line};
      if (!absl::SimpleAtoi(f[4], &place.offset) || !absl::SimpleAtoi(f[5], &place.bytes)) {
        return LineError(line, "malformed record `I`");
      }
      places.push_back(place);
      CatalogService& s = catalog.services_.emplace_back();
      s.prefix = f[1];
      s.name = f[2];
      s.supports_rcp = f[3] == "1";
    } else if (f[0] == "A" || f[0] == "R" || f[0] == "K") {
      return LineError(line, absl::StrCat("record `", f[0], "` before the first service"));
    } else {
      return LineError(line, absl::StrCat("malformed record `", f[0], "`"));
    }
  }
  if (!places.empty()) {
    // The index gives each service's S record and body, which LoadService checks against each
    // other when it reads them: the index must cover the services' text, in order, exactly.
    const size_t services = pos;
    for (const Place& place : places) {
      if (place.offset != pos - services || place.bytes > text.size() - pos) {
        return LineError(place.line, "the service index does not match the services' text");
      }
      bodies.push_back(Body{text.substr(pos, place.bytes), /*starts_with_service=*/true});
      pos += place.bytes;
    }
    if (pos != text.size()) {
      return LineError(places.back().line, "the service index does not match the services' text");
    }
  }
  // Without an index, the services. Their bodies (R, K and A records, most of the text) are only
  // delimited here, by a search for the next S record, and read by LoadService when first used.
  while (pos < text.size()) {
    size_t nl = std::min(text.find('\n', pos), text.size());
    Fields f = SplitFields(text.substr(pos, nl - pos));
    if (f.size() != 4) return LineError(catalog.LineOf(pos), "malformed record `S`");
    CatalogService s;
    s.prefix = f[1];
    s.name = f[2];
    s.supports_rcp = f[3] == "1";
    catalog.services_.push_back(std::move(s));
    const size_t body = std::min(nl + 1, text.size());
    const size_t next = NextServiceRecord(text, nl);
    bodies.push_back(Body{text.substr(body, next - body)});
    pos = next;
  }
  // The importer writes services in this order already; sorting is for other text.
  std::vector<size_t> order(catalog.services_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto by_prefix = [&](size_t a, size_t b) {
    return catalog.services_[a].prefix < catalog.services_[b].prefix;
  };
  if (!std::is_sorted(order.begin(), order.end(), by_prefix)) {
    std::stable_sort(order.begin(), order.end(), by_prefix);
    std::vector<CatalogService> services;
    std::vector<Body> sorted_bodies;
    for (size_t i : order) {
      services.push_back(std::move(catalog.services_[i]));
      sorted_bodies.push_back(bodies[i]);
    }
    catalog.services_ = std::move(services);
    bodies = std::move(sorted_bodies);
  }
  catalog.bodies_ = std::move(bodies);
  catalog.loaded_ = std::make_unique<std::once_flag[]>(catalog.services_.size());
  catalog.names_.resize(catalog.services_.size());
  catalog.named_ = std::make_unique<std::once_flag[]>(catalog.services_.size());
  return catalog;
}

size_t ActionCatalog::LineOf(size_t offset) const {
  return 1 + std::count(text_.begin(), text_.begin() + offset, '\n');
}

absl::StatusOr<absl::string_view> ActionCatalog::ServiceRecords(size_t i) const {
  absl::string_view body = bodies_[i].text;
  if (!bodies_[i].starts_with_service) return body;
  // The S record the index pointed at: the one the index describes, or the index is wrong.
  const CatalogService& service = services_[i];
  const size_t nl = std::min(body.find('\n'), body.size());
  Fields f = SplitFields(body.substr(0, nl));
  if (f.size() != 4 || f[0] != "S" || f[1] != service.prefix || f[2] != service.name ||
      (f[3] == "1") != service.supports_rcp) {
    return LineError(LineOf(body.data() - text_.data()),
                     absl::StrCat("the service index says `", service.prefix,
                                  "` starts here, but this is not its `S` record"));
  }
  body.remove_prefix(std::min(nl + 1, body.size()));
  return body;
}

absl::Status ActionCatalog::LoadService(size_t i) const {
  absl::Status status;
  std::call_once(loaded_[i], [&] {
    CatalogService& service = services_[i];
    absl::StatusOr<absl::string_view> records = ServiceRecords(i);
    if (!records.ok()) {
      status = records.status();
      return;
    }
    absl::string_view body = *records;
    auto read = [&](size_t first_line) {
      return ForEachRecord(body, first_line, [&](absl::string_view record, size_t line) {
        return ParseServiceRecord(record, line, service);
      });
    };
    auto clear = [&] {
      service.resource_types.clear();
      service.condition_keys.clear();
      service.actions.clear();
    };
    // Line numbers only matter in an error: the body is read again, numbered from its place
    // in the text, rather than counting the lines of the whole text before every service.
    status = read(1);
    if (!status.ok()) {
      clear();
      status = read(LineOf(body.data() - text_.data()));
      clear();
      return;
    }
    auto by_name = [](const CatalogAction& a, const CatalogAction& b) {
      return LessIgnoreCase(a.name, b.name);
    };
    if (!std::is_sorted(service.actions.begin(), service.actions.end(), by_name)) {
      std::sort(service.actions.begin(), service.actions.end(), by_name);
    }
  });
  return status;
}

const CatalogService& ActionCatalog::Service(size_t i) const {
  LoadService(i).IgnoreError();  // a built-in catalog that fails is caught by its test
  return services_[i];
}

const std::vector<CatalogService>& ActionCatalog::services() const {
  for (size_t i = 0; i < services_.size(); ++i) Service(i);
  return services_;
}

size_t ActionCatalog::action_count() const {
  size_t n = 0;
  for (const CatalogService& s : services()) n += s.actions.size();
  return n;
}

size_t ActionCatalog::ServicePosition(absl::string_view prefix) const {
  auto it = std::lower_bound(
      services_.begin(), services_.end(), prefix,
      [](const CatalogService& s, absl::string_view p) { return LessIgnoreCase(s.prefix, p); });
  if (it == services_.end() || !absl::EqualsIgnoreCase(it->prefix, prefix)) {
    return absl::string_view::npos;
  }
  return it - services_.begin();
}

const CatalogService* ActionCatalog::FindService(absl::string_view prefix) const {
  const size_t i = ServicePosition(prefix);
  return i == absl::string_view::npos ? nullptr : &Service(i);
}

const std::vector<absl::string_view>& ActionCatalog::ActionNames(size_t i) const {
  std::call_once(named_[i], [&] {
    absl::StatusOr<absl::string_view> records = ServiceRecords(i);
    if (!records.ok()) return;
    std::vector<absl::string_view>& names = names_[i];
    // Each A record's name: the field after "A\t", up to the next tab (or the line's end).
    ForEachRecord(*records, 1, [&](absl::string_view record, size_t) {
      if (absl::ConsumePrefix(&record, "A\t") && !record.empty()) {
        names.push_back(record.substr(0, record.find('\t')));
      }
      return absl::OkStatus();
    }).IgnoreError();  // the callback never fails
    if (!std::is_sorted(names.begin(), names.end(), LessIgnoreCase)) {
      std::sort(names.begin(), names.end(), LessIgnoreCase);
    }
  });
  return names_[i];
}

absl::Status ActionCatalog::Check(absl::string_view action) const {
  const size_t colon = action.find(':');
  if (colon != absl::string_view::npos) {
    const size_t i = ServicePosition(action.substr(0, colon));
    if (i != absl::string_view::npos) {
      const std::vector<absl::string_view>& names = ActionNames(i);
      absl::string_view name = action.substr(colon + 1);
      auto it = std::lower_bound(names.begin(), names.end(), name, LessIgnoreCase);
      if (it != names.end() && absl::EqualsIgnoreCase(*it, name)) return absl::OkStatus();
    }
  }
  return Lookup(action).status();
}

const CatalogAction* ActionCatalog::Find(absl::string_view action) const {
  size_t colon = action.find(':');
  if (colon == absl::string_view::npos) return nullptr;
  const CatalogService* service = FindService(action.substr(0, colon));
  if (service == nullptr) return nullptr;
  absl::string_view name = action.substr(colon + 1);
  auto it = std::lower_bound(
      service->actions.begin(), service->actions.end(), name,
      [](const CatalogAction& a, absl::string_view n) { return LessIgnoreCase(a.name, n); });
  if (it == service->actions.end() || !absl::EqualsIgnoreCase(it->name, name)) return nullptr;
  return &*it;
}

absl::StatusOr<const CatalogAction*> ActionCatalog::Lookup(absl::string_view action) const {
  if (const CatalogAction* found = Find(action)) return found;
  size_t colon = action.find(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("action `", action, "` must be written `service:Action`"));
  }
  absl::string_view prefix = action.substr(0, colon);
  std::string hint = DidYouMean(Suggest(action));
  if (FindService(prefix) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown service `", prefix, "` in `", action, "`", hint));
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown action `", action, "`", hint));
}

absl::StatusOr<std::vector<const CatalogAction*>> ActionCatalog::Expand(
    absl::string_view pattern) const {
  std::vector<const CatalogAction*> out;
  if (pattern == "*") {
    out.reserve(action_count());
    for (const CatalogService& s : services()) {
      for (const CatalogAction& a : s.actions) out.push_back(&a);
    }
    return out;
  }
  size_t colon = pattern.find(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("action `", pattern, "` must be written `service:Action` or `*`"));
  }
  absl::string_view prefix = pattern.substr(0, colon);
  if (HasWildcard(prefix)) {
    return absl::InvalidArgumentError(
        absl::StrCat("wildcards are not allowed in the service part of `", pattern, "`"));
  }
  absl::string_view name = pattern.substr(colon + 1);
  if (!HasWildcard(name)) {
    VOUCH_ASSIGN_OR_RETURN(const CatalogAction* a, Lookup(pattern));
    return std::vector<const CatalogAction*>{a};
  }
  const CatalogService* service = FindService(prefix);
  if (service == nullptr) {
    // Suggest the pattern with the nearest service prefixes: `s4:Get*` -> `s3:Get*`.
    std::vector<std::string> hints;
    size_t best = TypoBudget(prefix) + 1;
    for (const CatalogService& s : services_) {
      size_t d = WildcardDistance(prefix, s.prefix, best);
      if (d > best) continue;
      if (d < best) hints.clear();
      best = d;
      if (hints.size() < 3) hints.push_back(absl::StrCat(s.prefix, ":", name));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("unknown service `", prefix, "` in `", pattern, "`", DidYouMean(hints)));
  }
  for (const CatalogAction& a : service->actions) {
    if (ActionGlobMatch(name, a.name)) out.push_back(&a);
  }
  if (out.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no action matches `", pattern, "`", DidYouMean(Suggest(pattern))));
  }
  return out;
}

std::vector<std::string> ActionCatalog::Suggest(absl::string_view name, size_t max) const {
  size_t colon = name.find(':');
  absl::string_view prefix = colon == absl::string_view::npos ? "" : name.substr(0, colon);
  const CatalogService* own = FindService(prefix);
  std::vector<std::pair<size_t, const CatalogAction*>> scored;
  if (own != nullptr) {
    absl::string_view part = name.substr(colon + 1);
    const size_t budget = TypoBudget(part);
    for (const CatalogAction& a : own->actions) {
      size_t d = WildcardDistance(part, a.name, budget);
      if (d <= budget) scored.push_back({d, &a});
    }
  } else {
    // Every action of every service: 22,000 full names, each spelled into `full` in turn.
    const size_t budget = TypoBudget(name);
    std::string full;
    for (const CatalogService& s : services()) {
      for (const CatalogAction& a : s.actions) {
        full.assign(s.prefix.data(), s.prefix.size());
        full.push_back(':');
        full.append(a.name.data(), a.name.size());
        size_t d = WildcardDistance(name, full, budget);
        if (d <= budget) scored.push_back({d, &a});
      }
    }
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, a] : scored) {
    if (out.size() == max || d != scored.front().first) break;
    out.push_back(a->FullName());
  }
  return out;
}

const CatalogConditionKey* ActionCatalog::FindConditionKey(absl::string_view key) const {
  for (const CatalogConditionKey& g : global_keys_) {
    if (ConditionKeyMatches(g.name, key)) return &g;
  }
  size_t colon = key.find(':');
  if (colon == absl::string_view::npos) return nullptr;
  const CatalogService* service = FindService(key.substr(0, colon));
  if (service == nullptr) return nullptr;
  for (const CatalogConditionKey& k : service->condition_keys) {
    if (ConditionKeyMatches(k.name, key)) return &k;
  }
  return nullptr;
}

bool ActionCatalog::SupportsRcp(absl::string_view prefix) const {
  const CatalogService* s = FindService(prefix);
  return s != nullptr && s->supports_rcp;
}

}  // namespace vouch::iam
