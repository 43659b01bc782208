#ifndef CSYSTEMSHIMS_SHIM_H
#define CSYSTEMSHIMS_SHIM_H
/* The two system calls hdx makes that Swift cannot spell itself, as static inline functions (no library to link). */
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A hint that the bytes at `p` will be read soon (no fault, no effect on results): the record walks over the mapped
   dump call it a little ahead of their cursor, so the cache misses of the next records overlap instead of each
   record's header waiting for the one before. */
static inline void hdx_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/* Moves the `size` bytes mapped at `from` to `to`, replacing whatever was mapped there, in one step under the
   address-space lock: mremap(from, size, size, MREMAP_MAYMOVE | MREMAP_FIXED, to). Its fifth argument is variadic
   in glibc's declaration (which Swift cannot call) and the flags need _GNU_SOURCE, hence the system call itself.
   Returns `to`, or (void *)-1 with errno set. */
static inline void *hdx_mremap_fixed(void *from, size_t size, void *to) {
    return (void *)syscall(SYS_mremap, from, size, size, 1 /* MREMAP_MAYMOVE */ | 2 /* MREMAP_FIXED */, to);
}
#endif
