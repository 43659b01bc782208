#!/usr/bin/env python3
"""Writes an HPROF 1.0.2 dump with N empty instances of one class (plus java.lang.Object), the first held by a
JNI-global root: many objects in few bytes (25 bytes per object), for tests of hdx's memory check.

    many_objects_hprof.py N OUT
"""
import struct
import sys

n = int(sys.argv[1])
out = sys.argv[2]


def record(tag, body):
    return struct.pack(">BII", tag, 0, len(body)) + body


def class_dump(class_id, super_id):
    # id, stack serial, super, loader, signers, protection domain, 2 reserved, instance size, cp, statics, fields
    return struct.pack(">BQIQQQQQQIHHH", 0x20, class_id, 1, super_id, 0, 0, 0, 0, 0, 0, 0, 0, 0)


with open(out, "wb") as f:
    f.write(b"JAVA PROFILE 1.0.2\0" + struct.pack(">IQ", 8, 0))
    f.write(record(0x01, struct.pack(">Q", 1) + b"java/lang/Object"))
    f.write(record(0x01, struct.pack(">Q", 2) + b"Many"))
    f.write(record(0x02, struct.pack(">IQIQ", 1, 0x100, 1, 1)))
    f.write(record(0x02, struct.pack(">IQIQ", 2, 0x110, 1, 2)))
    head = class_dump(0x100, 0) + class_dump(0x110, 0x100)
    base = 0x10000
    root = struct.pack(">BQQ", 0x01, base, 0)
    f.write(struct.pack(">BII", 0x1C, 0, len(head) + len(root) + n * 25))
    f.write(head + root)
    inst = struct.Struct(">BQIQI").pack
    chunk = 1 << 16
    for start in range(0, n, chunk):
        f.write(b"".join(inst(0x21, base + 16 * i, 1, 0x110, 0) for i in range(start, min(n, start + chunk))))
    f.write(record(0x2C, b""))
