#!/usr/bin/env python3
"""Writes the committed seed corpora in Tests/fuzz/seeds/<target>/: tiny crafted dumps of each format and small
slices of the SampleDumps. Deterministic; run from the repository root. Total stays well under 2 MB."""
import gzip, io, os, random, re, struct, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "fuzz", "seeds")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- HPROF
class Hprof:
    def __init__(self, id_size=8, version="1.0.2"):
        self.n = id_size
        self.b = bytearray(b"JAVA PROFILE " + version.encode() + b"\0")
        self.b += struct.pack(">IQ", id_size, 1_700_000_000_000)

    def id(self, v):
        return struct.pack(">Q" if self.n == 8 else ">I", v)

    def record(self, tag, body):
        self.b += struct.pack(">BII", tag, 0, len(body)) + body

    def utf8(self, sid, s):
        self.record(0x01, self.id(sid) + s.encode())

    def load_class(self, serial, cid, name_id):
        self.record(0x02, struct.pack(">I", serial) + self.id(cid) + struct.pack(">I", 1) + self.id(name_id))


def class_dump(h, cid, sup, size, fields=(), statics=()):
    b = bytes([0x20]) + h.id(cid) + struct.pack(">I", 1) + h.id(sup) + h.id(0) * 5 + struct.pack(">I", size)
    b += struct.pack(">H", 0) + struct.pack(">H", len(statics))
    for name, typ, val in statics:
        b += h.id(name) + bytes([typ]) + (h.id(val) if typ == 2 else struct.pack(">i", val))
    b += struct.pack(">H", len(fields))
    for name, typ in fields:
        b += h.id(name) + bytes([typ])
    return b


def tiny_hprof(id_size, chain=3, split_segments=False):
    h = Hprof(id_size)
    names = {1: "java/lang/Object", 2: "java/lang/String", 3: "Node", 4: "[Ljava/lang/Object;", 5: "next",
             6: "value", 7: "main", 8: "run", 9: "Main.java", 10: "()V", 11: "[C", 12: "java/lang/Thread",
             13: "name", 14: "COUNT", 15: "coder"}
    for sid, s in names.items():
        h.utf8(sid, s)
    OBJ, STR, NODE, ARR, CARR, THR = 0x100, 0x108, 0x110, 0x118, 0x120, 0x128
    for serial, (cid, nid) in enumerate([(OBJ, 1), (STR, 2), (NODE, 3), (ARR, 4), (CARR, 11), (THR, 12)], 1):
        h.load_class(serial, cid, nid)
    # a stack frame and trace for the thread
    h.record(0x04, h.id(0x900) + h.id(8) + h.id(10) + h.id(9) + struct.pack(">Ii", 1, 12))
    h.record(0x05, struct.pack(">II", 1, 1) + struct.pack(">I", 1) + h.id(0x900))
    seg = bytearray()
    seg += class_dump(h, OBJ, 0, 0)
    seg += class_dump(h, STR, OBJ, id_size + 1, [(6, 2), (15, 8)])
    seg += class_dump(h, NODE, OBJ, 2 * id_size, [(5, 2), (6, 2)], [(14, 10, 7)])
    seg += class_dump(h, ARR, OBJ, 0)
    seg += class_dump(h, CARR, OBJ, 0)
    seg += class_dump(h, THR, OBJ, id_size, [(13, 2)])
    # strings: a String and its char[]
    seg += bytes([0x23]) + h.id(0x300) + struct.pack(">IIB", 1, 3, 5) + "abc".encode("utf-16-be")
    seg += bytes([0x21]) + h.id(0x200) + struct.pack(">I", 1) + h.id(STR) + struct.pack(">I", id_size + 1) \
        + h.id(0x300) + b"\1"
    # a chain of Nodes, each holding the string
    for i in range(chain):
        nxt = 0x400 + (i + 1) * 8 if i + 1 < chain else 0
        seg += bytes([0x21]) + h.id(0x400 + i * 8) + struct.pack(">I", 1) + h.id(NODE) \
            + struct.pack(">I", 2 * id_size) + h.id(nxt) + h.id(0x200)
    # an Object[] holding the first node and a dangling id
    seg += bytes([0x22]) + h.id(0x500) + struct.pack(">II", 1, 3) + h.id(ARR) + h.id(0x400) + h.id(0) + h.id(0xdead)
    # the thread object
    seg += bytes([0x21]) + h.id(0x600) + struct.pack(">I", 1) + h.id(THR) + struct.pack(">I", id_size) + h.id(0x200)
    # roots: unknown, JNI global, thread object, java frame, sticky class
    roots = bytearray()
    roots += bytes([0xFF]) + h.id(0x500)
    roots += bytes([0x01]) + h.id(0x400) + h.id(0x77)
    roots += bytes([0x08]) + h.id(0x600) + struct.pack(">II", 1, 1)
    roots += bytes([0x03]) + h.id(0x408) + struct.pack(">Ii", 1, 0)
    roots += bytes([0x05]) + h.id(NODE)
    if split_segments:
        h.record(0x1C, bytes(seg))
        h.record(0x1C, bytes(roots))
    else:
        h.record(0x1C, bytes(seg + roots))
    h.record(0x2C, b"")
    return bytes(h.b)


def hprof_digest(b, keep=4096):
    """A small real HPROF: the class-name strings, the LOAD CLASS and stack records, and the first `keep` bytes of
    each heap dump segment (length fields adjusted; the last sub-record of each is cut, as in a damaged dump)."""
    p = b.index(b"\0") + 1 + 12
    out = bytearray(b[:p])
    records = []
    while p + 9 <= len(b):
        tag, _, length = struct.unpack(">BII", b[p:p + 9])
        records.append((tag, b[p + 9:p + 9 + length]))
        p += 9 + length
    id_size = struct.unpack(">I", b[b.index(b"\0") + 1:b.index(b"\0") + 5])[0]
    names = {r[4 + id_size + 4:4 + 2 * id_size + 4] for t, r in records if t == 0x02}
    for tag, body in records:
        if tag == 0x01 and body[:id_size] not in names:
            continue
        if tag in (0x0C, 0x1C):
            body = body[:keep]
        out += struct.pack(">BII", tag, 0, len(body)) + body
    return bytes(out)


# ---------------------------------------------------------------- V8
V8_META = ('{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],'
           '"node_types":[["hidden","array","string","object","code","closure","regexp","number","native",'
           '"synthetic","concatenated string","sliced string","symbol","bigint","object shape","wasm object"],'
           '"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],'
           '"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number",'
           '"node"],"trace_function_info_fields":["function_id","name","script_name","script_id","line","column"],'
           '"trace_node_fields":["id","function_info_index","count","size","children"],"sample_fields":'
           '["timestamp_us","last_assigned_id"],"location_fields":["object_index","script_id","line","column"]}')


def v8_parts(rng, n_nodes, extra=""):
    """Returns (header value, body after the header) of a small consistent snapshot."""
    strings = ["", "(GC roots)", "Window", "Object", "Array", "a leaked string", "system / Context", "x", "HTMLDivElement",
               "Detached HTMLDivElement", "closure", "\\u00e9t\\u00e9 \\\"q\\\"", "next"]
    nodes, edges = [], []
    for i in range(n_nodes):
        typ = 9 if i == 0 else rng.choice([0, 1, 2, 3, 5, 8, 3, 3])
        name = 1 if i == 0 else rng.randrange(2, len(strings))
        det = 2 if typ == 8 and rng.random() < 0.5 else 0
        targets = [j for j in range(1, n_nodes) if j != i]
        k = min(len(targets), rng.choice([0, 1, 2, 3])) if i else min(len(targets), 3)
        es = []
        for t in rng.sample(targets, k):
            et = rng.choice([2, 2, 3, 1, 0, 6, 5])
            nm = rng.randrange(0, 10) if et in (1, 4) else rng.randrange(1, len(strings))
            es.append((et, nm, t * 7))
        nodes.append((typ, name, 2 * i + 1, 0 if i == 0 else rng.choice([16, 32, 64, 1024, 24]), len(es), 0, det))
        edges += es
    header = '{"meta":%s,"node_count":%d,"edge_count":%d%s,"trace_function_count":0}' % (
        V8_META, len(nodes), len(edges), extra)
    body = ',\n"nodes":[' + "\n,".join(",".join(map(str, n)) for n in nodes) + "],\n"
    body += '"edges":[' + "\n,".join(",".join(map(str, e)) for e in edges) + "],\n"
    body += '"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[],\n'
    body += '"strings":[' + ",\n".join('"%s"' % s for s in strings) + "]}\n"
    return header, body


def main():
    rng = random.Random(11)
    # HPROF: crafted files (4- and 8-byte ids, one or two segments) and slices of the sample
    for n in (4, 8):
        put("hprof", "tiny-id%d.hprof" % n, tiny_hprof(n))
        put("hprof", "tiny-id%d-2seg.hprof" % n, tiny_hprof(n, chain=6, split_segments=True))
    sample = open(os.path.join(ROOT, "SampleDumps/java/leakdemo.hprof"), "rb").read()
    for k in (2, 16):
        put("hprof", "leakdemo-head-%dk.hprof" % k, sample[:k * 1024])
    put("hprof", "leakdemo-segments.hprof", hprof_digest(sample))

    # HANA: every section of each sample, cut to a few lines (keeps the whole structure, small)
    for f in sorted(os.listdir(os.path.join(ROOT, "SampleDumps/hana"))):
        text = open(os.path.join(ROOT, "SampleDumps/hana", f), "rb").read()
        out, count = [], 0
        for line in text.split(b"\n"):
            if re.match(rb"^\[[A-Z_]+\] ", line):
                count = 0
            count += 1
            if count <= 14 or line.startswith(b"[OK]"):
                out.append(line)
        kind = "crash" if b"crashdump" in f.encode() else "oom-%s" % f.split(".")[3][-6:]
        put("hana", "%s-cut.trc" % kind, b"\n".join(out))
        put("hana", "%s-head4k.trc" % kind, text[:4096])

    # V8: the header target gets header values (its fixed body has 4 nodes and 3 edges), the body target gets what
    # follows the meta; both from small generated snapshots
    put("v8-header", "fixed-body.json",
        ('{"meta":%s,"node_count":4,"edge_count":3,"trace_function_count":0}' % V8_META).encode())
    put("v8-header", "fixed-body-root.json",
        ('{"meta":%s,"node_count":4,"edge_count":3,"root_index":0,"trace_function_count":0}' % V8_META).encode())
    legacy = V8_META.replace(',"detachedness"', "").replace(',"number"]', "]", 1)
    put("v8-header", "no-detachedness.json",
        ('{"meta":%s,"node_count":4,"edge_count":3,"trace_function_count":0}' % legacy).encode())
    put("v8-header", "escapes.json",
        ('{"meta":%s,"title":"t\\u00e9\\n\\"x\\"","node_count":4,"edge_count":3,"extra_native_bytes":128,'
         '"trace_function_count":0}' % V8_META).encode())
    whole = []
    for i, n in enumerate((1, 2, 5, 12, 40)):
        header, body = v8_parts(rng, n)
        tail = header[len('{"meta":') + len(V8_META) + 1:]  # after `{"meta":META,`
        put("v8-body", "gen-%d.json" % n, (tail + body).encode())
        whole.append(('{"snapshot":' + header + body).encode())
    snap = open(os.path.join(ROOT, "SampleDumps/v8/leak-1.heapsnapshot"), "rb").read()
    put("v8-body", "leak-1-strings-tail.json",
        b'"node_count":1,"edge_count":0,"trace_function_count":0},\n"nodes":[9,1,1,0,0,0,0],\n"edges":[],\n'
        + snap[snap.rfind(b'"strings":['):][:2000] + b'"]}')

    # gzip: the crafted files compressed (one and two members, one truncated), plus plain ones
    put("gzip", "tiny.hprof.gz", gzip.compress(tiny_hprof(8), mtime=0))
    put("gzip", "two-members.hprof.gz", gzip.compress(tiny_hprof(4)[:300], mtime=0) + gzip.compress(tiny_hprof(4)[300:], mtime=0))
    put("gzip", "truncated.hprof.gz", gzip.compress(tiny_hprof(8, chain=8), mtime=0)[:-20])
    put("gzip", "small.heapsnapshot.gz", gzip.compress(whole[3], mtime=0))
    put("gzip", "small.heapsnapshot", whole[2])
    hana_seed = open(os.path.join(OUT, "hana", "crash-cut.trc"), "rb").read()
    put("gzip", "crash-cut.trc.gz", gzip.compress(hana_seed, mtime=0))


main()
