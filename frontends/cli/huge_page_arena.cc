// The allocator's huge-page arena (see huge_page_arena.h).
#include "frontends/cli/huge_page_arena.h"

#ifdef VOUCH_WITH_MIMALLOC
#include <mimalloc.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#endif

namespace vouch::cli {

void UseHugePageArena() {
#ifdef VOUCH_WITH_MIMALLOC
  // mimalloc carves segments from an arena at multiples of their size, so the arena starts on a
  // boundary well past any segment size. 1 GB of address space covers vouch's usual inputs; a
  // larger one (an account export of a million statements) takes the rest as before.
  constexpr size_t kAlign = size_t{64} << 20;
  constexpr size_t kSize = size_t{1} << 30;
  void* mapped = mmap(nullptr, kSize + kAlign, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapped == MAP_FAILED) return;
  const uintptr_t base = reinterpret_cast<uintptr_t>(mapped);
  const uintptr_t start = (base + kAlign - 1) & ~(kAlign - 1);
  // The unaligned head and tail go back.
  if (start > base) munmap(mapped, start - base);
  munmap(reinterpret_cast<void*>(start + kSize), base + kAlign - start);
  void* arena = reinterpret_cast<void*>(start);
  if (madvise(arena, kSize, MADV_HUGEPAGE) != 0 ||
      !mi_manage_os_memory(arena, kSize, /*is_committed=*/true, /*is_large=*/false,
                           /*is_zero=*/true, /*numa_node=*/-1)) {
    munmap(arena, kSize);
  }
#endif
}

}  // namespace vouch::cli
