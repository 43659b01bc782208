#!/usr/bin/env python3
"""A big SAP HANA runtime dump for memory benchmarks (issue 13, `--max-memory`): a sample trace whose
[STACK_SHORT] thread stacks and [THREADS] lines are repeated, each copy under a new thread id, until the file holds
about MB megabytes. The other sections are kept as they are. Never commit the output.

Usage: hana_big.py SAMPLE.trc OUT.trc [MB]     (default 300)
"""
import re
import sys

HEADER = re.compile(rb"^(\d+)\[thr=(\d+)\]: (.*)$")


def sections(lines):
    """[(tag or None, [lines])]: the preamble, then one entry per section header line up to the next one."""
    out, tag, body = [], None, []
    for line in lines:
        m = re.match(rb"^\[([A-Z_]+)\]  ", line)
        if m:
            out.append((tag, body))
            tag, body = m.group(1).decode(), [line]
        else:
            body.append(line)
    out.append((tag, body))
    return out


def threads(body):
    """The section's first line, its thread blocks (each a header line and what follows it), its trailing lines."""
    head, blocks, tail = body[:1], [], []
    for line in body[1:]:
        if HEADER.match(line):
            blocks.append([line])
        elif line.startswith(b"[OK]") or not blocks:
            tail.append(line) if blocks else head.append(line)
        elif tail:
            tail.append(line)
        else:
            blocks[-1].append(line)
    return head, blocks, tail


def renumber(line, copy):
    m = HEADER.match(line)
    tid = int(m.group(2)) + copy * 1_000_000
    rest = m.group(3)
    rest = re.sub(rb"TID: \d+", b"TID: %d" % tid, rest)
    return b"%d[thr=%d]: %s\n" % (int(m.group(1)) + copy * 100_000, tid, rest)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sample, out = sys.argv[1], sys.argv[2]
    target = int(sys.argv[3] if len(sys.argv) > 3 else 300) << 20
    with open(sample, "rb") as f:
        parts = sections(f.read().splitlines(keepends=True))
    per_copy = 0
    for tag, body in parts:
        if tag in ("STACK_SHORT", "THREADS"):
            per_copy += sum(len(l) for b in threads(body)[1] for l in b)
    copies = max(1, target // max(per_copy, 1))
    with open(out, "wb") as f:
        for tag, body in parts:
            if tag not in ("STACK_SHORT", "THREADS"):
                f.writelines(body)
                continue
            head, blocks, tail = threads(body)
            f.writelines(head)
            for copy in range(copies):
                for block in blocks:
                    f.write(renumber(block[0], copy))
                    f.writelines(block[1:])
            f.writelines(tail)
    print(f"{out}: {copies} copies of {len(blocks)} threads")


if __name__ == "__main__":
    main()
