package org.dpcgan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.synth.ComputeEnvironment;
import org.dpcgan.core.synth.Conditioning;
import org.dpcgan.core.synth.EpochStats;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.core.synth.TrainingSettings;
import org.dpcgan.privacy.accounting.Accountants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpcgan fit}: trains a synthesizer on a table and writes the model file (DESIGN.md §5).
 *
 * <p>Exactly one of a DP fit ({@code --epsilon E} and/or {@code --noise-multiplier S}: differentially private
 * DP-CGAN, see {@link Synthesizer#dpCgan()}) or {@code --no-dp} (the non-private CTGAN of Xu et al. 2019, with
 * no guarantee) is required: nobody should get a non-private model by forgetting an option. {@code --resume
 * MODEL} continues a saved model's training ({@link Synthesizer#resume}). A progress bar with each epoch's losses goes to stderr (the
 * critic loss of a DP fit is a statistic of the real rows and is not shown); {@code --json} prints one object
 * on stdout.
 */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    description = {
      "Train a synthesizer on a table and write the model file.",
      "Either --epsilon E and/or --noise-multiplier S (differentially private, with the (epsilon, delta) guarantee"
          + " reported) or --no-dp (a model WITHOUT any privacy guarantee) is required.",
      "With --resume MODEL it trains MODEL --epochs further epochs on the table (a DP model: its own training"
          + " table, with --epsilon the total budget of both trainings)."
    })
final class FitCommand implements Callable<Integer> {
  static final int DEFAULT_EPOCHS = 300;
  static final int DEFAULT_BATCH_SIZE = 500;

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "F",
      description = "Training table: CSV, CSV.gz or Parquet (by extension), streamed: read a chunk at a time in three"
          + " passes, the rows held only in their compact encoded form (a file larger than memory fits).")
  Path data;

  @Option(names = "--columns", paramLabel = "SIDECAR",
      description = "Sidecar schema (column,type,missing,distinct,min,max,levels,note); required unless --resume,"
          + " which uses the model's. A DP fit needs its min/max and levels: they are treated as public.")
  Path columns;

  @Option(names = "--resume", paramLabel = "MODEL",
      description = "Continue the training of this model file (its networks, optimiser state and privacy ledger)"
          + " for --epochs further epochs; the architecture, conditions and schema stay the model's.")
  Path resume;

  @Option(names = "--no-dp", description = "Train WITHOUT differential privacy (no guarantee for the training rows).")
  boolean noDp;

  @Option(names = "--epsilon", paramLabel = "E",
      description = "Train with differential privacy, spending at most this epsilon (metadata and training; with"
          + " --resume, the earlier training too).")
  Double epsilon;

  @Option(names = "--noise-multiplier", paramLabel = "S",
      description = "Train with differential privacy at this noise multiplier sigma and report the epsilon spent;"
          + " with --epsilon, training stops when that budget is spent.")
  Double noiseMultiplier;

  @Option(names = "--delta", paramLabel = "D",
      description = "Delta of the DP guarantee (default: min(1e-5, 1/(10 rows)), or the model's with --resume).")
  Double delta;

  @Option(names = "--accountant", paramLabel = "pld|rdp",
      description = "DP: the accountant that calibrates sigma and reports epsilon: pld (privacy loss distribution, the"
          + " default) or rdp (Renyi DP, looser).")
  String accountant;

  @Option(names = "--clip-norm", paramLabel = "C",
      description = "DP: L2 bound of each row's critic gradient (default: " + Synthesizer.DEFAULT_CLIP_NORM + ").")
  Double clipNorm;

  @Option(names = "--metadata-share", paramLabel = "S",
      description = "DP: share of epsilon for the noisy metadata histograms (default: "
          + Synthesizer.DEFAULT_METADATA_SHARE + ").")
  Double metadataShare;

  @Option(names = "--epochs", paramLabel = "N",
      description = "Passes over the training rows (default: " + DEFAULT_EPOCHS + "); with --resume, further passes"
          + " (required).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "B",
      description = "Rows per step; without DP a multiple of the pack size 10 (default: " + DEFAULT_BATCH_SIZE + ", or"
          + " the model's with --resume). DP: the expected rows per critic step (default: " + DEFAULT_BATCH_SIZE
          + " or half the table's rows, whichever is fewer).")
  Integer batchSize;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of every random stream of the fit (default: " + Synthesizer.DEFAULT_SEED + ").")
  Long seed;

  @Option(names = "--conditioning", paramLabel = "single|pair",
      description = "Condition on one discrete column (single, CTGAN) or on a pair (pair, DP-CGAN)"
          + " (default: single without DP, pair with DP).")
  String conditioning;

  @Option(names = "--generator-widths", split = ",", paramLabel = "W",
      description = "Widths of the generator's residual layers (default: 256,256).")
  int[] generatorWidths;

  @Option(names = "--discriminator-widths", split = ",", paramLabel = "W",
      description = "Widths of the critic's hidden layers (default: 256,256). Under DP a narrower critic has fewer"
          + " parameters for the same noise per coordinate.")
  int[] discriminatorWidths;

  @Option(names = "--max-categories", paramLabel = "N",
      description = "The most categories a discrete column may have, missing included (default: "
          + Synthesizer.DEFAULT_MAX_CATEGORIES + "); each is one input and one output of the networks.")
  Integer maxCategories;

  @Option(names = "--threads", paramLabel = "T",
      description = "Training threads, 1 or 2: with 2, half of each large matrix product and host loop runs on a"
          + " second thread (default: 2 where the processors are at least twice OMP_NUM_THREADS, as under ./dpcgan on"
          + " two cores). The two may give models that differ in the last bits.")
  Integer threads;

  @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write (atomically).")
  Path out;

  @Option(names = "--no-training-state",
      description = "Write the model without the critic and optimiser state: it samples the same but cannot be"
          + " resumed. For a model to share: a non-private model's critic can help a membership attack.")
  boolean noTrainingState;

  @Option(names = "--loss-plot", paramLabel = "F.png",
      description = "Also write a PNG chart of the generator and critic loss per epoch (the history is in the model too).")
  Path lossPlot;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout (the progress bar stays on stderr).")
  boolean json;

  @Override
  public Integer call() {
    OutputFiles files = new OutputFiles().input("--data", data).input("--columns", columns).input("--resume", resume);
    Path target = files.output("--out", out);
    Path plot = files.output("--loss-plot", lossPlot);
    TrainedSynthesizer resumed = resume == null ? null : TrainedSynthesizer.load(resume);
    Schema schema = columns == null ? null : Schema.fromSidecar(columns);
    Synthesizer.Builder builder = builder(this, resumed, schema);
    if (threads != null) {
      if (threads != 1 && threads != 2) {
        throw new IllegalArgumentException("--threads must be 1 or 2. Provided value: " + threads);
      }
      builder.secondThread(threads == 2);
    }
    if (maxCategories != null) {
      if (resumed != null) {
        throw new IllegalArgumentException("--max-categories cannot be used with --resume: a resumed training keeps"
            + " the model's categories");
      }
      if (maxCategories < 2) {
        throw new IllegalArgumentException("--max-categories must be >= 2. Provided value: " + maxCategories);
      }
      builder.maxCategories(maxCategories);
    }
    builder.build(); // validates every setting before the table is read
    PrintWriter err = spec.commandLine().getErr();
    TrainedSynthesizer model;
    try (FitProgress progress = new FitProgress("fit", epochs == null ? DEFAULT_EPOCHS : epochs, err)) {
      model = builder.listener(progress).build().fit(data);
    }
    OutputFiles.createDirectories(target.getParent());
    (noTrainingState ? model.withoutTrainingState() : model).save(target);
    if (plot != null) {
      LossPlot.write(model.lossHistory(), plot);
    }

    Map<String, Object> result = summary(model, target);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(stdout, result);
      return 0;
    }
    stdout.printf(Locale.ROOT, "%s a %s model (%s conditions) on %d rows of %s: %d epochs, %d steps, %.1f s"
            + " (median epoch %.2f s).%n", resumed == null ? "Trained" : "Resumed", model.provenance().algorithm(),
        model.provenance().conditioning().name().toLowerCase(Locale.ROOT), model.provenance().rows(),
        data.getFileName(), result.get("epochs"), result.get("steps"), result.get("seconds"),
        result.get("epoch_seconds_median"));
    model.privacySpent().ifPresentOrElse(
        p -> stdout.printf(Locale.ROOT, "Differentially private: (ε = %.4g, δ = %.3g) per training row (%s accountant;"
                + " %sσ = %.4g, q = %.4g; %d critic steps in all, C = %.3g)%s.%n", p.epsilon(), p.delta(),
            p.accountant().toUpperCase(Locale.ROOT), resumed == null ? "" : "this training's ", p.noiseMultiplier(), p.samplingRate(), p.dpSteps(),
            p.clipNorm(), p.secureNoise() ? "" : "; INSECURE reproducible noise"),
        () -> stdout.println(
            "This model is NOT differentially private: it gives no privacy guarantee for its training rows."));
    model.warnings().forEach(w -> stdout.println("Warning: " + w + "."));
    stdout.println("Computed on: " + ComputeEnvironment.current() + ".");
    stdout.println("Model written to " + target);
    stdout.flush();
    return 0;
  }

  /**
   * The builder the options ask for, checked with the option names in the messages (the builder checks again);
   * {@code resumed} is the model of {@code --resume} or null, {@code schema} the sidecar's or null.
   */
  static Synthesizer.Builder builder(FitCommand o, TrainedSynthesizer resumed, Schema schema) {
    OptionChecks.finitePositive("--epsilon", o.epsilon);
    OptionChecks.finitePositive("--noise-multiplier", o.noiseMultiplier);
    OptionChecks.finitePositive("--clip-norm", o.clipNorm);
    OptionChecks.openUnit("--delta", o.delta, " (typically well below 1/rows)");
    OptionChecks.openUnit("--metadata-share", o.metadataShare, "");
    boolean dp = o.epsilon != null || o.noiseMultiplier != null;
    if (o.noDp == dp) {
      throw new IllegalArgumentException(o.noDp
          ? "--no-dp contradicts --epsilon and --noise-multiplier: choose a DP fit (--epsilon E and/or"
              + " --noise-multiplier S) or a non-private one (--no-dp)"
          : "choose --epsilon E (or --noise-multiplier S) for a differentially private model or --no-dp for a model"
              + " WITHOUT any privacy guarantee");
    }
    if (o.noDp && (o.delta != null || o.clipNorm != null || o.metadataShare != null || o.accountant != null)) {
      throw new IllegalArgumentException("--delta, --clip-norm, --metadata-share and --accountant apply only to a DP fit"
          + " (--epsilon E or --noise-multiplier S); they cannot be used with --no-dp");
    }
    Synthesizer.Builder b = resumed == null ? fresh(o, dp, schema) : resumed(o, resumed, dp, schema);
    if (o.epsilon != null) {
      b.epsilon(o.epsilon);
    }
    if (o.noiseMultiplier != null) {
      b.noiseMultiplier(o.noiseMultiplier);
    }
    if (o.delta != null) {
      b.delta(o.delta);
    }
    if (o.clipNorm != null) {
      b.clipNorm(o.clipNorm);
    }
    if (o.metadataShare != null) {
      b.metadataShare(o.metadataShare);
    }
    if (o.accountant != null) {
      if (!Accountants.NAMES.contains(o.accountant)) {
        throw new IllegalArgumentException("--accountant must be one of " + String.join(", ", Accountants.NAMES)
            + ". Provided value: " + o.accountant);
      }
      b.accountant(o.accountant);
    }
    return b;
  }

  private static Synthesizer.Builder fresh(FitCommand o, boolean dp, Schema schema) {
    if (schema == null) {
      throw new IllegalArgumentException("--columns SIDECAR is required (unless --resume MODEL, which uses the model's"
          + " schema)");
    }
    int epochs = o.epochs == null ? DEFAULT_EPOCHS : o.epochs;
    Synthesizer.Builder b;
    if (dp) {
      // the library's default batch adapts to a table smaller than it; a given one is checked against the rows
      b = common(Synthesizer.dpCgan(), epochs, o.seed, o.conditioning);
      if (o.batchSize != null) {
        checkBatch(1, o.batchSize);
        b.batchSize(o.batchSize);
      }
    } else {
      b = builder(epochs, o.batchSize == null ? DEFAULT_BATCH_SIZE : o.batchSize, o.seed, o.conditioning);
    }
    if (o.generatorWidths != null) {
      b.generatorWidths(o.generatorWidths);
    }
    if (o.discriminatorWidths != null) {
      b.discriminatorWidths(o.discriminatorWidths);
    }
    return b.schema(schema);
  }

  private static Synthesizer.Builder resumed(FitCommand o, TrainedSynthesizer model, boolean dp, Schema schema) {
    boolean modelDp = model.privacySpent().isPresent();
    if (dp != modelDp) {
      throw new IllegalArgumentException(modelDp
          ? "the model " + o.resume + " is differentially private: resume it with --epsilon E (the total budget) or"
              + " --noise-multiplier S; without DP its guarantee would be lost"
          : "the model " + o.resume + " was trained without DP (--no-dp); it can only resume with --no-dp (no later"
              + " training can make it private)");
    }
    if (o.epochs == null) {
      throw new IllegalArgumentException("--resume needs --epochs N: how many further epochs to train");
    }
    if (o.metadataShare != null) {
      throw new IllegalArgumentException("--metadata-share does not apply to --resume: a resumed training reads no"
          + " new metadata");
    }
    if (o.generatorWidths != null || o.discriminatorWidths != null) {
      throw new IllegalArgumentException("--generator-widths and --discriminator-widths cannot be used with --resume:"
          + " a resumed training keeps the model's networks");
    }
    if (o.conditioning != null && !o.conditioning.equalsIgnoreCase(model.provenance().conditioning().name())) {
      throw new IllegalArgumentException("cannot change --conditioning when resuming a model trained with "
          + model.provenance().conditioning().name().toLowerCase(Locale.ROOT) + ". Provided: " + o.conditioning);
    }
    if (schema != null && !schema.equals(model.schema())) {
      throw new IllegalArgumentException("--columns " + o.columns + " differs from the schema the model " + o.resume
          + " was trained with; leave --columns out to resume with the model's schema");
    }
    int pac = model.provenance().config().pac();
    int batchSize = o.batchSize == null ? model.provenance().config().batchSize() : o.batchSize;
    checkEpochs(o.epochs);
    checkBatch(pac, batchSize);
    Synthesizer.Builder b = Synthesizer.resume(model).epochs(o.epochs).batchSize(batchSize);
    if (o.seed != null) {
      b.seed(o.seed);
    }
    return b;
  }

  /** A non-private CTGAN builder from command-line values. */
  static Synthesizer.Builder builder(int epochs, int batchSize, Long seed, String conditioning) {
    checkBatch(TrainingSettings.defaults().pac(), batchSize);
    return common(Synthesizer.ctgan(), epochs, seed, conditioning).batchSize(batchSize);
  }

  /** {@code b} with the epochs, seed and conditioning every fitting command takes (checked). */
  static Synthesizer.Builder common(Synthesizer.Builder b, int epochs, Long seed, String conditioning) {
    checkEpochs(epochs);
    b.epochs(epochs);
    if (conditioning != null) {
      b.conditioning(parse(conditioning));
    }
    if (seed != null) {
      b.seed(seed);
    }
    return b;
  }

  static void checkEpochs(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1. Provided value: " + epochs);
    }
  }

  static void checkBatch(int pac, int batchSize) {
    if (batchSize < Math.max(2, pac) || batchSize % pac != 0) {
      throw new IllegalArgumentException(pac == 1 ? "--batch-size must be >= 2. Provided value: " + batchSize
          : "--batch-size must be a positive multiple of the pack size " + pac + " (the critic scores packs of " + pac
              + " rows). Provided value: " + batchSize);
    }
  }

  static Conditioning parse(String conditioning) {
    return switch (conditioning.toLowerCase(Locale.ROOT)) {
      case "single" -> Conditioning.SINGLE;
      case "pair" -> Conditioning.PAIR;
      default -> throw new IllegalArgumentException(
          "--conditioning must be single or pair. Provided value: " + conditioning);
    };
  }

  /** The fields of {@code fit --json} (DESIGN.md §5); {@code privacy} is null without DP. */
  static Map<String, Object> summary(TrainedSynthesizer model, Path file) {
    int epochsRun = model.lossHistory().size();
    // Generator steps of every training of the model (resumed ones, a stop at an ε cap and batch-size changes
    // included); a model fitted here always has its training state.
    long steps = model.generatorSteps().orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", file.toString());
    m.put("rows", model.provenance().rows());
    m.put("epochs", epochsRun);
    m.put("steps", steps);
    m.put("seconds", model.provenance().fitSeconds());
    m.put("epoch_seconds_median", median(model.lossHistory().stream().mapToDouble(EpochStats::seconds)
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
      pm.put("epsilon_rdp", p.epsilonRdp());
      return pm;
    }).orElse(null));
    m.put("warnings", model.warnings());
    m.put("environment", ComputeEnvironment.current().toMap());
    return m;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
