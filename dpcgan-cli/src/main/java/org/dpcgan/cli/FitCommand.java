package org.dpcgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.gan.GanConfig;
import org.dpcgan.core.gan.GanTrainer;
import org.dpcgan.core.synth.Conditioning;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TrainedSynthesizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code dpcgan fit}: trains a synthesizer on a table and writes the model file (DESIGN.md §5).
 *
 * <p>Differentially private training is not implemented yet, so the command trains only the non-private
 * CTGAN (Xu et al. 2019) and demands an explicit {@code --no-dp}: nobody should believe by default that a
 * model protects its training rows. {@code --epsilon} and {@code --delta} are rejected rather than ignored.
 * A progress bar with each epoch's generator and critic losses goes to stderr; {@code --json} prints one
 * object on stdout.
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Train a synthesizer on a table and write the model file.",
      "Differentially private training is not available yet: --no-dp (a model WITHOUT any privacy guarantee)"
          + " is required, and --epsilon/--delta are rejected."
    })
final class FitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "F", description = "Training table, CSV or CSV.gz.")
  Path data;

  @Option(names = "--columns", required = true, paramLabel = "SIDECAR",
      description = "Sidecar schema (column,type,missing,distinct,min,max,levels,note).")
  Path columns;

  @Option(names = "--no-dp", description = "Train WITHOUT differential privacy (required until DP training exists).")
  boolean noDp;

  @Option(names = "--epsilon", paramLabel = "E", description = "Target epsilon of DP training (not available yet).")
  Double epsilon;

  @Option(names = "--delta", paramLabel = "D", description = "Delta of DP training (not available yet).")
  Double delta;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "300",
      description = "Passes over the training rows (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "B", defaultValue = "500",
      description = "Rows per step, a multiple of the pack size 10 (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of every random stream of the fit (default: " + Synthesizer.DEFAULT_SEED + ").")
  Long seed;

  @Option(names = "--conditioning", paramLabel = "single|pair", defaultValue = "single",
      description = "Condition on one discrete column (single, CTGAN) or on a pair (pair, DP-CGAN)"
          + " (default: ${DEFAULT-VALUE}).")
  String conditioning;

  @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write (atomically).")
  Path out;

  @Option(names = "--loss-plot", paramLabel = "F.png",
      description = "Also write a PNG chart of the generator and critic loss per epoch (the history is in the model too).")
  Path lossPlot;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout (the progress bar stays on stderr).")
  boolean json;

  @Override
  public Integer call() {
    if (epsilon != null || delta != null) {
      throw new IllegalArgumentException("differentially private training is not available yet in this version"
          + " of dpcgan, so --epsilon/--delta cannot be honoured. Provided: "
          + (epsilon != null ? "--epsilon " + epsilon : "") + (epsilon != null && delta != null ? " " : "")
          + (delta != null ? "--delta " + delta : "")
          + ". To train a NON-private model (no privacy guarantee), drop them and pass --no-dp.");
    }
    if (!noDp) {
      throw new IllegalArgumentException("differentially private training is not available yet in this version"
          + " of dpcgan; pass --no-dp to train a NON-private model explicitly (it gives no privacy guarantee"
          + " for the training rows).");
    }
    Synthesizer.Builder builder = builder(epochs, batchSize, seed, conditioning);
    Path target = checkOutput(out, "--out");
    Path plot = lossPlot == null ? null : checkOutput(lossPlot, "--loss-plot");
    Schema schema = Schema.fromSidecar(columns);
    Table table = Tables.readCsv(data, schema);

    PrintWriter err = spec.commandLine().getErr();
    TrainedSynthesizer model;
    try (FitProgress progress = new FitProgress("fit", epochs, err)) {
      model = builder.schema(schema).listener(progress).build().fit(table);
    }
    createDirectories(target.getParent());
    model.save(target);
    if (plot != null) {
      LossPlot.write(model.lossHistory(), plot);
    }

    Map<String, Object> result = summary(model, target);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(stdout, result);
      return 0;
    }
    stdout.printf(Locale.ROOT, "Trained a CTGAN model (%s conditions) on %d rows of %s: %d epochs, %d steps, %.1f s"
            + " (median epoch %.2f s).%n", model.provenance().conditioning().name().toLowerCase(Locale.ROOT),
        model.provenance().rows(), data.getFileName(), epochs, result.get("steps"), result.get("seconds"),
        result.get("epoch_seconds_median"));
    stdout.println("This model is NOT differentially private: it gives no privacy guarantee for its training rows.");
    stdout.println("Model written to " + target);
    stdout.flush();
    return 0;
  }

  /**
   * A non-private CTGAN builder from command-line values, checked with the option names in the messages (the
   * builder checks them again).
   */
  static Synthesizer.Builder builder(int epochs, int batchSize, Long seed, String conditioning) {
    int pac = GanConfig.defaults().pac();
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1. Provided value: " + epochs);
    }
    if (batchSize < pac || batchSize % pac != 0) {
      throw new IllegalArgumentException("--batch-size must be a positive multiple of the pack size " + pac
          + " (the critic scores packs of " + pac + " rows). Provided value: " + batchSize);
    }
    Synthesizer.Builder b = Synthesizer.ctgan().epochs(epochs).batchSize(batchSize).conditioning(parse(conditioning));
    if (seed != null) {
      b.seed(seed);
    }
    return b;
  }

  private static Conditioning parse(String conditioning) {
    return switch (conditioning.toLowerCase(Locale.ROOT)) {
      case "single" -> Conditioning.SINGLE;
      case "pair" -> Conditioning.PAIR;
      default -> throw new IllegalArgumentException(
          "--conditioning must be single or pair. Provided value: " + conditioning);
    };
  }

  /** The absolute output path; fails early (before any training) if it is a directory or under a file. */
  static Path checkOutput(Path file, String option) {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(option + " must name a file, not a directory. Provided: " + file);
    }
    for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException(option + " " + file + " cannot be written: " + dir + " is not a directory");
        }
        break;
      }
    }
    return absolute;
  }

  /** Creates {@code dir} and its parents; called only once there is something to write into them. */
  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The fields of {@code fit --json} (DESIGN.md §5); {@code privacy} is null: no DP. */
  static Map<String, Object> summary(TrainedSynthesizer model, Path file) {
    GanConfig config = model.provenance().config();
    int epochsRun = model.lossHistory().size();
    // GanTrainer runs max(1, rows / batchSize) generator steps per epoch.
    long steps = (long) epochsRun * Math.max(1, model.provenance().rows() / config.batchSize());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", file.toString());
    m.put("rows", model.provenance().rows());
    m.put("epochs", epochsRun);
    m.put("steps", steps);
    m.put("seconds", model.provenance().fitSeconds());
    m.put("epoch_seconds_median", median(model.lossHistory().stream().mapToDouble(GanTrainer.EpochStats::seconds)
        .toArray()));
    m.put("privacy", null);
    return m;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
