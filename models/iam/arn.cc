// ARN parsing and principal classification (see arn.h).
#include "models/iam/arn.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace vouch::iam {
namespace {

// Splits `text` at its first five colons; false when it has fewer than five.
bool SplitSix(absl::string_view text, absl::string_view parts[6]) {
  for (int i = 0; i < 5; ++i) {
    size_t colon = text.find(':');
    if (colon == absl::string_view::npos) return false;
    parts[i] = text.substr(0, colon);
    text.remove_prefix(colon + 1);
  }
  parts[5] = text;
  return true;
}

// "path/name" after the resource type: path is "/" plus the middle, name the last component.
void SplitPathName(absl::string_view rest, PrincipalView* p, absl::string_view resource) {
  size_t last = rest.rfind('/');
  if (last == absl::string_view::npos) {
    p->name = rest;
    p->path = "/";
    return;
  }
  p->name = rest.substr(last + 1);
  // The path includes the slash before `rest` and the one before the name.
  size_t start = static_cast<size_t>(rest.data() - resource.data()) - 1;
  p->path = resource.substr(start, last + 2);
}

void ClassifyIam(absl::string_view resource, PrincipalView* p) {
  absl::string_view rest = resource;
  if (resource == "root") {
    p->kind = PrincipalKind::kRoot;
  } else if (absl::ConsumePrefix(&rest, "user/")) {
    p->kind = PrincipalKind::kUser;
    SplitPathName(rest, p, resource);
  } else if (absl::ConsumePrefix(&rest, "role/")) {
    p->kind = PrincipalKind::kRole;
    SplitPathName(rest, p, resource);
    p->service_linked = absl::StartsWith(p->path, "/aws-service-role/");
  }
}

void ClassifySts(absl::string_view resource, PrincipalView* p) {
  absl::string_view rest = resource;
  if (absl::ConsumePrefix(&rest, "assumed-role/")) {
    size_t slash = rest.find('/');
    if (slash == absl::string_view::npos) return;
    p->kind = PrincipalKind::kAssumedRole;
    p->name = rest.substr(0, slash);
    p->session = rest.substr(slash + 1);
    p->service_linked = absl::StartsWith(p->name, "AWSServiceRoleFor");
  } else if (absl::ConsumePrefix(&rest, "federated-user/")) {
    p->kind = PrincipalKind::kFederatedUser;
    p->name = rest;
  }
}

}  // namespace

std::string Arn::ToString() const {
  return absl::StrCat("arn:", partition, ":", service, ":", region, ":", account, ":", resource);
}

absl::StatusOr<Arn> ParseArn(absl::string_view text) {
  absl::string_view parts[6];
  if (!SplitSix(text, parts) || parts[0] != "arn" || parts[1].empty() || parts[2].empty() ||
      parts[5].empty()) {
    return absl::InvalidArgumentError(absl::StrCat("`", text, "` is not an ARN"));
  }
  return Arn{std::string(parts[1]), std::string(parts[2]), std::string(parts[3]),
             std::string(parts[4]), std::string(parts[5])};
}

absl::string_view ArnAccount(absl::string_view text) {
  absl::string_view parts[6];
  return SplitSix(text, parts) ? parts[4] : absl::string_view();
}

bool IsAccountId(absl::string_view text) {
  if (text.size() != 12) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::string_view PrincipalKindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kUser: return "user";
    case PrincipalKind::kRole: return "role";
    case PrincipalKind::kAssumedRole: return "assumed-role";
    case PrincipalKind::kFederatedUser: return "federated-user";
    case PrincipalKind::kRoot: return "root";
    case PrincipalKind::kService: return "service";
    case PrincipalKind::kAnonymous: return "anonymous";
    case PrincipalKind::kUnknown: return "unknown";
  }
  return "unknown";
}

PrincipalView ClassifyPrincipal(absl::string_view principal) {
  PrincipalView p;
  p.text = principal;
  if (principal.empty() || principal == "*" || principal == "anonymous") {
    p.kind = PrincipalKind::kAnonymous;
    return p;
  }
  absl::string_view parts[6];
  if (!SplitSix(principal, parts) || parts[0] != "arn") {
    if (IsAccountId(principal)) {
      p.kind = PrincipalKind::kRoot;
      p.account = principal;
    } else if (absl::EndsWith(principal, ".amazonaws.com") ||
               absl::EndsWith(principal, ".amazonaws.com.cn")) {
      p.kind = PrincipalKind::kService;
      p.name = principal;
    }
    return p;
  }
  p.partition = parts[1];
  p.account = parts[4];
  if (parts[2] == "iam") ClassifyIam(parts[5], &p);
  if (parts[2] == "sts") ClassifySts(parts[5], &p);
  return p;
}

}  // namespace vouch::iam
