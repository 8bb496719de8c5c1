#!/usr/bin/env bash
# Samples the model of a scripts/quality.sh run twice, plain (--no-match-marginals) and matched to the model's
# tables (the default), and evaluates both as scripts/quality.sh does: docs/quality.md, "Matching to the noisy
# tables by default".
#
#   scripts/quality-matching.sh NAME      e.g. after  SEED=1 scripts/quality.sh m-e3-s1 30 --epsilon 3 --delta 1e-6
#
# Writes quality/NAME/{synthetic,sample,report}-{plain,matched}.{csv,json} and prints one line per sampling.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/quality/$1"
split="$root/quality/split"
dpcgan="$root/dpcgan"
[ -f "$out/model.dpcgan" ] || { echo "no model at $out/model.dpcgan: run scripts/quality.sh $1 ... first" >&2; exit 1; }
for mode in plain matched; do
  option=()
  [ "$mode" = plain ] && option=(--no-match-marginals)
  "$dpcgan" sample --model "$out/model.dpcgan" --rows 32561 --seed 1 "${option[@]}" --out "$out/synthetic-$mode.csv" \
    --json > "$out/sample-$mode.json"
  "$dpcgan" evaluate --real "$split/train.csv" --synthetic "$out/synthetic-$mode.csv" --holdout "$split/test.csv" \
    --columns "$root/data/adult.columns.csv" --target income --secret income --seed 7 --model "$out/model.dpcgan" \
    --json > "$out/report-$mode.json"
  python3 - "$mode" "$out/report-$mode.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[2])); f = d["fidelity"]; u = d["utility"]["train_synthetic"]
print("%-8s quality %.3f shapes %.3f pairs %.3f three-way %.3f F1 (>50K) %.3f AUC %.3f" % (sys.argv[1],
      f["quality_score"], f["column_shapes_score"], f["column_pair_trends_score"], f["three_way_score"],
      u["f1_positive"], u["auc"]))
PY
done
