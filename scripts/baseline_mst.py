#!/usr/bin/env python3
"""A marginal-based DP baseline beside dpcgan, after MST (McKenna, Miklau and Sheldon, "Winning the NIST
Contest: A scalable and general approach to differentially private synthetic data", 2021), written here from
the paper with numpy only (no code of the authors'): a reference to score with `dpcgan evaluate`, not part of
the library.

  python3 scripts/baseline_mst.py TRAIN.csv SIDECAR.csv EPSILON DELTA OUT.csv [SEED]

What it does, as MST does:
  * numeric columns are discretised from public bounds only (issue 23's set-up: one level per integer where the
    declared range has at most 100 integers, else a level for the lower bound and 31 equal bins, or 32 equal
    bins where the lower bound is not a spike we know of); discrete columns use their declared levels plus a
    missing level;
  * the budget is zCDP rho from (epsilon, delta) (Canonne, Kamath and Steinke 2020's conversion), split in
    thirds: every one-way marginal measured with Gaussian noise; a spanning tree over the columns selected by
    the exponential mechanism (n - 1 rounds, each pair scored by the L1 distance of its true two-way marginal
    from the product of the noisy one-way ones, sensitivity 1); the tree's two-way marginals measured with
    Gaussian noise.
What differs: MST estimates a graphical model with Private-PGM. Here the noisy tables are projected onto the
simplex, each pair table is raked to its two noisy one-way marginals, and rows are drawn along the tree (root
from its one-way marginal, each child from its parent's conditional). Numeric values are drawn uniformly
within their bin (integers within the bin's integers). Only the script's outputs are used: the noise comes from
numpy's default generator (a reference run, not a release).
"""
import csv
import math
import sys

import numpy as np


def rho_for(epsilon, delta):
    """The largest rho with rho + 2 sqrt(rho log(1/delta)) <= epsilon (zCDP to (epsilon, delta)-DP)."""
    lo, hi = 0.0, epsilon
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid + 2 * math.sqrt(mid * math.log(1 / delta)) <= epsilon:
            lo = mid
        else:
            hi = mid
    return lo


class Column:
    def __init__(self, spec):
        self.name = spec["column"]
        self.kind = spec["type"]
        if self.kind in ("categorical", "ordinal", "boolean"):
            self.levels = spec["levels"].split("|") if spec["levels"] else ["false", "true"]
            self.size = len(self.levels) + 1  # the last code: missing
            self.index = {v: i for i, v in enumerate(self.levels)}
        else:
            lo, hi = float(spec["min"]), float(spec["max"])
            self.lo, self.hi = lo, hi
            first, last = math.ceil(lo), math.floor(hi)
            if self.kind == "integer" and last - first + 1 <= 100:
                self.edges = None
                self.first = first
                self.size = last - first + 2  # integers, then missing
            else:
                self.zero_level = lo == 0 and self.kind == "integer"
                bins = 31 if self.zero_level else 32
                start = lo + 1 if self.zero_level else lo
                self.edges = np.linspace(start, hi, bins + 1)
                self.size = bins + (1 if self.zero_level else 0) + 1

    def code(self, text):
        if self.kind in ("categorical", "ordinal", "boolean"):
            return self.index.get(text, self.size - 1) if text != "" else self.size - 1
        if text == "":
            return self.size - 1
        v = min(self.hi, max(self.lo, float(text)))
        if self.edges is None:
            return int(round(v)) - self.first
        if self.zero_level and v < 1:
            return 0
        b = int(np.searchsorted(self.edges, v, side="right") - 1)
        b = min(max(b, 0), len(self.edges) - 2)
        return b + (1 if self.zero_level else 0)

    def value(self, code, rng):
        if code == self.size - 1:
            return ""
        if self.kind in ("categorical", "ordinal", "boolean"):
            return self.levels[code]
        if self.edges is None:
            return str(self.first + code)
        if self.zero_level:
            if code == 0:
                return "0"
            code -= 1
        a, b = self.edges[code], self.edges[code + 1]
        if self.kind == "integer":
            return str(int(rng.integers(math.ceil(a), max(math.ceil(a), math.floor(b)) + 1)))
        return repr(float(rng.uniform(a, b)))


def project(y, total):
    """The Euclidean projection of y onto {x >= 0, sum x = total}."""
    u = np.sort(y.ravel())[::-1]
    css = np.cumsum(u) - total
    k = np.nonzero(u - css / np.arange(1, len(u) + 1) > 0)[0][-1]
    return np.maximum(y - css[k] / (k + 1), 0)


def main():
    train, sidecar, epsilon, delta, out = sys.argv[1:6]
    rng = np.random.default_rng(int(sys.argv[6]) if len(sys.argv) > 6 else 0)
    specs = {s["column"]: s for s in csv.DictReader(open(sidecar, newline=""))}
    with open(train, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    columns = [Column(specs[name]) for name in header]
    data = np.array([[c.code(r[j]) for j, c in enumerate(columns)] for r in rows])
    n, d = data.shape
    rho = rho_for(float(epsilon), float(delta))
    sigma1 = math.sqrt(d / (2 * rho / 3))   # d one-way marginals with rho/3 in all
    one = [np.bincount(data[:, j], minlength=c.size) + rng.normal(0, sigma1, c.size) for j, c in enumerate(columns)]
    n_hat = max(1.0, float(np.mean([m.sum() for m in one])))
    one = [project(m, n_hat) / n_hat for m in one]
    # selection: a spanning tree by the exponential mechanism, rho/3 over d - 1 rounds (eps^2 / 8 each)
    eps_round = math.sqrt(8 * (rho / 3) / max(1, d - 1))
    score = {}
    for a in range(d):
        for b in range(a + 1, d):
            joint = np.zeros((columns[a].size, columns[b].size))
            np.add.at(joint, (data[:, a], data[:, b]), 1)
            score[(a, b)] = np.abs(joint / n - np.outer(one[a], one[b])).sum() * n
    parent = list(range(d))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges = []
    for _ in range(d - 1):
        candidates = [e for e in score if find(e[0]) != find(e[1])]
        q = np.array([score[e] for e in candidates])
        p = np.exp(eps_round / 2 * (q - q.max()))   # sensitivity 1
        e = candidates[rng.choice(len(candidates), p=p / p.sum())]
        edges.append(e)
        parent[find(e[0])] = find(e[1])
    sigma2 = math.sqrt(len(edges) / (2 * rho / 3))
    pair = {}
    for a, b in edges:
        joint = np.zeros((columns[a].size, columns[b].size))
        np.add.at(joint, (data[:, a], data[:, b]), 1)
        t = project(joint + rng.normal(0, sigma2, joint.shape), n_hat) / n_hat
        for _ in range(50):   # rake to the two noisy one-way marginals
            t *= np.divide(one[a], t.sum(1), out=np.zeros_like(one[a]), where=t.sum(1) > 0)[:, None]
            t *= np.divide(one[b], t.sum(0), out=np.zeros_like(one[b]), where=t.sum(0) > 0)[None, :]
        pair[(a, b)] = t
    # sampling along the tree from column 0
    neighbours = {j: [] for j in range(d)}
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    codes = np.zeros((n, d), dtype=int)
    codes[:, 0] = rng.choice(columns[0].size, size=n, p=one[0] / one[0].sum())
    seen, stack = {0}, [0]
    while stack:
        u = stack.pop()
        for v in neighbours[u]:
            if v in seen:
                continue
            t = pair[(u, v)] if (u, v) in pair else pair[(v, u)].T
            for cu in range(columns[u].size):
                rows_u = np.nonzero(codes[:, u] == cu)[0]
                if len(rows_u) == 0:
                    continue
                w = t[cu] if t[cu].sum() > 0 else one[v]
                codes[rows_u, v] = rng.choice(columns[v].size, size=len(rows_u), p=w / w.sum())
            seen.add(v)
            stack.append(v)
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in codes:
            w.writerow([c.value(int(k), rng) for c, k in zip(columns, r)])
    names = ", ".join(columns[a].name + "-" + columns[b].name for a, b in edges)
    print(f"rho {rho:.4f}, sigma one-way {sigma1:.1f}, pairs {sigma2:.1f}; tree: {names}", file=sys.stderr)


if __name__ == "__main__":
    main()
