#!/bin/sh
# Functions (func, init, deinit, subscript, computed accessors left out) longer than N lines, found by matching
# braces after skipping comments and string literals. Prints `lines  file:line  Type.name`, longest first.
# A function counts from its declaration line to its closing brace, both included; nested functions count on their
# own and inside their parent. A function whose comment block (the lines right above it) says why it is long
# ("… over 100 lines on purpose …", any text with "lines on purpose") is marked `(reason given)`.
# Exit status: 1 when a function over N lines gives no reason, else 0.
# Usage: scripts/long-functions.sh [N=100] [dir=Sources ...]   (run from the repository root)
n="${1:-100}"
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- Sources
python3 - "$n" "$@" <<'PY'
import os, re, sys

limit = int(sys.argv[1])
roots = sys.argv[2:]

def code_only(text):
    """The text with comments and string contents blanked (newlines kept), so braces and words are code."""
    out, i, n = [], 0, len(text)
    depth_interp = []          # stack of paren depths for string interpolations \( ... )
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif text.startswith("/*", i):
            d, j = 1, i + 2
            while j < n and d:
                if text.startswith("/*", j): d += 1; j += 2
                elif text.startswith("*/", j): d -= 1; j += 2
                else: j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j])); i = j
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:])):
            hashes = len(re.match(r'#*', text[i:]).group(0))
            j = i + hashes
            multi = text.startswith('"""', j)
            q = '"""' if multi else '"'
            j += len(q)
            close = q + "#" * hashes
            parts = [" " * (j - i)]
            while j < n and not text.startswith(close, j):
                if text[j] == "\\" and hashes == 0:
                    if j + 1 < n and text[j + 1] == "(":
                        # interpolation: copy code up to the matching paren
                        k, d = j + 2, 1
                        while k < n and d:
                            if text[k] == "(": d += 1
                            elif text[k] == ")": d -= 1
                            k += 1
                        parts.append(re.sub(r"[^\n]", " ", text[j:k])); j = k; continue
                    parts.append("  "); j += 2; continue
                parts.append("\n" if text[j] == "\n" else " "); j += 1
            j = min(n, j + len(close))
            parts.append(" " * len(close))
            out.append("".join(parts)[: j - i]); i = j
        else:
            out.append(c); i += 1
    return "".join(out)

decl = re.compile(r'\b(func\s+([^\s(<]+)|init[?!]?(?=\s*[(<])|deinit\b|subscript(?=\s*[(<]))')
typedecl = re.compile(r'\b(?:class|struct|enum|extension|actor|protocol)\s+([A-Za-z_][\w.]*)')

rows = []
def reason_above(lines, first):
    """True when the comment lines right above line `first` (1-based) say why the function is long."""
    k = first - 2
    while k >= 0 and lines[k].strip().startswith(("///", "//", "@")):
        if "lines on purpose" in lines[k]: return True
        k -= 1
    return False

for root in roots:
    for d, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith(".swift"): continue
            path = os.path.join(d, f)
            source = open(path, encoding="utf-8").read()
            code = code_only(source)
            source_lines = source.split("\n")
            line_at = lambda pos: code.count("\n", 0, pos) + 1
            # type scopes: (open-brace position, close position, name)
            scopes = []
            for m in typedecl.finditer(code):
                b = code.find("{", m.end())
                if b < 0: continue
                depth, k = 0, b
                while k < len(code):
                    if code[k] == "{": depth += 1
                    elif code[k] == "}":
                        depth -= 1
                        if depth == 0: break
                    k += 1
                scopes.append((b, k, m.group(1)))
            for m in decl.finditer(code):
                name = m.group(2) or m.group(0).strip()
                # find the body's opening brace at paren/bracket depth 0; stop if the declaration has no body
                k, p = m.end(), 0
                body = None
                while k < len(code):
                    c = code[k]
                    if c in "([": p += 1
                    elif c in ")]": p -= 1
                    elif p == 0 and c == "{": body = k; break
                    elif p == 0 and c == "}": break
                    elif p == 0 and re.match(r'\b(func|var|let|init|case|subscript|typealias|associatedtype)\b', code[k:k+16]) and code[k-1] in " \n\t;": break
                    k += 1
                if body is None: continue
                depth, k = 0, body
                while k < len(code):
                    if code[k] == "{": depth += 1
                    elif code[k] == "}":
                        depth -= 1
                        if depth == 0: break
                    k += 1
                first, last = line_at(m.start()), line_at(k)
                length = last - first + 1
                if length > limit:
                    owner = [s[2] for s in scopes if s[0] < m.start() < s[1]]
                    label = ".".join([owner[-1]] if owner else []) + ("." if owner else "") + name
                    rows.append((length, f"{path}:{first}", label, reason_above(source_lines, first)))
for length, where, label, reason in sorted(rows, key=lambda r: (-r[0], r[1])):
    print(f"{length:5d}  {where}  {label}" + ("  (reason given)" if reason else ""))
sys.exit(1 if any(not r[3] for r in rows) else 0)
PY
