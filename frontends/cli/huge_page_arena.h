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

// For a run whose memory stays small and flat whatever its input (a batch of `simulate --cases`,
// whose caches are bounded): 2 MB pages only for the first 2 MB of each of the allocator's
// segments, 4 KB pages after. Call before the threads that will allocate start.
//
// Each thread allocates from segments of its own, and a segment's memory is densest at its start:
// mimalloc gives each size of object a 64 KB page of its own, of which a thread with a few objects
// of that size touches a 4 KB page or two. In the race (see the README) a worker touches about
// 230 of the 512 4 KB pages of its segment's first 2 MB, and 120 to 140 of the next 4 MB.
// A 2 MB page costs more than those 4 KB pages when it comes fresh from the host: the virtual
// machines vouch is measured on hand their free memory back to the host in 2 MB blocks (free page
// reporting) a few seconds after it is freed, and the first touch of such a block costs about
// 1.8 ms (0.13 ms for one freed a moment before). A 4 KB page comes from the smaller free blocks,
// which are not handed back, and costs a fault, about 10 microseconds, either way. With every
// chunk a 2 MB page, a run that followed another program, or a pause of a few seconds, took 7 to
// 12 ms longer than one back to back, most of it in the kernel. With 2 MB pages only at the
// segments' starts, runs after an oracle run took 8 to 9 ms less (system time 30 ms -> 10 ms in
// one trial), and runs back to back about 2 ms more.
void UseHugePagesAtSegmentStartsOnly();

}  // namespace vouch::cli

#endif  // VOUCH_FRONTENDS_CLI_HUGE_PAGE_ARENA_H_
