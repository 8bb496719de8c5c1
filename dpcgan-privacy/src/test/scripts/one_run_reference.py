#!/usr/bin/env python3
"""Reference values for dpcgan-privacy's one-run audit bound (OneRunAudit.pValue, epsilonLowerBound).

Steinke, Nasr and Jagielski, "Privacy Auditing with One (1) Training Run", NeurIPS 2023, Theorem 3.3: if a
training is (eps, delta)-DP and m canaries are each included with probability 1/2, the number W of correct guesses
among r guesses satisfies
    P[W >= v] <= P[Bin(r, p) >= v] + 2 m delta max_{1<=i<=v} P[v > Bin(r, p) >= v - i] / i,  p = e^eps / (1 + e^eps).
The epsilon lower bound at level alpha is the largest eps whose bound is below alpha (bisection).

This is an independent implementation with scipy's binomial distribution (scipy 1.10 on Debian's python3); the
Java code uses commons-math3. Run:
    python3 dpcgan-privacy/src/test/scripts/one_run_reference.py > dpcgan-privacy/src/test/scripts/one_run_reference.out
OneRunAuditTest cites the output line by line.
"""
import math
from scipy.stats import binom


def p_value(m, r, v, eps, delta):
    if v <= 0:
        return 1.0
    p = 1.0 / (1.0 + math.exp(-eps))
    tail = binom.sf(v - 1, r, p)
    worst = 0.0
    window = 0.0
    for i in range(1, v + 1):
        window += binom.pmf(v - i, r, p)
        worst = max(worst, window / i)
    return min(1.0, tail + 2 * m * delta * worst)


def eps_lower_bound(m, r, v, delta, alpha):
    if p_value(m, r, v, 0.0, delta) >= alpha:
        return 0.0
    low, high = 0.0, 1.0
    while p_value(m, r, v, high, delta) < alpha:
        low, high = high, 2 * high
    for _ in range(60):
        mid = (low + high) / 2
        if p_value(m, r, v, mid, delta) < alpha:
            low = mid
        else:
            high = mid
    return low


CASES = [  # m, r, v, eps, delta
    (1000, 100, 60, 0.0, 0.0),
    (1000, 100, 80, 1.0, 0.0),
    (10000, 200, 190, 2.0, 1e-5),
    (50000, 1000, 900, 2.0, 1e-5),
    (50000, 2500, 2400, 3.0, 1e-6),
]
BOUNDS = [  # m, r, v, delta, alpha
    (1000, 100, 60, 0.0, 0.05),
    (10000, 200, 190, 1e-5, 0.05),
    (50000, 1000, 900, 1e-5, 0.0125),
    (50000, 2500, 2400, 1e-6, 0.0125),
    (20000, 400, 200, 1e-5, 0.05),
]
for m, r, v, eps, delta in CASES:
    print("p_value", m, r, v, eps, delta, repr(p_value(m, r, v, eps, delta)))
for m, r, v, delta, alpha in BOUNDS:
    print("eps_lower_bound", m, r, v, delta, alpha, repr(eps_lower_bound(m, r, v, delta, alpha)))
