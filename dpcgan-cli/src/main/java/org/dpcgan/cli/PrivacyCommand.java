package org.dpcgan.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dpcgan.privacy.accounting.CalibratedNoise;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.accounting.PrivacySpent;
import org.dpcgan.privacy.accounting.RdpAccountant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dpcgan privacy epsilon|noise}: the RDP accountant of DP-SGD from the shell (DESIGN.md §5). Each step
 * is a Poisson-subsampled Gaussian with sampling rate q and noise multiplier σ; ε uses the Balle et al. (2020)
 * conversion over the default orders.
 */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    description = "Privacy accounting for DP-SGD (RDP of the Poisson-subsampled Gaussian).",
    subcommands = {PrivacyCommand.Epsilon.class, PrivacyCommand.Noise.class})
final class PrivacyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: epsilon or noise.");
  }

  private static void requireSamplingRate(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("--sampling-rate must be in (0, 1]. Provided value: " + q);
    }
  }

  private static void requireDelta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("--delta must be in (0, 1). Provided value: " + delta);
    }
  }

  private static void requireSteps(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1. Provided value: " + steps);
    }
  }

  /** {@code dpcgan privacy epsilon}: ε spent by T steps of (q, σ) at δ. */
  @Command(name = "epsilon", mixinStandardHelpOptions = true,
      description = "Epsilon spent by DP-SGD: T steps with sampling rate q and noise multiplier sigma, at delta.")
  static final class Epsilon implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--sampling-rate", required = true, description = "Poisson sampling rate q in (0, 1].")
    double samplingRate;

    @Option(names = "--noise-multiplier", required = true, description = "Noise multiplier sigma > 0.")
    double noiseMultiplier;

    @Option(names = "--steps", required = true, description = "Number of steps T >= 1.")
    long steps;

    @Option(names = "--delta", required = true, description = "delta in (0, 1).")
    double delta;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      requireSamplingRate(samplingRate);
      if (!(Double.isFinite(noiseMultiplier) && noiseMultiplier > 0)) {
        throw new IllegalArgumentException(
            "--noise-multiplier must be finite and > 0. Provided value: " + noiseMultiplier);
      }
      requireSteps(steps);
      requireDelta(delta);
      PrivacySpent s = RdpAccountant.withDefaultOrders()
          .compose(DpEvent.dpSgd(samplingRate, noiseMultiplier, steps)).epsilon(delta);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epsilon", s.epsilon());
        m.put("delta", s.delta());
        m.put("order", s.order());
        m.put("accountant", "rdp");
        JsonOutput.print(out, m);
      } else {
        out.printf(Locale.ROOT, "epsilon = %.6g at delta = %s (RDP order %s; %d steps, q = %s, sigma = %s)%n",
            s.epsilon(), s.delta(), s.order(), steps, samplingRate, noiseMultiplier);
        out.flush();
      }
      return 0;
    }
  }

  /** {@code dpcgan privacy noise}: the smallest σ whose T steps at q stay within the target ε at δ. */
  @Command(name = "noise", mixinStandardHelpOptions = true,
      description = "Smallest noise multiplier whose T steps at sampling rate q spend at most the target epsilon.")
  static final class Noise implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--sampling-rate", required = true, description = "Poisson sampling rate q in (0, 1].")
    double samplingRate;

    @Option(names = "--steps", required = true, description = "Number of steps T >= 1.")
    long steps;

    @Option(names = "--delta", required = true, description = "delta in (0, 1).")
    double delta;

    @Option(names = "--target-epsilon", required = true, description = "Target epsilon > 0.")
    double targetEpsilon;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      requireSamplingRate(samplingRate);
      requireSteps(steps);
      requireDelta(delta);
      if (!(Double.isFinite(targetEpsilon) && targetEpsilon > 0)) {
        throw new IllegalArgumentException("--target-epsilon must be finite and > 0. Provided value: " + targetEpsilon);
      }
      CalibratedNoise c = NoiseCalibration.withDefaults().noiseMultiplier(targetEpsilon, delta, samplingRate, steps);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise_multiplier", c.noiseMultiplier());
        m.put("epsilon", c.spent().epsilon());
        JsonOutput.print(out, m);
      } else {
        out.printf(Locale.ROOT, "noise multiplier = %.7g (epsilon = %.6g <= %s at delta = %s; %d steps, q = %s)%n",
            c.noiseMultiplier(), c.spent().epsilon(), targetEpsilon, delta, steps, samplingRate);
        out.flush();
      }
      return 0;
    }
  }
}
