#ifndef FERRY_LINUX_H
#define FERRY_LINUX_H

#include <stdint.h>
#include <sys/types.h>

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

/// Starts `path` with `argv` and `envp` (NULL-terminated) through posix_spawn. The child gets
/// `input`, `output` and `error` as its descriptors 0, 1 and 2 and no other descriptor: all from
/// 3 up are closed in the child (posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc
/// module does not export), atomically, whatever other threads open meanwhile. A nonzero
/// `new_group` puts the child in a process group of its own. Returns 0 with `*pid` set, or an
/// errno value.
int ferry_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[],
                int input, int output, int error, int new_group);

/// pipe2(fds, O_CLOEXEC), which Swift's Glibc module does not export: no child started by
/// another thread can inherit the pipe. Returns 0, or -1 with errno set.
int ferry_pipe_cloexec(int fds[2]);

#endif
