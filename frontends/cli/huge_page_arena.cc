// The allocator's huge-page arena (see huge_page_arena.h).
#include "frontends/cli/huge_page_arena.h"

#ifdef VOUCH_WITH_MIMALLOC
#include <fcntl.h>
#include <mimalloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25  // Linux 6.1; older kernels refuse it, which changes nothing
#endif
#endif

namespace vouch::cli {

#ifdef VOUCH_WITH_MIMALLOC
namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;

// mimalloc 2.0 segments are 32 MB, aligned on their size.
constexpr uintptr_t kSegment = uintptr_t{32} << 20;

// The arena of address space (UseHugePageArena), and the segment mimalloc took before main: null
// where they were not marked for huge pages. 1 GB of address space covers vouch's usual inputs; a
// larger one (an account export of a million statements) takes the rest as before.
constexpr size_t kArenaSize = size_t{1} << 30;
char* g_arena = nullptr;
char* g_first_segment = nullptr;

// True when the system gives 2 MB pages to memory marked for them (`always` or `madvise`).
// MADV_COLLAPSE would collapse even where an administrator chose `never`: it is not asked then.
bool HugePagesEnabled() {
  const int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char text[128];
  const ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return false;
  text[n] = '\0';
  return std::strstr(text, "[always]") != nullptr || std::strstr(text, "[madvise]") != nullptr;
}

// The segment mimalloc took before main, for the static initialisers' allocations, serves the
// main thread's first 32 MB; it came from the system before the arena existed, in 4 KB pages.
// Marking it lets the chunks nothing has touched yet come in 2 MB pages. The chunks already
// touched keep their 4 KB page tables, so each of those is collapsed into one 2 MB page now
// (MADV_COLLAPSE): in the race, the first chunk alone took some 250 faults after main.
void UseHugePagesForFirstSegment() {
  if (!HugePagesEnabled()) return;
  void* probe = mi_malloc(1);
  if (probe == nullptr) return;
  void* segment = reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(probe) & ~(kSegment - 1));
  mi_free(probe);
  if (madvise(segment, kSegment, MADV_HUGEPAGE) != 0) return;
  g_first_segment = static_cast<char*>(segment);
  constexpr size_t kPagesPerChunk = kHugePage / 4096;
  unsigned char resident[kSegment / 4096];
  if (mincore(segment, kSegment, resident) != 0) return;
  for (size_t chunk = 0; chunk < kSegment / kHugePage; ++chunk) {
    bool touched = false;
    for (size_t page = 0; page < kPagesPerChunk && !touched; ++page) {
      touched = (resident[chunk * kPagesPerChunk + page] & 1) != 0;
    }
    if (touched) {
      madvise(static_cast<char*>(segment) + chunk * kHugePage, kHugePage, MADV_COLLAPSE);
    }
  }
}

}  // namespace
#endif

void UseHugePageArena() {
#ifdef VOUCH_WITH_MIMALLOC
  // mimalloc carves segments from an arena at multiples of their size, so the arena starts on a
  // boundary well past any segment size.
  constexpr size_t kAlign = size_t{64} << 20;
  void* mapped = mmap(nullptr, kArenaSize + kAlign, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapped == MAP_FAILED) return;
  const uintptr_t base = reinterpret_cast<uintptr_t>(mapped);
  const uintptr_t start = (base + kAlign - 1) & ~(kAlign - 1);
  // The unaligned head and tail go back.
  if (start > base) munmap(mapped, start - base);
  munmap(reinterpret_cast<void*>(start + kArenaSize), base + kAlign - start);
  void* arena = reinterpret_cast<void*>(start);
  // mimalloc gives back freed spans of a segment (MADV_DONTNEED) a little after they are freed;
  // inside a 2 MB page that splits it, and the span is then touched again 4 KB at a time. A
  // vouch process is short-lived, so nothing is given back: `exposure` over the 10,000-interface
  // region peaks 1% higher and runs a fifth faster. Segments made from now on are made unable to
  // give back; the first, made before main, only ever gives back after this (long) delay.
  mi_option_disable(mi_option_allow_decommit);
  mi_option_set(mi_option_decommit_delay, 1000 * 1000);  // milliseconds
  if (madvise(arena, kArenaSize, MADV_HUGEPAGE) != 0 ||
      !mi_manage_os_memory(arena, kArenaSize, /*is_committed=*/true, /*is_large=*/false,
                           /*is_zero=*/true, /*numa_node=*/-1)) {
    munmap(arena, kArenaSize);
    return;
  }
  g_arena = static_cast<char*>(arena);
  UseHugePagesForFirstSegment();
#endif
}

void UseHugePagesAtSegmentStartsOnly() {
#ifdef VOUCH_WITH_MIMALLOC
  // 4 KB pages from now on, but for the first 2 MB of each segment. A segment already in 2 MB
  // pages (the first one's chunks collapsed at startup) keeps them.
  if (g_first_segment != nullptr) {
    madvise(g_first_segment + kHugePage, kSegment - kHugePage, MADV_NOHUGEPAGE);
  }
  if (g_arena != nullptr && madvise(g_arena, kArenaSize, MADV_NOHUGEPAGE) == 0) {
    for (size_t offset = 0; offset < kArenaSize; offset += kSegment) {
      madvise(g_arena + offset, kHugePage, MADV_HUGEPAGE);
    }
  }
#endif
}

}  // namespace vouch::cli
