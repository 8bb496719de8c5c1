package org.dpcgan.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.dpcgan.eval.analysis.AnalysisComparison;
import org.dpcgan.eval.analysis.Estimate;
import org.dpcgan.eval.analysis.PmseReport;
import org.dpcgan.eval.analysis.TermComparison;
import org.dpcgan.eval.distance.DcrReport;
import org.dpcgan.eval.distance.DistanceSummary;
import org.dpcgan.eval.fidelity.MetricScore;
import org.dpcgan.eval.privacy.PrivacyReport;
import org.dpcgan.eval.privacy.RiskEstimate;
import org.dpcgan.eval.rules.RuleComparison;
import org.dpcgan.eval.utility.ModelScores;
import org.dpcgan.eval.utility.UtilityReport;

/**
 * The JSON form of a report (DESIGN.md §5): top-level {@code fidelity} (with {@code pmse}), {@code detection},
 * {@code utility}, {@code analysis}, {@code rules}, {@code privacy}, {@code warnings}, plus {@code rows}, {@code
 * seed}, {@code column_kinds} and {@code guarantee} (with its {@code audit}). Undefined numbers (NaN, ±∞) are
 * written as {@code null}.
 */
final class JsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonReport() {}

  /** The report as a compact JSON string. */
  static String toJson(EvaluationReport report) {
    try {
      return MAPPER.writeValueAsString(toTree(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The report as a JSON tree. */
  static ObjectNode toTree(EvaluationReport report) {
    ObjectNode root = NODES.objectNode();
    ObjectNode rows = root.putObject("rows");
    rows.put("real", report.info().realRows());
    rows.put("synthetic", report.info().syntheticRows());
    if (report.info().holdoutRows() > 0) {
      rows.put("holdout", report.info().holdoutRows());
    } else {
      rows.putNull("holdout");
    }
    root.put("seed", report.info().seed());
    ObjectNode kinds = root.putObject("column_kinds");
    report.info().columnKinds().forEach((k, v) -> kinds.put(k, v.name().toLowerCase(java.util.Locale.ROOT)));

    ObjectNode fidelity = root.putObject("fidelity");
    fidelity.set("column_shapes", scores(report.fidelity().columnShapes()));
    fidelity.set("missing_values", scores(report.fidelity().missingValues()));
    fidelity.set("column_pair_trends", scores(report.fidelity().columnPairTrends()));
    number(fidelity, "column_shapes_score", report.fidelity().columnShapesScore());
    number(fidelity, "column_pair_trends_score", report.fidelity().columnPairTrendsScore());
    number(fidelity, "quality_score", report.fidelity().qualityScore());
    fidelity.set("three_way_marginals", scores(report.fidelity().threeWayMarginals()));
    number(fidelity, "three_way_score", report.fidelity().threeWayScore());
    fidelity.put("correlation_method", report.fidelity().correlationMethod().name().toLowerCase(java.util.Locale.ROOT));
    fidelity.set("pmse", pmse(report.pmse()));

    ObjectNode detection = root.putObject("detection");
    detection.put("metric", "LogisticDetection");
    number(detection, "score", report.detection().score());
    number(detection, "auc", report.detection().auc());
    detection.put("folds", report.detection().folds());
    detection.put("rows_per_table", report.detection().rowsPerTable());
    detection.put("model", report.detection().model());

    UtilityReport u = report.utility();
    if (u == null) {
      root.putNull("utility");
    } else {
      ObjectNode utility = root.putObject("utility");
      utility.put("target", u.target());
      utility.put("task", u.task());
      utility.put("model", u.model());
      utility.put("test_source", u.testSource());
      utility.put("test_rows", u.testRows());
      utility.set("train_real", modelScores(u.trainReal()));
      utility.set("train_synthetic", modelScores(u.trainSynthetic()));
    }

    ArrayNode analysis = root.putArray("analysis");
    report.analyses().forEach(a -> analysis.add(analysis(a)));
    ArrayNode rules = root.putArray("rules");
    report.rules().forEach(r -> rules.add(rule(r)));

    PrivacyReport p = report.privacy();
    ObjectNode privacy = root.putObject("privacy");
    privacy.set("singling_out", risk(p.singlingOut()));
    privacy.set("linkability", risk(p.linkability()));
    privacy.set("inference", risk(p.inference()));
    ArrayNode attacker = privacy.putArray("attacker_columns");
    p.attackerColumns().forEach(attacker::add);
    if (p.secret() == null) {
      privacy.putNull("secret");
    } else {
      privacy.put("secret", p.secret());
    }
    privacy.set("dcr", dcr(p.dcr()));

    if (report.guarantee() == null) {
      root.putNull("guarantee");
    } else {
      ObjectNode g = root.putObject("guarantee");
      g.put("epsilon", report.guarantee().epsilon());
      g.put("delta", report.guarantee().delta());
      g.put("notes", report.guarantee().notes());
      g.set("audit", audit(report.guarantee().audit()));
    }
    ArrayNode warnings = root.putArray("warnings");
    report.warnings().forEach(warnings::add);
    return root;
  }

  /** The audit as {@code dpcgan audit} writes it, plus each check's verdict; null when there is none. */
  private static com.fasterxml.jackson.databind.JsonNode audit(GuaranteeAudit a) {
    if (a == null) {
      return NODES.nullNode();
    }
    ObjectNode out = NODES.objectNode();
    ObjectNode sensitivity = out.putObject("sensitivity");
    number(sensitivity, "max_ratio", a.sensitivity().maxRatio());
    sensitivity.put("steps", a.sensitivity().steps());
    sensitivity.put("canaries", a.sensitivity().canaries());
    sensitivity.put("holds", a.sensitivity().holds());
    ObjectNode empirical = out.putObject("empirical");
    GuaranteeAudit.Empirical e = a.empirical();
    number(empirical, "epsilon_lower_bound", e.epsilonLowerBound());
    number(empirical, "confidence", e.confidence());
    empirical.put("canaries", e.canaries());
    empirical.put("guesses", e.guesses());
    empirical.put("correct", e.correct());
    number(empirical, "noise_multiplier", e.noiseMultiplier());
    number(empirical, "noise_multiplier_upper", e.noiseMultiplierUpper());
    empirical.put("lower_bound_holds", e.lowerBoundHolds());
    empirical.put("noise_holds", e.noiseHolds());
    ObjectNode claimed = out.putObject("claimed");
    number(claimed, "epsilon", a.claimed().epsilon());
    number(claimed, "delta", a.claimed().delta());
    number(claimed, "noise_multiplier", a.claimed().noiseMultiplier());
    out.put("passed", a.passed());
    return out;
  }

  private static com.fasterxml.jackson.databind.JsonNode pmse(PmseReport r) {
    if (r == null) {
      return NODES.nullNode();
    }
    ObjectNode out = NODES.objectNode();
    number(out, "pmse", r.pmse());
    number(out, "expected", r.expected());
    number(out, "s_pmse", r.standardised());
    out.put("parameters", r.parameters());
    out.put("rows_real", r.realRows());
    out.put("rows_synthetic", r.syntheticRows());
    out.put("model", r.model());
    return out;
  }

  private static ObjectNode analysis(AnalysisComparison a) {
    ObjectNode out = NODES.objectNode();
    out.put("formula", a.formula());
    out.put("family", a.family().jsonName());
    out.put("outcome", a.outcome());
    if (a.event() == null) {
      out.putNull("event");
    } else {
      out.put("event", a.event());
    }
    ObjectNode references = out.putObject("reference_levels");
    a.referenceLevels().forEach(references::put);
    ObjectNode rows = out.putObject("rows");
    rows.put("real", a.realRows());
    rows.put("synthetic", a.syntheticRows());
    ObjectNode dropped = out.putObject("dropped");
    dropped.put("real", a.realDropped());
    dropped.put("synthetic", a.syntheticDropped());
    number(out, "mean_ci_overlap", a.meanCiOverlap());
    number(out, "mean_std_difference", a.meanStdDifference());
    ArrayNode terms = out.putArray("terms");
    for (TermComparison t : a.terms()) {
      ObjectNode term = terms.addObject();
      term.put("term", t.term());
      term.set("real", estimate(t.real()));
      term.set("synthetic", estimate(t.synthetic()));
      number(term, "ci_overlap", t.ciOverlap());
      number(term, "std_difference", t.stdDifference());
      term.put("sign_agrees", t.signAgrees());
      term.put("significance_agrees", t.significanceAgrees());
      if (t.note() == null) {
        term.putNull("note");
      } else {
        term.put("note", t.note());
      }
    }
    return out;
  }

  private static com.fasterxml.jackson.databind.JsonNode estimate(Estimate e) {
    if (e == null) {
      return NODES.nullNode();
    }
    ObjectNode out = NODES.objectNode();
    number(out, "estimate", e.estimate());
    number(out, "se", e.standardError());
    ArrayNode ci = out.putArray("ci");
    element(ci, e.ciLow());
    element(ci, e.ciHigh());
    return out;
  }

  private static ObjectNode rule(RuleComparison r) {
    ObjectNode out = NODES.objectNode();
    out.put("rule", r.rule());
    out.put("line", r.line());
    out.put("real_violations", r.realViolations());
    out.put("synthetic_violations", r.syntheticViolations());
    number(out, "real_rate", r.realRate());
    number(out, "synthetic_rate", r.syntheticRate());
    return out;
  }

  private static void element(ArrayNode array, double value) {
    if (Double.isFinite(value)) {
      array.add(value);
    } else {
      array.addNull();
    }
  }

  private static ObjectNode scores(Map<String, MetricScore> scores) {
    ObjectNode out = NODES.objectNode();
    scores.forEach(
        (k, v) -> {
          ObjectNode s = out.putObject(k);
          s.put("metric", v.metric());
          number(s, "score", v.score());
        });
    return out;
  }

  private static ObjectNode modelScores(ModelScores s) {
    ObjectNode out = NODES.objectNode();
    if (Double.isNaN(s.r2())) {
      number(out, "accuracy", s.accuracy());
      number(out, "f1", s.f1());
      number(out, "f1_positive", s.positiveF1());
      number(out, "auc", s.auc());
    } else {
      number(out, "r2", s.r2());
    }
    return out;
  }

  private static com.fasterxml.jackson.databind.JsonNode risk(RiskEstimate r) {
    if (r == null) {
      return NODES.nullNode();
    }
    ObjectNode out = NODES.objectNode();
    number(out, "risk", r.risk());
    ArrayNode ci = out.putArray("ci");
    ci.add(r.ciLow());
    ci.add(r.ciHigh());
    number(out, "attack_rate", r.attackRate());
    number(out, "control_rate", r.controlRate());
    number(out, "baseline_rate", r.baselineRate());
    out.put("n_attacks", r.attacks());
    return out;
  }

  private static ObjectNode dcr(DcrReport d) {
    ObjectNode out = NODES.objectNode();
    out.set("synthetic_to_train", summary(d.syntheticToTrain()));
    out.set("holdout_to_train", d.holdoutToTrain() == null ? NODES.nullNode() : summary(d.holdoutToTrain()));
    out.put("exact_copies", d.exactCopies());
    if (d.holdoutExactCopies() < 0) {
      out.putNull("holdout_exact_copies");
    } else {
      out.put("holdout_exact_copies", d.holdoutExactCopies());
    }
    out.put("distance", "gower: mean over columns of min(1,|x-y|/range) for numeric, 0/1 for categorical");
    return out;
  }

  private static ObjectNode summary(DistanceSummary s) {
    ObjectNode out = NODES.objectNode();
    out.put("rows", s.rows());
    number(out, "min", s.min());
    number(out, "p05", s.p05());
    number(out, "median", s.median());
    number(out, "mean", s.mean());
    number(out, "zero_share", s.zeroShare());
    number(out, "nndr_median", s.nndrMedian());
    return out;
  }

  private static void number(ObjectNode node, String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }
}
