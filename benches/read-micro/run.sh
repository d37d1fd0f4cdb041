#!/bin/sh
# Builds the read micro benchmark and reads FILE (default: a 20 MB slice of
# benches/data/crm-1m.csv) once under callgrind, counting the instructions of
# the read alone (repeatable on a loaded machine; perf counters are not
# available in this KVM guest), then a few more times for wall time.
#   benches/read-micro/run.sh [FILE] [CHUNK_BYTES] [hint]
set -e
here=$(cd "$(dirname "$0")" && pwd)
file=${1:-/tmp/crm-20m.csv}
chunk=${2:-1048576}
hint=${3:-}
if [ ! -f "$file" ]; then
    head -c 20000000 "$here/../data/crm-1m.csv" > "$file"
fi
(cd "$here" && cargo build --release --quiet)
bin="$here/target/release/read-micro"
out=${CALLGRIND_OUT:-/tmp/read-micro.callgrind}
valgrind --tool=callgrind --toggle-collect='read_micro::read' --callgrind-out-file="$out" \
    "$bin" "$file" "$chunk" 1 $hint 2>&1 | grep -E 'digest|Collected'
"$bin" "$file" "$chunk" 3 $hint
echo "per-function counts: callgrind_annotate $out | head -40"
