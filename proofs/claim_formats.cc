// Claims as JUnit XML and SARIF (see claim_formats.h).
#include "proofs/claim_formats.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"

namespace vouch::proofs {
namespace {

// Text as XML attribute or element content.
std::string Xml(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 has no place for other control characters.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

// A file path as a URI reference: the characters a URI gives other meanings, and bytes outside
// printable ASCII, percent-encoded.
std::string UriPath(absl::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (c <= 0x20 || c >= 0x7f || c == '%' || c == '#' || c == '?' || c == '[' || c == ']' ||
        c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' ||
        c == '|' || c == '}') {
      absl::StrAppendFormat(&out, "%%%02X", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string FindingLine(const ClaimFinding& f) {
  std::string where = f.at.DebugString();
  if (where == "<input>") return f.message;
  return absl::StrCat(f.message, " (at ", where, f.line > 0 ? absl::StrCat(": line ", f.line) : "",
                      ")");
}

}  // namespace

std::string RenderJUnit(absl::string_view command, const std::vector<ClaimOutcome>& claims) {
  size_t failures = 0, errors = 0;
  for (const ClaimOutcome& c : claims) {
    failures += c.verdict == Verdict::kViolated;
    errors += c.verdict == Verdict::kUnknown;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  absl::StrAppend(&out, "  <testsuite name=\"vouch ", Xml(command), "\" tests=\"", claims.size(),
                  "\" failures=\"", failures, "\" errors=\"", errors, "\" skipped=\"0\">\n");
  for (const ClaimOutcome& c : claims) {
    absl::StrAppend(&out, "    <testcase classname=\"vouch.", Xml(command), "\" name=\"", Xml(c.id),
                    "\">\n");
    if (c.verdict != Verdict::kHolds) {
      const bool violated = c.verdict == Verdict::kViolated;
      const std::vector<ClaimFinding>& findings = violated ? c.violations : c.unknowns;
      std::string body;
      for (const ClaimFinding& f : findings) absl::StrAppend(&body, FindingLine(f), "\n");
      absl::StrAppend(&out, "      <", violated ? "failure" : "error", " type=\"",
                      VerdictName(c.verdict), "\" message=\"", Xml(c.description), ": ",
                      VerdictName(c.verdict), "\">", Xml(body), "</",
                      violated ? "failure" : "error", ">\n");
    }
    absl::StrAppend(&out, "      <system-out>", Xml(c.description), ": ", VerdictName(c.verdict),
                    "</system-out>\n    </testcase>\n");
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

bool IsClaimFormat(absl::string_view format) { return format == "junit" || format == "sarif"; }

std::string RenderClaims(absl::string_view format, absl::string_view command,
                         const std::vector<ClaimOutcome>& claims) {
  return format == "junit" ? RenderJUnit(command, claims) : RenderSarif(command, claims);
}

std::string RenderSarif(absl::string_view command, const std::vector<ClaimOutcome>& claims) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const ClaimOutcome& c : claims) {
    const std::string rule = absl::StrCat(command, "/", c.id);
    rules.push_back({{"id", rule},
                     {"shortDescription", {{"text", c.description}}},
                     {"defaultConfiguration", {{"level", "error"}}}});
    auto add = [&](const ClaimFinding& f, bool violation) {
      nlohmann::ordered_json result = {
          {"ruleId", rule},
          // An unknown is not a pass either: a failure, at warning level.
          {"level", violation ? "error" : "warning"},
          {"kind", "fail"},
          {"message",
           {{"text",
             absl::StrCat(violation ? "" : "unknown: ", f.message,
                          f.line > 0 ? absl::StrCat(" (line ", f.line, " of the report)") : "")}}}};
      if (!f.at.file.empty() || !f.at.pointer.empty()) {
        nlohmann::ordered_json location = nlohmann::ordered_json::object();
        if (!f.at.file.empty()) {
          location["physicalLocation"] = {{"artifactLocation", {{"uri", UriPath(f.at.file)}}}};
        }
        if (!f.at.pointer.empty()) {
          location["logicalLocations"] =
              nlohmann::ordered_json::array({{{"fullyQualifiedName", f.at.pointer}}});
        }
        result["locations"] = nlohmann::ordered_json::array({location});
      }
      results.push_back(std::move(result));
    };
    for (const ClaimFinding& f : c.violations) add(f, true);
    for (const ClaimFinding& f : c.unknowns) add(f, false);
  }
  nlohmann::ordered_json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       nlohmann::ordered_json::array(
           {{{"tool", {{"driver", {{"name", "vouch"}, {"version", "0.1.0"}, {"rules", rules}}}}},
             {"results", results}}})}};
  return sarif.dump(2) + "\n";
}

}  // namespace vouch::proofs
