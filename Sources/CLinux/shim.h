// Linux calls glibc declares only under _GNU_SOURCE, which cannot be set here without changing
// other system types under Swift's other C modules, so they are declared by hand.
#ifndef PORPOISE_CLINUX_H
#define PORPOISE_CLINUX_H
#include <stddef.h>
#include <sys/types.h>

// CPU affinity, with the mask as bytes: bit c of byte c/8 is CPU c (glibc's cpu_set_t layout,
// 1024 CPUs).
extern int sched_getaffinity(int pid, size_t cpusetsize, void *mask);
extern int sched_setaffinity(int pid, size_t cpusetsize, const void *mask);

/// Size in bytes of the masks below (glibc's cpu_set_t).
static inline int pp_cpu_mask_bytes(void) { return 128; }

/// The CPUs thread `tid` (0: the caller) may run on, into `mask`; 0 on success.
static inline int pp_get_affinity(int tid, unsigned char *mask) { return sched_getaffinity(tid, 128, mask); }

/// Restricts thread `tid` (0: the caller) to the CPUs in `mask`; 0 on success.
static inline int pp_set_affinity(int tid, const unsigned char *mask) { return sched_setaffinity(tid, 128, mask); }

extern int sync_file_range(int fd, __off64_t offset, __off64_t nbytes, unsigned int flags);

/// Starts writing a file's bytes in [offset, offset + count) to disk without waiting
/// (SYNC_FILE_RANGE_WRITE); 0 on success. An fsync still makes them durable.
static inline int pp_start_writeback(int fd, long offset, long count) { return sync_file_range(fd, offset, count, 2); }

#include <malloc.h>

/// Bytes malloc holds free for reuse (mallinfo2's fordblks).
static inline size_t pp_malloc_free_bytes(void) { return mallinfo2().fordblks; }

/// posix_spawn's flag that starts the child in a new session (POSIX_SPAWN_SETSID, glibc 2.26+,
/// declared only under _GNU_SOURCE).
static inline short pp_spawn_setsid(void) { return 0x80; }
#endif
