package org.dpcgan.bench;

import java.util.concurrent.TimeUnit;
import org.dpcgan.privacy.accounting.CalibratedNoise;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.EpsilonDelta;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.accounting.RdpAccountant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DESIGN.md §6 accountant targets: ε for 100,000 steps over the default orders in under 5 ms, σ calibration
 * in under 100 ms. The sampling rates are Adult's 500/32561 and a small-batch 0.001.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AccountantBenchmark {

  @Param({"0.015356", "0.001"})
  public double samplingRate;

  @Param({"1.0"})
  public double noiseMultiplier;

  @Setup
  public void checkAgainstReference() {
    // TensorFlow Privacy compute_dp_sgd_privacy_test case1: ε = 0.7242234026109595 (q 0.0025, σ 1.3, 6000
    // steps, δ 1e-5).
    double eps = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.0025, 1.3, 6000)).epsilon(1e-5).epsilon();
    if (Math.abs(eps / 0.7242234026109595 - 1) > 1e-6) {
      throw new IllegalStateException("accountant disagrees with TensorFlow Privacy: " + eps);
    }
    CalibratedNoise c = NoiseCalibration.withDefaults().noiseMultiplier(3.0, 1e-5, samplingRate, 20_000);
    if (!(c.spent().epsilon() <= 3.0)) {
      throw new IllegalStateException("calibration exceeded the target: " + c);
    }
  }

  /** ε after 100,000 Poisson-sampled Gaussian steps over the 156 default orders. */
  @Benchmark
  public EpsilonDelta epsilon100kSteps() {
    return RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(samplingRate, noiseMultiplier, 100_000))
        .epsilon(1e-5);
  }

  /** σ for ε = 3, δ = 1e-5 over 20,000 steps, bisection to 1e-6. */
  @Benchmark
  public CalibratedNoise calibrateNoise() {
    return NoiseCalibration.withDefaults().noiseMultiplier(3.0, 1e-5, samplingRate, 20_000);
  }
}
