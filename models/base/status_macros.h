// The two status-propagation macros vouch uses everywhere (Debian's abseil lacks them).
//
//   VOUCH_RETURN_IF_ERROR(DoThing());
//   VOUCH_ASSIGN_OR_RETURN(Policy p, ParsePolicy(text));
//
// Defined once, here, at the bottom layer, so every layer above shares them.
#ifndef VOUCH_MODELS_BASE_STATUS_MACROS_H_
#define VOUCH_MODELS_BASE_STATUS_MACROS_H_

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Errors are the rare path: marked so, the compiler moves their code out of the way of the
// common one, which keeps hot loops (a batch reads hundreds of thousands of statements) dense in
// the instruction cache.
#define VOUCH_RETURN_IF_ERROR(expr)                                    \
  do {                                                                 \
    ::absl::Status vouch_status_ = (expr);                             \
    if (ABSL_PREDICT_FALSE(!vouch_status_.ok())) return vouch_status_; \
  } while (0)

#define VOUCH_STATUS_CONCAT_INNER_(a, b) a##b
#define VOUCH_STATUS_CONCAT_(a, b) VOUCH_STATUS_CONCAT_INNER_(a, b)

#define VOUCH_ASSIGN_OR_RETURN(lhs, expr) \
  VOUCH_ASSIGN_OR_RETURN_IMPL_(VOUCH_STATUS_CONCAT_(vouch_statusor_, __LINE__), lhs, expr)

#define VOUCH_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr)                      \
  auto statusor = (expr);                                                      \
  if (ABSL_PREDICT_FALSE(!statusor.ok())) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // VOUCH_MODELS_BASE_STATUS_MACROS_H_
