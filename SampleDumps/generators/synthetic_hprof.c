/* A synthetic HPROF 1.0.2 heap dump of any size, written fast (for the out-of-core benchmark, Benchmarks/huge_dump.sh).
 *
 *   cc -O2 -o synthetic_hprof SampleDumps/generators/synthetic_hprof.c && ./synthetic_hprof GIB OUT.hprof
 *
 * Shape (8-byte ids, addresses ascending in file order, HEAP_DUMP_SEGMENT per region, then HEAP_DUMP_END):
 *   - regions of 4096 buckets; each region is an Object[4096] held by a JNI-global root; every 64th slot is null, so
 *     that bucket and all it holds is unreachable garbage;
 *   - a bucket is an Object[256] of demo.Node instances;
 *   - a demo.Node has fields next (the next node of its bucket, null for the last), payload (its own byte[] of 64 to
 *     1200 bytes), peer (every 4th node: the node at the same index in the previous bucket, so that node is shared
 *     and its dominator is the region or the root), and a long value.
 * About 350 file bytes per object: 1 GiB holds ~3 million objects and ~8 million references. Deterministic: the same
 * size gives the same file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BUCKET = 256, REGION = 4096, ID = 8 };
enum { C_OBJECT = 0x1000, C_CLASS = 0x1010, C_NODE = 0x1020, C_OBJARR = 0x1030, C_BYTES = 0x1040 };

static unsigned char *buf;
static size_t len, cap = 64 << 20;
static FILE *out;

static void flush_out(void) {
    if (len && fwrite(buf, 1, len, out) != len) { perror("write"); exit(1); }
    len = 0;
}
static void need(size_t n) { if (len + n > cap) flush_out(); }
static void u1(unsigned v) { buf[len++] = (unsigned char)v; }
static void u4(uint32_t v) { for (int i = 3; i >= 0; i--) buf[len++] = (unsigned char)(v >> (8 * i)); }
static void u8(uint64_t v) { for (int i = 7; i >= 0; i--) buf[len++] = (unsigned char)(v >> (8 * i)); }
static void u2(unsigned v) { u1(v >> 8); u1(v & 0xff); }

static void record(unsigned tag, uint32_t length) { need(9); u1(tag); u4(0); u4(length); }
static void utf8(uint64_t id, const char *s) { record(0x01, ID + strlen(s)); need(ID + strlen(s)); u8(id); memcpy(buf + len, s, strlen(s)); len += strlen(s); }
static void load_class(uint32_t serial, uint64_t cls, uint64_t name) { record(0x02, 4 + ID + 4 + ID); need(24); u4(serial); u8(cls); u4(0); u8(name); }

/* CLASS_DUMP: no constant pool or statics; `fields` instance fields (name id, type). */
static size_t class_dump_bytes(int fields) { return 1 + 7 * ID + 4 + 4 + 2 + 2 + 2 + fields * (ID + 1); }
static void class_dump(uint64_t cls, uint64_t super, uint32_t size, int fields, const uint64_t *names, const unsigned *types) {
    need(class_dump_bytes(fields));
    u1(0x20); u8(cls); u4(0); u8(super); for (int i = 0; i < 5; i++) u8(0);
    u4(size); u2(0); u2(0); u2(fields);
    for (int i = 0; i < fields; i++) { u8(names[i]); u1(types[i]); }
}

static uint32_t payload_len(int i) { return 64 + (uint32_t)((i * 7919) % 1137); }
static uint64_t align8(uint64_t v) { return (v + 7) & ~7ull; }

/* Addresses of one bucket group (bucket array, then per node: the node, then its byte[]), relative to its start. */
static uint64_t node_off[BUCKET], bytes_off[BUCKET], group_span;
static size_t group_file_bytes;

static void layout(void) {
    uint64_t a = align8(24 + 8 * BUCKET);
    size_t f = 1 + ID + 4 + 4 + ID + (size_t)ID * BUCKET;
    for (int i = 0; i < BUCKET; i++) {
        node_off[i] = a; a += 48;
        bytes_off[i] = a; a += align8(24 + payload_len(i));
        f += 1 + ID + 4 + ID + 4 + 32;
        f += 1 + ID + 4 + 4 + 1 + payload_len(i);
    }
    group_span = a;
    group_file_bytes = f;
}

static void group(uint64_t base, uint64_t prev, const unsigned char *junk) {
    need(1 + ID + 4 + 4 + ID + (size_t)ID * BUCKET);
    u1(0x22); u8(base); u4(0); u4(BUCKET); u8(C_OBJARR);
    for (int i = 0; i < BUCKET; i++) u8(base + node_off[i]);
    for (int i = 0; i < BUCKET; i++) {
        need(1 + ID + 4 + ID + 4 + 32);
        u1(0x21); u8(base + node_off[i]); u4(0); u8(C_NODE); u4(32);
        u8(i + 1 < BUCKET ? base + node_off[i + 1] : 0);
        u8(base + bytes_off[i]);
        u8(prev && i % 4 == 0 ? prev + node_off[i] : 0);
        u8(base + i);
        uint32_t n = payload_len(i);
        need(1 + ID + 4 + 4 + 1 + n);
        u1(0x23); u8(base + bytes_off[i]); u4(0); u4(n); u1(8);
        memcpy(buf + len, junk + (i % 64), n); len += n;
    }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s GIB OUT.hprof\n", argv[0]); return 2; }
    double gib = atof(argv[1]);
    out = fopen(argv[2], "wb");
    if (!out || gib <= 0) { perror(argv[2]); return 1; }
    buf = malloc(cap);
    unsigned char junk[1400];
    for (int i = 0; i < (int)sizeof junk; i++) junk[i] = (unsigned char)(i * 31 + 7);
    layout();
    uint64_t groups = (uint64_t)(gib * (1ull << 30) / group_file_bytes) + 1;
    uint64_t regions = (groups + REGION - 1) / REGION;

    need(64);
    memcpy(buf + len, "JAVA PROFILE 1.0.2", 19); len += 19;
    u4(ID); u8(1700000000000ull);
    const char *names[] = { "java/lang/Object", "java/lang/Class", "demo/Node", "[Ljava/lang/Object;", "[B",
                            "next", "payload", "peer", "value" };
    for (int i = 0; i < 9; i++) utf8(0x100 + i, names[i]);
    uint64_t classes[] = { C_OBJECT, C_CLASS, C_NODE, C_OBJARR, C_BYTES };
    for (int i = 0; i < 5; i++) load_class(i + 1, classes[i], 0x100 + i);

    /* Class dumps and the roots: one segment. */
    uint64_t fnames[] = { 0x105, 0x106, 0x107, 0x108 };
    unsigned ftypes[] = { 2, 2, 2, 11 };
    size_t head = class_dump_bytes(0) * 4 + class_dump_bytes(4) + regions * (1 + 2 * ID);
    record(0x1C, (uint32_t)head);
    class_dump(C_OBJECT, 0, 16, 0, NULL, NULL);
    class_dump(C_CLASS, C_OBJECT, 16, 0, NULL, NULL);
    class_dump(C_NODE, C_OBJECT, 48, 4, fnames, ftypes);
    class_dump(C_OBJARR, C_OBJECT, 0, 0, NULL, NULL);
    class_dump(C_BYTES, C_OBJECT, 0, 0, NULL, NULL);
    uint64_t region_span = align8(24 + 8 * REGION) + REGION * group_span;
    uint64_t heap = 0x100000000ull;
    for (uint64_t r = 0; r < regions; r++) { need(17); u1(0x01); u8(heap + r * region_span); u8(0x9000 + r); }

    uint64_t written = 0;
    for (uint64_t r = 0; r < regions; r++) {
        uint64_t n = groups - r * REGION < REGION ? groups - r * REGION : REGION;
        uint64_t start = heap + r * region_span, first = start + align8(24 + 8 * REGION);
        uint64_t bytes = 1 + ID + 4 + 4 + ID + (uint64_t)ID * REGION + n * group_file_bytes;
        if (bytes > 0xFFFFFFFFull) { fprintf(stderr, "segment too big\n"); return 1; }
        record(0x1C, (uint32_t)bytes);
        need(1 + ID + 4 + 4 + ID + (size_t)ID * REGION);
        u1(0x22); u8(start); u4(0); u4(REGION); u8(C_OBJARR);
        for (uint64_t g = 0; g < REGION; g++) u8(g < n && g % 64 != 63 ? first + g * group_span : 0);
        for (uint64_t g = 0; g < n; g++) /* no peers into a garbage bucket: it stays garbage */
            group(first + g * group_span, g && (g - 1) % 64 != 63 ? first + (g - 1) * group_span : 0, junk);
        written += n;
    }
    record(0x2C, 0);
    flush_out();
    if (fclose(out) != 0) { perror("close"); return 1; }
    fprintf(stderr, "wrote %llu regions, %llu buckets, %llu objects\n", (unsigned long long)regions,
            (unsigned long long)written, (unsigned long long)(regions + written * (1 + 2 * BUCKET)));
    return 0;
}
