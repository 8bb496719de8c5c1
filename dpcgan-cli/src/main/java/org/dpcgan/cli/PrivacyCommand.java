package org.dpcgan.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.CalibratedNoise;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.EpsilonDelta;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.accounting.PrivacyAccountant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code dpcgan privacy epsilon|noise}: the accountant of DP-SGD from the shell (DESIGN.md §5). Each step is a
 * Poisson-subsampled Gaussian with sampling rate q and noise multiplier σ; {@code --accountant pld} (default) uses the
 * privacy loss distribution, {@code rdp} Rényi DP with the Balle et al. (2020) conversion over the default orders.
 */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    description = "Privacy accounting for DP-SGD (the Poisson-subsampled Gaussian; PLD or RDP accountant).",
    subcommands = {PrivacyCommand.Epsilon.class, PrivacyCommand.Noise.class})
final class PrivacyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing sub-command: epsilon or noise.");
  }

  /** The accountant named by --accountant, with the option's name in the error. */
  private static PrivacyAccountant accountant(String name) {
    if (!Accountants.NAMES.contains(name)) {
      throw new IllegalArgumentException("--accountant must be one of " + String.join(", ", Accountants.NAMES)
          + ". Provided value: " + name);
    }
    return Accountants.forName(name);
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

    @Option(names = "--accountant", paramLabel = "pld|rdp", defaultValue = "pld",
        description = "The accountant: pld (privacy loss distribution, tight) or rdp (Renyi DP) (default:"
            + " ${DEFAULT-VALUE}).")
    String accountant;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      PrivacyAccountant chosen = accountant(accountant);
      requireSamplingRate(samplingRate);
      if (!(Double.isFinite(noiseMultiplier) && noiseMultiplier > 0)) {
        throw new IllegalArgumentException(
            "--noise-multiplier must be finite and > 0. Provided value: " + noiseMultiplier);
      }
      requireSteps(steps);
      requireDelta(delta);
      EpsilonDelta s = chosen.compose(DpEvent.dpSgd(samplingRate, noiseMultiplier, steps)).epsilon(delta);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epsilon", s.epsilon());
        m.put("delta", s.delta());
        if (!Double.isNaN(s.order())) {
          m.put("order", s.order());
        }
        m.put("accountant", chosen.name());
        JsonOutput.print(out, m);
      } else {
        out.printf(Locale.ROOT, "epsilon = %.6g at delta = %s (%s; %d steps, q = %s, sigma = %s)%n", s.epsilon(),
            s.delta(), Double.isNaN(s.order()) ? "PLD accountant" : "RDP accountant, order " + s.order(), steps,
            samplingRate, noiseMultiplier);
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

    @Option(names = "--accountant", paramLabel = "pld|rdp", defaultValue = "pld",
        description = "The accountant: pld (privacy loss distribution, tight) or rdp (Renyi DP) (default:"
            + " ${DEFAULT-VALUE}).")
    String accountant;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      PrivacyAccountant chosen = accountant(accountant);
      requireSamplingRate(samplingRate);
      requireSteps(steps);
      requireDelta(delta);
      if (!(Double.isFinite(targetEpsilon) && targetEpsilon > 0)) {
        throw new IllegalArgumentException("--target-epsilon must be finite and > 0. Provided value: " + targetEpsilon);
      }
      CalibratedNoise c = NoiseCalibration.withDefaults().withAccountant(chosen)
          .noiseMultiplier(targetEpsilon, delta, samplingRate, steps);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise_multiplier", c.noiseMultiplier());
        m.put("epsilon", c.spent().epsilon());
        m.put("accountant", chosen.name());
        JsonOutput.print(out, m);
      } else {
        out.printf(Locale.ROOT, "noise multiplier = %.7g (epsilon = %.6g <= %s at delta = %s; %d steps, q = %s; %s"
            + " accountant)%n", c.noiseMultiplier(), c.spent().epsilon(), targetEpsilon, delta, steps, samplingRate,
            chosen.name().toUpperCase(Locale.ROOT));
        out.flush();
      }
      return 0;
    }
  }
}
