#!/usr/bin/env python3
"""Independent reference values for dpcgan-eval's analysis comparison and pMSE.

Data: src/test/resources/analysis/real.csv (240 rows) and synthetic.csv (180 rows), Adult-like columns
(age, education-num, sex, race, hours-per-week with a few missing values, income). They were written once by
`--write-data` below (numpy default_rng(20240607)); the committed CSVs are the source of truth.

Method (independent of the Java code, which uses commons-math3 QR for OLS and its own Fisher scoring):
  * linear:   statsmodels OLS (QR / pinv), classical standard errors sqrt(diag(s^2 (X'X)^-1)), s^2 = RSS/(n-p);
  * logistic: statsmodels Logit (Newton), standard errors from the inverse Hessian at the optimum;
  * design:   rows with a missing model value dropped; categorical predictors dummy-coded against the most
              frequent level of the real rows used (ties: first in sorted order), one dummy per other level in
              sorted order, named "column=level"; the logistic event is the second outcome level in sorted order;
  * interval: Wald, beta +- z se with z = scipy.stats.norm.ppf(0.975), as synthpop's compare.fit.synds;
  * CI overlap (Karr et al. 2006; synthpop overlap.CI): 0.5 * ((U-L)/(u_r-l_r) + (U-L)/(u_s-l_s)),
              L = max(l_r, l_s), U = min(u_r, u_s);
  * std. difference: |b_s - b_r| / se_r (synthpop "Std. coef diff", absolute value);
  * pMSE (Woo et al. 2009; Snoke et al. 2018): real rows stacked over synthetic rows, indicator 1 = synthetic,
              statsmodels Logit on the main effects of every column (numeric as is, a missing value replaced by the
              column mean plus a missing indicator; categorical dummies), pMSE = mean((p - c)^2), c = n_s / N,
              expected = k (1 - c)^2 c / N with k the number of non-intercept parameters, S_pMSE = pMSE / expected.

Requires numpy, scipy, pandas, statsmodels (tested with Debian 12's python3-statsmodels 0.13.5, numpy 1.24.2,
scipy 1.10.1, pandas 1.5.3).
Run:  /usr/bin/python3 dpcgan-eval/src/test/scripts/analysis_reference.py > dpcgan-eval/src/test/scripts/analysis_reference.out
The output is committed next to this script; AnalysisReferenceTest reads it line by line.
"""
import os
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from scipy.stats import norm

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "resources", "analysis")
MODELS = [
    ("hours-per-week ~ age + education-num + sex + race", "linear"),
    ("income ~ age + education-num + sex", "logistic"),
]
Z = norm.ppf(0.975)


def write_data():
    rng = np.random.default_rng(20240607)

    def table(n, sex_effect, missing):
        age = np.clip(np.round(rng.normal(40, 12, n)), 17, 90)
        edu = rng.integers(1, 17, n).astype(float)
        sex = np.where(rng.random(n) < 0.65, "Male", "Female")
        race = rng.choice(["White", "Black", "Other"], n, p=[0.75, 0.15, 0.10])
        male = (sex == "Male").astype(float)
        hours = np.round(20 + 0.15 * age + 0.9 * edu + sex_effect * male + rng.normal(0, 8, n))
        hours[rng.choice(n, missing, replace=False)] = np.nan
        eta = -7.5 + 0.06 * age + 0.3 * edu + 0.5 * sex_effect / 4 * male
        income = np.where(rng.random(n) < 1 / (1 + np.exp(-eta)), ">50K", "<=50K")
        return pd.DataFrame({"age": age, "education-num": edu, "sex": sex, "race": race,
                             "hours-per-week": hours, "income": income})

    os.makedirs(DATA, exist_ok=True)
    table(240, 4.0, 5).to_csv(os.path.join(DATA, "real.csv"), index=False, float_format="%.0f")
    table(180, 1.0, 4).to_csv(os.path.join(DATA, "synthetic.csv"), index=False, float_format="%.0f")


def read(name):
    return pd.read_csv(os.path.join(DATA, name), keep_default_na=False, na_values=[""])


def design(df, outcome, predictors, reference, levels):
    cols, names = [], []
    for p in predictors:
        if df[p].dtype == object:
            for level in levels[p]:
                cols.append((df[p] == level).astype(float).to_numpy())
                names.append(f"{p}={level}")
        else:
            cols.append(df[p].astype(float).to_numpy())
            names.append(p)
    x = sm.add_constant(np.column_stack(cols), has_constant="add")
    return x, ["(Intercept)"] + names


def fit(formula, family, real, syn):
    outcome, rhs = [s.strip() for s in formula.split("~")]
    predictors = [s.strip() for s in rhs.split(" + ")]
    used = [outcome] + predictors
    real = real.dropna(subset=used)
    syn = syn.dropna(subset=used)
    reference, levels = {}, {}
    for p in predictors:
        if real[p].dtype == object:
            counts = real[p].value_counts()
            top = counts.max()
            reference[p] = sorted(l for l, c in counts.items() if c == top)[0]
            levels[p] = sorted(l for l in counts.index if l != reference[p])
    xr, names = design(real, outcome, predictors, reference, levels)
    xs, _ = design(syn, outcome, predictors, reference, levels)
    if family == "linear":
        fr = sm.OLS(real[outcome].to_numpy(float), xr).fit()
        fs = sm.OLS(syn[outcome].to_numpy(float), xs).fit()
    else:
        event = sorted(real[outcome].unique())[1]
        fr = sm.Logit((real[outcome] == event).to_numpy(float), xr).fit(disp=0, tol=1e-12, maxiter=100)
        fs = sm.Logit((syn[outcome] == event).to_numpy(float), xs).fit(disp=0, tol=1e-12, maxiter=100)
    print(f"# model {family} '{formula}' real_rows {len(real)} synthetic_rows {len(syn)} reference {reference}")
    print("# term name b_real se_real b_syn se_syn ci_overlap std_difference sign_agrees significance_agrees")
    for j, name in enumerate(names):
        br, sr, bs, ss = fr.params[j], fr.bse[j], fs.params[j], fs.bse[j]
        lr, ur, ls, us = br - Z * sr, br + Z * sr, bs - Z * ss, bs + Z * ss
        lo, hi = max(lr, ls), min(ur, us)
        overlap = 0.5 * ((hi - lo) / (ur - lr) + (hi - lo) / (us - ls))
        std = abs(bs - br) / sr
        sign = np.sign(br) == np.sign(bs)
        sig = (abs(br / sr) > Z) == (abs(bs / ss) > Z)
        print(f"term {family} {name} {br:.15g} {sr:.15g} {bs:.15g} {ss:.15g} {overlap:.15g} {std:.15g} "
              f"{str(sign).lower()} {str(sig).lower()}")


def pmse(real, syn):
    both = pd.concat([real, syn], ignore_index=True)
    t = np.r_[np.zeros(len(real)), np.ones(len(syn))]
    cols = []
    for name in both.columns:
        v = both[name]
        if v.dtype == object:
            counts = v.fillna("(missing)").value_counts()
            top = counts.max()
            reference = sorted(l for l, c in counts.items() if c == top)[0]
            assert counts.min() >= 20, "the Java code pools levels seen fewer than 20 times"
            for level in sorted(counts.index):
                if level != reference:
                    cols.append((v.fillna("(missing)") == level).astype(float).to_numpy())
        else:
            missing = v.isna().to_numpy()
            cols.append(np.where(missing, v.mean(), v).astype(float))
            if missing.any():
                cols.append(missing.astype(float))
    x = sm.add_constant(np.column_stack(cols), has_constant="add")
    f = sm.Logit(t, x).fit(disp=0, tol=1e-12, maxiter=100)
    p = f.predict(x)
    n = len(t)
    c = len(syn) / n
    k = x.shape[1] - 1
    value = np.mean((p - c) ** 2)
    expected = k * (1 - c) ** 2 * c / n
    print("# pmse value expected s_pmse k real_rows synthetic_rows")
    print(f"pmse {value:.15g} {expected:.15g} {value / expected:.15g} {k} {len(real)} {len(syn)}")


def main():
    if "--write-data" in sys.argv:
        write_data()
        return
    real, syn = read("real.csv"), read("synthetic.csv")
    print(f"# dpcgan-eval analysis reference values (statsmodels {statsmodels.__version__}, numpy {np.__version__},"
          f" pandas {pd.__version__}); see analysis_reference.py")
    for formula, family in MODELS:
        fit(formula, family, real, syn)
    pmse(real, syn)


if __name__ == "__main__":
    main()
