package org.dpcgan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.AtomicFiles;
import org.dpcgan.core.data.InputFiles;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Split;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.eval.EvaluationReport;
import org.dpcgan.eval.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code dpcgan sweep}: the privacy–utility trade-off of a table. It fits a DP model at each ε of a list (and, with
 * {@code --no-dp-point}, the non-private CTGAN as a reference), several times per point, samples as many rows as it
 * trained on, evaluates them against the training rows with a holdout the fits never saw, and writes one
 * self-contained HTML page of curves and tables ({@link SweepPage}) and the same figures as JSON ({@link
 * SweepSummary}).
 *
 * <p>An interrupted sweep resumes: each finished run is written atomically to {@code runs/} under the out-dir, and
 * the options every run depends on (the inputs' SHA-256, fit and evaluation settings) to {@code sweep-options.json};
 * a later sweep into the same folder with the same options skips the runs that are there, and one with other
 * options is refused. The grid itself ({@code --epsilons}, {@code --repeats}, {@code --no-dp-point}) may change
 * between invocations: runs of a point are the same experiment whatever the other points are.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Fit at several epsilons (and, with --no-dp-point, without DP), several times each, evaluate every fit on a"
          + " holdout, and write sweep.html (privacy-utility curves: quality, TSTR utility, the analyses' CI overlap,"
          + " the three privacy risks with intervals; tables) and sweep.json under --out-dir.",
      "Each finished run is kept under --out-dir/runs/: a sweep that was interrupted resumes from them when run again"
          + " with the same options; one with other options is refused."
    })
final class SweepCommand implements Callable<Integer> {
  /** The version of the options file and the run files; a change makes earlier sweeps incomparable. */
  static final int FORMAT = 1;
  static final String OPTIONS_FILE = "sweep-options.json";
  static final String RUNS_DIR = "runs";
  private static final double DEFAULT_HOLDOUT_FRACTION = 0.2;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "F", description = "The table: CSV, CSV.gz or Parquet (by extension).")
  Path data;

  @Option(names = "--columns", required = true, paramLabel = "SIDECAR",
      description = "Sidecar schema with the public bounds and levels a DP fit needs.")
  Path columns;

  @Option(names = "--holdout", paramLabel = "F",
      description = "Real rows the fits never see, for the privacy risks and the utility test (same columns).")
  Path holdout;

  @Option(names = "--holdout-fraction", paramLabel = "Q",
      description = "Without --holdout: the share of --data's rows held out at random (default: "
          + DEFAULT_HOLDOUT_FRACTION + ").")
  Double holdoutFraction;

  @Option(names = "--epsilons", required = true, split = ",", paramLabel = "E",
      description = "The privacy budgets to fit at, e.g. 0.5,1,3,10 (each finite and > 0).")
  List<Double> epsilons;

  @Option(names = "--no-dp-point",
      description = "Also fit the non-private CTGAN at each repeat: the utility ceiling, WITHOUT any guarantee.")
  boolean noDpPoint;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
      description = "Fits per point (default: ${DEFAULT-VALUE}); the curves show their mean and each run.")
  int repeats;

  @Option(names = "--epochs", required = true, paramLabel = "N", description = "Epochs of every fit.")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "B",
      description = "Rows per step of every fit (default: a DP fit's adapts to the table, the non-private one's is "
          + FitCommand.DEFAULT_BATCH_SIZE + ").")
  Integer batchSize;

  @Option(names = "--delta", paramLabel = "D", description = "Delta of the DP fits (default: min(1e-5, 1/(10 rows))).")
  Double delta;

  @Option(names = "--match-marginals", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Match the samples to each model's tables (the default, as 'dpcgan sample'; --no-match-marginals"
          + " samples the generator's rows as they come).")
  boolean matchMarginals;

  @Option(names = "--target", paramLabel = "COL", description = "Target column of the utility test (TSTR).")
  String target;

  @Option(names = "--secret", paramLabel = "COL", description = "Secret column of the inference attack (default: the"
      + " target).")
  String secret;

  @Option(names = "--analysis", paramLabel = "FORMULA",
      description = "A regression to compare on real and synthetic rows, e.g. \"income ~ age + sex\"; the curves show"
          + " its mean CI overlap. Repeatable.")
  List<String> analyses = new ArrayList<>();

  @Option(names = "--attacks", paramLabel = "N", defaultValue = "1000",
      description = "Attacks per privacy risk and run (default: ${DEFAULT-VALUE}).")
  int attacks;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of the holdout split, and of each repeat's fits, samples and evaluations (default:"
          + " ${DEFAULT-VALUE}). DP noise comes from the secure source whatever the seed.")
  long seed;

  @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "dpcgan-sweep",
      description = "Folder for sweep.html, sweep.json, " + OPTIONS_FILE + " and the finished runs (default:"
          + " ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(names = "--json", description = "Print sweep.json's object on stdout.")
  boolean json;

  /** A run still to make: point, repeat (from 1) and the file it is written to. */
  private record Pending(SweepPoint point, int repeat, Path file) {}

  @Override
  public Integer call() {
    List<SweepPoint> points = checkOptions();
    Path dir = outDir.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out-dir must be a folder. Provided: " + outDir + " (a file)");
    }
    OutputFiles outputs = new OutputFiles().input("--data", data).input("--columns", columns)
        .input("--holdout", holdout);
    Path htmlFile = outputs.output("--out-dir's sweep.html", dir.resolve("sweep.html"));
    Path jsonFile = outputs.output("--out-dir's sweep.json", dir.resolve("sweep.json"));
    Path optionsFile = outputs.output("--out-dir's " + OPTIONS_FILE, dir.resolve(OPTIONS_FILE));
    Evaluator.Builder evaluation = Evaluator.builder().target(target).secret(secret).attacks(attacks);
    analyses.forEach(evaluation::analysis);
    evaluation.build();   // checks the formulas
    Schema schema = Schema.fromSidecar(columns);
    for (SweepPoint p : points) {
      synthesizer(p, schema, seed).build();   // checks every fit setting before any table is read
    }

    Table all = Tables.read(data, schema);
    Split split = holdout == null ? Tables.split(all, 1 - effectiveHoldoutFraction(), seed)
        : new Split(all, Tables.read(holdout, schema));
    Table train = split.train();
    checkTable(train, split.holdout(), points);

    Map<String, Object> runOptions = runOptions();
    String digest = sha256(JsonOutput.string(runOptions).getBytes(StandardCharsets.UTF_8));
    checkOrWriteOptions(optionsFile, runOptions, digest);

    PrintWriter err = spec.commandLine().getErr();
    long[] seeds = repeatSeeds();
    List<Path> runFiles = new ArrayList<>();
    List<Pending> todo = new ArrayList<>();
    for (int r = 1; r <= repeats; r++) {   // repeat by repeat: an interrupted sweep has whole curves early
      for (SweepPoint p : points) {
        Path file = dir.resolve(RUNS_DIR).resolve(p.fileStem() + "-r" + r + ".json");
        runFiles.add(file);
        if (readRun(file, digest) == null) {
          todo.add(new Pending(p, r, file));
        }
      }
    }
    int total = runFiles.size();
    err.printf(Locale.ROOT, "dpcgan sweep: %d points × %d repeats = %d runs on %d training and %d holdout rows; %s%n",
        points.size(), repeats, total, train.rowCount(), split.holdout().rowCount(), todo.size() == total
            ? "none done yet" : (total - todo.size()) + " done in " + outDir + ", " + todo.size() + " to do");
    for (int i = 0; i < todo.size(); i++) {
      Pending run = todo.get(i);
      err.printf(Locale.ROOT, "dpcgan sweep: run %d of %d%n", total - todo.size() + i + 1, total);
      runOne(run.point(), run.repeat(), seeds[run.repeat() - 1], schema, split, digest, run.file(), err);
    }
    List<JsonNode> runs = runFiles.stream().map(file -> readRun(file, digest)).toList();

    SweepSummary summary = SweepSummary.of(points, runs);
    ObjectNode document = summary.toJson(gridOptions(runOptions), train.rowCount(), split.holdout().rowCount());
    ObjectNode files = document.putObject("files");
    files.put("html", htmlFile.toString());
    files.put("json", jsonFile.toString());
    files.put("runs", dir.resolve(RUNS_DIR).toString());
    document.put("resumed", total - todo.size());
    write(jsonFile, JsonOutput.string(document) + "\n");
    write(htmlFile, SweepPage.html(summary, gridOptions(runOptions), train.rowCount(), split.holdout().rowCount()));

    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(out, document);
    } else {
      out.print(summary.toText());
      out.println("Wrote " + htmlFile + " and " + jsonFile + " (" + total + " runs, " + (total - todo.size())
          + " of them from earlier sweeps into " + outDir + ").");
      out.flush();
    }
    return 0;
  }

  /** The grid's points (ascending ε, then the non-private one), after checking every plain value. */
  private List<SweepPoint> checkOptions() {
    if (epsilons.isEmpty()) {
      throw new IllegalArgumentException("--epsilons needs at least one value");
    }
    Set<Double> seen = new HashSet<>();
    for (double e : epsilons) {
      if (!(e > 0) || Double.isInfinite(e)) {
        throw new IllegalArgumentException("--epsilons must be finite and > 0. Provided value: " + e);
      }
      if (!seen.add(e)) {
        throw new IllegalArgumentException("--epsilons must be distinct; " + SweepPoint.plain(e) + " repeats."
            + " Provided: " + epsilons.stream().map(SweepPoint::plain).toList());
      }
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("--repeats must be >= 1. Provided value: " + repeats);
    }
    FitCommand.checkEpochs(epochs);
    if (attacks < 10) {
      throw new IllegalArgumentException("--attacks must be >= 10. Provided value: " + attacks);
    }
    if (holdout != null && holdoutFraction != null) {
      throw new IllegalArgumentException("--holdout and --holdout-fraction exclude each other: give a holdout file, or"
          + " the share of --data to hold out");
    }
    if (holdoutFraction != null && !(holdoutFraction > 0 && holdoutFraction < 1)) {
      throw new IllegalArgumentException("--holdout-fraction must be in (0, 1). Provided value: " + holdoutFraction);
    }
    if (batchSize != null) {
      FitCommand.checkBatch(1, batchSize);
    }
    List<SweepPoint> points = new ArrayList<>();
    new TreeSet<>(epsilons).forEach(e -> points.add(SweepPoint.dp(e)));
    if (noDpPoint) {
      points.add(SweepPoint.NO_DP);
    }
    return points;
  }

  private double effectiveHoldoutFraction() {
    return holdoutFraction == null ? DEFAULT_HOLDOUT_FRACTION : holdoutFraction;
  }

  /** Refuses, before any fit, what would make a run fail: a batch above the rows, unknown columns, analyses. */
  private void checkTable(Table train, Table held, List<SweepPoint> points) {
    if (batchSize != null && batchSize > train.rowCount() && points.stream().anyMatch(p -> p.dp())) {
      throw new IllegalArgumentException("--batch-size " + batchSize + " is larger than the " + train.rowCount()
          + " training rows: a DP fit samples each row with probability batch size / rows, which must be at most 1");
    }
    for (String[] role : new String[][] {{"--target", target}, {"--secret", secret}}) {
      if (role[1] != null && !train.columnNames().contains(role[1])) {
        throw new IllegalArgumentException(role[0] + " names the column '" + role[1] + "', which " + data
            + " does not have. Columns: " + train.columnNames());
      }
    }
    if (!analyses.isEmpty()) {
      // Each analysis fitted on the training rows against themselves: the errors of 'evaluate --analysis' (an
      // unknown column, a constant predictor, a singular design), before hours of fitting.
      Evaluator.checkAnalyses(train, held, analyses);
    }
  }

  /** The fit of point {@code p} with the run's seed. */
  private Synthesizer.Builder synthesizer(SweepPoint p, Schema schema, long runSeed) {
    if (!p.dp()) {
      return FitCommand.builder(epochs, batchSize == null ? FitCommand.DEFAULT_BATCH_SIZE : batchSize, runSeed, null)
          .schema(schema);
    }
    Synthesizer.Builder b = Synthesizer.dpCgan().epsilon(p.epsilon()).epochs(epochs).seed(runSeed).schema(schema);
    if (delta != null) {
      b.delta(delta);
    }
    if (batchSize != null) {
      b.batchSize(batchSize);
    }
    return b;
  }

  /** Each repeat's seed, derived from --seed: the same for every point of a repeat (common random numbers). */
  private long[] repeatSeeds() {
    SplittableRandom rng = new SplittableRandom(seed);
    long[] out = new long[repeats];
    for (int r = 0; r < repeats; r++) {
      out[r] = rng.nextLong();
    }
    return out;
  }

  /** Fits, samples and evaluates one run, and writes its file atomically. */
  private void runOne(SweepPoint p, int repeat, long runSeed, Schema schema, Split split, String digest, Path file,
      PrintWriter err) {
    TrainedSynthesizer model;
    try (FitProgress progress = new FitProgress(p.label() + " #" + repeat, epochs, err)) {
      model = synthesizer(p, schema, runSeed).listener(progress).build().fit(split.train());
    }
    err.println("dpcgan sweep: " + p.label() + " #" + repeat + ": sampling and evaluating...");
    TrainedSynthesizer sampler = matchMarginals ? model : model.withoutMarginalMatching();
    Table synthetic = sampler.sample(split.train().rowCount());
    Evaluator.Builder evaluation = Evaluator.builder().seed(runSeed).target(target).secret(secret).attacks(attacks);
    analyses.forEach(evaluation::analysis);
    EvaluationReport report = EvaluateCommand.withModelPrivacy(
        evaluation.build().evaluate(split.train(), synthetic, split.holdout()), model);

    ObjectNode run = MAPPER.createObjectNode();
    run.put("format", FORMAT);
    run.put("options_digest", digest);
    run.put("label", p.label());
    if (p.dp()) {
      run.put("epsilon", p.epsilon());
    } else {
      run.putNull("epsilon");
    }
    run.put("repeat", repeat);
    run.put("seed", runSeed);
    ObjectNode fit = run.putObject("fit");
    fit.put("seconds", model.provenance().fitSeconds());
    fit.put("epochs", model.lossHistory().size());
    fit.set("privacy", MAPPER.valueToTree(FitCommand.summary(model, file).get("privacy")));
    try {
      run.set("report", MAPPER.readTree(report.toJson()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the evaluation report's JSON", e);
    }
    write(file, JsonOutput.string(run) + "\n");
  }

  /** A finished run's file, or null when it is not there; refuses one of another sweep or a damaged one. */
  private static JsonNode readRun(Path file, String digest) {
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode run;
    try {
      run = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("the finished run " + file + " cannot be read (" + e.getMessage() + "):"
          + " delete it and run the sweep again to redo that run", e);
    }
    if (run == null || !digest.equals(run.path("options_digest").asText()) || !run.has("report")) {
      throw new IllegalArgumentException("the finished run " + file + " belongs to a sweep with other options (or is"
          + " damaged): delete it and run the sweep again to redo that run");
    }
    return run;
  }

  /**
   * The options every run depends on: the inputs (by content), the holdout, the fit and the evaluation. The grid
   * (epsilons, repeats, the non-private point) is not among them: it only says which runs to make.
   */
  private Map<String, Object> runOptions() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("data_sha256", sha256(data));
    m.put("columns_sha256", sha256(columns));
    if (holdout != null) {
      m.put("holdout_sha256", sha256(holdout));
    } else {
      m.put("holdout_fraction", effectiveHoldoutFraction());
    }
    m.put("seed", seed);
    m.put("epochs", epochs);
    m.put("batch_size", batchSize);
    m.put("delta", delta);
    m.put("match_marginals", matchMarginals);
    m.put("target", target);
    m.put("secret", secret);
    m.put("analysis", List.copyOf(analyses));
    m.put("attacks", attacks);
    return m;
  }

  /** The run options with the grid and the input names, for the page and sweep.json. */
  private Map<String, Object> gridOptions(Map<String, Object> runOptions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", data.toString());
    m.put("columns", columns.toString());
    m.put("holdout", holdout == null ? null : holdout.toString());
    m.put("epsilons", new TreeSet<>(epsilons));
    m.put("no_dp_point", noDpPoint);
    m.put("repeats", repeats);
    m.putAll(runOptions);
    return m;
  }

  /** Writes the options file of a new sweep, or refuses to add to a sweep whose runs used other options. */
  private void checkOrWriteOptions(Path file, Map<String, Object> options, String digest) {
    JsonNode current;
    try {
      current = MAPPER.readTree(JsonOutput.string(options));   // as it reads back from the file
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (Files.exists(file)) {
      JsonNode stored;
      try {
        stored = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8)).path("options");
      } catch (IOException e) {
        throw new IllegalArgumentException("--out-dir " + outDir + " holds an unreadable " + OPTIONS_FILE + " ("
            + e.getMessage() + "); use another --out-dir", e);
      }
      if (!stored.equals(current)) {
        List<String> differences = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        current.fieldNames().forEachRemaining(keys::add);
        stored.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
          if (!current.path(k).equals(stored.path(k))) {
            differences.add(k + " " + shown(stored.path(k)) + " there, " + shown(current.path(k)) + " now");
          }
        }
        throw new IllegalArgumentException("--out-dir " + outDir + " holds a sweep made with other options ("
            + String.join("; ", differences) + "): its runs cannot be mixed with these. Use another --out-dir, or the"
            + " same options to resume it");
      }
      return;
    }
    if (Files.isDirectory(file.resolveSibling(RUNS_DIR))) {
      throw new IllegalArgumentException("--out-dir " + outDir + " has a " + RUNS_DIR + " folder but no " + OPTIONS_FILE
          + ", so its runs cannot be checked against these options; use another --out-dir");
    }
    ObjectNode root = MAPPER.createObjectNode();
    root.set("options", current);
    root.put("digest", digest);
    write(file, JsonOutput.string(root) + "\n");
  }

  private static String shown(JsonNode value) {
    return value.isMissingNode() ? "(none)" : value.toString();
  }

  private static String sha256(Path file) {
    InputFiles.requireReadable(file, "file");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
      MessageDigest d = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(d.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform but is missing", e);
    }
  }

  private static void write(Path file, String content) {
    try {
      AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
