// Memory for the vouch process in 2 MB pages rather than 4 KB ones, where the system allows it.
//
// Every page a process touches for the first time costs a fault. On the virtual machines vouch
// is measured on (2 cores, as in CI), a fault on a 4 KB page costs about 13 microseconds, and a
// batch of 10,000 cases touches over a thousand of them: a tenth of its CPU time. A 2 MB page
// costs one fault for what took 512. So, when vouch is built with mimalloc, its allocator is
// given an arena of address space marked for transparent huge pages (madvise MADV_HUGEPAGE) to
// carve its segments from. Nothing is committed until touched; the arena is address space
// only, and what outgrows it is allocated as before. The segment mimalloc took before main is
// marked too, and its chunks already touched are collapsed into 2 MB pages; freed memory is not
// given back while the process runs, which would split its 2 MB pages. Where the system refuses
// (huge pages off, no address space, a kernel without MADV_COLLAPSE), nothing changes.
#ifndef VOUCH_FRONTENDS_CLI_HUGE_PAGE_ARENA_H_
#define VOUCH_FRONTENDS_CLI_HUGE_PAGE_ARENA_H_

namespace vouch::cli {

// Call first thing in main(), before any thread starts. A no-op in builds without mimalloc
// (sanitizer and fuzzing builds keep their own allocators).
void UseHugePageArena();

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_HUGE_PAGE_ARENA_H_
