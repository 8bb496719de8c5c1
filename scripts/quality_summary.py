#!/usr/bin/env python3
"""Summarises repeated fits of docs/quality.md: runs named NAME-sK (K the seed) are grouped by NAME, and each
metric is printed as mean (min–max, n fits).

    python3 scripts/quality_summary.py quality/pld-e3-s* quality/pld-e1-s* ...
"""
import json
import re
import sys
from collections import OrderedDict
from pathlib import Path

METRICS = [
    ("σ", lambda fit, rep: fit["privacy"]["noise_multiplier"] if fit["privacy"] else None),
    ("ε spent", lambda fit, rep: fit["privacy"]["epsilon"] if fit["privacy"] else None),
    ("quality", lambda fit, rep: rep["fidelity"]["quality_score"]),
    ("column shapes", lambda fit, rep: rep["fidelity"]["column_shapes_score"]),
    ("pair trends", lambda fit, rep: rep["fidelity"]["column_pair_trends_score"]),
    ("TSTR F1 (>50K)", lambda fit, rep: rep["utility"]["train_synthetic"]["f1_positive"]),
    ("TSTR AUC", lambda fit, rep: rep["utility"]["train_synthetic"]["auc"]),
    ("inference risk", lambda fit, rep: rep["privacy"]["inference"]["risk"]),
]


def cell(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    mean = sum(values) / len(values)
    return f"{mean:.3f} ({min(values):.3f}–{max(values):.3f})"


groups = OrderedDict()
for arg in sys.argv[1:]:
    folder = Path(arg)
    if not (folder / "report.json").exists():
        continue
    name = re.sub(r"-s\d+$", "", folder.name)
    groups.setdefault(name, []).append(
        (json.loads((folder / "fit.json").read_text()), json.loads((folder / "report.json").read_text())))

print("| runs | fits | " + " | ".join(m for m, _ in METRICS) + " |")
print("| --- | --- | " + " | ".join("---" for _ in METRICS) + " |")
for name, runs in groups.items():
    print(f"| {name} | {len(runs)} | " + " | ".join(cell([f(fit, rep) for fit, rep in runs]) for _, f in METRICS) + " |")
