#include "ferry_linux.h"
#include <stdlib.h>   /* defines __GLIBC__ through <features.h> */

#if defined(__GLIBC__)
#include <malloc.h>

int ferry_limit_malloc_arenas(int arenas) {
    return mallopt(M_ARENA_MAX, arenas);
}

/// Runs before main and before the Swift runtime starts its threads: glibc fixes the arena limit
/// the first time a second arena is needed, so setting it from Swift code would be too late.
__attribute__((constructor, used)) static void ferry_limit_malloc_arenas_early(void) {
    mallopt(M_ARENA_MAX, 2);
}
#else
int ferry_limit_malloc_arenas(int arenas) {
    (void)arenas;
    return 0;
}
#endif
