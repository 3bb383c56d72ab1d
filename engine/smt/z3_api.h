// Z3's C++ API, with the C functions under it loaded when first called rather than when vouch
// starts. Internal to engine/smt: its files include this header, never z3++.h or z3.h.
//
// Loading libz3 (23 MB, bound at load) cost every process 1 to 2 ms of CPU, which every
// `vouch simulate` paid without ever solving anything. Here each Z3 C function that vouch calls
// is a pointer, first aimed at a stub that loads the library (dlopen, once), aims every pointer
// at the real function, and forwards the call. z3++.h's inline code reaches the pointers through
// the macros below, so it is used unchanged. vouch does not link libz3, so a function missing
// from VOUCH_Z3_FUNCTIONS or from the macros fails the build (a call not renamed reaches for the
// library's own symbol; a name not declared does not compile).
//
// NetReachability calls Load first, and answers Unavailable ("cannot load the Z3 solver
// (libz3.so.4): ...") when the library cannot be loaded; a stub called without the library
// throws z3::exception with the same message.
#ifndef VOUCH_ENGINE_SMT_Z3_API_H_
#define VOUCH_ENGINE_SMT_Z3_API_H_

#include <atomic>

#include "z3.h"  // the declarations, before the macros rename their uses

// Every Z3 C function that vouch's code or the z3++.h code it uses calls: those an unoptimized
// build references (optimizing compilers inline some of z3++.h away, each its own way, so an
// optimized build shows only part of the list).
// clang-format off
#define VOUCH_Z3_FUNCTIONS(X)                                                                   \
  X(Z3_ast_vector_dec_ref) X(Z3_ast_vector_get) X(Z3_ast_vector_inc_ref) X(Z3_ast_vector_push)  \
  X(Z3_ast_vector_size) X(Z3_dec_ref) X(Z3_del_config) X(Z3_del_context) X(Z3_get_app_decl)     \
  X(Z3_get_ast_kind) X(Z3_get_bv_sort_size) X(Z3_get_decl_kind) X(Z3_get_error_code)            \
  X(Z3_get_error_msg) X(Z3_get_numeral_string) X(Z3_get_numeral_uint64) X(Z3_get_sort)          \
  X(Z3_get_sort_kind)                                                                           \
  X(Z3_global_param_set) X(Z3_inc_ref) X(Z3_is_eq_ast) X(Z3_mk_and) X(Z3_mk_ast_vector)         \
  X(Z3_mk_bool_sort) X(Z3_mk_bv_sort) X(Z3_mk_bvuge) X(Z3_mk_bvule) X(Z3_mk_bvult)              \
  X(Z3_mk_config) X(Z3_mk_const) X(Z3_mk_context_rc) X(Z3_mk_eq) X(Z3_mk_extract)               \
  X(Z3_mk_false) X(Z3_mk_implies) X(Z3_mk_int) X(Z3_mk_ite) X(Z3_mk_not) X(Z3_mk_numeral)       \
  X(Z3_mk_or) X(Z3_mk_params) X(Z3_mk_solver) X(Z3_mk_string_symbol) X(Z3_mk_true)              \
  X(Z3_mk_unsigned_int64) X(Z3_model_dec_ref) X(Z3_model_eval) X(Z3_model_inc_ref)              \
  X(Z3_params_dec_ref) X(Z3_params_inc_ref) X(Z3_params_set_uint) X(Z3_set_ast_print_mode)      \
  X(Z3_set_error_handler) X(Z3_simplify) X(Z3_solver_assert) X(Z3_solver_check_assumptions)     \
  X(Z3_solver_dec_ref) X(Z3_solver_get_model) X(Z3_solver_get_reason_unknown)                   \
  X(Z3_solver_get_unsat_core) X(Z3_solver_inc_ref) X(Z3_solver_pop) X(Z3_solver_push)           \
  X(Z3_solver_set_params)
// clang-format on

namespace vouch::smt::z3api {

#define VOUCH_Z3_DECLARE(name) extern std::atomic<decltype(&::name)> name;
VOUCH_Z3_FUNCTIONS(VOUCH_Z3_DECLARE)
#undef VOUCH_Z3_DECLARE

// True when libz3 is loaded (or loads now); false with the reason in `error` otherwise.
bool Load(const char** error = nullptr);

}  // namespace vouch::smt::z3api

#ifndef VOUCH_Z3_API_IMPL
// Z3_mk_and(c, n, args) calls through vouch::smt::z3api::Z3_mk_and, and so on. (A macro is not
// expanded again inside its own expansion, so each name stands for the pointer of that name.)
#define VOUCH_Z3_CALL(name) (::vouch::smt::z3api::name.load(std::memory_order_acquire))
#define Z3_ast_vector_dec_ref VOUCH_Z3_CALL(Z3_ast_vector_dec_ref)
#define Z3_ast_vector_get VOUCH_Z3_CALL(Z3_ast_vector_get)
#define Z3_ast_vector_inc_ref VOUCH_Z3_CALL(Z3_ast_vector_inc_ref)
#define Z3_ast_vector_push VOUCH_Z3_CALL(Z3_ast_vector_push)
#define Z3_ast_vector_size VOUCH_Z3_CALL(Z3_ast_vector_size)
#define Z3_dec_ref VOUCH_Z3_CALL(Z3_dec_ref)
#define Z3_del_config VOUCH_Z3_CALL(Z3_del_config)
#define Z3_del_context VOUCH_Z3_CALL(Z3_del_context)
#define Z3_get_app_decl VOUCH_Z3_CALL(Z3_get_app_decl)
#define Z3_get_ast_kind VOUCH_Z3_CALL(Z3_get_ast_kind)
#define Z3_get_bv_sort_size VOUCH_Z3_CALL(Z3_get_bv_sort_size)
#define Z3_get_decl_kind VOUCH_Z3_CALL(Z3_get_decl_kind)
#define Z3_get_error_code VOUCH_Z3_CALL(Z3_get_error_code)
#define Z3_get_error_msg VOUCH_Z3_CALL(Z3_get_error_msg)
#define Z3_get_numeral_string VOUCH_Z3_CALL(Z3_get_numeral_string)
#define Z3_get_numeral_uint64 VOUCH_Z3_CALL(Z3_get_numeral_uint64)
#define Z3_get_sort VOUCH_Z3_CALL(Z3_get_sort)
#define Z3_get_sort_kind VOUCH_Z3_CALL(Z3_get_sort_kind)
#define Z3_global_param_set VOUCH_Z3_CALL(Z3_global_param_set)
#define Z3_inc_ref VOUCH_Z3_CALL(Z3_inc_ref)
#define Z3_is_eq_ast VOUCH_Z3_CALL(Z3_is_eq_ast)
#define Z3_mk_and VOUCH_Z3_CALL(Z3_mk_and)
#define Z3_mk_ast_vector VOUCH_Z3_CALL(Z3_mk_ast_vector)
#define Z3_mk_bool_sort VOUCH_Z3_CALL(Z3_mk_bool_sort)
#define Z3_mk_bv_sort VOUCH_Z3_CALL(Z3_mk_bv_sort)
#define Z3_mk_bvuge VOUCH_Z3_CALL(Z3_mk_bvuge)
#define Z3_mk_bvule VOUCH_Z3_CALL(Z3_mk_bvule)
#define Z3_mk_bvult VOUCH_Z3_CALL(Z3_mk_bvult)
#define Z3_mk_config VOUCH_Z3_CALL(Z3_mk_config)
#define Z3_mk_const VOUCH_Z3_CALL(Z3_mk_const)
#define Z3_mk_context_rc VOUCH_Z3_CALL(Z3_mk_context_rc)
#define Z3_mk_eq VOUCH_Z3_CALL(Z3_mk_eq)
#define Z3_mk_extract VOUCH_Z3_CALL(Z3_mk_extract)
#define Z3_mk_false VOUCH_Z3_CALL(Z3_mk_false)
#define Z3_mk_implies VOUCH_Z3_CALL(Z3_mk_implies)
#define Z3_mk_int VOUCH_Z3_CALL(Z3_mk_int)
#define Z3_mk_ite VOUCH_Z3_CALL(Z3_mk_ite)
#define Z3_mk_not VOUCH_Z3_CALL(Z3_mk_not)
#define Z3_mk_numeral VOUCH_Z3_CALL(Z3_mk_numeral)
#define Z3_mk_or VOUCH_Z3_CALL(Z3_mk_or)
#define Z3_mk_params VOUCH_Z3_CALL(Z3_mk_params)
#define Z3_mk_solver VOUCH_Z3_CALL(Z3_mk_solver)
#define Z3_mk_string_symbol VOUCH_Z3_CALL(Z3_mk_string_symbol)
#define Z3_mk_true VOUCH_Z3_CALL(Z3_mk_true)
#define Z3_mk_unsigned_int64 VOUCH_Z3_CALL(Z3_mk_unsigned_int64)
#define Z3_model_dec_ref VOUCH_Z3_CALL(Z3_model_dec_ref)
#define Z3_model_eval VOUCH_Z3_CALL(Z3_model_eval)
#define Z3_model_inc_ref VOUCH_Z3_CALL(Z3_model_inc_ref)
#define Z3_params_dec_ref VOUCH_Z3_CALL(Z3_params_dec_ref)
#define Z3_params_inc_ref VOUCH_Z3_CALL(Z3_params_inc_ref)
#define Z3_params_set_uint VOUCH_Z3_CALL(Z3_params_set_uint)
#define Z3_set_ast_print_mode VOUCH_Z3_CALL(Z3_set_ast_print_mode)
#define Z3_set_error_handler VOUCH_Z3_CALL(Z3_set_error_handler)
#define Z3_simplify VOUCH_Z3_CALL(Z3_simplify)
#define Z3_solver_assert VOUCH_Z3_CALL(Z3_solver_assert)
#define Z3_solver_check_assumptions VOUCH_Z3_CALL(Z3_solver_check_assumptions)
#define Z3_solver_dec_ref VOUCH_Z3_CALL(Z3_solver_dec_ref)
#define Z3_solver_get_model VOUCH_Z3_CALL(Z3_solver_get_model)
#define Z3_solver_get_reason_unknown VOUCH_Z3_CALL(Z3_solver_get_reason_unknown)
#define Z3_solver_get_unsat_core VOUCH_Z3_CALL(Z3_solver_get_unsat_core)
#define Z3_solver_inc_ref VOUCH_Z3_CALL(Z3_solver_inc_ref)
#define Z3_solver_pop VOUCH_Z3_CALL(Z3_solver_pop)
#define Z3_solver_push VOUCH_Z3_CALL(Z3_solver_push)
#define Z3_solver_set_params VOUCH_Z3_CALL(Z3_solver_set_params)

#include "z3++.h"
#endif  // VOUCH_Z3_API_IMPL

#endif  // VOUCH_ENGINE_SMT_Z3_API_H_
