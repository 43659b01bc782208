"""Reads the section table of an hdx index file (see Sources/DumpKit/IndexFile.swift) and flips bytes in it.

usage: hdxindex.py sections FILE          -> one line per section: name offset length
       hdxindex.py flip FILE OFFSET       -> inverts the byte at OFFSET in place
"""
import struct, sys

def sections(path):
    b = open(path, 'rb').read()
    assert b[:8] == b'HDXINDEX', 'not an index'
    header_len = struct.unpack_from('<I', b, 12)[0]
    p = 16
    def u64():
        nonlocal p
        v = struct.unpack_from('<q', b, p)[0]; p += 8; return v
    def string():
        nonlocal p
        n = u64(); s = b[p:p + n].decode(); p += n; return s
    n = u64(); p += n       # key
    string()                # format
    u64()                   # log2 of the checksum chunk size
    out = []
    for _ in range(u64()):
        name = string(); off = u64(); length = u64()
        k = u64(); p += 8 * k   # one checksum per chunk
        out.append((name, off, length))
    assert p == header_len - 8
    return header_len, out

if sys.argv[1] == 'sections':
    header_len, secs = sections(sys.argv[2])
    print('header', 0, header_len)
    for s in secs: print(*s)
else:
    path, off = sys.argv[2], int(sys.argv[3])
    with open(path, 'r+b') as f:
        f.seek(off); c = f.read(1); f.seek(off); f.write(bytes([c[0] ^ 0xff]))
