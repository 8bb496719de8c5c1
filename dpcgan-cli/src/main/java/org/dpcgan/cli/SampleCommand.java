package org.dpcgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.Condition;
import org.dpcgan.core.synth.TrainedSynthesizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code dpcgan sample}: synthetic rows from a model file, optionally conditioned on discrete columns, written
 * as CSV (DESIGN.md §5). The rows are generated in memory first and the file is written to a temporary file
 * and moved into place, so a failure leaves no partial output.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Generate synthetic rows from a model file and write them as CSV (gzip if the name ends in .gz).")
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file written by 'dpcgan fit'.")
  Path model;

  @Option(names = "--rows", required = true, paramLabel = "N", description = "Number of rows to generate (>= 1).")
  int rows;

  @Option(names = "--condition", paramLabel = "COL=VALUE",
      description = "Every row has COL = VALUE (a discrete column; an empty VALUE means missing). Repeatable:"
          + " one condition for a single-conditioned model, up to two for a pair-conditioned one.")
  List<String> conditions = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the sampling streams (default: the model's training seed, so the output is reproducible).")
  Long seed;

  @Option(names = "--match-marginals",
      description = "Generate twice the rows and keep a weighted half whose discrete columns have the category"
          + " frequencies the model stores (its noisy counts for a DP model: no privacy cost). Unconditional"
          + " sampling only.")
  boolean matchMarginals;

  @Option(names = "--threads", paramLabel = "T",
      description = "Sampling and CSV-formatting threads (>= 1; default: the processors divided by"
          + " OMP_NUM_THREADS). The rows and the file do not depend on it.")
  Integer threads;

  @Option(names = "--out", required = true, paramLabel = "F.csv", description = "CSV file to write (atomically).")
  Path out;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() {
    if (rows < 1) {
      throw new IllegalArgumentException("--rows must be >= 1. Provided value: " + rows);
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1. Provided value: " + threads);
    }
    if (matchMarginals && !conditions.isEmpty()) {
      throw new IllegalArgumentException("--match-marginals applies to unconditional sampling only; it cannot be"
          + " combined with --condition");
    }
    Condition[] parsed = parse(conditions);
    Path target = FitCommand.checkOutput(out, "--out");
    long start = System.nanoTime();
    TrainedSynthesizer synthesizer = TrainedSynthesizer.load(model);
    if (seed != null) {
      synthesizer = synthesizer.withSamplingSeed(seed);
    }
    if (matchMarginals) {
      synthesizer = synthesizer.withMarginalMatching();
    }
    if (threads != null) {
      synthesizer = synthesizer.withSamplingThreads(threads);
    }
    Table table = synthesizer.sample(rows, parsed);
    Tables.writeCsv(table, target, synthesizer.schema(), synthesizer.samplingThreads());   // formatting, too
    double seconds = (System.nanoTime() - start) / 1e9;

    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", table.rowCount());
      m.put("seconds", seconds);
      m.put("out", target.toString());
      JsonOutput.print(stdout, m);
      return 0;
    }
    stdout.printf(Locale.ROOT, "Wrote %d synthetic rows%s to %s in %.2f s.%n", table.rowCount(),
        parsed.length == 0 ? "" : " with " + String.join(", ", conditions), target, seconds);
    if (synthesizer.privacySpent().isEmpty()) {
      stdout.println("The model is NOT differentially private: these rows carry no privacy guarantee.");
    }
    stdout.flush();
    return 0;
  }

  /** {@code COL=VALUE} strings as conditions; the value is everything after the first '=' (may be empty). */
  static Condition[] parse(List<String> specs) {
    Condition[] out = new Condition[specs.size()];
    for (int i = 0; i < out.length; i++) {
      String s = specs.get(i);
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--condition must be COL=VALUE (an empty VALUE means missing). Provided: '"
            + s + "'");
      }
      out[i] = Condition.of(s.substring(0, eq), s.substring(eq + 1));
    }
    return out;
  }
}
