#define _GNU_SOURCE
#include "ferry_linux.h"
#include <errno.h>
#include <fcntl.h>

#if defined(__linux__)
int ferry_start_writeback(int fd, int64_t offset, int64_t length) {
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
}

int ferry_wait_writeback(int fd, int64_t offset, int64_t length) {
    return sync_file_range(fd, offset, length,
                           SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
}
#else
int ferry_start_writeback(int fd, int64_t offset, int64_t length) {
    (void)fd; (void)offset; (void)length;
    errno = ENOSYS;
    return -1;
}

int ferry_wait_writeback(int fd, int64_t offset, int64_t length) {
    return ferry_start_writeback(fd, offset, length);
}
#endif
