#!/usr/bin/env python3
"""Plants secrets into a copy of a HANA sample dump, for `hdx strip`'s tests.

  hana_secrets.py IN.trc OUT.trc

Replaces the host name, the SQL users, the client hosts and the running statement's text (in [THREADS] and in
M_ACTIVE_STATEMENTS) with values that must not survive stripping: an SQL statement with a password literal and an
e-mail, user MALLORY_SECRET, host db-secret-host, client host ws-secret-laptop. Prints the planted values.
"""
import re
import sys

src, dst = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
host = re.search(r"Host: ([^,\n]+)", text).group(1).strip()
sql = ("SELECT * FROM \"USERS\" WHERE EMAIL = 'mallory.secret@example.com' AND PASSWORD_HASH = "
       "'S3cr3t-Literal-42'")
text = text.replace(host, "db-secret-host")
text = re.sub(r'SQLUserName: "(?!")[^"]+"', 'SQLUserName: "MALLORY_SECRET"', text)
quoted = sql.replace('"', '""')
text = re.sub(r'ThreadDetail: "(SELECT|INSERT|UPDATE|DELETE)(?:[^"]|"")*"', lambda m: 'ThreadDetail: "' + quoted + '"', text)
lines = text.split("\n")
out = []
in_view = None
for line in lines:
    if re.match(r"^[A-Z_]+ - ", line):
        in_view = line.split(" ")[0]
        cols = None
    elif in_view and line.startswith("(" + in_view + ","):
        in_view = None
    elif in_view and cols is None:
        cols = line.split(";")
    elif in_view and cols:
        if "CLIENT_HOST" in cols:
            line = re.sub(r'"appsrv\d+"', '"ws-secret-laptop"', line)
        if "USER_NAME" in cols:
            line = re.sub(r'"(SAPHANADB|ANALYTICS_APP|_SYS_STATISTICS|SALES_REPORTING)"', '"MALLORY_SECRET"', line)
        if "STATEMENT_STRING" in cols:
            if '"ACTIVE"' in line:   # the statement text is the last column
                line = line.rsplit(';"', 1)[0] + ';"' + quoted + '"'
    out.append(line)
open(dst, "w", encoding="utf-8").write("\n".join(out))
print("planted: db-secret-host MALLORY_SECRET ws-secret-laptop mallory.secret@example.com S3cr3t-Literal-42")
