// Fuzzes the JSON reader: any bytes either parse, within the limits, into a document whose every
// value can be read through every getter, or fail with a one-line input error.
#include <cstdint>

#include "frontends/aws/json_reader.h"
#include "tests/fuzz/fuzz_checks.h"

namespace vouch::aws {
namespace {

// Every getter on `v` either succeeds or fails with an error at v's location.
void Exercise(const JsonValue& v) {
  auto check = [](const absl::Status& s) {
    if (!s.ok()) fuzz::CheckInputError(s, "fuzz.json");
  };
  check(v.GetString().status());
  check(v.GetBool().status());
  check(v.GetInt().status());
  check(v.GetIntLenient().status());
  check(v.GetBoolLenient().status());
  check(v.GetScalarText().status());
  check(v.GetStringList().status());
  check(v.Get("Statement").status());
  fuzz::Require(!v.TypeName().empty(), "every value has a type name");
  fuzz::Require(v.IsObject() + v.IsArray() + v.IsString() + v.IsNull() <= 1, "types are exclusive");
}

// Walks the whole tree. Recursion is bounded by the depth limit the document was parsed with.
void Walk(const JsonValue& v, int depth) {
  fuzz::Require(depth <= 32, "a document deeper than its limit was accepted");
  Exercise(v);
  if (v.IsObject()) {
    absl::StatusOr<std::vector<std::pair<absl::string_view, JsonValue>>> members = v.Members();
    for (const auto& [key, child] : *members) {
      absl::StatusOr<JsonValue> found = v.Get(key);  // a duplicate key finds one of the values
      fuzz::Require(found.ok(), "a member's own key must be found", found.status());
      Walk(child, depth + 1);
    }
  } else if (v.IsArray()) {
    absl::StatusOr<std::vector<JsonValue>> elements = v.Elements();
    for (const JsonValue& child : *elements) Walk(child, depth + 1);
  }
}

// The outline's text for each value is exactly the value: it parses to the same JSON.
void CheckOutline(const JsonOutline& outline, const JsonOutline::Node& node,
                  simdjson::dom::element e, int depth, int max_depth, bool arrays_only) {
  // Below the top, an object's children are outlined unless only arrays' are.
  const bool children = depth < max_depth && !(arrays_only && depth > 0 && e.is_object());
  simdjson::dom::parser again;
  simdjson::padded_string text(node.text.data(), node.text.size());
  simdjson::dom::element reparsed;
  fuzz::Require(again.parse(text).get(reparsed) == simdjson::SUCCESS,
                "an outlined value is valid JSON on its own");
  fuzz::Require(simdjson::minify(reparsed) == simdjson::minify(e),
                "an outlined value is the value the parser read there");
  size_t i = 0;
  if (e.is_object()) {
    for (auto field : simdjson::dom::object(e)) {
      if (children) {
        CheckOutline(outline, outline.child(node, i), field.value, depth + 1, max_depth,
                     arrays_only);
      }
      ++i;
    }
  } else if (e.is_array()) {
    for (simdjson::dom::element child : simdjson::dom::array(e)) {
      if (children) {
        CheckOutline(outline, outline.child(node, i), child, depth + 1, max_depth, arrays_only);
      }
      ++i;
    }
  }
  fuzz::Require(node.count == (children ? i : 0), "the outline has every child");
}

}  // namespace
}  // namespace vouch::aws

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vouch::aws;
  JsonLimits limits;
  limits.max_bytes = 64 << 10;
  limits.max_depth = 32;
  absl::StatusOr<std::unique_ptr<JsonDocument>> doc =
      JsonDocument::FromString(vouch::fuzz::AsText(data, size), "fuzz.json", limits);
  if (!doc.ok()) {
    vouch::fuzz::CheckInputError(doc.status(), "fuzz.json");
    return 0;
  }
  Walk((*doc)->root(), 0);
  // The same text outlined from the structurals simdjson found, to every depth and to a few.
  simdjson::dom::parser parser;
  simdjson::padded_string text(reinterpret_cast<const char*>(data), size);
  simdjson::dom::element root;
  if (parser.parse(text).get(root) == simdjson::SUCCESS) {
    JsonOutline outline;
    absl::string_view view(text.data(), text.size());
    for (int depth : {0, 1, 2, 32}) {
      CheckOutline(outline, outline.Outline(parser, view, depth), root, 0, depth, false);
      CheckOutline(outline, outline.Outline(parser, view, depth, true), root, 0, depth, true);
    }
  }
  return 0;
}
