package org.dpcgan.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AuditRenderingTest {
  private static final GuaranteeAudit AUDIT = new GuaranteeAudit(new GuaranteeAudit.Sensitivity(0.99999, 30, 8, true),
      new GuaranteeAudit.Empirical(0.21, 0.95, 1000, 120, 80, 2.31, Double.POSITIVE_INFINITY, true, true),
      new GuaranteeAudit.Claimed(1.5, 1e-6, 2.25));

  @Test
  void json_putsTheAuditUnderTheGuarantee_fieldByField() throws Exception {
    EvaluationReport r = ReportFormatsTest.report().withAudit(AUDIT);
    JsonNode g = new ObjectMapper().readTree(r.toJson()).get("guarantee");
    assertThat(g.get("epsilon").asDouble()).isEqualTo(1.5);
    JsonNode a = g.get("audit");
    assertThat(a.get("sensitivity").get("max_ratio").asDouble()).isEqualTo(0.99999);
    assertThat(a.get("sensitivity").get("steps").asLong()).isEqualTo(30);
    assertThat(a.get("sensitivity").get("canaries").asInt()).isEqualTo(8);
    assertThat(a.get("sensitivity").get("holds").asBoolean()).isTrue();
    JsonNode e = a.get("empirical");
    assertThat(e.get("epsilon_lower_bound").asDouble()).isEqualTo(0.21);
    assertThat(e.get("confidence").asDouble()).isEqualTo(0.95);
    assertThat(e.get("canaries").asInt()).isEqualTo(1000);
    assertThat(e.get("guesses").asInt()).isEqualTo(120);
    assertThat(e.get("correct").asInt()).isEqualTo(80);
    assertThat(e.get("noise_multiplier").asDouble()).isEqualTo(2.31);
    assertThat(e.get("noise_multiplier_upper").isNull()).isTrue();   // +∞ is written as null
    assertThat(e.get("lower_bound_holds").asBoolean()).isTrue();
    assertThat(e.get("noise_holds").asBoolean()).isTrue();
    assertThat(a.get("claimed").get("epsilon").asDouble()).isEqualTo(1.5);
    assertThat(a.get("claimed").get("delta").asDouble()).isEqualTo(1e-6);
    assertThat(a.get("claimed").get("noise_multiplier").asDouble()).isEqualTo(2.25);
    assertThat(a.get("passed").asBoolean()).isTrue();
  }

  @Test
  void json_withoutAnAudit_hasANullAudit() throws Exception {
    JsonNode g = new ObjectMapper().readTree(ReportFormatsTest.report().toJson()).get("guarantee");
    assertThat(g.get("audit").isNull()).isTrue();
  }

  @Test
  void markdownAndHtml_showTheAuditNextToTheClaimedEpsilon() {
    EvaluationReport r = ReportFormatsTest.report().withAudit(AUDIT);
    String md = r.toMarkdown();
    int guarantee = md.indexOf("Formal guarantee (stated by the generator, not checked here): (ε=1.500, δ=1.00e-06)");
    int audit = md.indexOf("Audit of this guarantee: audit passed — one-run ε ≥ 0.210 at 95% confidence");
    assertThat(guarantee).isNotNegative();
    assertThat(audit).isGreaterThan(guarantee).isLessThan(md.indexOf("## Fidelity"));
    String html = r.toHtml();
    assertThat(html).contains("<p class=\"audit\">Audit of this guarantee: audit passed — one-run ε ≥ 0.210");
    assertThat(html.indexOf("class=\"audit\"")).isGreaterThan(html.indexOf("Formal guarantee"))
        .isLessThan(html.indexOf("<h2>Fidelity</h2>"));
    assertThat(r.toString()).contains("GuaranteeAudit[passed; ε ≥ 0.210 vs claimed 1.500]");
  }
}
