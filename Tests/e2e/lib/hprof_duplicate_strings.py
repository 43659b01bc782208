"""Duplicate java.lang.String texts in an HPROF file, computed independently of hdx: parses the records (UTF8 names,
LOAD_CLASS, CLASS_DUMP field layouts, INSTANCE_DUMP of Strings, PRIMITIVE_ARRAY_DUMP of their values) and groups the
Strings by their text (JDK 9+ byte[] `value` with `coder`, or JDK 8 char[]); Strings sharing one value array are one
copy of the text.

usage: hprof_duplicate_strings.py FILE  -> JSON {"groups": N, "values": {text: copies}} for texts held 2+ times
"""
import gzip, json, struct, sys
from collections import Counter

SIZES = {2: None, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}

def main(path):
    opener = gzip.open if path.endswith('.gz') else open
    b = opener(path, 'rb').read()
    p = b.index(b'\0') + 1
    ids = struct.unpack_from('>I', b, p)[0]
    p += 12
    SIZES[2] = ids
    rid = (lambda o: struct.unpack_from('>I', b, o)[0]) if ids == 4 else (lambda o: struct.unpack_from('>Q', b, o)[0])
    names, class_name, fields, supers = {}, {}, {}, {}
    strings, arrays = [], {}
    while p + 9 <= len(b):
        tag, _, length = struct.unpack_from('>BII', b, p)
        body, end = p + 9, p + 9 + length
        if tag == 0x01:
            names[rid(body)] = b[body + ids:end].decode('utf-8', 'replace')
        elif tag == 0x02:
            class_name[rid(body + 4)] = rid(body + 8 + ids)
        elif tag in (0x0c, 0x1c):
            q = body
            while q < end:
                sub = b[q]; q += 1
                if sub == 0xff: q += ids
                elif sub in (0x01,): q += 2 * ids
                elif sub in (0x02, 0x03): q += ids + 8
                elif sub in (0x04, 0x07, 0x8e): q += ids + (8 if sub == 0x8e else 4 if sub == 0x04 else 0)
                elif sub == 0x05: q += ids
                elif sub == 0x06: q += ids + 4
                elif sub == 0x08: q += ids + 8
                elif sub == 0x89 or sub == 0x8a or sub == 0x8b or sub == 0x8d or sub == 0x90 or sub == 0xfe: q += ids
                elif sub == 0x20:
                    cid = rid(q); supers[cid] = rid(q + 4 + ids); q += 4 + 7 * ids + 4
                    n = struct.unpack_from('>H', b, q)[0]; q += 2
                    for _ in range(n):
                        t = b[q + 2]; q += 3 + SIZES[t]
                    n = struct.unpack_from('>H', b, q)[0]; q += 2
                    for _ in range(n):
                        t = b[q + ids]; q += ids + 1 + SIZES[t]
                    n = struct.unpack_from('>H', b, q)[0]; q += 2
                    fs = []
                    for _ in range(n):
                        fs.append((names.get(rid(q), '?'), b[q + ids])); q += ids + 1
                    fields[cid] = fs
                elif sub == 0x21:
                    oid, cid = rid(q), rid(q + 4 + ids)
                    n = struct.unpack_from('>I', b, q + 4 + 2 * ids)[0]
                    data = q + 8 + 2 * ids
                    strings.append((cid, data, n))
                    q = data + n
                elif sub == 0x22:
                    n = struct.unpack_from('>I', b, q + ids + 4)[0]; q += 2 * ids + 8 + n * ids
                elif sub == 0x23:
                    oid = rid(q); n = struct.unpack_from('>I', b, q + ids + 4)[0]; t = b[q + ids + 8]
                    data = q + ids + 9
                    arrays[oid] = b[data:data + n * SIZES[t]]
                    q = data + n * SIZES[t]
                elif sub == 0xc3:
                    n = struct.unpack_from('>I', b, q + ids + 4)[0]; q += ids + 9
                else:
                    raise SystemExit('unknown sub-record 0x%02x at %d' % (sub, q - 1))
        p = end
    string_class = [c for c, n in class_name.items() if names.get(n) == 'java/lang/String'][0]
    layout, c = [], string_class
    while c in fields:
        layout += fields[c]; c = supers.get(c, 0)
    texts = Counter()
    seen = set()  # a value array shared by several Strings is one copy of the text
    for cid, data, n in strings:
        if cid != string_class: continue
        q, value, coder = data, None, 0
        for name, t in layout:
            if name == 'value': value = rid(q)
            if name == 'coder': coder = b[q]
            q += SIZES[t]
        if value not in arrays or value in seen: continue
        seen.add(value)
        raw = arrays[value]
        text = raw.decode('latin-1') if coder == 0 and len(layout) and any(n == 'coder' for n, _ in layout) \
            else raw.decode('utf-16-le' if any(n == 'coder' for n, _ in layout) else 'utf-16-be', 'replace')
        texts[text] += 1
    dups = {t: k for t, k in texts.items() if k >= 2}
    print(json.dumps({'groups': len(dups), 'values': dups}))

main(sys.argv[1])
