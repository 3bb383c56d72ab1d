// How the vouch process ends.
//
// Freeing what a command built before the process ends (a batch's caches of compiled policies,
// the command line's parser, the static objects) takes about a millisecond that no answer needs:
// the system takes the whole address space back at once. So vouch ends without it, as compilers
// do (clang's -disable-free), once its output is flushed. In the race of `vouch simulate --cases`
// against the oracle (see the README), this took about 1 ms of 58. Under AddressSanitizer
// everything is freed as usual, for its leak check.
#ifndef VOUCH_FRONTENDS_CLI_PROCESS_EXIT_H_
#define VOUCH_FRONTENDS_CLI_PROCESS_EXIT_H_

namespace vouch::cli {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kFreeAtExit = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kFreeAtExit = true;
#else
inline constexpr bool kFreeAtExit = false;
#endif
#else
inline constexpr bool kFreeAtExit = false;
#endif

// Flushes stdout, stderr and their streams, then ends the process with `code`: at once, or
// through exit() and every destructor where kFreeAtExit.
[[noreturn]] void EndProcess(int code);

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_PROCESS_EXIT_H_
