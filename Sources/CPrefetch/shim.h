#ifndef CPREFETCH_SHIM_H
#define CPREFETCH_SHIM_H
/* A hint that the bytes at `p` will be read soon (no fault, no effect on results): the record walks over the mapped
   dump call it a little ahead of their cursor, so the cache misses of the next records overlap instead of each
   record's header waiting for the one before. */
static inline void hdx_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
#endif
