#!/usr/bin/env python3
"""Writes a large table with Adult's columns for the scale benchmarks (docs/benchmarks.md, "Registers").

    python3 scripts/make_big_adult.py ROWS OUT.csv[.gz] [SEED]

Each row is a row of data/adult.csv.gz drawn with replacement, its numeric values moved by a little noise so
that rows repeat less (age and hours-per-week by -1, 0 or +1; fnlwgt by up to 10 %; a non-zero
capital-gain or capital-loss by up to 5 %), all kept within the sidecar's bounds. Categories and missing cells
are kept as drawn. The output is a benchmark input, not data to publish: it is not committed.
"""
import csv
import gzip
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
rows, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
with gzip.open(os.path.join(here, "..", "data", "adult.csv.gz"), "rt", newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    source = list(reader)
bounds = {}
with open(os.path.join(here, "..", "data", "adult.columns.csv"), newline="") as f:
    for spec in csv.DictReader(f):
        if spec["type"] == "integer":
            bounds[header.index(spec["column"])] = (int(spec["min"]), int(spec["max"]))
step = {header.index(c) for c in ("age", "hours-per-week")}
relative = {header.index("fnlwgt"): 0.10, header.index("capital-gain"): 0.05, header.index("capital-loss"): 0.05}


def noisy(row):
    row = list(row)
    for i, (lo, hi) in bounds.items():
        if row[i] == "":
            continue
        v = int(row[i])
        if i in step:
            v += rng.randint(-1, 1)
        elif v != 0 and i in relative:
            v = round(v * (1 + rng.uniform(-relative[i], relative[i])))
        row[i] = str(min(hi, max(lo, v)))
    return row


opener = gzip.open if out.endswith(".gz") else open
with opener(out, "wt", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(header)
    for _ in range(rows):
        writer.writerow(noisy(source[rng.randrange(len(source))]))
