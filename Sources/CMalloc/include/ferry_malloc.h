#ifndef FERRY_MALLOC_H
#define FERRY_MALLOC_H

/// Caps glibc's malloc arenas (mallopt M_ARENA_MAX): Swift's Glibc module does not export
/// <malloc.h>. Returns 1 on success, 0 where the call does not exist or failed.
int ferry_limit_malloc_arenas(int arenas);

#endif
