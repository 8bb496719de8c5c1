package org.dpcgan.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Formula;
import org.dpcgan.eval.analysis.PmseReport;
import org.dpcgan.eval.fidelity.CorrelationMethod;
import org.dpcgan.eval.fidelity.FidelityReport;
import org.dpcgan.eval.internal.analysis.AnalysisEvaluator;
import org.dpcgan.eval.internal.analysis.Pmse;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.dpcgan.eval.internal.fidelity.FidelityEvaluator;
import org.dpcgan.eval.internal.privacy.PrivacyEvaluator;
import org.dpcgan.eval.internal.utility.DetectionEvaluator;
import org.dpcgan.eval.internal.utility.UtilityEvaluator;
import org.dpcgan.eval.privacy.PrivacyReport;
import org.dpcgan.eval.rules.RuleComparison;
import org.dpcgan.eval.rules.Rules;
import org.dpcgan.eval.utility.DetectionReport;
import org.dpcgan.eval.utility.UtilityReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.Table;

/**
 * Evaluates a synthetic table against the real table and, optionally, a real holdout: an immutable, reusable
 * configuration. The same configuration and tables give the same report (every random choice comes from
 * {@link Builder#seed(long)}).
 *
 * <pre>{@code
 * EvaluationReport report = Evaluator.builder().seed(7).target("income").build()
 *     .evaluate(train, synthetic, holdout);
 * }</pre>
 */
public final class Evaluator {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  private final long seed;
  private final String target;
  private final String secret;
  private final List<String> attackerColumns;
  private final Map<String, EvalColumnKind> columnKinds;
  private final CorrelationMethod correlation;
  private final int attacks;
  private final int linkNeighbours;
  private final double numericTolerance;
  private final int detectionFolds;
  private final int detectionRows;
  private final List<Formula> analyses;
  private final Rules rules;

  private Evaluator(Builder b, List<Formula> analyses) {
    this.seed = b.seed;
    this.target = b.target;
    this.secret = b.secret != null ? b.secret : b.target;
    this.attackerColumns = List.copyOf(b.attackerColumns);
    this.columnKinds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.columnKinds));
    this.correlation = b.correlation;
    this.attacks = b.attacks;
    this.linkNeighbours = b.linkNeighbours;
    this.numericTolerance = b.numericTolerance;
    this.detectionFolds = b.detectionFolds;
    this.detectionRows = b.detectionRows;
    this.analyses = List.copyOf(analyses);
    this.rules = b.rules;
  }

  /** The defaults: seed 0, no target (no utility), no secret (no inference), every column known. */
  public static Evaluator standard() {
    return builder().build();
  }

  /** A builder with the defaults of {@link #standard()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates {@code synthetic} against {@code real}.
   *
   * @param real the table the generator was trained on
   * @param synthetic the generated table, with the same columns
   * @param holdout real rows from the same population that the generator never saw, same columns; {@code
   *     null} to skip the privacy attacks (they need it as a control) and test utility on a split of {@code
   *     real}
   * @throws IllegalArgumentException for empty tables, differing columns or kinds, a target, secret or
   *     attacker column that does not exist, a column without any value, an analysis that cannot be fitted on
   *     the real rows, or rules that do not fit the real table ({@link org.dpcgan.eval.rules.RuleException})
   */
  public EvaluationReport evaluate(Table real, Table synthetic, Table holdout) {
    EncodedTables tables = EncodedTables.encode(real, synthetic, holdout, columnKinds);
    checkColumn(tables, target, "target");
    checkColumn(tables, secret, "secret");
    for (String c : attackerColumns) {
      checkColumn(tables, c, "attacker");
    }
    List<String> warnings = new ArrayList<>();
    SplittableRandom root = new SplittableRandom(seed);
    long detectionSeed = root.nextLong();
    long utilitySeed = root.nextLong();
    long privacySeed = root.nextLong();
    long pmseSeed = root.nextLong();
    long triplesSeed = root.nextLong();

    // Analyses and rules first: they are cheap, and a mistake in them should fail before the long parts run.
    List<AnalysisComparison> analysis = new ArrayList<>();
    for (Formula f : analyses) {
      analysis.add(AnalysisEvaluator.compare(f, tables, warnings::add));
    }
    List<RuleComparison> ruleResults = rules == null ? List.of() : rules.compare(real, synthetic);

    long start = System.nanoTime();
    FidelityReport fidelity = new FidelityEvaluator(correlation, triplesSeed).evaluate(tables, warnings::add);
    long t1 = System.nanoTime();
    DetectionReport detection = DetectionEvaluator.evaluate(tables, detectionFolds, detectionRows, detectionSeed);
    PmseReport pmse = Pmse.evaluate(tables, detectionRows, pmseSeed, warnings::add);
    long t2 = System.nanoTime();
    UtilityReport utility = null;
    if (target == null) {
      warnings.add("no target column given: machine-learning utility not measured");
    } else {
      utility = UtilityEvaluator.evaluate(tables, target, utilitySeed, warnings::add);
    }
    long t3 = System.nanoTime();
    PrivacyReport privacy =
        new PrivacyEvaluator(attacks, attackerColumns, secret, linkNeighbours, numericTolerance)
            .evaluate(tables, privacySeed, warnings::add);
    long t4 = System.nanoTime();
    LOG.info(
        "evaluation took {} ms (fidelity {} ms, detection and pMSE {} ms, utility {} ms, privacy {} ms)",
        (t4 - start) / 1_000_000,
        (t1 - start) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000,
        (t4 - t3) / 1_000_000);
    EvaluationInfo info =
        new EvaluationInfo(
            tables.real().rows(),
            tables.synthetic().rows(),
            tables.hasHoldout() ? tables.holdout().rows() : 0,
            seed,
            tables.kinds());
    return new EvaluationReport(
        info, fidelity, detection, utility, privacy, Marginals.of(tables), warnings, null, pmse, analysis,
        ruleResults);
  }

  /**
   * Fits each analysis (a formula such as {@code "income ~ age + sex"}) on the {@code real} rows against themselves
   * and throws what {@link #evaluate} would throw for it (an unknown column, a constant predictor, a singular
   * design), so that a long run can refuse a mistake before it starts.
   *
   * @param holdout the holdout the run will evaluate with, or {@code null}
   * @throws IllegalArgumentException naming the analysis and what is wrong with it
   */
  public static void checkAnalyses(Table real, Table holdout, List<String> formulas) {
    EncodedTables tables = EncodedTables.encode(real, real, holdout, Map.of());
    for (String f : formulas) {
      AnalysisEvaluator.compare(Formula.parse(f), tables, warning -> { });
    }
  }

  private static void checkColumn(EncodedTables tables, String name, String role) {
    if (name != null && !tables.names().contains(name)) {
      throw new IllegalArgumentException(
          "the " + role + " column '" + name + "' does not exist. Columns: " + tables.names());
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Evaluator[seed=%d, target=%s, secret=%s, attacks=%d, correlation=%s, analyses=%d, rules=%s]",
        seed,
        target,
        secret,
        attacks,
        correlation,
        analyses.size(),
        rules == null ? "none" : Integer.toString(rules.size()));
  }

  /** Builds an {@link Evaluator}; every value is checked in {@link #build()}. */
  public static final class Builder {
    private long seed;
    private String target;
    private String secret;
    private List<String> attackerColumns = List.of();
    private final Map<String, EvalColumnKind> columnKinds = new LinkedHashMap<>();
    private CorrelationMethod correlation = CorrelationMethod.PEARSON;
    private int attacks = 1000;
    private int linkNeighbours = 1;
    private double numericTolerance = 0.01;
    private int detectionFolds = 3;
    private int detectionRows = 10_000;
    private final List<String> analyses = new ArrayList<>();
    private Rules rules;

    private Builder() {}

    /** Seed of every random choice (targets, predicates, folds, model initialisation). Default 0. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Target column of the utility test; {@code null} (default) skips it. */
    public Builder target(String column) {
      this.target = column;
      return this;
    }

    /** Secret column of the inference attack; default: the target column (none if there is no target). */
    public Builder secret(String column) {
      this.secret = column;
      return this;
    }

    /**
     * Columns the attacker knows, in order (linkability splits them into a first and a second half); empty
     * (default) means every column except the secret.
     */
    public Builder attackerColumns(List<String> columns) {
      this.attackerColumns = List.copyOf(Objects.requireNonNull(columns, "columns"));
      return this;
    }

    /** Kinds that replace the ones inferred from the tablesaw column types. */
    public Builder columnKinds(Map<String, EvalColumnKind> kinds) {
      Objects.requireNonNull(kinds, "kinds").forEach(this::columnKind);
      return this;
    }

    /** The kind of one column, replacing the inferred one. */
    public Builder columnKind(String column, EvalColumnKind kind) {
      columnKinds.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(kind, "kind"));
      return this;
    }

    /** Correlation coefficient of CorrelationSimilarity. Default Pearson. */
    public Builder correlation(CorrelationMethod method) {
      this.correlation = Objects.requireNonNull(method, "method");
      return this;
    }

    /** Attacks per privacy risk, ≥ 10. Default 1000. */
    public Builder attacks(int value) {
      this.attacks = value;
      return this;
    }

    /** Neighbours per side in the linkability attack, in [1, 100]. Default 1. */
    public Builder linkNeighbours(int value) {
      this.linkNeighbours = value;
      return this;
    }

    /**
     * Half-width of a numeric singling-out condition and accepted error of a numeric inference guess, as a
     * share of the column's real range, in [0, 0.5]. Default 0.01.
     */
    public Builder numericTolerance(double value) {
      this.numericTolerance = value;
      return this;
    }

    /** Cross-validation folds of the detection test, in [2, 20]. Default 3 (as SDMetrics). */
    public Builder detectionFolds(int value) {
      this.detectionFolds = value;
      return this;
    }

    /** Rows used at most from each table in the detection test and in pMSE, ≥ 100. Default 10,000. */
    public Builder detectionRows(int value) {
      this.detectionRows = value;
      return this;
    }

    /**
     * Adds an analysis, a regression named by a formula such as {@code "income ~ age + education-num + sex"}
     * (see {@link Formula}), to fit on the real and the synthetic rows and compare; may be called repeatedly.
     * The formula is parsed in {@link #build()}, its columns checked when evaluating.
     */
    public Builder analysis(String formula) {
      analyses.add(formula);
      return this;
    }

    /** Plausibility rules whose violations are counted on both tables; {@code null} (default) for none. */
    public Builder rules(Rules value) {
      this.rules = value;
      return this;
    }

    /**
     * The evaluator.
     *
     * @throws IllegalArgumentException if a value is out of range, the secret is an attacker column, or an
     *     analysis formula does not parse
     */
    public Evaluator build() {
      if (attacks < 10) {
        throw new IllegalArgumentException("attacks must be >= 10. Provided value: " + attacks);
      }
      if (linkNeighbours < 1 || linkNeighbours > 100) {
        throw new IllegalArgumentException("linkNeighbours must be in [1, 100]. Provided value: " + linkNeighbours);
      }
      if (!(numericTolerance >= 0.0 && numericTolerance <= 0.5)) {
        throw new IllegalArgumentException("numericTolerance must be in [0, 0.5]. Provided value: " + numericTolerance);
      }
      if (detectionFolds < 2 || detectionFolds > 20) {
        throw new IllegalArgumentException("detectionFolds must be in [2, 20]. Provided value: " + detectionFolds);
      }
      if (detectionRows < 100) {
        throw new IllegalArgumentException("detectionRows must be >= 100. Provided value: " + detectionRows);
      }
      String effectiveSecret = secret != null ? secret : target;
      if (effectiveSecret != null && attackerColumns.contains(effectiveSecret)) {
        throw new IllegalArgumentException(
            "the secret column '" + effectiveSecret + "' must not be one of the attacker columns " + attackerColumns);
      }
      if (attackerColumns.stream().distinct().count() != attackerColumns.size()) {
        throw new IllegalArgumentException("attacker columns must be distinct. Provided: " + attackerColumns);
      }
      List<Formula> formulas = new ArrayList<>();
      for (String f : analyses) {
        formulas.add(Formula.parse(f));
      }
      return new Evaluator(this, formulas);
    }
  }
}
