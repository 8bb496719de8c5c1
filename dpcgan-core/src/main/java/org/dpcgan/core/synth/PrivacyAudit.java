package org.dpcgan.core.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.gan.GanTrainer;
import org.dpcgan.core.internal.gan.SensitivityAudit;
import org.dpcgan.core.internal.gan.TrainingRequest;
import org.dpcgan.core.internal.metadata.DpMetadata;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.TrainingRows;
import org.dpcgan.privacy.clipping.OneRunAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * An audit of a DP fit's guarantee on a table (DESIGN.md §4, "Audit"), through the code a fit runs: the same noisy
 * metadata, plan, secret helper randomness and DP critic step.
 *
 * <ol>
 *   <li><b>Sensitivity</b> ({@link SensitivityAudit}): along a DP training of the table, at every step, the clipped
 *       sum with and without each of a few hard canary rows (rarest levels, declared bounds and beyond, missing
 *       cells); the largest change, in units of C, must not exceed 1.
 *   <li><b>One run</b> ({@link OneRunAudit}, Steinke, Nasr and Jagielski 2023): a complete DP fit with gradient-space
 *       canaries, each a member with probability ½; the membership guesses give an ε lower bound at 95 % confidence
 *       (or as asked), which must not exceed the claimed ε, and the canaries' scores give the noise the steps really
 *       add, which must not be measurably below the claimed σ.
 * </ol>
 *
 * The audit reads the rows freely (it is a test the data holder runs); its report holds aggregates only.
 */
public final class PrivacyAudit {
  private static final Logger LOG = LoggerFactory.getLogger(PrivacyAudit.class);

  /** Steps of the sensitivity audit by default. */
  public static final int DEFAULT_STEPS = 30;
  /** Gradient-space canaries of the one-run audit by default. */
  public static final int DEFAULT_CANARIES = 10_000;
  /**
   * Confidence of the one-run bounds by default: each of the two one-run checks then fails a correct implementation
   * with probability at most 5 %; a higher confidence lowers that rate and loosens the bounds.
   */
  public static final double CONFIDENCE = 0.95;
  /** Float rounding allowed above C in the sensitivity audit. */
  public static final double FLOAT_TOLERANCE = 1e-5;

  private PrivacyAudit() {}

  /**
   * What the audit found.
   *
   * @param maxRatio the largest change of the clipped sum over the steps and canaries, in units of C
   * @param steps the steps measured
   * @param canaryRows the canary rows
   * @param empirical the one-run audit's outcome
   * @param claimedEpsilon the ε the audited fit claims
   * @param claimedDelta its δ
   * @param claimedNoiseMultiplier the σ it charges for
   */
  public record Report(double maxRatio, long steps, int canaryRows, OneRunAudit.Result empirical,
      double claimedEpsilon, double claimedDelta, double claimedNoiseMultiplier) {

    /** True when the sensitivity is within C (up to float rounding). */
    public boolean sensitivityHolds() {
      return maxRatio <= 1 + FLOAT_TOLERANCE;
    }

    /** True when the one-run lower bound stays at or below the claimed ε. */
    public boolean lowerBoundHolds() {
      return empirical.epsilonLowerBound() <= claimedEpsilon;
    }

    /** True when the measured noise is not, at the audit's confidence, below the σ the accountant charges for. */
    public boolean noiseHolds() {
      return empirical.noiseMultiplierUpper() >= claimedNoiseMultiplier;
    }

    /** True when every check holds. */
    public boolean passed() {
      return sensitivityHolds() && lowerBoundHolds() && noiseHolds();
    }

    /** The fields of {@code dpcgan audit --json}. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      Map<String, Object> sensitivity = new java.util.LinkedHashMap<>();
      sensitivity.put("max_ratio", maxRatio);
      sensitivity.put("steps", steps);
      sensitivity.put("canaries", canaryRows);
      m.put("sensitivity", sensitivity);
      Map<String, Object> e = new java.util.LinkedHashMap<>();
      e.put("epsilon_lower_bound", empirical.epsilonLowerBound());
      e.put("confidence", empirical.confidence());
      e.put("canaries", empirical.canaries());
      e.put("guesses", empirical.guesses());
      e.put("correct", empirical.correct());
      e.put("noise_multiplier", empirical.noiseMultiplier());
      e.put("noise_multiplier_upper", empirical.noiseMultiplierUpper());
      m.put("empirical", e);
      Map<String, Object> claimed = new java.util.LinkedHashMap<>();
      claimed.put("epsilon", claimedEpsilon);
      claimed.put("delta", claimedDelta);
      claimed.put("noise_multiplier", claimedNoiseMultiplier);
      m.put("claimed", claimed);
      m.put("passed", passed());
      return m;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "PrivacyAudit[sensitivity %.6f C over %d steps and %d canaries; %s; claimed"
          + " ε=%.4g, δ=%.3g, σ=%.4g; %s]", maxRatio, steps, canaryRows, empirical, claimedEpsilon, claimedDelta,
          claimedNoiseMultiplier, passed() ? "passed" : "FAILED");
    }
  }

  /**
   * Audits the DP fit {@code synthesizer} would make of {@code table}, with {@value #DEFAULT_STEPS} sensitivity steps
   * and up to {@value #DEFAULT_CANARIES} one-run canaries.
   */
  public static Report run(Synthesizer synthesizer, Table table) {
    return run(synthesizer, table, DEFAULT_STEPS, DEFAULT_CANARIES);
  }

  /**
   * Audits the DP fit {@code synthesizer} would make of {@code table}.
   *
   * @throws IllegalArgumentException if the synthesizer is not a fresh DP configuration with a schema
   */
  public static Report run(Synthesizer synthesizer, Table table, int steps, int canaries) {
    return run(synthesizer, table, steps, canaries, CONFIDENCE);
  }

  /**
   * {@link #run(Synthesizer, Table, int, int)} with the one-run bounds at {@code confidence} (in (0, 1)) instead of
   * {@value #CONFIDENCE}.
   */
  public static Report run(Synthesizer synthesizer, Table table, int steps, int canaries, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("the audit's confidence must be in (0, 1). Provided value: " + confidence);
    }
    if (synthesizer.privacy().isEmpty() || synthesizer.schema().isEmpty() || synthesizer.resumesFrom().isPresent()) {
      throw new IllegalArgumentException("an audit needs a fresh differentially private configuration with a schema"
          + " (Synthesizer.dpCgan()...schema(...))");
    }
    if (steps < 1 || canaries < 200) {
      throw new IllegalArgumentException("an audit needs at least 1 step and 200 canaries. Provided: " + steps
          + " steps, " + canaries + " canaries");
    }
    Synthesizer fit = synthesizer.adaptedTo(table.rowCount());
    Schema schema = fit.schema().orElseThrow();
    RandomStreams streams = RandomStreams.of(fit.seed());
    DpPlan plan = DpPlan.fresh(fit, schema, table.rowCount(), streams);
    DpMetadata.ExactCounts counts = DpMetadata.count(schema, fit.conditioning().samplerMode(),
        fit.transformerOptions().maxLevels());
    counts.add(table);
    DpMetadata metadata = plan.releaseMetadata(fit, counts, streams);
    DataTransformer transformer = metadata.transformer();
    ConditionalSampler.Mode mode = fit.conditioning().samplerMode();
    Optional<ConditionalSampler> generatorConditions = Optional.ofNullable(metadata.sampler());
    GanTrainer trainer = fit.trainer();

    Table canaryRows = encodable(canaries(table, schema), transformer);
    Table withCanaries = table.copy().append(canaryRows);
    TrainingRequest probed = request(transformer, withCanaries, mode, streams, plan.sources().encoding())
        .withPrivacy(plan.training(generatorConditions, Long.MAX_VALUE, 0));
    SensitivityAudit.Result sensitivity = SensitivityAudit.run(trainer, probed, table.rowCount(), steps);
    LOG.info("audit: sensitivity {} C over {} steps and {} canary rows", sensitivity.maxRatio(), sensitivity.steps(),
        sensitivity.canaries());

    TrainingRequest audited = request(transformer, table, mode, streams, plan.sources().encoding())
        .withPrivacy(plan.training(generatorConditions, plan.critic().max(), canaries));
    GanTrainer.Result result = trainer.train(audited);
    double claimed = plan.epsilon(plan.ledgerAfter(result.dpSteps()));
    OneRunAudit.Result empirical = result.audit().result(plan.delta(), confidence);
    LOG.info("audit: one-run {}", empirical);
    return new Report(sensitivity.maxRatio(), sensitivity.steps(), sensitivity.canaries(), empirical, claimed,
        plan.delta(), plan.critic().noiseMultiplier());
  }

  /** A training of {@code rows}, encoded with {@code encoding}, conditioned on their own categories if any. */
  private static TrainingRequest request(DataTransformer transformer, Table rows, ConditionalSampler.Mode mode,
      RandomStreams streams, SplittableRandom encoding) {
    TrainingRows encoded = transformer.encode(rows, encoding);
    TrainingRequest request = TrainingRequest.of(transformer.layout(), encoded, streams);
    return transformer.layout().discreteColumns().isEmpty() ? request
        : request.withRowConditions(ConditionalSampler.fromRows(transformer.layout(), encoded, mode));
  }

  /**
   * Hard canary rows, copies of real rows changed to extremes: every discrete column at its rarest level and every
   * numeric one at its declared upper bound, then lower bound; the most common levels with numbers far beyond the
   * bounds; every cell missing that can be; and real rows each with one column at an extreme.
   */
  static Table canaries(Table table, Schema schema) {
    int n = 8;
    Table out = table.inRange(0, Math.min(n, table.rowCount())).copy();
    while (out.rowCount() < n) {
      out.append(table.inRange(0, 1));
    }
    Map<String, String[]> levels = new HashMap<>();   // column → {rarest, most common}
    for (ColumnSpec c : schema.columns()) {
      if (c.kind().isDiscrete() && table.column(c.name()) instanceof StringColumn s) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r = 0; r < s.size(); r++) {
          if (!s.isMissing(r)) {
            counts.merge(s.get(r), 1, Integer::sum);
          }
        }
        List<String> declared = c.levels().isEmpty() ? new ArrayList<>(counts.keySet()) : c.levels();
        String rarest = declared.stream().min((a, b) -> counts.getOrDefault(a, 0) - counts.getOrDefault(b, 0))
            .orElse(null);
        String common = declared.stream().max((a, b) -> counts.getOrDefault(a, 0) - counts.getOrDefault(b, 0))
            .orElse(null);
        levels.put(c.name(), new String[] {rarest, common});
      }
    }
    for (ColumnSpec c : schema.columns()) {
      Column<?> col = out.column(c.name());
      boolean numeric = c.kind() == ColumnKind.CONTINUOUS || c.kind() == ColumnKind.INTEGER;
      if (numeric && c.hasDeclaredBounds()) {
        double range = c.upper() - c.lower();
        set(col, 0, c.upper());
        set(col, 1, c.lower());
        set(col, 2, c.upper() + Math.max(1, range));
        set(col, 6, c.lower() - Math.max(1, range));
      } else if (levels.containsKey(c.name())) {
        String[] rc = levels.get(c.name());
        set(col, 0, rc[0]);
        set(col, 1, rc[0]);
        set(col, 2, rc[1]);
        set(col, 7, rc[0]);
      }
      if (table.column(c.name()).countMissing() > 0) {
        col.setMissing(3);
      }
    }
    return out;
  }

  private static void set(Column<?> column, int row, Object value) {
    if (value == null) {
      return;
    }
    if (column instanceof IntColumn c) {
      c.set(row, (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, ((Number) value).doubleValue())));
    } else if (column instanceof LongColumn c) {
      c.set(row, (long) ((Number) value).doubleValue());
    } else if (column instanceof DoubleColumn c) {
      c.set(row, ((Number) value).doubleValue());
    } else if (column instanceof StringColumn c && value instanceof String s) {
      c.set(row, s);
    } else if (column instanceof BooleanColumn c && value instanceof String s) {
      c.set(row, Boolean.parseBoolean(s));
    }
  }

  /** The canary rows the transformer can encode (a missing cell where a column has no missing level cannot be). */
  private static Table encodable(Table canaries, DataTransformer transformer) {
    List<Integer> keep = new ArrayList<>();
    for (int r = 0; r < canaries.rowCount(); r++) {
      try {
        transformer.transform(canaries.inRange(r, r + 1), new SplittableRandom(r));
        keep.add(r);
      } catch (IllegalArgumentException e) {
        LOG.debug("audit: canary {} cannot be encoded; left out", r);   // the message could hold a row's values
      }
    }
    if (keep.isEmpty()) {
      throw new IllegalStateException("none of the audit's canary rows can be encoded");
    }
    return canaries.rows(keep.stream().mapToInt(Integer::intValue).toArray());
  }
}
