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
 * <p>Exactly one of {@code --epsilon E} (differentially private DP-CGAN, see {@link Synthesizer#dpCgan()}) or
 * {@code --no-dp} (the non-private CTGAN of Xu et al. 2019, with no guarantee) is required: nobody should get a
 * non-private model by forgetting an option. A progress bar with each epoch's losses goes to stderr (the
 * critic loss of a DP fit is a statistic of the real rows and is not shown); {@code --json} prints one object
 * on stdout.
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Train a synthesizer on a table and write the model file.",
      "Either --epsilon E (differentially private, with the (epsilon, delta) guarantee reported) or --no-dp"
          + " (a model WITHOUT any privacy guarantee) is required."
    })
final class FitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "F", description = "Training table, CSV or CSV.gz.")
  Path data;

  @Option(names = "--columns", required = true, paramLabel = "SIDECAR",
      description = "Sidecar schema (column,type,missing,distinct,min,max,levels,note). A DP fit needs its min/max"
          + " and levels: they are treated as public.")
  Path columns;

  @Option(names = "--no-dp", description = "Train WITHOUT differential privacy (no guarantee for the training rows).")
  boolean noDp;

  @Option(names = "--epsilon", paramLabel = "E",
      description = "Train with differential privacy, spending at most this epsilon (metadata and training).")
  Double epsilon;

  @Option(names = "--delta", paramLabel = "D",
      description = "Delta of the DP guarantee (default: min(1e-5, 1/(10 rows))).")
  Double delta;

  @Option(names = "--clip-norm", paramLabel = "C",
      description = "DP: L2 bound of each row's critic gradient (default: " + Synthesizer.DEFAULT_CLIP_NORM + ").")
  Double clipNorm;

  @Option(names = "--metadata-share", paramLabel = "S",
      description = "DP: share of epsilon for the noisy metadata histograms (default: "
          + Synthesizer.DEFAULT_METADATA_SHARE + ").")
  Double metadataShare;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "300",
      description = "Passes over the training rows (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", paramLabel = "B", defaultValue = "500",
      description = "Rows per step (DP: the expected rows per critic step); without DP a multiple of the pack size 10"
          + " (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of every random stream of the fit (default: " + Synthesizer.DEFAULT_SEED + ").")
  Long seed;

  @Option(names = "--conditioning", paramLabel = "single|pair",
      description = "Condition on one discrete column (single, CTGAN) or on a pair (pair, DP-CGAN)"
          + " (default: single without DP, pair with DP).")
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
    Synthesizer.Builder builder = builder(this);
    builder.build(); // validates every setting before any file is read
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
    stdout.printf(Locale.ROOT, "Trained a %s model (%s conditions) on %d rows of %s: %d epochs, %d steps, %.1f s"
            + " (median epoch %.2f s).%n", model.provenance().algorithm(),
        model.provenance().conditioning().name().toLowerCase(Locale.ROOT), model.provenance().rows(),
        data.getFileName(), epochs, result.get("steps"), result.get("seconds"), result.get("epoch_seconds_median"));
    model.privacySpent().ifPresentOrElse(
        p -> stdout.printf(Locale.ROOT, "Differentially private: (ε = %.4g, δ = %.3g) per training row (RDP accountant;"
                + " σ = %.4g, q = %.4g, %d critic steps, C = %.3g)%s.%n", p.epsilon(), p.delta(), p.noiseMultiplier(),
            p.samplingRate(), p.dpSteps(), p.clipNorm(), p.secureNoise() ? "" : "; INSECURE reproducible noise"),
        () -> stdout.println(
            "This model is NOT differentially private: it gives no privacy guarantee for its training rows."));
    stdout.println("Model written to " + target);
    stdout.flush();
    return 0;
  }

  /** The builder the options ask for, checked with the option names in the messages (the builder checks again). */
  static Synthesizer.Builder builder(FitCommand o) {
    if (o.noDp == (o.epsilon != null)) {
      throw new IllegalArgumentException(o.noDp
          ? "--no-dp and --epsilon contradict each other: choose a DP fit (--epsilon E) or a non-private one (--no-dp)"
          : "choose --epsilon E for a differentially private model or --no-dp for a model WITHOUT any privacy"
              + " guarantee");
    }
    if (o.noDp && (o.delta != null || o.clipNorm != null || o.metadataShare != null)) {
      throw new IllegalArgumentException("--delta, --clip-norm and --metadata-share apply only to a DP fit"
          + " (--epsilon E); they cannot be used with --no-dp");
    }
    Synthesizer.Builder b = o.noDp ? builder(o.epochs, o.batchSize, o.seed, o.conditioning)
        : common(Synthesizer.dpCgan(), 1, o.epochs, o.batchSize, o.seed, o.conditioning).epsilon(o.epsilon);
    if (o.delta != null) {
      b.delta(o.delta);
    }
    if (o.clipNorm != null) {
      b.clipNorm(o.clipNorm);
    }
    if (o.metadataShare != null) {
      b.metadataShare(o.metadataShare);
    }
    return b;
  }

  /** A non-private CTGAN builder from command-line values. */
  static Synthesizer.Builder builder(int epochs, int batchSize, Long seed, String conditioning) {
    return common(Synthesizer.ctgan(), GanConfig.defaults().pac(), epochs, batchSize, seed, conditioning);
  }

  private static Synthesizer.Builder common(Synthesizer.Builder b, int pac, int epochs, int batchSize, Long seed,
      String conditioning) {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1. Provided value: " + epochs);
    }
    if (batchSize < Math.max(2, pac) || batchSize % pac != 0) {
      throw new IllegalArgumentException(pac == 1 ? "--batch-size must be >= 2. Provided value: " + batchSize
          : "--batch-size must be a positive multiple of the pack size " + pac + " (the critic scores packs of " + pac
              + " rows). Provided value: " + batchSize);
    }
    b.epochs(epochs).batchSize(batchSize);
    if (conditioning != null) {
      b.conditioning(parse(conditioning));
    }
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

  /** The fields of {@code fit --json} (DESIGN.md §5); {@code privacy} is null without DP. */
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
    m.put("privacy", model.privacySpent().map(p -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("epsilon", p.epsilon());
      pm.put("delta", p.delta());
      pm.put("noise_multiplier", p.noiseMultiplier());
      pm.put("sampling_rate", p.samplingRate());
      pm.put("dp_steps", p.dpSteps());
      pm.put("metadata_epsilon_share", p.metadataEpsilonShare());
      pm.put("accountant", p.accountant());
      return pm;
    }).orElse(null));
    return m;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
