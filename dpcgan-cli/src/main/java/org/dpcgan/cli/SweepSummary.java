package org.dpcgan.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a sweep: per run, the headline numbers of its evaluation report (read back from the run's file, so
 * that resumed and fresh runs are treated alike); per point, their mean, minimum and maximum over the repeats.
 *
 * <p>A point's privacy risk is the mean of its runs' risks, and its interval the envelope of their 95% intervals
 * (lowest lower end to highest upper end): with one repeat, the run's own interval.
 */
final class SweepSummary {
  /** The three risks, as the report's JSON names them, and as the page labels them. */
  static final List<String> RISKS = List.of("singling_out", "linkability", "inference");
  static final List<String> RISK_LABELS = List.of("singling out", "linkability", "inference");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<PointSummary> points;
  private final List<String> formulas;
  private final String utilityMetric;

  private SweepSummary(List<PointSummary> points, List<String> formulas, String utilityMetric) {
    this.points = List.copyOf(points);
    this.formulas = List.copyOf(formulas);
    this.utilityMetric = utilityMetric;
  }

  /**
   * Mean, extremes and count of the defined values (NaN when there is none).
   *
   * @param mean the mean
   * @param min the smallest value
   * @param max the largest value
   * @param n how many values were defined
   */
  record Stat(double mean, double min, double max, int n) {
    static Stat of(List<Double> values) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int n = 0;
      for (double v : values) {
        if (Double.isFinite(v)) {
          sum += v;
          min = Math.min(min, v);
          max = Math.max(max, v);
          n++;
        }
      }
      return n == 0 ? new Stat(Double.NaN, Double.NaN, Double.NaN, 0) : new Stat(sum / n, min, max, n);
    }
  }

  /**
   * A risk estimate with its 95% interval (NaN when not estimated).
   *
   * @param risk the estimate
   * @param low the interval's lower end
   * @param high its upper end
   */
  record Risk(double risk, double low, double high) {}

  /**
   * One run's headline numbers; NaN where the report has none.
   *
   * @param point its point
   * @param repeat its repeat, from 1
   * @param seed its seed
   * @param epsilonSpent the ε its model spent (NaN without DP)
   * @param fitSeconds the fit's wall time
   * @param quality the quality score
   * @param columnShapes the column shapes score
   * @param columnPairTrends the column pair trends score
   * @param detection the detection score
   * @param sPmse the standardised pMSE
   * @param utilitySynthetic the utility metric trained on synthetic rows (TSTR)
   * @param utilityReal the utility metric trained on real rows (TRTR)
   * @param ciOverlap each analysis' mean CI overlap
   * @param stdDifference each analysis' mean standardised difference
   * @param risks the three risks, in {@link #RISKS} order
   */
  record Run(SweepPoint point, int repeat, long seed, double epsilonSpent, double fitSeconds, double quality,
      double columnShapes, double columnPairTrends, double detection, double sPmse, double utilitySynthetic,
      double utilityReal, List<Double> ciOverlap, List<Double> stdDifference, List<Risk> risks) {}

  /**
   * A point's runs and their summaries.
   *
   * @param point the point
   * @param runs its runs, by repeat
   * @param risks each risk's mean and interval envelope, in {@link #RISKS} order
   */
  record PointSummary(SweepPoint point, List<Run> runs, List<Risk> risks) {
    Stat stat(java.util.function.ToDoubleFunction<Run> metric) {
      return Stat.of(runs.stream().map(r -> metric.applyAsDouble(r)).toList());
    }
  }

  /** The summary of {@code runs} (the files' JSON) over {@code points}, in the points' order. */
  static SweepSummary of(List<SweepPoint> points, List<JsonNode> runs) {
    JsonNode first = runs.get(0).get("report");
    String metric = utilityMetric(first.path("utility"));
    List<String> formulas = new ArrayList<>();
    first.path("analysis").forEach(a -> formulas.add(a.get("formula").asText()));
    List<PointSummary> out = new ArrayList<>();
    for (SweepPoint p : points) {
      List<Run> mine = new ArrayList<>();
      for (JsonNode run : runs) {
        if (run.get("epsilon").isNull() ? !p.dp() : p.dp() && run.get("epsilon").asDouble() == p.epsilon()) {
          mine.add(run(p, run, metric));
        }
      }
      List<Risk> risks = new ArrayList<>();
      for (int k = 0; k < RISKS.size(); k++) {
        int j = k;
        Stat risk = Stat.of(mine.stream().map(r -> r.risks().get(j).risk()).toList());
        Stat low = Stat.of(mine.stream().map(r -> r.risks().get(j).low()).toList());
        Stat high = Stat.of(mine.stream().map(r -> r.risks().get(j).high()).toList());
        risks.add(new Risk(risk.mean(), low.min(), high.max()));
      }
      out.add(new PointSummary(p, mine, risks));
    }
    return new SweepSummary(out, formulas, metric);
  }

  /** f1_positive for a two-class target, f1 (macro) for more classes, r2 for a numeric one; null without utility. */
  private static String utilityMetric(JsonNode utility) {
    if (utility.isMissingNode() || utility.isNull()) {
      return null;
    }
    JsonNode scores = utility.get("train_synthetic");
    if (scores.has("r2")) {
      return "r2";
    }
    return scores.path("f1_positive").isNumber() ? "f1_positive" : "f1";
  }

  private static Run run(SweepPoint p, JsonNode run, String metric) {
    JsonNode r = run.get("report");
    JsonNode f = r.get("fidelity");
    List<Double> overlap = new ArrayList<>();
    List<Double> difference = new ArrayList<>();
    r.path("analysis").forEach(a -> {
      overlap.add(number(a.get("mean_ci_overlap")));
      difference.add(number(a.get("mean_std_difference")));
    });
    List<Risk> risks = new ArrayList<>();
    for (String name : RISKS) {
      JsonNode k = r.get("privacy").path(name);
      risks.add(k.isObject() ? new Risk(number(k.get("risk")), number(k.get("ci").get(0)), number(k.get("ci").get(1)))
          : new Risk(Double.NaN, Double.NaN, Double.NaN));
    }
    JsonNode utility = r.path("utility");
    return new Run(p, run.get("repeat").asInt(), run.get("seed").asLong(),
        number(run.get("fit").path("privacy").path("epsilon")), number(run.get("fit").get("seconds")),
        number(f.get("quality_score")), number(f.get("column_shapes_score")), number(f.get("column_pair_trends_score")),
        number(r.get("detection").get("score")), number(f.path("pmse").path("s_pmse")),
        metric == null ? Double.NaN : number(utility.get("train_synthetic").path(metric)),
        metric == null ? Double.NaN : number(utility.get("train_real").path(metric)), overlap, difference, risks);
  }

  private static double number(JsonNode n) {
    return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
  }

  List<PointSummary> points() {
    return points;
  }

  /** The analyses' formulas, in the order given. */
  List<String> formulas() {
    return formulas;
  }

  /** The utility metric's name in the report ({@code f1_positive}, {@code f1}, {@code r2}), or null. */
  String utilityMetric() {
    return utilityMetric;
  }

  /** What the utility metric is, for titles. */
  String utilityLabel() {
    return utilityMetric == null ? "not measured (no --target)" : switch (utilityMetric) {
      case "f1_positive" -> "TSTR F1 of the less frequent class";
      case "f1" -> "TSTR macro F1";
      default -> "TSTR R²";
    };
  }

  /** sweep.json's object: the options, the rows, the points and every run. */
  ObjectNode toJson(Map<String, Object> options, int trainRows, int holdoutRows) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("options", MAPPER.valueToTree(options));
    ObjectNode rows = root.putObject("rows");
    rows.put("train", trainRows);
    rows.put("holdout", holdoutRows);
    if (utilityMetric == null) {
      root.putNull("utility_metric");
    } else {
      root.put("utility_metric", utilityMetric);
    }
    ArrayNode pointArray = root.putArray("points");
    ArrayNode runArray = root.putArray("runs");
    for (PointSummary p : points) {
      ObjectNode o = pointArray.addObject();
      o.put("label", p.point().label());
      epsilon(o, p.point());
      o.put("runs", p.runs().size());
      o.set("epsilon_spent", stat(p.stat(Run::epsilonSpent)));
      o.set("quality", stat(p.stat(Run::quality)));
      o.set("column_shapes", stat(p.stat(Run::columnShapes)));
      o.set("column_pair_trends", stat(p.stat(Run::columnPairTrends)));
      o.set("detection", stat(p.stat(Run::detection)));
      o.set("s_pmse", stat(p.stat(Run::sPmse)));
      if (utilityMetric == null) {
        o.putNull("utility");
      } else {
        ObjectNode u = o.putObject("utility");
        u.put("metric", utilityMetric);
        u.set("synthetic", stat(p.stat(Run::utilitySynthetic)));
        u.set("real", stat(p.stat(Run::utilityReal)));
      }
      ArrayNode analysis = o.putArray("analysis");
      for (int a = 0; a < formulas.size(); a++) {
        int j = a;
        ObjectNode f = analysis.addObject();
        f.put("formula", formulas.get(a));
        f.set("mean_ci_overlap", stat(p.stat(r -> r.ciOverlap().get(j))));
        f.set("mean_std_difference", stat(p.stat(r -> r.stdDifference().get(j))));
      }
      ObjectNode risks = o.putObject("risks");
      for (int k = 0; k < RISKS.size(); k++) {
        int j = k;
        Risk envelope = p.risks().get(k);
        if (Double.isNaN(envelope.risk())) {
          risks.putNull(RISKS.get(k));
          continue;
        }
        ObjectNode risk = risks.putObject(RISKS.get(k));
        risk.set("risk", stat(p.stat(r -> r.risks().get(j).risk())));
        ArrayNode ci = risk.putArray("ci");
        ci.add(envelope.low());
        ci.add(envelope.high());
      }
      for (Run r : p.runs()) {
        runArray.add(run(r));
      }
    }
    return root;
  }

  private ObjectNode run(Run r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("label", r.point().label());
    epsilon(o, r.point());
    o.put("repeat", r.repeat());
    o.put("seed", r.seed());
    o.put("file", SweepCommand.RUNS_DIR + "/" + r.point().fileStem() + "-r" + r.repeat() + ".json");
    number(o, "epsilon_spent", r.epsilonSpent());
    number(o, "fit_seconds", r.fitSeconds());
    number(o, "quality", r.quality());
    number(o, "column_shapes", r.columnShapes());
    number(o, "column_pair_trends", r.columnPairTrends());
    number(o, "detection", r.detection());
    number(o, "s_pmse", r.sPmse());
    number(o, "utility_synthetic", r.utilitySynthetic());
    number(o, "utility_real", r.utilityReal());
    ArrayNode analysis = o.putArray("analysis");
    for (int a = 0; a < formulas.size(); a++) {
      ObjectNode f = analysis.addObject();
      f.put("formula", formulas.get(a));
      number(f, "mean_ci_overlap", r.ciOverlap().get(a));
      number(f, "mean_std_difference", r.stdDifference().get(a));
    }
    ObjectNode risks = o.putObject("risks");
    for (int k = 0; k < RISKS.size(); k++) {
      Risk risk = r.risks().get(k);
      if (Double.isNaN(risk.risk())) {
        risks.putNull(RISKS.get(k));
      } else {
        ObjectNode x = risks.putObject(RISKS.get(k));
        x.put("risk", risk.risk());
        x.putArray("ci").add(risk.low()).add(risk.high());
      }
    }
    return o;
  }

  private static void epsilon(ObjectNode o, SweepPoint p) {
    if (p.dp()) {
      o.put("epsilon", p.epsilon());
    } else {
      o.putNull("epsilon");
    }
  }

  private static ObjectNode stat(Stat s) {
    ObjectNode o = MAPPER.createObjectNode();
    number(o, "mean", s.mean());
    number(o, "min", s.min());
    number(o, "max", s.max());
    o.put("n", s.n());
    return o;
  }

  private static void number(ObjectNode o, String key, double value) {
    if (Double.isFinite(value)) {
      o.put(key, value);
    } else {
      o.putNull(key);
    }
  }

  /** A plain-text table of the points' means, for the terminal. */
  String toText() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-10s %4s %8s %8s %9s %8s %9s", "point", "runs", "ε spent", "quality",
        "detection", "S_pMSE", utilityMetric == null ? "utility" : utilityMetric));
    for (int a = 0; a < formulas.size(); a++) {
      s.append(String.format(Locale.ROOT, " %11s", "CI overlap " + (a + 1)));
    }
    for (String label : RISK_LABELS) {
      s.append(String.format(Locale.ROOT, " %-22s", label));
    }
    s.append('\n');
    for (PointSummary p : points) {
      s.append(String.format(Locale.ROOT, "%-10s %4d %8s %8s %9s %8s %9s", p.point().label(), p.runs().size(),
          fmt(p.stat(Run::epsilonSpent).mean()), fmt(p.stat(Run::quality).mean()), fmt(p.stat(Run::detection).mean()),
          fmt(p.stat(Run::sPmse).mean()), fmt(p.stat(Run::utilitySynthetic).mean())));
      for (int a = 0; a < formulas.size(); a++) {
        int j = a;
        s.append(String.format(Locale.ROOT, " %11s", fmt(p.stat(r -> r.ciOverlap().get(j)).mean())));
      }
      for (Risk r : p.risks()) {
        s.append(String.format(Locale.ROOT, " %-22s", risk(r)));
      }
      s.append('\n');
    }
    for (int a = 0; a < formulas.size(); a++) {
      s.append("CI overlap ").append(a + 1).append(": ").append(formulas.get(a)).append('\n');
    }
    return s.toString();
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String risk(Risk r) {
    return Double.isNaN(r.risk()) ? "not estimated"
        : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.risk(), r.low(), r.high());
  }

  @Override
  public String toString() {
    return "SweepSummary[" + points.size() + " points, " + points.stream().mapToInt(p -> p.runs().size()).sum()
        + " runs]";
  }
}
