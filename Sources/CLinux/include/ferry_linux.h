#ifndef FERRY_LINUX_H
#define FERRY_LINUX_H

#include <stdint.h>

/// Caps glibc's malloc arenas (mallopt M_ARENA_MAX): Swift's Glibc module does not export
/// <malloc.h>. Returns 1 on success, 0 where the call does not exist or failed.
int ferry_limit_malloc_arenas(int arenas);

/// Starts writeback of a written range of a regular file without waiting for it
/// (sync_file_range SYNC_FILE_RANGE_WRITE, which Swift's Glibc module does not export), so the
/// disk writes while the stream is still produced instead of all at the closing fdatasync.
/// Returns 0, or -1 with errno set (ENOSYS where the call does not exist).
int ferry_start_writeback(int fd, int64_t offset, int64_t length);

/// Waits until the range's writeback, started earlier, is done (and starts any that was not):
/// bounds the dirty pages a long stream leaves in the page cache. Same return as above.
int ferry_wait_writeback(int fd, int64_t offset, int64_t length);

#endif
