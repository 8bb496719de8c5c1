package org.dpcgan.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ReportFormatsTest {
  private static EvaluationReport report;

  @BeforeAll
  static void evaluate() {
    Table real = TinyTables.random(600, 3, 3, 4, 0.05, 1);
    Table syn = TinyTables.random(500, 3, 3, 4, 0.05, 2);
    Table hold = TinyTables.random(400, 3, 3, 4, 0.05, 3);
    report =
        Evaluator.builder()
            .seed(1)
            .target("c0")
            .attacks(100)
            .analysis("n0 ~ n1 + c1")
            .rules(org.dpcgan.eval.rules.Rules.parse("c1 = L0 => n0 >= 1\nn1 <= 9"))
            .build()
            .evaluate(real, syn, hold)
            .withGuarantee(1.5, 1e-6, "rdp accountant");
  }

  @Test
  void json_hasTheDesignKeys() throws Exception {
    JsonNode root = new ObjectMapper().readTree(report.toJson());
    assertThat(root.has("fidelity")).isTrue();
    assertThat(root.has("utility")).isTrue();
    assertThat(root.has("privacy")).isTrue();
    assertThat(root.get("warnings").isArray()).isTrue();
    JsonNode f = root.get("fidelity");
    assertThat(f.get("column_shapes").get("n0").get("metric").asText()).isEqualTo("KSComplement");
    assertThat(f.get("column_shapes").get("c1").get("metric").asText()).isEqualTo("TVComplement");
    assertThat(f.get("column_pair_trends").get("n0|n1").get("metric").asText()).isEqualTo("CorrelationSimilarity");
    assertThat(f.get("column_pair_trends").get("n0|c0").get("metric").asText()).isEqualTo("ContingencySimilarity");
    assertThat(f.get("column_pair_trends").size()).isEqualTo(15);
    assertThat(f.get("quality_score").asDouble()).isEqualTo(report.fidelity().qualityScore());
    assertThat(f.has("column_shapes_score")).isTrue();
    assertThat(f.has("column_pair_trends_score")).isTrue();
    for (String attack : new String[] {"singling_out", "linkability", "inference"}) {
      JsonNode a = root.get("privacy").get(attack);
      assertThat(a.get("ci").size()).as(attack).isEqualTo(2);
      assertThat(a.get("ci").get(0).asDouble()).isLessThanOrEqualTo(a.get("risk").asDouble());
      assertThat(a.has("attack_rate")).isTrue();
      assertThat(a.has("control_rate")).isTrue();
      assertThat(a.get("n_attacks").asInt()).isEqualTo(100);
    }
    JsonNode dcr = root.get("privacy").get("dcr");
    assertThat(dcr.get("synthetic_to_train").get("rows").asInt()).isEqualTo(500);
    assertThat(dcr.get("holdout_to_train").get("rows").asInt()).isEqualTo(400);
    assertThat(root.get("detection").get("score").asDouble()).isBetween(0.0, 1.0);
    assertThat(root.get("utility").get("train_synthetic").has("f1")).isTrue();
    assertThat(root.get("guarantee").get("epsilon").asDouble()).isEqualTo(1.5);
  }

  @Test
  void json_hasPmseAnalysisAndRules() throws Exception {
    JsonNode root = new ObjectMapper().readTree(report.toJson());
    JsonNode pmse = root.get("fidelity").get("pmse");
    assertThat(pmse.get("pmse").asDouble()).isEqualTo(report.pmse().pmse());
    assertThat(pmse.get("expected").asDouble()).isPositive();
    assertThat(pmse.get("s_pmse").asDouble()).isEqualTo(pmse.get("pmse").asDouble() / pmse.get("expected").asDouble());
    JsonNode a = root.get("analysis").get(0);
    assertThat(a.get("formula").asText()).isEqualTo("n0 ~ n1 + c1");
    assertThat(a.get("family").asText()).isEqualTo("linear");
    assertThat(a.get("event").isNull()).isTrue();
    String reference = a.get("reference_levels").get("c1").asText();
    JsonNode terms = a.get("terms");
    assertThat(terms.get(0).get("term").asText()).isEqualTo("(Intercept)");
    assertThat(terms.get(1).get("term").asText()).isEqualTo("n1");
    assertThat(terms.size()).isEqualTo(2 + 3); // intercept, n1, three dummies of c1 against its reference
    assertThat(terms.get(2).get("term").asText()).startsWith("c1=").isNotEqualTo("c1=" + reference);
    JsonNode t = terms.get(1);
    assertThat(t.get("real").get("ci").size()).isEqualTo(2);
    assertThat(t.get("real").get("ci").get(0).asDouble()).isLessThan(t.get("real").get("estimate").asDouble());
    assertThat(t.get("synthetic").get("se").asDouble()).isPositive();
    assertThat(t.has("ci_overlap")).isTrue();
    assertThat(t.has("std_difference")).isTrue();
    assertThat(t.get("sign_agrees").isBoolean()).isTrue();
    assertThat(t.get("significance_agrees").isBoolean()).isTrue();
    assertThat(a.get("rows").get("real").asInt() + a.get("dropped").get("real").asInt()).isEqualTo(600);
    JsonNode rules = root.get("rules");
    assertThat(rules.size()).isEqualTo(2);
    assertThat(rules.get(1).get("rule").asText()).isEqualTo("n1 <= 9");
    // n1 takes the values 0, 0.5, …, 9.5: the rows at 9.5 (about 1 in 20) break the rule.
    assertThat(rules.get(1).get("real_violations").asInt()).isPositive();
    assertThat(rules.get(1).get("real_rate").asDouble()).isEqualTo(rules.get(1).get("real_violations").asInt() / 600.0);
    assertThat(rules.get(1).has("synthetic_violations")).isTrue();
    assertThat(rules.get(1).has("synthetic_rate")).isTrue();
  }

  @Test
  void markdown_hasEverySection() {
    String md = report.toMarkdown();
    assertThat(md)
        .contains("## Fidelity")
        .contains("| n0 | KSComplement |")
        .contains("## Utility")
        .contains("## Privacy")
        .contains("| singling out |")
        .contains("### Distance to closest record")
        .contains("## Warnings")
        .contains("| pMSE (propensity score mean squared error) |")
        .contains("## Analyses")
        .contains("### n0 ~ n1 + c1 (linear regression)")
        .contains("| term | real β (se) | real 95% CI | synthetic β (se) |")
        .contains("| (Intercept) |")
        .contains("## Plausibility rules")
        .contains("| 2 | n1 <= 9 |");
  }

  @Test
  void html_isSelfContained_withOnePlotPerColumnTwoHeatmapsRiskBarsAndAForestPlot() {
    String html = report.toHtml();
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<link");
    assertThat(count(html, "class=\"plot marginal\"")).isEqualTo(6);
    assertThat(count(html, "class=\"plot heatmap\"")).isEqualTo(2);
    assertThat(count(html, "class=\"plot risks\"")).isEqualTo(1);
    assertThat(count(html, "class=\"plot forest\"")).isEqualTo(1);
    assertThat(count(html, "data:image/png;base64,")).isEqualTo(10);
    assertThat(html).contains("<h2>Analyses</h2>").contains("<h2>Plausibility rules</h2>").contains("S_pMSE");
  }

  @Test
  void marginals_areSharesThatSumToOne() {
    for (ColumnMarginal m : report.marginals()) {
      assertThat(java.util.Arrays.stream(m.real()).sum()).as(m.column()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
      assertThat(java.util.Arrays.stream(m.synthetic()).sum()).as(m.column()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    }
    assertThat(report.marginals()).hasSize(6);
    assertThat(report.info().columnKinds()).hasSize(6).containsAllEntriesOf(Map.of());
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  static EvaluationReport report() {
    if (report == null) {
      evaluate();
    }
    return report;
  }
}
