#!/usr/bin/env python3
"""Independent high-precision reference values for dpcgan-privacy's RDP accountant.

Method (deliberately different from the Java implementation, which follows the log-space series of
Mironov, Talwar and Zhang 2019):
  * integer orders: the binomial expansion of A_alpha summed exactly with mpmath at 60 significant digits
    (no logarithms, no cancellation);
  * fractional orders: A_alpha = E_{z ~ N(0, s^2)} [((1 - q) + q exp((2z - 1) / (2 s^2)))^alpha]
    computed by adaptive tanh-sinh quadrature (mpmath.quad) at 40 digits -- the definition, not a series;
  * RDP(alpha) = log(A_alpha) / (alpha - 1); epsilon by the conversion of Balle et al. (2020) as in
    Google dp_accounting's compute_epsilon (minimum over orders > 1.01, KL rule for tiny RDP);
  * noise multiplier for a target epsilon: mpmath.findroot (secant) on the restricted set of orders around
    the optimum, then checked against the full order list.

Requires mpmath (tested with mpmath 1.3.0 on Python 3.11; Debian: apt-get install python3-mpmath).
Run:  python3 dpcgan-privacy/src/test/scripts/rdp_reference.py > dpcgan-privacy/src/test/scripts/rdp_reference.out
The output is committed next to this script; RdpAccountantReferenceTest cites it line by line.
"""
import mpmath as mp

mp.mp.dps = 40

DEFAULT_ORDERS = ([1 + mp.mpf(x) / 10 for x in range(1, 100)] + [mp.mpf(a) for a in range(11, 64)]
                  + [mp.mpf(a) for a in (128, 256, 512, 1024)])
OPACUS_ORDERS = [1 + mp.mpf(x) / 10 for x in range(1, 100)] + [mp.mpf(a) for a in range(12, 64)]


def log_a_int(q, s, alpha):
    alpha = int(alpha)
    with mp.workdps(60):
        q, s = mp.mpf(q), mp.mpf(s)
        total = mp.mpf(0)
        for i in range(alpha + 1):
            total += mp.binomial(alpha, i) * q**i * (1 - q)**(alpha - i) * mp.exp((i * i - i) / (2 * s * s))
        return mp.log(total)


def log_a_quad(q, s, alpha):
    q, s, alpha = mp.mpf(q), mp.mpf(s), mp.mpf(alpha)

    def f(z):
        return mp.npdf(z, 0, s) * ((1 - q) + q * mp.exp((2 * z - 1) / (2 * s * s)))**alpha

    points = sorted({-mp.inf, -12 * s, mp.mpf(0), mp.mpf(0.5), mp.mpf(1), alpha, alpha + 12 * s, mp.inf})
    return mp.log(mp.quad(f, points, maxdegree=10))


def rdp(q, s, alpha):
    q, s, alpha = mp.mpf(q), mp.mpf(s), mp.mpf(alpha)
    if q == 1:
        return alpha / (2 * s * s)
    if alpha == int(alpha):
        return log_a_int(q, s, alpha) / (alpha - 1)
    return log_a_quad(q, s, alpha) / (alpha - 1)


def epsilon_from_rdp(orders, rdps, delta):
    delta = mp.mpf(delta)
    best, best_order = mp.inf, None
    for a, r in zip(orders, rdps):
        if delta**2 + mp.expm1(-r) > 0:
            e = mp.mpf(0)
        elif a > mp.mpf('1.01'):
            e = r + mp.log1p(-1 / a) - mp.log(delta * a) / (a - 1)
        else:
            e = mp.inf
        if e < best:
            best, best_order = e, a
    return max(mp.mpf(0), best), best_order


def epsilon(q, s, steps, delta, orders):
    rdps = [steps * rdp(q, s, a) for a in orders]
    return epsilon_from_rdp(orders, rdps, delta)


def fmt_order(a):
    return mp.nstr(a, 6)


def main():
    print("# dpcgan-privacy RDP reference values (mpmath %s, dps %d); see rdp_reference.py" % (mp.__version__, mp.mp.dps))
    print("# rdp q sigma order value")
    rdp_points = [
        ("0.01", "1.0", "2"), ("0.01", "1.0", "1.5"), ("0.01", "1.0", "3.7"), ("0.01", "1.0", "32"),
        ("0.04", "1.5", "2.5"), ("0.04", "1.5", "10.9"), ("0.04", "1.5", "63"),
        ("0.001", "0.5", "1.1"), ("0.001", "0.5", "7.3"), ("0.001", "0.5", "20"), ("0.001", "0.5", "256"),
        ("0.000001", "0.3", "1.5"), ("0.000001", "0.3", "5.5"), ("0.000001", "0.3", "1024"),
        ("0.5", "2.0", "4.4"), ("0.5", "2.0", "128"),
        ("0.0025", "100", "1.2"), ("0.0025", "100", "1024"),
        ("0.9", "0.8", "2.3"), ("0.9", "0.8", "40"),
    ]
    for q, s, a in rdp_points:
        print("rdp %s %s %s %s" % (q, s, a, mp.nstr(rdp(q, s, a), 20)))
    print("# epsilon q sigma steps delta orders value optimal_order")
    eps_points = [
        ("0.0025", "1.3", 6000, "1e-5", "default"),
        ("0.001", "1.0", 30000, "1e-7", "default"),
        ("0.04", "1.5", 2250, "1e-5", "opacus"),
        ("0.01", "1.1", 100000, "1e-5", "default"),
        ("0.000001", "0.8", 10000000, "1e-6", "default"),
        ("0.2", "3.0", 500, "1e-6", "default"),
        ("1", "5.0", 100, "1e-5", "default"),
        ("0.015", "0.6", 3000, "1e-6", "default"),
    ]
    for q, s, t, d, which in eps_points:
        orders = DEFAULT_ORDERS if which == "default" else OPACUS_ORDERS
        e, a = epsilon(q, s, t, d, orders)
        print("epsilon %s %s %d %s %s %s %s" % (q, s, t, d, which, mp.nstr(e, 20), fmt_order(a)))
    print("# noise q steps delta target_epsilon orders sigma optimal_order")
    noise_points = [("0.04", 2250, "1e-5", "8", "opacus"), ("0.01", 10000, "1e-6", "1", "default")]
    for q, t, d, target, which in noise_points:
        orders = DEFAULT_ORDERS if which == "default" else OPACUS_ORDERS
        guess = mp.mpf("1.4") if which == "opacus" else mp.mpf("1.0")
        _, a0 = epsilon(q, guess, t, d, orders)
        k = orders.index(a0)
        subset = orders[max(0, k - 6):k + 7]
        g = lambda s: epsilon(q, s, t, d, subset)[0] - mp.mpf(target)
        root = mp.findroot(g, (guess, guess * mp.mpf("1.02")), solver="secant", tol=mp.mpf(10)**-25)
        e_full, a_full = epsilon(q, root, t, d, orders)
        assert abs(e_full - mp.mpf(target)) < mp.mpf(10)**-15, (e_full, a_full)
        print("noise %s %d %s %s %s %s %s" % (q, t, d, target, which, mp.nstr(root, 20), fmt_order(a_full)))


if __name__ == "__main__":
    main()
