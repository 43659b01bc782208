#!/usr/bin/env python3
"""Independent checks of `hdx strip` output (no hdx code): used by Tests/e2e/strip.sh.

  strip_check.py absent FILE SECRET...            no secret in UTF-8, Latin-1, UTF-16LE/BE (gzip inflated; V8 JSON
                                                  also decoded); --int64 N / --int32 N: big-endian patterns too
  strip_check.py hprof ORIG STRIPPED [--names]    walks every record and sub-record of both files with its own
                                                  parser: same record/sub-record sequence, lengths, ids, references,
                                                  array lengths; primitive arrays all zero in STRIPPED
  strip_check.py v8 ORIG STRIPPED                 JSON parse; same node/edge/location arrays except string nodes'
                                                  name fields; every string node's name a placeholder
  strip_check.py same HDX ORIG STRIPPED [--mapping M] [--kind K]
                                                  hdx summary/histogram/dominators/paths --json of both are equal,
                                                  values aside (previews, texts, hosts) and names mapped back
Prints one line per check ("ok …" / "FAIL …"); exit status 1 when a check failed.
"""
import gzip, json, re, struct, subprocess, sys

failures = 0


def ok(msg):
    print("ok   " + msg)


def bad(msg):
    global failures
    failures += 1
    print("FAIL " + msg)


def read(path):
    data = open(path, "rb").read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


# ---------------------------------------------------------------- absent
def present(path, secrets, ints64, ints32):
    """The control: every planted secret is in the original (so `absent` on the copy means something)."""
    data = read(path)
    text = data.decode("utf-8", "replace")
    if data.lstrip()[:1] == b"{":
        text += "\n".join(s for s in json.loads(data).get("strings", []) if isinstance(s, str))
    for s in secrets:
        forms = [s.encode("utf-8"), s.encode("utf-16-le"), s.encode("utf-16-be")]
        try:
            forms.append(s.encode("latin-1"))
        except UnicodeEncodeError:
            pass
        escaped = json.dumps(s)[1:-1]
        found = any(f in data for f in forms) or escaped in text or s in text
        (ok if found else bad)(f"{path}: planted secret {s!r} is in the original")
    for n in ints64:
        (ok if struct.pack(">q", n) in data else bad)(f"{path}: planted long {n} is in the original")
    for n in ints32:
        (ok if struct.pack(">i", n) in data else bad)(f"{path}: planted int {n} is in the original")


def absent(path, secrets, ints64, ints32):
    data = read(path)
    decoded = ""
    if data.lstrip()[:1] == b"{":
        try:
            doc = json.loads(data)
            decoded = "\n".join(s for s in doc.get("strings", []) if isinstance(s, str))
        except ValueError:
            bad(f"{path}: not valid JSON")
    for s in secrets:
        forms = {"utf-8": s.encode("utf-8"), "utf-16le": s.encode("utf-16-le"), "utf-16be": s.encode("utf-16-be")}
        try:
            forms["latin-1"] = s.encode("latin-1")
        except UnicodeEncodeError:
            pass
        hits = [name for name, b in forms.items() if b in data]
        if decoded and s in decoded:
            hits.append("json-decoded")
        if hits:
            bad(f"{path}: secret {s!r} found ({', '.join(hits)})")
        else:
            ok(f"{path}: secret {s!r} absent (utf-8, latin-1, utf-16le/be{', json-decoded' if decoded else ''})")
    for n in ints64:
        if struct.pack(">q", n) in data:
            bad(f"{path}: long {n} found")
        else:
            ok(f"{path}: long {n} absent")
    for n in ints32:
        if struct.pack(">i", n) in data:
            bad(f"{path}: int {n} found")
        else:
            ok(f"{path}: int {n} absent")


# ---------------------------------------------------------------- HPROF walker
SIZES = {2: None, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}


class Hprof:
    def __init__(self, data):
        self.d = data
        nul = data.index(b"\0")
        self.version = data[:nul].decode()
        self.id = struct.unpack(">I", data[nul + 1:nul + 5])[0]
        self.pos = nul + 13
        self.records = []   # (tag, length, detail)
        self.subs = []      # (tag, fixed-part bytes) for sub-records
        self.prim_nonzero = 0
        self.prim_arrays = 0

    def ident(self, o):
        return int.from_bytes(self.d[o:o + self.id], "big")

    def tsize(self, t):
        return self.id if t in (1, 2) else SIZES[t]

    def walk(self):
        d, n, I = self.d, len(self.d), self.id
        p = self.pos
        while p < n:
            tag = d[p]
            length = struct.unpack(">I", d[p + 5:p + 9])[0]
            body = p + 9
            assert body + length <= n, f"record at {p} runs past the end"
            if tag == 0x01:
                self.records.append((tag, None, d[body:body + I]))   # UTF8 content may change
            elif tag in (0x0C, 0x1C):
                self.records.append((tag, length, None))
                self.walk_subs(body, body + length)
            else:
                self.records.append((tag, length, d[body:body + length]))
            p = body + length
        assert p == n, "records do not end at the end of the file"

    def walk_subs(self, p, end):
        d, I = self.d, self.id
        fixed = {0xFF: I, 0x05: I, 0x07: I, 0x89: I, 0x8A: I, 0x8B: I, 0x8C: I, 0x8D: I, 0x90: I, 0x01: 2 * I,
                 0x02: I + 8, 0x03: I + 8, 0x8E: I + 8, 0x04: I + 4, 0x06: I + 4, 0x08: I + 8, 0xFE: 4 + I}
        while p < end:
            tag = d[p]
            q = p + 1
            if tag in fixed:
                self.subs.append((tag, d[q:q + fixed[tag]]))
                q += fixed[tag]
            elif tag == 0x20:
                start = q
                q += 7 * I + 8
                ncp = struct.unpack(">H", d[q:q + 2])[0]; q += 2
                for _ in range(ncp):
                    q += 3 + self.tsize(d[q + 2])
                ns = struct.unpack(">H", d[q:q + 2])[0]; q += 2
                statics = []
                for _ in range(ns):
                    t = d[q + I]
                    statics.append((d[q:q + I], t, d[q + I + 1:q + I + 1 + self.tsize(t)] if t == 2 else None))
                    q += I + 1 + self.tsize(t)
                nf = struct.unpack(">H", d[q:q + 2])[0]; q += 2
                fields = d[q:q + nf * (I + 1)]
                q += nf * (I + 1)
                self.subs.append((tag, (d[start:start + 7 * I + 8], tuple(statics), fields)))
            elif tag == 0x21:
                nbytes = struct.unpack(">I", d[q + 2 * I + 4:q + 2 * I + 8])[0]
                self.subs.append((tag, d[q:q + 2 * I + 8]))
                q += 2 * I + 8 + nbytes
            elif tag == 0x22:
                count = struct.unpack(">I", d[q + I + 4:q + I + 8])[0]
                self.subs.append((tag, d[q:q + 2 * I + 8 + count * I]))
                q += 2 * I + 8 + count * I
            elif tag == 0x23:
                count = struct.unpack(">I", d[q + I + 4:q + I + 8])[0]
                et = d[q + I + 8]
                size = count * SIZES[et]
                payload = d[q + I + 9:q + I + 9 + size]
                self.prim_arrays += 1
                if payload.count(0) != len(payload):
                    self.prim_nonzero += 1
                self.subs.append((tag, d[q:q + I + 9]))
                q += I + 9 + size
            elif tag == 0xC3:
                self.subs.append((tag, d[q:q + I + 9]))
                q += I + 9
            else:
                raise AssertionError(f"unknown sub-record tag 0x{tag:02x} at {p}")
            assert q <= end, f"sub-record 0x{tag:02x} at {p} runs past its segment"
            p = q


def hprof(orig, stripped, names):
    a, b = Hprof(read(orig)), Hprof(read(stripped))
    try:
        a.walk()
        b.walk()
    except (AssertionError, IndexError, KeyError, struct.error) as e:
        bad(f"HPROF walk: {e}")
        return
    ok(f"{stripped}: {len(b.records)} records, {len(b.subs)} sub-records walked, every length consistent")
    (ok if a.version == b.version and a.id == b.id else bad)(f"header kept ({b.version}, id size {b.id})")
    (ok if a.records == b.records else bad)("same record sequence, lengths and contents (UTF8 ids aside)")
    (ok if a.subs == b.subs else bad)(
        f"same {len(a.subs)} sub-records: roots, class dumps (ids, references, field lists), instance headers, "
        "object arrays, primitive-array headers")
    (ok if b.prim_nonzero == 0 else bad)(
        f"primitive arrays zeroed: {b.prim_arrays - b.prim_nonzero} of {b.prim_arrays} all zero "
        f"(original: {a.prim_nonzero} not zero)")
    if not names:
        (ok if len(read(orig)) == len(read(stripped)) else bad)("same file size (offsets unchanged)")


# ---------------------------------------------------------------- V8
def v8(orig, stripped):
    try:
        a = json.loads(read(orig))
        b = json.loads(read(stripped))
    except ValueError as e:
        bad(f"{stripped}: not valid JSON: {e}")
        return
    ok(f"{stripped}: valid JSON")
    meta = a["snapshot"]["meta"]
    (ok if a["snapshot"] == b["snapshot"] else bad)("snapshot meta and counts kept")
    nf = len(meta["node_fields"]); name_ix = meta["node_fields"].index("name")
    types = meta["node_types"][0]
    value_types = {types.index(t) for t in ("string", "concatenated string", "sliced string", "regexp") if t in types}
    for key in ("edges", "locations", "samples", "trace_function_infos", "trace_tree"):
        if key in a:
            (ok if a[key] == b.get(key) else bad)(f"{key} identical ({len(a[key])} numbers)")
    na, nb = a["nodes"], b["nodes"]
    same_len = len(na) == len(nb)
    diffs = [i for i in range(len(na)) if same_len and na[i] != nb[i]]
    only_names = all(i % nf == name_ix and na[i - name_ix] in value_types for i in diffs)
    (ok if same_len and only_names else bad)(
        f"nodes identical except {len(diffs)} name fields of string nodes (repointed to placeholders)")
    sb = b["strings"]
    names_ok = all(sb[nb[i + name_ix]] in ("", f"<string {nb[i + name_ix]}>") or
                   re.fullmatch(r"<string \d+>", sb[nb[i + name_ix]])
                   for i in range(0, len(nb), nf) if nb[i] in value_types)
    (ok if names_ok else bad)("every string/regexp node is named by a placeholder")


# ---------------------------------------------------------------- same analysis
DROP = {"timings", "peakResidentMiB", "file", "fileBytes", "preview", "text", "host", "value",
        "duplicateStrings", "duplicateStringTotals"}   # value-based by nature: equal contents once values are gone
TOKEN = re.compile(r"\b[CfmSFpvu][0-9a-f]{9}\b")


LOOSE = False   # V8 with --names: plain-object interface classes ({a, b}) may group differently


def is_interface_row(v):
    return isinstance(v, dict) and isinstance(v.get("class"), str) and (v["class"] == "Object" or v["class"].startswith("{"))


def normalise(x, names):
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            if k in DROP:
                continue
            if LOOSE and k in ("classes", "totalRows"):
                continue
            if k == "facts":
                v = {fk: fv for fk, fv in v.items() if fk not in ("strings", "host")}
            out[k] = normalise(v, names)
        return out
    if isinstance(x, list):
        items = [normalise(v, names) for v in x]
        if LOOSE:
            items = [v for v in items if not is_interface_row(v)]
        if items and all(isinstance(v, dict) for v in items):
            items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return items
    if isinstance(x, str):
        if names:
            x = TOKEN.sub(lambda m: names.get(m.group(0), m.group(0)), x)
            m = re.fullmatch(r"\{(.*)\}", x)
            if m:   # V8 interface names list properties in JS string order: the pseudonyms sort differently
                x = "{" + ", ".join(sorted(m.group(1).split(", "))) + "}"
        return x
    return x


PLACEHOLDER = re.compile(r"<(?:sql|user|host|app|string) \d+>")


def equal(a, b):
    """Deep equality where a placeholder in the stripped side stands for any text (values aside)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str) and a != b and b and b.strip("\x00") == "":
        return len(a) == len(b)   # a Java String whose characters were zeroed: same length
    if isinstance(a, str) and isinstance(b, str) and a != b and PLACEHOLDER.search(b):
        pattern = "".join(".*?" if PLACEHOLDER.fullmatch(part) else re.escape(part)
                          for part in re.split(r"(<(?:sql|user|host|app|string) \d+>)", b))
        return re.fullmatch(pattern, a, re.S) is not None
    return a == b


def hdx_json(hdx, *args):
    return hdx_pair(hdx, args, None)[0]


def hdx_pair(hdx, args_a, args_b):
    """Runs one or two hdx commands at once (the original and the copy load in parallel)."""
    procs = [subprocess.Popen([hdx, *a, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for a in (args_a, args_b) if a is not None]
    out = []
    for p, a in zip(procs, (args_a, args_b)):
        stdout, stderr = p.communicate()
        if p.returncode != 0:
            raise RuntimeError(f"hdx {' '.join(a)}: exit {p.returncode}: {stderr.strip()}")
        out.append(json.loads(stdout))
    return out


def same(hdx, orig, stripped, mapping, loose=False):
    global LOOSE
    names = json.load(open(mapping))["names"] if mapping else {}
    try:
        doms = hdx_json(hdx, "dominators", orig, "--top", "8")
        ids = [r["id"] for r in doms["rows"]][:6]
        checks = [("summary",), ("histogram",), ("dominators", "--top", "50"), ("report",)] + \
                 [("dominators", "--top", "20", "--of", ids[0])] + [("paths", i, "--max", "3") for i in ids[:3]]
        for c in checks:
            LOOSE = loose and c[0] in ("summary", "histogram", "report")
            ja, jb = hdx_pair(hdx, (c[0], orig, *c[1:]), (c[0], stripped, *c[1:]))
            a, b = normalise(ja, {}), normalise(jb, names)
            label = " ".join(c)
            if equal(a, b):
                ok(f"hdx {label}: same JSON (values aside{', names mapped back' if names else ''}"
                   f"{', plain-object interface rows aside' if LOOSE else ''})")
            else:
                sa, sb = json.dumps(a, sort_keys=True, indent=1).splitlines(), json.dumps(b, sort_keys=True, indent=1).splitlines()
                first = next((i for i in range(min(len(sa), len(sb))) if sa[i] != sb[i]), min(len(sa), len(sb)))
                bad(f"hdx {label}: differs at line {first}: {sa[first:first + 1]} vs {sb[first:first + 1]}")
    except RuntimeError as e:
        bad(str(e))


def main(argv):
    cmd = argv[1]
    if cmd in ("absent", "present"):
        args, i64, i32 = [], [], []
        it = iter(argv[3:])
        for a in it:
            if a == "--int64":
                i64.append(int(next(it)))
            elif a == "--int32":
                i32.append(int(next(it)))
            else:
                args.append(a)
        (absent if cmd == "absent" else present)(argv[2], args, i64, i32)
    elif cmd == "hprof":
        hprof(argv[2], argv[3], "--names" in argv)
    elif cmd == "v8":
        v8(argv[2], argv[3])
    elif cmd == "same":
        mapping = argv[argv.index("--mapping") + 1] if "--mapping" in argv else None
        same(argv[2], argv[3], argv[4], mapping, "--loose-interfaces" in argv)
    else:
        raise SystemExit(__doc__)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
