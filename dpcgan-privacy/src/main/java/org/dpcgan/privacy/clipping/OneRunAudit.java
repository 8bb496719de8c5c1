package org.dpcgan.privacy.clipping;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A privacy audit of DP-SGD from one training run (Steinke, Nasr and Jagielski, "Privacy Auditing with One (1)
 * Training Run", NeurIPS 2023), with canaries in gradient space: m canaries, each a member of the training data
 * with probability ½ (decided once, secretly). A member canary is an example whose clipped gradient is C on an
 * audit coordinate of its own (a Dirac canary of norm C, which clipping leaves as it is). The audit coordinates
 * are appended, for the auditor only, to each step's clipped sum: like every example a member joins each step's
 * Poisson sample with probability q, and the step's noise call adds N(0, σ²C²) to them as to the model's
 * coordinates; they receive no real gradient and feed nothing back into the model. After training, each canary's
 * score is the sum over steps of its coordinate; the auditor guesses "member" for the k highest scores and "not a
 * member" for the k lowest, and abstains on the rest.
 *
 * <p>If the training is (ε, δ)-DP, the number of correct guesses W among r = 2k satisfies (the paper's Theorem 3.3)
 * {@code P[W ≥ v] ≤ P[Bin(r, p_ε) ≥ v] + 2mδ·max_{1≤i≤v} P[v > Bin(r, p_ε) ≥ v − i] / i} with
 * {@code p_ε = e^ε / (1 + e^ε)}. The lower bound reported is the largest ε rejected at the confidence asked for,
 * over four preset guess counts k ∈ {m/200, m/100, m/50, m/20} (a Bonferroni correction for the choice). It is a
 * lower bound on the privacy loss the implementation really has: above the claimed ε, the claim is false.
 *
 * <p>The threshold bound is loose: for DP-SGD it reaches about half the true ε, too little to notice noise that is,
 * say, half the claimed σ. The audit therefore also measures the noise: a non-member canary's score is the sum of
 * T draws of the noise the steps add (nothing else reaches its coordinate), so the scores' variance over the
 * non-members, against a χ² quantile, gives an exact upper confidence bound on σ; below the claimed σ, the steps add
 * less noise than the accountant charges for.
 *
 * <p>Not thread-safe. The per-canary membership and scores are never logged.
 */
public final class OneRunAudit {
  private static final int[] GUESS_DIVISORS = {200, 100, 50, 20};

  private final boolean[] member;
  private final double[] score;
  private final RandomGenerator random;
  private long steps;
  private double clipNorm = Double.NaN;

  private OneRunAudit(boolean[] member, RandomGenerator random) {
    this.member = member;
    this.score = new double[member.length];
    this.random = random;
  }

  /** No canaries: an aggregator's steps without an audit. */
  public static OneRunAudit none() {
    return new OneRunAudit(new boolean[0], null);
  }

  /**
   * {@code canaries} canaries with membership and per-step inclusion drawn from {@code random}, which must be
   * unpredictable to whoever trains (e.g. {@link java.security.SecureRandom}).
   *
   * @throws IllegalArgumentException when there are fewer than 200 canaries
   */
  public static OneRunAudit of(int canaries, RandomGenerator random) {
    if (random == null) {
      throw new IllegalArgumentException("a one-run audit needs a random source");
    }
    if (canaries < 200) {
      throw new IllegalArgumentException("a one-run audit needs at least 200 canaries. Provided value: " + canaries);
    }
    boolean[] member = new boolean[canaries];
    for (int k = 0; k < canaries; k++) {
      member[k] = random.nextBoolean();
    }
    return new OneRunAudit(member, random);
  }

  /** Whether this audit has canaries (a step then has audit coordinates). */
  boolean active() {
    return member.length > 0;
  }

  /**
   * The step's audit coordinates before the noise: C for each member canary this step's Poisson sample takes, 0
   * elsewhere ([m], DOUBLE).
   */
  INDArray coordinates(double samplingRate, double clipNorm) {
    this.clipNorm = clipNorm;
    double[] values = new double[member.length];
    for (int k = 0; k < member.length; k++) {
      if (member[k] && random.nextDouble() < samplingRate) {
        values[k] = clipNorm;
      }
    }
    return Nd4j.createFromArray(values);
  }

  /** Adds the step's noisy audit coordinates (before the division by the expected batch) to the scores. */
  void observe(INDArray noisyCoordinates) {
    double[] values = noisyCoordinates.toDoubleVector();
    for (int k = 0; k < member.length; k++) {
      score[k] += values[k];
    }
    steps++;
  }

  /**
   * The audit's outcome: the guesses, how many were right, and the ε lower bound at {@code confidence} for the
   * claimed {@code delta}.
   *
   * @param delta the δ of the guarantee audited, in [0, 1)
   * @param confidence in (0, 1), e.g. 0.95
   */
  public Result result(double delta, double confidence) {
    if (!(delta >= 0 && delta < 1) || !(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("delta must be in [0, 1) and confidence in (0, 1). Provided values: " + delta
          + ", " + confidence);
    }
    int m = member.length;
    Integer[] order = new Integer[m];
    for (int k = 0; k < m; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double alpha = (1 - confidence) / GUESS_DIVISORS.length;
    double[] noise = noiseMultiplier(confidence);
    Result best = new Result(m, 0, 0, 0, confidence, noise[0], noise[1]);
    for (int divisor : GUESS_DIVISORS) {
      int k = Math.max(1, m / divisor);
      int correct = 0;
      for (int i = 0; i < k; i++) {
        correct += member[order[m - 1 - i]] ? 1 : 0;   // guessed a member
        correct += member[order[i]] ? 0 : 1;           // guessed not a member
      }
      double epsilon = epsilonLowerBound(m, 2 * k, correct, delta, alpha);
      if (epsilon > best.epsilonLowerBound() || best.guesses() == 0) {
        best = new Result(m, 2 * k, correct, epsilon, confidence, noise[0], noise[1]);
      }
    }
    return best;
  }

  /**
   * σ estimated from the non-member canaries' scores (sd / (C·√T)) and its upper confidence bound (the scores' sum of
   * squares over a χ² quantile, exact: each score is a sum of T noise draws); NaN when nothing was observed.
   */
  private double[] noiseMultiplier(double confidence) {
    int n = 0;
    double mean = 0;
    for (int k = 0; k < member.length; k++) {
      if (!member[k]) {
        n++;
        mean += (score[k] - mean) / n;
      }
    }
    if (n < 2 || steps == 0 || Double.isNaN(clipNorm)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double sumSquares = 0;
    for (int k = 0; k < member.length; k++) {
      if (!member[k]) {
        sumSquares += (score[k] - mean) * (score[k] - mean);
      }
    }
    double lowerQuantile = new ChiSquaredDistribution(null, n - 1).inverseCumulativeProbability(1 - confidence);
    double scale = clipNorm * Math.sqrt(steps);
    return new double[] {Math.sqrt(sumSquares / (n - 1)) / scale, Math.sqrt(sumSquares / lowerQuantile) / scale};
  }

  /** The canaries that are members (for tests; never log it). */
  int members() {
    int n = 0;
    for (boolean b : member) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** The largest ε at which {@code correct} of {@code guesses} right guesses have a p-value below {@code alpha}. */
  static double epsilonLowerBound(int canaries, int guesses, int correct, double delta, double alpha) {
    if (pValue(canaries, guesses, correct, 0, delta) >= alpha) {
      return 0;
    }
    double low = 0;
    double high = 1;
    while (pValue(canaries, guesses, correct, high, delta) < alpha) {
      low = high;
      high *= 2;
      if (high > 1e3) {
        return Double.POSITIVE_INFINITY;
      }
    }
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (pValue(canaries, guesses, correct, mid, delta) < alpha) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The bound on P[W ≥ v] of an (ε, δ)-DP training with m canaries and r guesses (see the class comment). */
  static double pValue(int m, int r, int v, double epsilon, double delta) {
    if (v <= 0) {
      return 1;
    }
    double p = 1 / (1 + Math.exp(-epsilon));
    BinomialDistribution binomial = new BinomialDistribution(null, r, p);
    double beta = 1 - binomial.cumulativeProbability(v - 1);
    double alpha = 0;
    double window = 0;   // P[v > Bin ≥ v − i]
    for (int i = 1; i <= v; i++) {
      window += binomial.probability(v - i);
      alpha = Math.max(alpha, window / i);
    }
    return Math.min(1, beta + 2 * m * delta * alpha);
  }

  /**
   * A one-run audit's outcome.
   *
   * @param canaries m
   * @param guesses r, the canaries guessed (the rest abstained on)
   * @param correct the right guesses
   * @param epsilonLowerBound the ε the training cannot be below, at {@code confidence}; 0 when nothing is shown
   * @param confidence the confidence of the bounds
   * @param noiseMultiplier σ measured from the non-member canaries (the real rows' gradients can only inflate it)
   * @param noiseMultiplierUpper its upper confidence bound: below the claimed σ, the step adds too little noise
   */
  public record Result(int canaries, int guesses, int correct, double epsilonLowerBound, double confidence,
      double noiseMultiplier, double noiseMultiplierUpper) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "ε ≥ %.3f (%.0f%% confidence; %d of %d guesses right, %d canaries),"
          + " σ measured %.4g (at most %.4g)", epsilonLowerBound, 100 * confidence, correct, guesses, canaries,
          noiseMultiplier, noiseMultiplierUpper);
    }
  }

  @Override
  public String toString() {
    return "OneRunAudit[" + member.length + " canaries]";
  }

  /** The number of canaries. */
  public int canaries() {
    return member.length;
  }

}
