#!/usr/bin/env bash
# Measures the quality of one fit on UCI Adult as in docs/quality.md: trains on the UCI train split (the
# first 32,561 rows of data/adult.csv.gz), samples as many rows, and evaluates them against the UCI test
# split (the remaining 16,281 rows) as holdout, with `income` as target and secret.
#
#   scripts/quality.sh NAME EPOCHS FIT-OPTIONS...      e.g.  scripts/quality.sh e3 30 --epsilon 3 --delta 1e-6
#
# SAMPLE_OPTIONS (e.g. --match-marginals) is passed to `dpcgan sample`; SEED (default 42) seeds the fit.
#
# Writes quality/NAME/{model.dpcgan,fit.json,synthetic.csv,sample.json,report.json}; then
# `python3 scripts/quality_table.py quality/*` prints the table of docs/quality.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name=$1; epochs=$2; shift 2
out="$root/quality/$name"; mkdir -p "$out"
split="$root/quality/split"; mkdir -p "$split"
if [ ! -f "$split/test.csv" ]; then
  # One pass with awk: `zcat | head` would end zcat with SIGPIPE, which pipefail turns into a failure.
  zcat "$root/data/adult.csv.gz" | awk -v train="$split/train.csv" -v test="$split/test.csv" \
    'NR == 1 { print > train; print > test; next } NR <= 32562 { print > train; next } { print > test }'
fi
dpcgan="$root/dpcgan"
"$dpcgan" fit --data "$split/train.csv" --columns "$root/data/adult.columns.csv" --epochs "$epochs" --seed "${SEED:-42}" \
  --out "$out/model.dpcgan" --json "$@" > "$out/fit.json"
"$dpcgan" sample --model "$out/model.dpcgan" --rows 32561 --seed 1 ${SAMPLE_OPTIONS:-} --out "$out/synthetic.csv" --json \
  > "$out/sample.json"
"$dpcgan" evaluate --real "$split/train.csv" --synthetic "$out/synthetic.csv" --holdout "$split/test.csv" \
  --columns "$root/data/adult.columns.csv" --target income --secret income --seed 7 --model "$out/model.dpcgan" \
  --json > "$out/report.json"
