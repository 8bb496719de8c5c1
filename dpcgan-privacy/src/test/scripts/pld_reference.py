#!/usr/bin/env python3
"""Independent reference values for dpcgan-privacy's PLD accountant (PldAccountant, NoiseCalibration).

What it computes
  For DP-SGD steps -- T-fold self-composition of the Poisson-subsampled Gaussian mechanism (sampling
  probability q, noise multiplier sigma, L2 sensitivity 1) under the add/remove-one relation (the worse of
  the two directions) -- the epsilon at a given delta, with Google's dp_accounting, an independent
  privacy-loss-distribution implementation:
    privacy_loss_distribution.from_gaussian_mechanism(sigma, sampling_prob=q,
        value_discretization_interval=h, use_connect_dots=True, pessimistic_estimate=True)
      .self_compose(T).get_epsilon_for_delta(delta)
  (library defaults otherwise: log_mass_truncation_bound -50, tail_mass_truncation 1e-15,
  neighboring_relation ADD_OR_REMOVE_ONE).

  The interval h is chosen per point from the spread of one step's privacy loss:
  h_fine = s / 128 with s = q * sqrt(exp(1 / sigma^2) - 1) for q < 1 (the standard deviation of one step's
  loss to first order in q) and s = 1 / sigma for q = 1; h_coarse = 2 h_fine. (Much finer grids are not
  better: for q 0.0005, sigma 8, 20000 steps, delta 1e-5, dp_accounting's value at s / 512 is 7e-4 and at
  s / 1024 1e-2 above the limit its coarser grids converge to, its floating-point error outgrowing the
  discretisation error.) Each "epsilon" line gives
    eps_fine     pessimistic connect-the-dots at h_fine: an upper bound on the exact epsilon
                 (up to floating point);
    eps_coarse   the same at h_coarse;
    eps_opt      the optimistic "privacy buckets" estimate at h_fine (use_connect_dots=False,
                 pessimistic_estimate=False): a lower bound on the exact epsilon, looser;
    rel_err      |eps_coarse - eps_fine| / eps_fine: the reference's own precision, conservatively. The
                 discretisation error of eps_fine alone is a third of eps_coarse - eps_fine (it falls as h^2);
                 taking the whole difference also covers floating-point error, which does not fall with h.
  So the exact epsilon lies in [eps_opt, eps_fine] and, by the convergence, about within rel_err of eps_fine
  (for q 0.0005, sigma 8, 20000 steps, delta 1e-5, where the two grids are not in the expected order,
  eps_fine is 4.2e-5 above the limit of dpcgan's own grid refinement: that is the worst line).

  "gaussian" lines: q = 1 points, exact epsilon of the Gaussian mechanism composed T times (= one Gaussian
  with sigma / sqrt(T)) from the closed form of Balle and Wang (2018),
    delta(eps) = Phi(-eps/mu + mu/2) - exp(eps) Phi(-eps/mu - mu/2),   mu = sqrt(T) / sigma,
  solved for eps with mpmath at 40 digits: a check on dp_accounting itself.

  "composed" lines: T such steps composed with one Gaussian mechanism (sigma_gaussian), as the ledger of a
  fit holds them (noisy metadata, then the critic steps), both at the same h (PLD.compose), fine and coarse.

  "noise" lines: the noise multiplier sigma at which T steps spend exactly the target epsilon, by
  scipy.optimize.brentq (xtol 1e-10) on dp_accounting's eps_fine (and, for the precision, on eps_coarse).

Version
  dp_accounting 0.6.0 (python/dp_accounting/VERSION) from github.com/google/differential-privacy at commit
  b5b0286e313b64a692abfc8c528d54ef47d960a0; Python 3.11.2, numpy 1.24.2, scipy 1.10.1, mpmath 1.2.1 (Debian 12).
  dp_accounting is NOT part of dpcgan and is not committed here; it is used as a black box.

Run (about 10 minutes on one core)
  a checkout of google/differential-privacy (GitHub) at the commit above, in /tmp/dp
  PYTHONPATH=/tmp/dp/python/dp_accounting python3 dpcgan-privacy/src/test/scripts/pld_reference.py \
      > dpcgan-privacy/src/test/scripts/pld_reference.out
  (needs absl-py, attrs, numpy, scipy, mpmath). PldAccountantReferenceTest cites the output line by line.
"""
import logging
import math

import mpmath as mp
import numpy as np
import scipy
from scipy import optimize

import dp_accounting
from dp_accounting.pld import privacy_loss_distribution as pld

logging.getLogger().setLevel(logging.ERROR)
mp.mp.dps = 40

# q, sigma, steps, delta. The first three are the examples of issue 22.
POINTS = [
    (0.0625, 2.25, 480, 1e-5), (0.0154, 1.36, 1950, 1e-6), (0.001, 1.0, 10000, 1e-5),
    (0.0005, 0.7, 10, 1e-5), (0.0005, 0.7, 20000, 1e-7), (0.0005, 8, 20000, 1e-5), (0.0005, 2, 1000, 1e-6),
    (0.0005, 4, 20000, 1e-7), (0.001, 0.8, 20000, 1e-6), (0.002, 1.1, 5000, 1e-7), (0.002, 8, 20000, 1e-6),
    (0.004, 0.7, 2000, 1e-5), (0.004, 4, 20000, 1e-6), (0.01, 1.1, 10000, 1e-5), (0.01, 0.9, 300, 1e-7),
    (0.01, 3, 100, 1e-5), (0.0154, 1.0, 19500, 1e-6), (0.03, 1.5, 3000, 1e-5), (0.05, 0.8, 50, 1e-6),
    (0.05, 8, 100, 1e-5), (0.0625, 1.2, 1000, 1e-7), (0.1, 2, 200, 1e-5), (0.1, 5, 20000, 1e-6),
    (0.2, 0.7, 10, 1e-7), (0.25, 1.5, 100, 1e-5), (0.25, 3, 1000, 1e-7), (0.25, 8, 20000, 1e-5),
    (0.5, 4, 500, 1e-6), (0.5, 8, 10, 1e-7),
    (1, 8, 10, 1e-5), (1, 8, 100, 1e-6), (1, 5, 1000, 1e-7), (1, 4, 50, 1e-5), (1, 2, 10, 1e-6),
    (1, 0.7, 10, 1e-5), (1, 8, 20000, 1e-5),
]

# q, sigma, steps, sigma of one Gaussian mechanism composed with them (e.g. noisy metadata), delta
COMPOSED_POINTS = [
    (0.015356, 1.1, 10000, 20.0, 1e-6), (0.001, 1.0, 10000, 5.0, 1e-5), (0.0625, 2.25, 480, 2.0, 1e-5),
]

# target epsilon, delta, q, steps
NOISE_POINTS = [
    (3.0, 1e-5, 0.015356, 20000), (1.0, 1e-6, 0.01, 10000), (8.0, 1e-5, 0.04, 2250), (2.0, 1e-5, 1.0, 50),
    (0.5, 1e-7, 0.001, 10000),
]


def step_spread(q, sigma):
    if q == 1:
        return 1 / sigma
    return q * math.sqrt(math.expm1(1 / sigma ** 2))


def eps_pld(q, sigma, steps, delta, h, pessimistic=True):
    p = pld.from_gaussian_mechanism(sigma, sampling_prob=q, value_discretization_interval=h,
                                    use_connect_dots=pessimistic, pessimistic_estimate=pessimistic)
    return p.self_compose(steps).get_epsilon_for_delta(delta)


def gaussian_exact(sigma, steps, delta):
    mu = mp.sqrt(steps) / mp.mpf(sigma)
    d = mp.mpf(delta)
    f = lambda e: mp.ncdf(-e / mu + mu / 2) - mp.exp(e) * mp.ncdf(-e / mu - mu / 2) - d
    lo, hi = mp.mpf(0), mp.mpf(1)
    while f(hi) > 0:
        hi *= 2
    for _ in range(120):  # bisection: delta(eps) is decreasing; 2^-120 of the bracket
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) > 0 else (lo, mid)
    return hi


def main():
    print("# dpcgan-privacy PLD reference values: dp_accounting %s (commit b5b0286e), numpy %s, scipy %s, "
          "mpmath %s; see pld_reference.py" % (dp_accounting.__version__ if hasattr(dp_accounting, '__version__')
                                             else '0.6.0', np.__version__, scipy.__version__, mp.__version__))
    print("# epsilon q sigma steps delta eps_fine h_fine eps_coarse h_coarse eps_opt rel_err")
    for q, s, t, d in POINTS:
        h = step_spread(q, s) / 128
        fine = eps_pld(q, s, t, d, h)
        coarse = eps_pld(q, s, t, d, 2 * h)
        opt = eps_pld(q, s, t, d, h, pessimistic=False)
        rel = abs(coarse - fine) / fine
        print("epsilon %s %s %d %s %.12g %.6g %.12g %.6g %.12g %.3g" % (q, s, t, d, fine, h, coarse, 2 * h, opt, rel),
              flush=True)
    print("# composed q sigma steps sigma_gaussian delta eps_fine h_fine eps_coarse h_coarse rel_err")
    for q, s, t, sg, d in COMPOSED_POINTS:
        h = min(step_spread(q, s), step_spread(1, sg)) / 128
        eps = []
        for hh in (h, 2 * h):
            steps = pld.from_gaussian_mechanism(s, sampling_prob=q, value_discretization_interval=hh).self_compose(t)
            single = pld.from_gaussian_mechanism(sg, value_discretization_interval=hh)
            eps.append(steps.compose(single).get_epsilon_for_delta(d))
        print("composed %s %s %d %s %s %.12g %.6g %.12g %.6g %.3g" % (q, s, t, sg, d, eps[0], h, eps[1], 2 * h,
                                                                   abs(eps[1] - eps[0]) / eps[0]), flush=True)
    print("# gaussian sigma steps delta eps_exact (closed form, Balle and Wang 2018, mpmath)")
    for q, s, t, d in POINTS:
        if q == 1:
            print("gaussian %s %d %s %s" % (s, t, d, mp.nstr(gaussian_exact(s, t, d), 20)), flush=True)
    print("# noise target_epsilon delta q steps sigma_fine sigma_coarse")
    for target, d, q, t in NOISE_POINTS:
        roots = []
        for factor in (1, 2):
            def g(s):
                return eps_pld(q, s, t, d, factor * step_spread(q, s) / 128) - target
            lo, hi = 0.3, 50.0
            roots.append(optimize.brentq(g, lo, hi, xtol=1e-10, rtol=1e-12))
        print("noise %s %s %s %d %.12g %.12g" % (target, d, q, t, roots[0], roots[1]), flush=True)


if __name__ == "__main__":
    main()
