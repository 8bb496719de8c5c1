package org.dpcgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.AtomicFiles;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.PrivacyAudit;
import org.dpcgan.core.synth.Synthesizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code dpcgan audit}: checks the guarantee a DP fit of a table would claim, through the code the fit runs
 * ({@link PrivacyAudit}): the sensitivity of the real DP critic step to hard canary rows, and a one-run empirical ε
 * lower bound with a measurement of the noise. Exits with status 1 when a check fails.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Audit the differential privacy of a fit of a table: the change one canary row makes to the real DP critic"
          + " step's clipped sum (must be at most C), and a one-run empirical epsilon lower bound and noise"
          + " measurement of a whole fit with gradient canaries (must not exceed the claimed epsilon; must not fall"
          + " below the claimed sigma). Exits with status 1 when a check fails.",
      "Takes about as long as the fit it audits."
    })
final class AuditCommand implements Callable<Integer> {
  /** Exit status of a failed audit. */
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "F", description = "The table: CSV, CSV.gz or Parquet (by extension).")
  Path data;

  @Option(names = "--columns", required = true, paramLabel = "SIDECAR",
      description = "Sidecar schema with the public bounds and levels a DP fit needs.")
  Path columns;

  @Option(names = "--epsilon", required = true, paramLabel = "E", description = "The fit's target epsilon.")
  double epsilon;

  @Option(names = "--delta", paramLabel = "D", description = "Delta (default: min(1e-5, 1/(10 rows))).")
  Double delta;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
      description = "Epochs of the audited fit (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "B",
      description = "Expected rows per critic step (default: 500 or half the rows, whichever is fewer).")
  Integer batchSize;

  @Option(names = "--clip-norm", paramLabel = "C", description = "L2 bound of each row's critic gradient (default: 1).")
  Double clipNorm;

  @Option(names = "--conditioning", paramLabel = "single|pair", description = "Conditions (default: pair).")
  String conditioning;

  @Option(names = "--discriminator-widths", split = ",", paramLabel = "W",
      description = "Widths of the critic's hidden layers (default: 256,256).")
  int[] discriminatorWidths;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the fit's public streams.")
  Long seed;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "" + PrivacyAudit.DEFAULT_STEPS,
      description = "Steps of the sensitivity audit (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--canaries", paramLabel = "M", defaultValue = "" + PrivacyAudit.DEFAULT_CANARIES,
      description = "Gradient canaries of the one-run audit, at least 200 (default: ${DEFAULT-VALUE}, at most half the"
          + " critic's parameters).")
  int canaries;

  @Option(names = "--confidence", paramLabel = "P", defaultValue = "" + PrivacyAudit.CONFIDENCE,
      description = "Confidence of the one-run bounds, in (0, 1) (default: ${DEFAULT-VALUE}): each one-run check fails"
          + " a correct fit with probability at most 1 - P.")
  double confidence;

  @Option(names = "--out", paramLabel = "F.json",
      description = "Also write the result as JSON (for 'dpcgan evaluate --audit F.json').")
  Path out;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() {
    Path target = new OutputFiles().input("--data", data).input("--columns", columns).output("--out", out);
    FitCommand.checkEpochs(epochs);
    OptionChecks.finitePositive("--epsilon", epsilon);
    OptionChecks.finitePositive("--clip-norm", clipNorm);
    OptionChecks.openUnit("--delta", delta, " (typically well below 1/rows)");
    OptionChecks.openUnit("--confidence", confidence, " (e.g. 0.95 or 0.999)");
    if (steps < 1 || canaries < 200) {
      throw new IllegalArgumentException("--steps must be >= 1 and --canaries >= 200. Provided values: " + steps
          + ", " + canaries);
    }
    Schema schema = Schema.fromSidecar(columns);
    Synthesizer.Builder b = FitCommand.common(Synthesizer.dpCgan(), epochs, seed, conditioning).epsilon(epsilon)
        .schema(schema);
    if (delta != null) {
      b.delta(delta);
    }
    if (batchSize != null) {
      FitCommand.checkBatch(1, batchSize);
      b.batchSize(batchSize);
    }
    if (clipNorm != null) {
      b.clipNorm(clipNorm);
    }
    if (discriminatorWidths != null) {
      b.discriminatorWidths(discriminatorWidths);
    }
    Synthesizer synthesizer = b.build();
    Table table = Tables.read(data, schema);
    spec.commandLine().getErr().println("dpcgan audit: the sensitivity of the DP step over " + steps + " steps, then"
        + " a whole fit of " + epochs + " epochs with gradient canaries...");
    PrivacyAudit.Report report = PrivacyAudit.run(synthesizer, table, steps, canaries, confidence);
    if (target != null) {
      try {
        AtomicFiles.write(target, (JsonOutput.string(report.toMap()) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(stdout, report.toMap());
    } else {
      stdout.printf(Locale.ROOT, "sensitivity   %.6f C at most, over %d steps and %d canary rows: %s%n",
          report.maxRatio(), report.steps(), report.canaryRows(), report.sensitivityHolds() ? "holds (<= C)"
              : "FAILS: one row moved the clipped sum by more than C");
      stdout.printf(Locale.ROOT, "one run       ε ≥ %.3f at %.0f%% confidence (%d of %d guesses right, %d canaries)"
          + " against the claimed ε = %.4g: %s%n", report.empirical().epsilonLowerBound(),
          100 * report.empirical().confidence(), report.empirical().correct(), report.empirical().guesses(),
          report.empirical().canaries(), report.claimedEpsilon(), report.lowerBoundHolds() ? "holds" : "FAILS");
      stdout.printf(Locale.ROOT, "noise         σ measured %.4g (at most %.4g at %.0f%% confidence) against the"
          + " claimed σ = %.4g: %s%n", report.empirical().noiseMultiplier(), report.empirical().noiseMultiplierUpper(),
          100 * report.empirical().confidence(), report.claimedNoiseMultiplier(), report.noiseHolds() ? "holds"
              : "FAILS: the steps add less noise than the accountant charges for");
      stdout.println(report.passed() ? "The audit passed." : "The audit FAILED.");
      stdout.flush();
    }
    return report.passed() ? 0 : FAILED;
  }
}
