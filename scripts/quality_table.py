#!/usr/bin/env python3
"""Prints the Markdown table of docs/quality.md from the run folders written by scripts/quality.sh."""
import json
import sys
from pathlib import Path


def fmt_risk(r):
    return f"{r['risk']:.3f} [{r['ci'][0]:.3f}, {r['ci'][1]:.3f}]"


def row(folder):
    fit = json.loads((folder / "fit.json").read_text())
    rep = json.loads((folder / "report.json").read_text())
    p = fit["privacy"]
    eps = f"{p['epsilon']:.3g} (δ {p['delta']:.0e}, σ {p['noise_multiplier']:.3g})" if p else "none (--no-dp)"
    f = rep["fidelity"]
    u = rep["utility"]
    s, r = u["train_synthetic"], u["train_real"]
    pr = rep["privacy"]
    return (f"| {folder.name} | {fit['epochs']} | {eps} | {f['quality_score']:.3f} | {f['column_shapes_score']:.3f} | "
            f"{f['column_pair_trends_score']:.3f} | {s['f1_positive']:.3f} / {r['f1_positive']:.3f} | "
            f"{s['f1']:.3f} / {r['f1']:.3f} | {s['auc']:.3f} / {r['auc']:.3f} | {fmt_risk(pr['singling_out'])} | "
            f"{fmt_risk(pr['linkability'])} | {fmt_risk(pr['inference'])} | {fit['epoch_seconds_median']:.1f} |")


print("| run | epochs | ε spent | quality | column shapes | pair trends | TSTR / TRTR F1 (>50K) | "
      "TSTR / TRTR macro F1 | TSTR / TRTR AUC | singling out | linkability | inference | s / epoch |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for arg in sys.argv[1:]:
    folder = Path(arg)
    if (folder / "report.json").exists():
        print(row(folder))
