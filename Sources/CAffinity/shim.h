// CPU affinity. glibc declares these only under _GNU_SOURCE, which cannot be set here without
// changing other system types under Swift's other C modules, so they are declared by hand,
// with the mask as bytes: bit c of byte c/8 is CPU c (glibc's cpu_set_t layout, 1024 CPUs).
#ifndef PORPOISE_CAFFINITY_H
#define PORPOISE_CAFFINITY_H
#include <stddef.h>

extern int sched_getaffinity(int pid, size_t cpusetsize, void *mask);
extern int sched_setaffinity(int pid, size_t cpusetsize, const void *mask);

/// Size in bytes of the masks below (glibc's cpu_set_t).
static inline int pp_cpu_mask_bytes(void) { return 128; }

/// The CPUs thread `tid` (0: the caller) may run on, into `mask`; 0 on success.
static inline int pp_get_affinity(int tid, unsigned char *mask) { return sched_getaffinity(tid, 128, mask); }

/// Restricts thread `tid` (0: the caller) to the CPUs in `mask`; 0 on success.
static inline int pp_set_affinity(int tid, const unsigned char *mask) { return sched_setaffinity(tid, 128, mask); }
#endif
