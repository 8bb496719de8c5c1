package org.dpcgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dpcgan.core.data.InputFiles;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.Condition;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.eval.rules.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code dpcgan sample}: synthetic rows from a model file, optionally conditioned on discrete columns, written
 * as CSV (DESIGN.md §5). The rows stream to a temporary file a block at a time (flat memory for any number of
 * rows) that is moved into place at the end, so a failure or an interrupted run leaves no partial output.
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Generate synthetic rows from a model file and write them as CSV (gzip if the name ends in .gz).")
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file written by 'dpcgan fit'.")
  Path model;

  @Option(names = "--rows", required = true, paramLabel = "N",
      description = "Number of rows to generate (>= 1); any number: they stream to the file a block at a time.")
  long rows;

  @Option(names = "--condition", paramLabel = "COL=VALUE",
      description = "Every row has COL = VALUE (a discrete column; an empty VALUE means missing). Repeatable:"
          + " one condition for a single-conditioned model, up to two for a pair-conditioned one.")
  List<String> conditions = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the sampling streams (default: the model's training seed, so the output is reproducible).")
  Long seed;

  @Option(names = "--match-marginals", negatable = true,
      description = "Match unconditional samples to the model's tables (the default; --no-match-marginals samples the"
          + " generator's rows as they come): generate twice the rows, keep a sample raked to the model's category"
          + " counts (for a DP model also its noisy histograms and pair tables: no privacy cost), and move each"
          + " numeric column onto its histogram by rank. Not with --condition.")
  Boolean matchMarginals;

  @Option(names = "--rules", paramLabel = "FILE",
      description = "Plausibility rules every written row satisfies (one a line, e.g. 'sex = Female => relationship !="
          + " Husband'; docs/evaluation.md): rows that break one are dropped and more are drawn until --rows pass"
          + " (gives up below a 1-in-" + RuleSampling.MAX_DRAWN_FACTOR + " acceptance rate). Rules are public"
          + " knowledge, declared and never learnt: filtering by them spends no privacy budget.")
  Path rules;

  @Option(names = "--threads", paramLabel = "T",
      description = "Sampling and CSV-formatting threads (>= 1; default: the processors divided by"
          + " OMP_NUM_THREADS). The rows and the file do not depend on it.")
  Integer threads;

  @Option(names = "--out", required = true, paramLabel = "F", description = "File to write (atomically): CSV,"
      + " gzip-compressed CSV for a name ending in .gz, or Parquet for one ending in .parquet.")
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
    if (Boolean.TRUE.equals(matchMarginals) && !conditions.isEmpty()) {
      throw new IllegalArgumentException("--match-marginals applies to unconditional sampling only; it cannot be"
          + " combined with --condition");
    }
    Condition[] parsed = parse(conditions);
    Path target = new OutputFiles().input("--model", model).input("--rules", rules).output("--out", out);
    long start = System.nanoTime();
    Rules ruleSet = null;
    if (rules != null) {
      InputFiles.requireReadable(rules, "rules file");
      ruleSet = Rules.parse(rules);
    }
    TrainedSynthesizer synthesizer = TrainedSynthesizer.load(model);
    if (ruleSet != null) {
      // unknown columns and levels, and rules that cannot all hold, are refused before any row is drawn
      ruleSet.validate(RuleSampling.domains(synthesizer));
    }
    if (seed != null) {
      synthesizer = synthesizer.withSamplingSeed(seed);
    }
    if (Boolean.FALSE.equals(matchMarginals)) {
      synthesizer = synthesizer.withoutMarginalMatching();
    }
    if (threads != null) {
      synthesizer = synthesizer.withSamplingThreads(threads);
    }
    PrintWriter err = spec.commandLine().getErr();
    RuleSampling.Result filtered = null;
    try (Output file = new Output(synthesizer, target, rows, err)) {
      if (ruleSet == null) {
        synthesizer.sample(rows, file, parsed);
      } else {
        filtered = RuleSampling.sample(synthesizer, ruleSet, rules.toString(), rows, file, parsed);
      }
      file.commit();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("seconds", seconds);
      m.put("out", target.toString());
      m.put("match_marginals", parsed.length == 0 && !Boolean.FALSE.equals(matchMarginals));
      if (filtered != null) {
        m.put("acceptance_rate", filtered.acceptanceRate());
        m.put("rows_drawn", filtered.drawn());
      }
      JsonOutput.print(stdout, m);
      return 0;
    }
    stdout.printf(Locale.ROOT, "Wrote %d synthetic rows%s%s to %s in %.2f s.%n", rows,
        parsed.length == 0 ? "" : " with " + String.join(", ", conditions),
        ruleSet == null ? "" : " satisfying the " + ruleSet.size() + (ruleSet.size() == 1 ? " rule" : " rules")
            + " of " + rules, target, seconds);
    if (filtered != null) {
      stdout.printf(Locale.ROOT, "Acceptance rate %.1f%%: %d rows drawn, %d dropped for breaking a rule.%n",
          100 * filtered.acceptanceRate(), filtered.drawn(), filtered.drawn() - filtered.written());
    }
    if (synthesizer.privacySpent().isEmpty()) {
      stdout.println("The model is NOT differentially private: these rows carry no privacy guarantee.");
    }
    stdout.flush();
    return 0;
  }

  /**
   * The CSV file the blocks of a sample stream into (flat memory for any number of rows), with a progress bar when
   * there is more than one block; after the first block it refuses a sample whose file would not fit on the disk.
   */
  private static final class Output implements Consumer<Table>, AutoCloseable {
    private final TrainedSynthesizer model;
    private final Path target;
    private final long rows;
    private final PrintWriter err;
    private Tables.CsvWriter writer;
    private ProgressBar bar;

    Output(TrainedSynthesizer model, Path target, long rows, PrintWriter err) {
      this.model = model;
      this.target = target;
      this.rows = rows;
      this.err = err;
    }

    @Override
    public void accept(Table block) {
      if (writer == null) {
        OutputFiles.createDirectories(target.getParent());
        writer = Tables.csvWriter(target, block.columnNames(), model.schema(), model.samplingThreads());
        if (rows > block.rowCount()) {
          bar = new ProgressBarBuilder().setTaskName("sample").setInitialMax(rows).setUnit(" rows", 1)
              .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
              .setConsumer(new FitProgress.Line(err)).build();
        }
      }
      writer.append(block);
      if (writer.rows() == block.rowCount() && rows > block.rowCount()) {
        checkSpace(block.rowCount());
      }
      if (bar != null) {
        bar.stepTo(writer.rows());
      }
    }

    /** Refuses, with the figures, a file the disk cannot hold, estimated from its first block. */
    private void checkSpace(long written) {
      try {
        String refusal = spaceRefusal(target, rows, writer.bytesWritten(), written,
            Files.getFileStore(target.getParent()).getUsableSpace());
        if (refusal != null) {
          throw new IllegalArgumentException(refusal);
        }
      } catch (IOException e) {
        // the file store cannot tell: the writes themselves report a full disk
      }
    }

    void commit() {
      writer.commit();
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
      if (writer != null) {
        writer.close();
      }
    }
  }

  /**
   * Why a file of {@code rows} rows cannot be written to {@code target}, whose first {@code written} rows took
   * {@code bytes}, on a disk with {@code free} bytes usable; null when it fits.
   */
  static String spaceRefusal(Path target, long rows, long bytes, long written, long free) {
    double needed = (double) bytes / written * rows;
    if (needed <= free + bytes) {
      return null;
    }
    return String.format(Locale.ROOT, "--rows %d would need about %.1f GB for %s (%.0f bytes a row in the first %d"
        + " rows), and its disk has %.1f GB free; ask for fewer rows, write a .gz file, or write elsewhere", rows,
        needed / 1e9, target, (double) bytes / written, written, free / 1e9);
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
