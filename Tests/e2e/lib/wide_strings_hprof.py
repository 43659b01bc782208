#!/usr/bin/env python3
"""Writes an HPROF 1.0.2 dump (JDK 9+ layout) of one Object[] held by a JNI-global root whose N slots hold the
java.lang.String objects "text-0" ... "text-(N-1)" (each with its own Latin-1 byte[] value): a dominator-tree level
of N children and N strings, for the explorer's background searches.

    wide_strings_hprof.py N OUT
"""
import struct
import sys

n = int(sys.argv[1])
out = sys.argv[2]

OBJECT, STRING, OBJ_ARRAY, BYTE_ARRAY = 0x100, 0x110, 0x120, 0x130
NAME_VALUE, NAME_CODER = 0x900, 0x901


def record(tag, body):
    return struct.pack(">BII", tag, 0, len(body)) + body


def utf8(sid, text):
    return record(0x01, struct.pack(">Q", sid) + text.encode())


def load_class(serial, cid, name_id):
    return record(0x02, struct.pack(">IQIQ", serial, cid, 1, name_id))


def class_dump(cid, super_id, size, fields=()):
    head = struct.pack(">BQIQQQQQQIHH", 0x20, cid, 1, super_id, 0, 0, 0, 0, 0, size, 0, 0)
    body = struct.pack(">H", len(fields)) + b"".join(struct.pack(">QB", name, t) for name, t in fields)
    return head + body


with open(out, "wb") as f:
    f.write(b"JAVA PROFILE 1.0.2\0" + struct.pack(">IQ", 8, 0))
    for sid, text in ((1, "java/lang/Object"), (2, "java/lang/String"), (3, "[Ljava/lang/Object;"), (4, "[B"),
                      (NAME_VALUE, "value"), (NAME_CODER, "coder")):
        f.write(utf8(sid, text))
    for serial, (cid, name) in enumerate(((OBJECT, 1), (STRING, 2), (OBJ_ARRAY, 3), (BYTE_ARRAY, 4)), 1):
        f.write(load_class(serial, cid, name))
    seg = bytearray()
    seg += class_dump(OBJECT, 0, 0)
    seg += class_dump(STRING, OBJECT, 9, ((NAME_VALUE, 2), (NAME_CODER, 8)))
    seg += class_dump(OBJ_ARRAY, OBJECT, 0) + class_dump(BYTE_ARRAY, OBJECT, 0)
    array = 0x10000
    strings = [0x20000 + 32 * i for i in range(n)]
    seg += struct.pack(">BQQ", 0x01, array, 1)  # ROOT_JNI_GLOBAL
    seg += struct.pack(">BQIIQ", 0x22, array, 1, n, OBJ_ARRAY) + b"".join(struct.pack(">Q", s) for s in strings)
    for i, s in enumerate(strings):
        value = s + 16
        text = ("text-%d" % i).encode()
        seg += struct.pack(">BQIQI", 0x21, s, 1, STRING, 9) + struct.pack(">QB", value, 0)
        seg += struct.pack(">BQIIB", 0x23, value, 1, len(text), 8) + text
    f.write(record(0x1C, bytes(seg)))
    f.write(record(0x2C, b""))
