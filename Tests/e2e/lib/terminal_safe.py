#!/usr/bin/env python3
"""terminal_safe.py FILE [MUST_CONTAIN]: FILE (a command's stdout or stderr) holds nothing a terminal would act on:
no C0 control but newline, no DEL, no C1, no bidi control, no line or paragraph separator. With MUST_CONTAIN, that
text must also appear (the visible form, e.g. \\x1b]0;pwned). Exits 1 naming the first offending byte."""
import os, sys

allowed = {0x0A, 0x09} if os.environ.get("ALLOW_TAB") == "1" else {0x0A}  # tab: separators of a TSV listing
if os.environ.get("ALLOW_CRLF") == "1":  # CSV: CR only as the CR of a CRLF record end (RFC 4180)
    allowed = allowed | {0x0D}
data = open(sys.argv[1], "rb").read()
if os.environ.get("ALLOW_CRLF") == "1":
    for i, b in enumerate(data):
        if b == 0x0D and data[i + 1:i + 2] != b"\n":
            sys.exit("%s: a CR that does not end a record at offset %d" % (sys.argv[1], i))
for i, b in enumerate(data):
    if (b < 0x20 and b not in allowed) or b == 0x7F:
        sys.exit("%s: raw control byte 0x%02x at offset %d" % (sys.argv[1], b, i))
text = data.decode("utf-8", "replace")
for i, c in enumerate(text):
    v = ord(c)
    if 0x80 <= v < 0xA0 or v in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029) or 0x202A <= v <= 0x202E \
            or 0x2066 <= v <= 0x2069:
        sys.exit("%s: raw U+%04X at character %d" % (sys.argv[1], v, i))
if len(sys.argv) > 2 and sys.argv[2] not in text:
    sys.exit("%s: %r not shown" % (sys.argv[1], sys.argv[2]))
