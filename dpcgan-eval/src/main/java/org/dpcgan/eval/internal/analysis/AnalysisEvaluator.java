package org.dpcgan.eval.internal.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Estimate;
import org.dpcgan.eval.analysis.Formula;
import org.dpcgan.eval.analysis.ModelFamily;
import org.dpcgan.eval.analysis.TermComparison;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;

/**
 * Fits one analysis on the real rows and on the synthetic rows and compares the coefficients term by term
 * (Karr et al. 2006; synthpop's {@code compare.fit.synds}).
 *
 * <p>The design is built from the real rows: a numeric predictor is one column; a categorical predictor is
 * dummy-coded against its most frequent real level (ties: the first in sorted order), one dummy per other level
 * present in the real rows, in sorted order. Rows with a missing value in any model column are dropped from each
 * fit. Whatever makes the real fit impossible is an error (a constant predictor, a single-level categorical
 * predictor, collinear terms, too few rows, a non-binary categorical outcome); whatever makes a synthetic
 * coefficient impossible (a predictor constant in the synthetic rows, a dummy whose level never occurs there,
 * collinearity there) is a result: that term is "not estimable" on the synthetic side, as R's {@code lm}
 * reports an aliased coefficient as NA.
 */
public final class AnalysisEvaluator {
  private AnalysisEvaluator() {}

  /**
   * Compares the analysis {@code formula} on {@code tables.real()} and {@code tables.synthetic()}.
   *
   * @param warnings receives what the reader should know: rows left out for a level the real fit lacks, fits
   *     that did not converge or reached fitted probabilities of 0 or 1
   * @throws IllegalArgumentException for an unknown column or a model that cannot be fitted on the real rows;
   *     the message starts with {@code analysis '<formula>':}
   */
  public static AnalysisComparison compare(Formula formula, EncodedTables tables, Consumer<String> warnings) {
    String prefix = "analysis '" + formula.text() + "': ";
    List<String> names = new ArrayList<>();
    names.add(formula.outcome());
    names.addAll(formula.predictors());
    int[] columns = new int[names.size()];
    for (int k = 0; k < names.size(); k++) {
      if (!tables.names().contains(names.get(k))) {
        throw new IllegalArgumentException(
            prefix + "unknown column '" + names.get(k) + "'; columns are: " + String.join(", ", tables.names()));
      }
      columns[k] = tables.indexOf(names.get(k));
    }
    EncodedTable real = tables.real();
    int[] realRows = completeRows(real, columns);
    if (realRows.length == 0) {
      throw new IllegalArgumentException(prefix + "no real row has a value in every model column");
    }
    Design design = Design.fromReal(formula, tables, columns, realRows, prefix);
    Design.Rows r = design.rows(real, realRows);
    Collinearity.Status[] realStatus = Collinearity.of(r.x());
    for (int j = 0; j < realStatus.length; j++) {
      if (realStatus[j] != Collinearity.Status.KEPT) {
        throw new IllegalArgumentException(
            prefix + "singular design: term '" + design.terms().get(j + 1) + "' is "
                + (realStatus[j] == Collinearity.Status.CONSTANT
                    ? "constant in the real rows"
                    : "a linear combination of the intercept and the terms before it in the real rows (collinear"
                        + " predictors or dummies, e.g. two columns that code the same thing)")
                + "; drop one of them from the formula");
      }
    }
    int p = design.terms().size();
    if (r.y().length <= p) {
      throw new IllegalArgumentException(
          prefix + r.y().length + " real rows are too few for " + p + " coefficients");
    }
    Fit realFit = fit(design.family(), r.x(), r.y());
    report(realFit, "real", prefix, warnings);

    EncodedTable syn = tables.synthetic();
    int[] synComplete = completeRows(syn, columns);
    Design.Rows s = design.rows(syn, synComplete);
    int synUnusable = synComplete.length - s.y().length;
    if (synUnusable > 0) {
      warnings.accept(
          prefix + synUnusable + " synthetic rows left out: their outcome value or a predictor level does not occur"
              + " in the real rows the model was fitted on, so the real fit has no coefficient for it");
    }
    List<TermComparison> terms = compareTerms(design, realFit, s, prefix, warnings);
    return new AnalysisComparison(
        formula.text(),
        design.family(),
        formula.outcome(),
        design.event(),
        design.referenceLevels(),
        realRows.length,
        s.y().length,
        real.rows() - realRows.length,
        syn.rows() - s.y().length,
        terms);
  }

  private static List<TermComparison> compareTerms(
      Design design, Fit realFit, Design.Rows s, String prefix, Consumer<String> warnings) {
    List<String> termNames = design.terms();
    int p = termNames.size();
    Estimate[] real = new Estimate[p];
    for (int j = 0; j < p; j++) {
      real[j] = Estimate.wald(realFit.beta()[j], realFit.standardError(j));
    }
    String everyTerm = null;
    if (s.y().length == 0) {
      everyTerm = "no synthetic row has a usable value in every model column";
    } else if (design.family() == ModelFamily.LOGISTIC && constant(s.y())) {
      everyTerm = "the outcome takes a single value in the synthetic rows";
    }
    Collinearity.Status[] status = everyTerm == null ? Collinearity.of(s.x()) : null;
    int[] kept = status == null
        ? new int[0]
        : java.util.stream.IntStream.range(0, status.length).filter(j -> status[j] == Collinearity.Status.KEPT).toArray();
    if (everyTerm == null && s.y().length <= kept.length + 1) {
      everyTerm = s.y().length + " synthetic rows are too few for " + (kept.length + 1) + " coefficients";
    }
    List<TermComparison> out = new ArrayList<>();
    if (everyTerm != null) {
      for (int j = 0; j < p; j++) {
        out.add(TermComparison.notEstimable(termNames.get(j), real[j], everyTerm));
      }
      warnings.accept(prefix + "not estimable on the synthetic rows: " + everyTerm);
      return out;
    }
    double[][] x = new double[s.x().length][kept.length];
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < kept.length; k++) {
        x[i][k] = s.x()[i][kept[k]];
      }
    }
    Fit synFit = fit(design.family(), x, s.y());
    report(synFit, "synthetic", prefix, warnings);
    out.add(TermComparison.of(termNames.get(0), real[0], Estimate.wald(synFit.beta()[0], synFit.standardError(0))));
    int k = 0;
    for (int j = 0; j < status.length; j++) {
      String term = termNames.get(j + 1);
      if (status[j] == Collinearity.Status.KEPT) {
        k++;
        out.add(TermComparison.of(term, real[j + 1], Estimate.wald(synFit.beta()[k], synFit.standardError(k))));
      } else {
        String reason = status[j] == Collinearity.Status.CONSTANT
            ? "constant in the synthetic rows" + design.constantHint(j, s.x())
            : "collinear with the intercept and the terms before it in the synthetic rows";
        out.add(TermComparison.notEstimable(term, real[j + 1], reason));
      }
    }
    return out;
  }

  private static Fit fit(ModelFamily family, double[][] x, double[] y) {
    return family == ModelFamily.LOGISTIC ? LogisticFit.fit(x, y) : LinearFit.fit(x, y);
  }

  private static void report(Fit fit, String side, String prefix, Consumer<String> warnings) {
    if (!fit.converged()) {
      warnings.accept(prefix + "the logistic fit on the " + side + " rows did not converge in "
          + LogisticFit.MAX_ITERATIONS + " iterations; its estimates and standard errors are unreliable");
    } else if (fit.boundary()) {
      warnings.accept(prefix + "the logistic fit on the " + side + " rows has fitted probabilities of 0 or 1"
          + " (a predictor separates the outcome perfectly); the affected estimates and standard errors are"
          + " unreliable");
    }
  }

  private static boolean constant(double[] y) {
    for (double v : y) {
      if (v != y[0]) {
        return false;
      }
    }
    return true;
  }

  private static int[] completeRows(EncodedTable t, int[] columns) {
    return java.util.stream.IntStream.range(0, t.rows())
        .filter(i -> Arrays.stream(columns).noneMatch(j -> t.isMissing(i, j)))
        .toArray();
  }

  /** The model's design, fixed by the real rows: family, event, term names, dummy coding. */
  private static final class Design {
    private final ModelFamily family;
    private final String event;
    private final int outcome;
    private final int eventCode;
    private final int otherCode;
    private final int[] predictors;
    private final boolean[] numeric;
    /** For categorical predictor k: the reference level's code and its dummy levels' codes, in term order. */
    private final int[] referenceCodes;
    private final int[][] dummyCodes;
    private final List<String> terms;
    private final Map<String, String> referenceLevels;

    private Design(
        ModelFamily family, String event, int outcome, int[] outcomeCodes, int[] predictors, boolean[] numeric,
        int[] referenceCodes, int[][] dummyCodes, List<String> terms, Map<String, String> referenceLevels) {
      this.family = family;
      this.event = event;
      this.outcome = outcome;
      this.eventCode = outcomeCodes[0];
      this.otherCode = outcomeCodes[1];
      this.predictors = predictors;
      this.numeric = numeric;
      this.referenceCodes = referenceCodes;
      this.dummyCodes = dummyCodes;
      this.terms = terms;
      this.referenceLevels = referenceLevels;
    }

    record Rows(double[][] x, double[] y) {}

    static Design fromReal(Formula f, EncodedTables tables, int[] columns, int[] rows, String prefix) {
      EncodedTable real = tables.real();
      int out = columns[0];
      ModelFamily family;
      String event = null;
      int[] outcomeCodes = {-1, -1};
      if (tables.kind(out) == EvalColumnKind.CATEGORICAL) {
        List<String> present = presentLevels(real.codes(out), rows, tables.levels(out));
        if (present.size() != 2) {
          throw new IllegalArgumentException(
              prefix + "the outcome '" + f.outcome() + "' is categorical with " + present.size()
                  + " levels in the real rows (" + abbreviate(present) + "); a logistic fit needs exactly 2, a"
                  + " linear fit a numeric outcome");
        }
        family = ModelFamily.LOGISTIC;
        event = present.get(1);
        outcomeCodes = new int[] {tables.levels(out).indexOf(event), tables.levels(out).indexOf(present.get(0))};
      } else {
        double[] v = real.values(out);
        Set<Double> distinct = new LinkedHashSet<>();
        boolean binary = true;
        for (int i : rows) {
          distinct.add(v[i]);
          binary &= v[i] == 0.0 || v[i] == 1.0;
        }
        if (distinct.size() < 2) {
          throw new IllegalArgumentException(
              prefix + "the outcome '" + f.outcome() + "' is constant in the real rows (every value is "
                  + distinct.iterator().next() + ")");
        }
        family = binary ? ModelFamily.LOGISTIC : ModelFamily.LINEAR;
        event = binary ? "1" : null;
      }
      int q = columns.length - 1;
      int[] predictors = Arrays.copyOfRange(columns, 1, columns.length);
      boolean[] numeric = new boolean[q];
      int[] referenceCodes = new int[q];
      int[][] dummyCodes = new int[q][];
      List<String> terms = new ArrayList<>();
      terms.add("(Intercept)");
      Map<String, String> references = new LinkedHashMap<>();
      for (int k = 0; k < q; k++) {
        int j = predictors[k];
        String name = f.predictors().get(k);
        if (tables.kind(j) == EvalColumnKind.NUMERIC) {
          numeric[k] = true;
          double[] v = real.values(j);
          boolean constant = Arrays.stream(rows).allMatch(i -> v[i] == v[rows[0]]);
          if (constant) {
            throw new IllegalArgumentException(
                prefix + "predictor '" + name + "' is constant in the real rows (every value is " + v[rows[0]]
                    + "), so its coefficient cannot be estimated; drop it from the formula");
          }
          terms.add(name);
        } else {
          List<String> levels = tables.levels(j);
          int[] counts = new int[levels.size()];
          for (int i : rows) {
            counts[real.codes(j)[i]]++;
          }
          List<String> present = presentLevels(real.codes(j), rows, levels);
          if (present.size() < 2) {
            throw new IllegalArgumentException(
                prefix + "predictor '" + name + "' has a single level ('" + present.get(0) + "') in the real rows,"
                    + " so its effect cannot be estimated; drop it from the formula");
          }
          String reference = present.get(0);
          for (String level : present) {
            if (counts[levels.indexOf(level)] > counts[levels.indexOf(reference)]) {
              reference = level;
            }
          }
          references.put(name, reference);
          referenceCodes[k] = levels.indexOf(reference);
          List<Integer> codes = new ArrayList<>();
          for (String level : present) {
            if (!level.equals(reference)) {
              codes.add(levels.indexOf(level));
              terms.add(name + "=" + level);
            }
          }
          dummyCodes[k] = codes.stream().mapToInt(Integer::intValue).toArray();
        }
      }
      return new Design(
          family, event, out, outcomeCodes, predictors, numeric, referenceCodes, dummyCodes, List.copyOf(terms),
          references);
    }

    /** The design rows and outcome of {@code rows}; rows with a value the design has no place for are skipped. */
    Rows rows(EncodedTable t, int[] rows) {
      List<double[]> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      int width = terms.size() - 1;
      rowLoop:
      for (int i : rows) {
        double yi;
        if (family == ModelFamily.LOGISTIC && eventCode >= 0) {
          int code = t.codes(outcome)[i];
          if (code != eventCode && code != otherCode) {
            continue;
          }
          yi = code == eventCode ? 1.0 : 0.0;
        } else {
          yi = t.values(outcome)[i];
          if (family == ModelFamily.LOGISTIC && yi != 0.0 && yi != 1.0) {
            continue;
          }
        }
        double[] row = new double[width];
        int col = 0;
        for (int k = 0; k < predictors.length; k++) {
          int j = predictors[k];
          if (numeric[k]) {
            row[col++] = t.values(j)[i];
          } else {
            int code = t.codes(j)[i];
            boolean known = code == referenceCodes[k];
            for (int d : dummyCodes[k]) {
              known |= d == code;
              row[col++] = d == code ? 1.0 : 0.0;
            }
            if (!known) {
              continue rowLoop;
            }
          }
        }
        x.add(row);
        y.add(yi);
      }
      return new Rows(x.toArray(new double[0][]), y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Why design column j (a term after the intercept) is constant in {@code x}, for a dummy. */
    String constantHint(int j, double[][] x) {
      int col = 0;
      for (int k = 0; k < predictors.length; k++) {
        if (numeric[k]) {
          col++;
          continue;
        }
        for (int d = 0; d < dummyCodes[k].length; d++, col++) {
          if (col == j) {
            return x.length > 0 && x[0][j] == 1.0 ? " (every synthetic row has this level)" : " (the level does not occur there)";
          }
        }
      }
      return "";
    }

    ModelFamily family() {
      return family;
    }

    String event() {
      return event;
    }

    List<String> terms() {
      return terms;
    }

    Map<String, String> referenceLevels() {
      return referenceLevels;
    }

    private static List<String> presentLevels(int[] codes, int[] rows, List<String> levels) {
      boolean[] seen = new boolean[levels.size()];
      for (int i : rows) {
        seen[codes[i]] = true;
      }
      List<String> out = new ArrayList<>();
      for (int c = 0; c < seen.length; c++) {
        if (seen[c]) {
          out.add(levels.get(c));
        }
      }
      out.sort(null);
      return out;
    }

    private static String abbreviate(List<String> levels) {
      return levels.size() <= 10
          ? String.join(", ", levels)
          : String.join(", ", levels.subList(0, 10)) + ", … (" + levels.size() + " in all)";
    }
  }
}
