// JSON helpers for the end-to-end suites: a run's output parsed, a value read back from the
// file and JSON pointer that vouch printed as a location, and Terraform plans of one change.
#ifndef VOUCH_TESTS_CLI_JSON_H_
#define VOUCH_TESTS_CLI_JSON_H_

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_run.h"

namespace vouch::test {

// The run's output as JSON; a failure (and a discarded value) when it is not JSON.
inline nlohmann::json ParseOutput(const CliResult& r) {
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

// The value at a location as vouch prints it, "file: /pointer", read from the file.
inline nlohmann::json JsonAt(const std::string& source) {
  const size_t colon = source.find(": /");
  std::ifstream in(source.substr(0, colon));
  nlohmann::json j = nlohmann::json::parse(in);
  return j.at(nlohmann::json::json_pointer(source.substr(colon + 2)));
}

// A plan (`terraform show -json`) of one resource change in the root module; `actions`,
// `before`, `after` and `after_unknown` are JSON text.
inline std::string OneChange(const std::string& type, const std::string& name,
                             const std::string& actions, const std::string& before,
                             const std::string& after, const std::string& after_unknown = "{}") {
  return R"({"format_version": "1.2", "terraform_version": "1.5.7", "resource_changes": [)"
         R"({"address": ")" +
         type + "." + name + R"(", "mode": "managed", "type": ")" + type + R"(", "name": ")" +
         name + R"(", "change": {"actions": )" + actions + R"(, "before": )" + before +
         R"(, "after": )" + after + R"(, "after_unknown": )" + after_unknown + "}}]}";
}

}  // namespace vouch::test

#endif  // VOUCH_TESTS_CLI_JSON_H_
