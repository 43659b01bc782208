#!/usr/bin/env python3
"""Small hostile dumps for Tests/e2e/hostile.sh, written byte by byte (no JVM, no node needed).

  hostile_dumps.py DIR   writes into DIR:
    names.hprof        classes, a field and String values named with ESC/OSC/BEL/CSI/newline/C1/bidi characters
    chain-10000.hprof  a linked list of 10,000 objects held by one GC root (report: a 10,000-step path)
    chain-100000.hprof the same with 100,000 objects
    hier-50000.hprof   a class hierarchy 50,000 levels deep, one instance of the deepest class
    refhier-50000.hprof  the same where every level declares a reference field
    names.heapsnapshot V8 objects whose constructor names hold the same characters
    longstring.heapsnapshot  a 100 KB string inside the "snapshot" header
    cut.heapsnapshot   SampleDumps/v8/leak-1.heapsnapshot with 294 bytes cut out of its header
    names.trc          a HANA OOM dump whose culprit thread name and SQL text hold the same characters
"""
import json, os, struct, sys

# What an attacker would put into a name: OSC title, OSC 52 clipboard, CSI clear screen, a forged line, C1 CSI,
# right-to-left override, isolates.
EVIL = "\x1b]0;pwned\x07\x1b]52;c;aGk=\x07\x1b[2J\nforged line\r\x9b31m\u202etxt.exe\u2066x\u2069\x7f"
EVIL_B = EVIL.encode("utf-8")
ID = 8


class Hprof:
    def __init__(self):
        self.out = bytearray(b"JAVA PROFILE 1.0.2\0" + struct.pack(">IQ", ID, 1_700_000_000_000))
        self.heap = bytearray()
        self.next_name = 1

    def record(self, tag, body):
        self.out += struct.pack(">BII", tag, 0, len(body)) + body

    def name(self, text):
        nid = self.next_name
        self.next_name += 1
        self.record(0x01, struct.pack(">Q", nid) + (text.encode("utf-8") if isinstance(text, str) else text))
        return nid

    def load_class(self, serial, cid, name):
        self.record(0x02, struct.pack(">IQIQ", serial, cid, 1, self.name(name)))

    def class_dump(self, cid, sup, fields=(), statics=()):
        b = struct.pack(">BQIQQQQQQI", 0x20, cid, 1, sup, 0, 0, 0, 0, 0, 0) + struct.pack(">HH", 0, len(statics))
        for nid, t, v in statics:
            b += struct.pack(">QB", nid, t) + (struct.pack(">Q", v) if t == 2 else struct.pack(">i", v))
        b += struct.pack(">H", len(fields))
        for nid, t in fields:
            b += struct.pack(">QB", nid, t)
        self.heap += b

    def instance(self, oid, cid, data):
        self.heap += struct.pack(">BQIQI", 0x21, oid, 1, cid, len(data)) + data

    def byte_array(self, oid, data):
        self.heap += struct.pack(">BQIIB", 0x23, oid, 1, len(data), 8) + data

    def root(self, oid):
        self.heap += struct.pack(">BQQ", 0x01, oid, 0)  # JNI global

    def sticky(self, cid):
        self.heap += struct.pack(">BQ", 0x05, cid)

    def write(self, path):
        self.record(0x1C, bytes(self.heap))
        self.record(0x2C, b"")
        with open(path, "wb") as f:
            f.write(self.out)


def base_classes(h):
    """java.lang.Object (0x100), java.lang.Class (0x110), byte[] (0x120), java.lang.String (0x130)."""
    h.load_class(1, 0x100, "java/lang/Object")
    h.load_class(2, 0x110, "java/lang/Class")
    h.load_class(3, 0x120, "[B")
    h.load_class(4, 0x130, "java/lang/String")
    h.class_dump(0x100, 0)
    h.class_dump(0x110, 0x100)
    h.class_dump(0x120, 0x100)
    h.class_dump(0x130, 0x100, fields=[(h.name("value"), 2), (h.name("coder"), 8)])
    for c in (0x100, 0x110, 0x120, 0x130):
        h.sticky(c)


def names_hprof(path):
    h = Hprof()
    base_classes(h)
    # class "<EVIL>Holder" { Object <EVIL>field; } and a String holding EVIL, twice (a duplicate string).
    h.load_class(5, 0x140, "Evil" + EVIL + "Holder")
    h.load_class(6, 0x150, "[Ljava/lang/String;")
    field = h.name("f" + EVIL)
    h.class_dump(0x140, 0x100, fields=[(field, 2)])
    h.class_dump(0x150, 0x100)
    h.sticky(0x140)
    for k, oid in enumerate((0x2000, 0x2100)):
        h.byte_array(oid + 0x10, EVIL.encode("latin-1", "replace") * 40)
        h.instance(oid, 0x130, struct.pack(">QB", oid + 0x10, 0))
    # An array of both strings, held by the holder, held by a root: the holder retains nearly everything.
    h.heap += struct.pack(">BQIIQ", 0x22, 0x3000, 1, 2, 0x150) + struct.pack(">QQ", 0x2000, 0x2100)
    h.instance(0x4000, 0x140, struct.pack(">Q", 0x3000))
    h.root(0x4000)
    h.write(path)


def chain_hprof(path, n):
    h = Hprof()
    base_classes(h)
    h.load_class(5, 0x140, "Node")
    h.class_dump(0x140, 0x100, fields=[(h.name("next"), 2)])
    h.sticky(0x140)
    first = 0x100000
    for k in range(n):
        nxt = first + (k + 1) * 0x10 if k + 1 < n else 0
        h.instance(first + k * 0x10, 0x140, struct.pack(">Q", nxt))
    h.root(first)
    h.write(path)


def reference_hierarchy_hprof(path, depth):
    """Every level declares a reference `r`; one instance of the deepest class whose deepest and topmost `r` point
    at byte arrays (flattening every class's layout would take depth² / 2 entries)."""
    h = Hprof()
    base_classes(h)
    fid = h.name("r")
    parent = 0x100
    cid = 0x10000
    for k in range(depth):
        h.load_class(10 + k, cid, "R%d" % k)
        h.class_dump(cid, parent, fields=[(fid, 2)])
        parent = cid
        cid += 0x10
    data = struct.pack(">Q", 0x9100000) + bytes(8 * (depth - 2)) + struct.pack(">Q", 0x9200000)
    h.instance(0x9000000, parent, data)
    h.byte_array(0x9100000, b"a" * 1000)
    h.byte_array(0x9200000, b"b" * 2000)
    h.root(0x9000000)
    h.write(path)


def hierarchy_hprof(path, depth):
    h = Hprof()
    base_classes(h)
    fid = h.name("x")
    parent = 0x100
    cid = 0x10000
    for k in range(depth):
        h.load_class(10 + k, cid, "L%d" % k)
        # Every 1,000th level has an int field: the layout of the deepest class must add them all up.
        h.class_dump(cid, parent, fields=[(fid, 10)] if k % 1000 == 0 else [])
        parent = cid
        cid += 0x10
    h.instance(0x9000000, parent, b"\0\0\0\x07" * ((depth + 999) // 1000))
    h.root(0x9000000)
    h.write(path)


META = {"node_fields": ["type", "name", "id", "self_size", "edge_count", "trace_node_id", "detachedness"],
        "node_types": [["hidden", "array", "string", "object", "code", "closure", "regexp", "number", "native",
                        "synthetic", "concatenated string", "sliced string", "symbol", "bigint", "object shape"],
                       "string", "number", "number", "number", "number", "number"],
        "edge_fields": ["type", "name_or_index", "to_node"],
        "edge_types": [["context", "element", "property", "internal", "hidden", "shortcut", "weak"],
                       "string_or_number", "node"],
        "trace_function_info_fields": [], "trace_node_fields": [], "sample_fields": [], "location_fields": []}


def snapshot(extra_header=None):
    """root(synthetic) -> (GC roots) ; root -> Window global -> an EVIL-named object retaining a big string."""
    strings = ["", "", "(GC roots)", "Window", "Evil" + EVIL, "s" + EVIL * 200, "p" + EVIL, "global"]
    # type, name, id, self_size, edge_count, trace, detachedness
    nodes = [[9, 1, 1, 0, 2, 0, 0],
             [9, 2, 3, 0, 0, 0, 0],
             [3, 3, 5, 100, 1, 0, 0],
             [3, 4, 7, 50, 1, 0, 0],
             [2, 5, 9, 100000, 0, 0, 0]]
    edges = [[5, 7, 7], [5, 0, 14],      # root: shortcut "global" -> Window, shortcut -> (GC roots)
             [2, 6, 21],                  # Window.p<EVIL> -> evil object
             [2, 6, 28]]                  # evil.p<EVIL> -> string
    header = {"meta": META, "node_count": len(nodes), "edge_count": len(edges), "trace_function_count": 0}
    if extra_header:
        header.update(extra_header)
    body = '{"snapshot":' + json.dumps(header, separators=(",", ":")) + ',\n"nodes":['
    body += ",".join(",".join(map(str, n)) for n in nodes) + '],\n"edges":['
    body += ",".join(",".join(map(str, e)) for e in edges) + '],\n"strings":['
    body += ",\n".join(json.dumps(s) for s in strings) + "]}\n"
    return body


def main(d):
    names_hprof(os.path.join(d, "names.hprof"))
    chain_hprof(os.path.join(d, "chain-10000.hprof"), 10_000)
    chain_hprof(os.path.join(d, "chain-100000.hprof"), 100_000)
    hierarchy_hprof(os.path.join(d, "hier-50000.hprof"), 50_000)
    reference_hierarchy_hprof(os.path.join(d, "refhier-50000.hprof"), 50_000)
    with open(os.path.join(d, "names.heapsnapshot"), "w") as f:
        f.write(snapshot())
    with open(os.path.join(d, "longstring.heapsnapshot"), "w") as f:
        f.write(snapshot({"title": "x" * 100_000}))
    here = os.path.dirname(os.path.abspath(__file__))
    samples = os.path.join(here, "..", "..", "..", "SampleDumps")
    # A real snapshot whose header lost 294 bytes (found by cutting at random: hdx hung on it before).
    with open(os.path.join(samples, "v8", "leak-1.heapsnapshot"), "rb") as f:
        v8 = f.read()
    with open(os.path.join(d, "cut.heapsnapshot"), "wb") as f:
        f.write(v8[:807] + v8[807 + 294:])
    sample = os.path.join(samples, "hana", "indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc")
    with open(sample, "rb") as f:
        trc = f.read()
    evil_one_line = EVIL_B.replace(b"\n", b"").replace(b"\r", b"")  # the format is line based
    trc = trc.replace(b"SqlExecutor", b"Sql" + evil_one_line + b"Executor")
    trc = trc.replace(b'ThreadDetail: "SELECT', b'ThreadDetail: "SELECT ' + evil_one_line)
    trc = trc.replace(b';"SELECT T1.', b';"SELECT ' + evil_one_line + b' T1.')
    with open(os.path.join(d, "names.trc"), "wb") as f:
        f.write(trc)


if __name__ == "__main__":
    main(sys.argv[1])
