#!/usr/bin/env bash
# Re-measure everything the README's "Accuracy and speed" table shows, then regenerate it.
#   bash bench/measure.sh [DATA_DIR]      (DATA_DIR defaults to ../shared/data)
# Takes about 15 minutes on 2 cores; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
GOLD=$DATA/gold
OUT=bench/results
BIN=${BIN:-.venv/bin}
mkdir -p "$OUT"
ev() { local name=$1; shift; "$BIN/dotterel" eval "$@" --format json --output "$OUT/eval_$name.json" > /dev/null; echo "eval $name done" >&2; }
ev plover_gold tests/gold/plover_gold.jsonl
ev plover_heldout tests/gold/plover_heldout.jsonl
ev realnews_dev tests/gold/realnews/dev.jsonl
ev realnews_test tests/gold/realnews/test.jsonl
ev realnews_dev_rules tests/gold/realnews/dev.jsonl --decider off
ev realnews_test_rules tests/gold/realnews/test.jsonl --decider off
ev plv_train "$GOLD/plv_train.tsv"
ev aw_train "$GOLD/aw_train.tsv"
ev conflibert "$GOLD/cameo_confliBERT"
ev petrarch "$GOLD/petrarch_unittest" --dictionaries "$GOLD/petrarch_unittest"
ev gwn "$GOLD/geo/GWN.xml"
ev lgl "$GOLD/geo/lgl.xml"
ev event_location "$GOLD/event_location_dev.json"
"$BIN/python" bench/bench.py "$DATA/corpus/bbc" --workers 1,2 --output "$OUT/bench_bbc.json"
"$BIN/dotterel" report --results "$OUT" --readme README.md
