// Loading libz3 on first use (see z3_api.h).
#define VOUCH_Z3_API_IMPL
#include "engine/smt/z3_api.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "z3++.h"  // z3::exception only: no Z3 function is called here but through the pointers

#ifndef VOUCH_Z3_SONAME
#define VOUCH_Z3_SONAME "libz3.so"
#endif

namespace vouch::smt::z3api {
namespace {

struct Library {
  std::once_flag once;
  bool loaded = false;
  std::string error;
};

Library& TheLibrary() {
  static Library library;
  return library;
}

// Aims every pointer at its function in `handle`; false (with `error`) if one is missing.
bool Bind(void* handle, std::string& error);

}  // namespace

// Each pointer starts at a stub of the function's own type that loads the library and calls on.
template <typename Fn>
struct Stub;
template <typename R, typename... Args>
struct Stub<R (*)(Args...)> {
  template <std::atomic<R (*)(Args...)>* slot>
  static R Call(Args... args) {
    const char* error = nullptr;
    if (!Load(&error)) throw z3::exception(error);
    return slot->load(std::memory_order_acquire)(args...);
  }
};

#define VOUCH_Z3_DEFINE(name) \
  std::atomic<decltype(&::name)> name{&Stub<decltype(&::name)>::Call<&name>};
VOUCH_Z3_FUNCTIONS(VOUCH_Z3_DEFINE)
#undef VOUCH_Z3_DEFINE

namespace {

bool Bind(void* handle, std::string& error) {
  // All or nothing: every function is found before any pointer moves.
#define VOUCH_Z3_FIND(name)                                                      \
  void* name##_found = dlsym(handle, #name);                                     \
  if (name##_found == nullptr) {                                                 \
    error = "cannot load the Z3 solver (" VOUCH_Z3_SONAME "): it has no " #name; \
    return false;                                                                \
  }
  VOUCH_Z3_FUNCTIONS(VOUCH_Z3_FIND)
#undef VOUCH_Z3_FIND
#define VOUCH_Z3_STORE(name) \
  name.store(reinterpret_cast<decltype(&::name)>(name##_found), std::memory_order_release);
  VOUCH_Z3_FUNCTIONS(VOUCH_Z3_STORE)
#undef VOUCH_Z3_STORE
  return true;
}

}  // namespace

bool Load(const char** error) {
  Library& lib = TheLibrary();
  std::call_once(lib.once, [&lib] {
    // Never closed: the pointers stay valid until the process ends.
    void* handle = dlopen(VOUCH_Z3_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      lib.error = std::string("cannot load the Z3 solver (" VOUCH_Z3_SONAME "): ") +
                  (why != nullptr ? why : "unknown reason");
      return;
    }
    lib.loaded = Bind(handle, lib.error);
  });
  if (!lib.loaded && error != nullptr) *error = lib.error.c_str();
  return lib.loaded;
}

}  // namespace vouch::smt::z3api
