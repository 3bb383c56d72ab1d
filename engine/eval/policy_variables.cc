// Policy variable parsing and substitution (see policy_variables.h).
#include "engine/eval/policy_variables.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "engine/eval/wildcard.h"

namespace vouch::iam {
namespace {

struct Variable {
  std::string key;  // trimmed, as spelled
  bool has_default = false;
  std::string default_value;
  size_t end = 0;  // one past the closing `}`
};

// Parses the default `'...'` starting at `pos` (after the comma), then the closing `}`.
bool ParseDefault(absl::string_view text, size_t pos, Variable* v) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos >= text.size() || text[pos] != '\'') return false;
  ++pos;
  while (true) {
    if (pos >= text.size()) return false;
    if (text[pos] == '\'') {
      if (pos + 1 < text.size() && text[pos + 1] == '\'') {
        v->default_value.push_back('\'');
        pos += 2;
        continue;
      }
      ++pos;
      break;
    }
    v->default_value.push_back(text[pos++]);
  }
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos >= text.size() || text[pos] != '}') return false;
  v->has_default = true;
  v->end = pos + 1;
  return true;
}

// Parses `${...}` at `start` (which points at `$`); nullopt when it is not a well-formed
// variable, in which case the text is literal.
std::optional<Variable> ParseVariable(absl::string_view text, size_t start) {
  size_t pos = start + 2;
  size_t stop = text.find_first_of(",}", pos);
  if (stop == absl::string_view::npos) return std::nullopt;
  Variable v;
  v.key = std::string(absl::StripAsciiWhitespace(text.substr(pos, stop - pos)));
  if (v.key.empty()) return std::nullopt;
  if (text[stop] == '}') {
    v.end = stop + 1;
    return v;
  }
  if (!ParseDefault(text, stop + 1, &v)) return std::nullopt;
  return v;
}

}  // namespace

const std::string* SingleValue(const Request& request, absl::string_view key_lower) {
  auto it = request.context.find(key_lower);
  if (it == request.context.end()) return nullptr;
  const ContextValue& v = it->second;
  if (v.multivalued || v.values.size() != 1) return nullptr;
  return &v.values[0];
}

Template Template::Parse(absl::string_view text, bool variables, bool glob) {
  Template t;
  if (!variables || text.find("${") == absl::string_view::npos) {  // the common case
    t.literal_ = glob ? EncodeGlob(text) : std::string(text);
    return t;
  }
  std::string literal;
  auto add_literal = [&](absl::string_view s, bool encode) {
    if (encode) {
      EncodeGlob(s, &literal);
    } else {
      literal.append(s.data(), s.size());
    }
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t dollar = variables ? text.find("${", pos) : absl::string_view::npos;
    if (dollar == absl::string_view::npos) {
      add_literal(text.substr(pos), glob);
      break;
    }
    add_literal(text.substr(pos, dollar - pos), glob);
    std::optional<Variable> v = ParseVariable(text, dollar);
    if (!v) {
      add_literal("${", false);
      pos = dollar + 2;
      continue;
    }
    pos = v->end;
    if (!v->has_default && (v->key == "*" || v->key == "?" || v->key == "$")) {
      add_literal(v->key, false);  // `${*}`: a literal character, never a wildcard
      continue;
    }
    if (!literal.empty()) t.parts_.push_back(Part{false, std::move(literal), "", false, ""});
    literal.clear();
    t.parts_.push_back(Part{true, v->key, absl::AsciiStrToLower(v->key), v->has_default,
                            std::move(v->default_value)});
    t.has_variables_ = true;
  }
  if (t.has_variables_) {
    if (!literal.empty()) t.parts_.push_back(Part{false, std::move(literal), "", false, ""});
  } else {
    t.literal_ = std::move(literal);
  }
  return t;
}

bool Template::Resolve(const Request& request, std::string* out) const {
  if (!has_variables_) {
    out->append(literal_);
    return true;
  }
  for (const Part& p : parts_) {
    if (!p.variable) {
      out->append(p.text);
      continue;
    }
    if (const std::string* v = SingleValue(request, p.key_lower)) {
      out->append(*v);
    } else if (p.has_default && request.context.find(p.key_lower) == request.context.end()) {
      out->append(p.default_value);
    } else {
      return false;
    }
  }
  return true;
}

void Template::AppendMissingKeys(const Request& request, std::vector<absl::string_view>* out) const {
  for (const Part& p : parts_) {
    if (p.variable && !p.has_default && request.context.find(p.key_lower) == request.context.end()) {
      out->push_back(p.text);
    }
  }
}

}  // namespace vouch::iam
