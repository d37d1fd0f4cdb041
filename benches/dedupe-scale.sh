#!/usr/bin/env bash
# Deduplication at scale: clean a planted-duplicates file with the release CLI, measure CPU
# time, wall time and max RSS (GNU time), and score the clusters against the generator's truth.
#
#   node benches/generate.mjs --rows 1000000 --seed 42 --unique-contacts --duplicates 0.1 \
#     --out benches/data/crm-1m-dup10.csv
#   benches/dedupe-scale.sh benches/data/crm-1m-dup10.csv [OUTDIR]
#
# CPU time (user + sys) is the number to compare on a shared machine; wall time depends on load.
set -euo pipefail
file=${1:?usage: dedupe-scale.sh FILE.csv [OUTDIR]}
out=${2:-/tmp/dedupe-scale}
here=$(cd "$(dirname "$0")" && pwd)
bin=${CRM_CLEANER:-$here/../target/release/crm-cleaner}
mkdir -p "$out"
uptime | sed 's/^/load: /'
/usr/bin/time -v "$bin" clean "$file" --out /dev/null --clusters "$out/clusters.csv" \
  --report "$out/report.json" 2> "$out/time.txt" || { cat "$out/time.txt"; exit 1; }
grep -E 'User time|System time|Elapsed|Maximum resident' "$out/time.txt"
python3 - "$out/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("stages_ms", json.dumps(r.get("stages_ms")))
d = dict(r.get("dedupe") or {})
d.pop("model", None)
print("dedupe", json.dumps(d))
PY
python3 "$here/febrl/pairwise.py" "$out/clusters.csv" "$file.truth.txt"
