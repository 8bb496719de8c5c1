package org.dpcgan.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.ComputeEnvironment;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.eval.EvaluationReport;
import org.dpcgan.eval.Evaluator;
import org.dpcgan.eval.privacy.RiskEstimate;
import org.dpcgan.eval.utility.UtilityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code dpcgan demo}: the whole job on the bundled UCI Adult sample (DESIGN.md §5). Trains a synthesizer on a
 * random subset of the UCI train split (rows 1–32,561 of {@code data/adult.csv.gz}), samples as many rows,
 * evaluates them against the training subset with a holdout drawn from the UCI test split (rows 32,562+),
 * writes the model, the synthetic table and the reports under {@code ./dpcgan-demo/}, and prints a summary.
 *
 * <p>The model is a differentially private DP-CGAN ({@link Synthesizer#dpCgan()}, ε = 3 by default, the
 * Adult sidecar's bounds and levels declared public) unless {@code --no-dp} asks for the non-private CTGAN;
 * the summary and the reports show the guarantee, or say that there is none.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Fit a synthesizer on the bundled UCI Adult sample, sample, evaluate, print a summary and write"
          + " model.dpcgan, synthetic.csv, losses.png, report.html and report.json under --out-dir.",
      "The model is differentially private (--epsilon, default 3) unless --no-dp is given."
    })
final class DemoCommand implements Callable<Integer> {
  /** Rows 1–32,561 of adult.csv.gz are UCI's train split (adult.data), the rest its test split (adult.test). */
  static final int UCI_TRAIN_ROWS = 32_561;

  private static final String TARGET = "income";
  private static final String DEFAULT_DATA = "adult.csv.gz";
  private static final String DEFAULT_COLUMNS = "adult.columns.csv";
  private static final int MIN_ROWS = 100;
  /** The files the demo writes under --out-dir. */
  private static final List<String> OUTPUTS =
      List.of("model.dpcgan", "synthetic.csv", "losses.png", "report.html", "report.json");

  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "8000",
      description = "Training rows drawn from the UCI train split; the demo samples as many (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
      description = "Training epochs (default: ${DEFAULT-VALUE}; CTGAN's 300 give better quality).")
  int epochs;

  @Option(names = "--epsilon", paramLabel = "E", defaultValue = "3",
      description = "Privacy budget of the DP fit (default: ${DEFAULT-VALUE}); delta is min(1e-5, 1/(10 rows)).")
  double epsilon;

  @Option(names = "--no-dp", description = "Train the non-private CTGAN instead (no privacy guarantee).")
  boolean noDp;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of the subsets, the fit, the sampling and the evaluation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "dpcgan-demo",
      description = "Folder for the files the demo writes (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(names = "--attacks", paramLabel = "N", defaultValue = "300",
      description = "Attacks per privacy risk (default: ${DEFAULT-VALUE}).")
  int attacks;

  @Option(names = "--data", paramLabel = "F",
      description = "The Adult table (default: data/" + DEFAULT_DATA + " in the working directory or the dpcgan folder).")
  Path data;

  @Option(names = "--columns", paramLabel = "SIDECAR",
      description = "Its sidecar schema (default: data/" + DEFAULT_COLUMNS + " beside the default table).")
  Path columns;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    if (rows < MIN_ROWS || rows > UCI_TRAIN_ROWS) {
      throw new IllegalArgumentException("--rows must be in [" + MIN_ROWS + ", " + UCI_TRAIN_ROWS
          + "] (the UCI train split has " + UCI_TRAIN_ROWS + " rows). Provided value: " + rows);
    }
    OptionChecks.finitePositive("--epsilon", epsilon);
    Synthesizer.Builder synthesizer = noDp ? FitCommand.builder(epochs, 500, seed, "single")
        : Synthesizer.dpCgan().epochs(epochs).seed(seed).epsilon(epsilon);   // batch: min(500, rows / 2)
    synthesizer.build();   // checks every setting before any work
    if (attacks < 10) {
      throw new IllegalArgumentException("--attacks must be >= 10. Provided value: " + attacks);
    }
    Path table = data != null ? data : findData(DEFAULT_DATA);
    Path sidecar = columns != null ? columns : table.resolveSibling(DEFAULT_COLUMNS);
    if (!Files.isRegularFile(sidecar)) {
      throw new IllegalArgumentException("cannot find the sidecar schema " + sidecar + "; pass --columns");
    }
    Path dir = outDir.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out-dir must be a directory. Provided: " + outDir + " (a file)");
    }
    OutputFiles outputs = new OutputFiles().input("--data", table).input("--columns", sidecar);
    for (String name : OUTPUTS) {
      outputs.output("--out-dir's " + name, dir.resolve(name));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    Schema schema = Schema.fromSidecar(sidecar);
    Table adult = Tables.readCsv(table, schema);
    if (!adult.columnNames().contains(TARGET) || adult.rowCount() <= UCI_TRAIN_ROWS) {
      throw new IllegalArgumentException("the demo needs the UCI Adult table (rows 1-" + UCI_TRAIN_ROWS
          + " the train split, then the test split, with an 'income' column). Provided: " + table + " with "
          + adult.rowCount() + " rows and columns " + adult.columnNames());
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Table train = adult.rows(subset(0, UCI_TRAIN_ROWS, rows, rng.split()));
    int holdoutRows = Math.min(rows, adult.rowCount() - UCI_TRAIN_ROWS);
    Table holdout = adult.rows(subset(UCI_TRAIN_ROWS, adult.rowCount(), holdoutRows, rng.split()));
    err.printf(Locale.ROOT, "dpcgan demo: UCI Adult, %d training rows (train split), %d holdout rows (test split),"
        + " %d epochs%n", train.rowCount(), holdout.rowCount(), epochs);

    TrainedSynthesizer model;
    try (FitProgress progress = new FitProgress("fit", epochs, err)) {
      model = synthesizer.schema(schema).listener(progress).build().fit(train);
    }
    OutputFiles.createDirectories(dir);
    Path modelFile = dir.resolve(OUTPUTS.get(0));
    model.save(modelFile);
    // Matched to the model's own (for DP: noisy) tables, the default: free post-processing, see docs/synth.md.
    Table synthetic = model.sample(train.rowCount());
    Path syntheticFile = dir.resolve(OUTPUTS.get(1));
    Tables.writeCsv(synthetic, syntheticFile, schema);

    err.println("dpcgan demo: evaluating (fidelity, detection, utility, privacy attacks)...");
    EvaluationReport report = EvaluateCommand.withModelPrivacy(evaluate(train, synthetic, holdout), model);
    Path losses = dir.resolve(OUTPUTS.get(2));
    LossPlot.write(model.lossHistory(), losses);
    Path html = dir.resolve(OUTPUTS.get(3));
    Path json = dir.resolve(OUTPUTS.get(4));
    write(html, report.toHtml());
    write(json, report.toJson());

    printSummary(out, model, report, train.rowCount(), holdout.rowCount(), List.of(modelFile, syntheticFile, losses, html, json),
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private EvaluationReport evaluate(Table train, Table synthetic, Table holdout) {
    return Evaluator.builder().seed(seed).target(TARGET).secret(TARGET).attacks(attacks).build()
        .evaluate(train, synthetic, holdout);
  }

  private void printSummary(PrintWriter out, TrainedSynthesizer model, EvaluationReport r, int trainRows,
      int holdoutRows, List<Path> files, double seconds) {
    var f = r.fidelity();
    out.println();
    out.printf(Locale.ROOT, "dpcgan demo: UCI Adult, %d training rows, %d synthetic rows, %d holdout rows%n",
        trainRows, r.info().syntheticRows(), holdoutRows);
    out.printf(Locale.ROOT, "  model         %s, fit in %.1f s%n", model, model.provenance().fitSeconds());
    out.println("  sampling      matched to the model's tables (noisy under DP; the default of dpcgan sample)");
    out.printf(Locale.ROOT, "  quality       %.3f (column shapes %.3f, column pair trends %.3f)%n", f.qualityScore(),
        f.columnShapesScore(), f.columnPairTrendsScore());
    UtilityReport u = r.utility();
    if (u != null) {
      out.printf(Locale.ROOT, "  utility       '%s' macro F1: trained on synthetic %.3f vs on real %.3f"
          + " (tested on %d %s rows)%n", u.target(), u.trainSynthetic().f1(), u.trainReal().f1(), u.testRows(),
          u.testSource());
    }
    out.println("  privacy risks (95% interval)");
    out.println("    singling out  " + risk(r.privacy().singlingOut()));
    out.println("    linkability   " + risk(r.privacy().linkability()));
    out.println("    inference     " + risk(r.privacy().inference()) + " (secret '" + TARGET + "')");
    out.println(model.privacySpent()
        .map(p -> String.format(Locale.ROOT, "  guarantee     (ε = %.3g, δ = %.2g)-differential privacy per training row"
            + " (%s accountant; bounds, levels and complete columns of data/adult.columns.csv declared public)",
            p.epsilon(), p.delta(),
            p.accountant().toUpperCase(Locale.ROOT)))
        .orElse("  NOT differentially private (--no-dp): the model and the synthetic rows carry no formal privacy"
            + " guarantee."));
    model.warnings().forEach(w -> out.println("  warning       " + w));
    out.println("  files         " + String.join(", ", files.stream().map(Path::toString).toList()));
    out.printf(Locale.ROOT, "  wall time     %.1f s%n", seconds);
    out.println("  computed on   " + ComputeEnvironment.current());
    out.flush();
  }

  private static String risk(RiskEstimate r) {
    return r == null ? "not estimated"
        : String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%d attacks)", r.risk(), r.ciLow(), r.ciHigh(), r.attacks());
  }

  /** {@code k} distinct row indices in {@code [from, to)}, ascending (partial Fisher–Yates shuffle). */
  static int[] subset(int from, int to, int k, SplittableRandom rng) {
    int n = to - from;
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = from + i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = Arrays.copyOf(all, k);
    Arrays.sort(chosen);
    return chosen;
  }

  /**
   * {@code data/<name>} in the working directory, else in the dpcgan folder this class was loaded from (the
   * launcher's repository root: the class comes from {@code <root>/dpcgan-cli/target/dpcgan-cli.jar} or
   * {@code <root>/dpcgan-cli/target/classes}, so the root is at most three levels up).
   */
  static Path findData(String name) {
    Path local = Path.of("data", name);
    if (Files.isRegularFile(local)) {
      return local;
    }
    Path code = codeLocation();
    Path dir = code;
    for (int up = 0; dir != null && up < 4; up++, dir = dir.getParent()) {
      Path candidate = dir.resolve("data").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("cannot find data/" + name + " in the working directory ("
        + Path.of("").toAbsolutePath() + ") or above the dpcgan installation (" + code + "); pass --data and --columns");
  }

  private static Path codeLocation() {
    try {
      var source = DemoCommand.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void write(Path file, String content) {
    try {
      EvaluateCommand.writeAtomically(file, content);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
