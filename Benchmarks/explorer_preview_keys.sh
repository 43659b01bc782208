#!/usr/bin/env bash
# Keys whose rows carry previews (a String's text, an array's length: each a record lookup in the mapped HPROF), on
# the big LeakDemo dump: the instances of java.lang.String (the biggest retained first), paging down them and the
# `/` filter typed over them (it matches the preview text of the listed rows). HDX_NO_INDEX=1, as the other
# explorer benchmarks (lib/explorer_session.sh).
#   Benchmarks/explorer_preview_keys.sh [DUMP]
source "$(dirname "$0")/lib/explorer_session.sh" "$@"
key "Histogram tab" 2
key "/ (filter prompt)" /
for c in j a v a . l a n g . S t r i n g; do tm send-keys -t s "$c"; done
sleep 1
key "Enter (keep the filter)" Enter
key "Enter (the instances of java.lang.String)" Enter
for k in 1 2 3 4 5; do key "PgDn $k" NPage; done
key "End (the last of the listed rows)" End
key "Home" Home
key "/ (filter prompt)" /
for c in s e s s; do key "type '$c' (matches the previews)" "$c"; done
key "Escape" Escape
key "q (back)" q
