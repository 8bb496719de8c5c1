package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpcgan evaluate --model MODEL --audit F.json}: the audit beside the guarantee, and malformed audit files. */
class EvaluateAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path table;
  private static Path dpModel;
  private static Path plainModel;
  private static Path audit;

  /** A DP fit and the audit of the same configuration on the same 400 flchain rows, and a non-private fit. */
  @BeforeAll
  static void fitAndAudit() throws Exception {
    table = smallFlchain(shared, 400);
    dpModel = shared.resolve("dp.dpcgan");
    plainModel = shared.resolve("plain.dpcgan");
    audit = shared.resolve("audit.json");
    String[] config = {"--data", table.toString(), "--columns", flchainColumns().toString(), "--epsilon", "3",
        "--epochs", "2", "--discriminator-widths", "64,64"};
    Run fit = run(concat(new String[] {"fit"}, config, "--out", dpModel.toString()));
    assertThat(fit.rc()).as(fit.err()).isZero();
    Run a = run(concat(new String[] {"audit"}, config, "--steps", "3", "--canaries", "1000", "--confidence", "0.999",
        "--out", audit.toString()));   // at the default 0.95 a correct fit fails 1 audit in 20
    assertThat(a.rc()).as(a.err()).isZero();
    Run plain = run("fit", "--data", table.toString(), "--columns", flchainColumns().toString(), "--no-dp",
        "--epochs", "1", "--batch-size", "100", "--out", plainModel.toString());
    assertThat(plain.rc()).as(plain.err()).isZero();
  }

  private static String[] concat(String[] first, String[] second, String... rest) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(second));
    all.addAll(List.of(rest));
    return all.toArray(new String[0]);
  }

  private static Run evaluate(Path model, Path auditFile, String... extra) {
    List<String> args = new ArrayList<>(List.of("evaluate", "--real", table.toString(), "--synthetic",
        table.toString(), "--attacks", "20"));
    if (model != null) {
      args.addAll(List.of("--model", model.toString()));
    }
    args.addAll(List.of("--audit", auditFile.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(new String[0]));
  }

  /** The audit file with one field replaced. */
  private Path edited(String section, String field, JsonNode value) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(audit));
    if (section == null) {
      root.set(field, value);
    } else {
      ((ObjectNode) root.get(section)).set(field, value);
    }
    return Files.writeString(dir.resolve("edited.json"), JSON.writeValueAsString(root));
  }

  private static JsonNode assertJsonError(Run r, String message) throws IOException {
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("dpcgan evaluate: " + message + "\n");
    JsonNode error = JSON.readTree(r.out()).get("error");
    assertThat(error.get("message").asText()).isEqualTo(message);
    return error;
  }

  @Test
  void json_showsTheAuditUnderTheGuarantee_asTheAuditWroteIt() throws Exception {
    Run r = evaluate(dpModel, audit, "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(r.out());
    JsonNode file = JSON.readTree(Files.readString(audit));
    JsonNode g = report.get("guarantee");
    JsonNode a = g.get("audit");
    assertThat(a.get("passed").asBoolean()).isTrue().isEqualTo(file.get("passed").asBoolean());
    for (String section : new String[] {"sensitivity", "empirical", "claimed"}) {
      file.get(section).fields().forEachRemaining(f ->
          assertThat(a.get(section).get(f.getKey())).as(section + "." + f.getKey()).isEqualTo(f.getValue()));
    }
    assertThat(a.get("sensitivity").get("holds").asBoolean()).isTrue();
    assertThat(a.get("empirical").get("lower_bound_holds").asBoolean()).isTrue();
    assertThat(a.get("empirical").get("noise_holds").asBoolean()).isTrue();
    // the audit checked the same configuration on the same rows: the claims agree, so no warning says otherwise
    assertThat(a.get("claimed").get("epsilon").asDouble()).isEqualTo(g.get("epsilon").asDouble(),
        org.assertj.core.api.Assertions.within(1e-3 * g.get("epsilon").asDouble()));
    assertThat(report.get("warnings").toString()).doesNotContain("The audit");
  }

  @Test
  void markdown_showsTheAuditNextToTheClaimedEpsilon() {
    Run r = evaluate(dpModel, audit);
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("Formal guarantee \\(stated by the generator, not checked here\\): \\(ε=[0-9.]+,"
        + " δ=[^)]+\\)-DP — PLD accountant.*\n\nAudit of this guarantee: audit passed — one-run ε ≥ ");
  }

  @Test
  void auditOfAnotherClaim_warns() throws Exception {
    Path other = edited("claimed", "epsilon", JSON.getNodeFactory().numberNode(50.0));
    Run r = evaluate(dpModel, other, "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(r.out());
    assertThat(report.get("warnings").toString()).contains("The audit " + other + " checked a fit claiming (ε = 50.00,"
        + " δ = 1.00e-05, σ = ").contains("it audits another configuration or table, and says little about this"
        + " model.");
  }

  @Test
  void auditWithoutModel_isRefused() throws Exception {
    assertJsonError(evaluate(null, audit, "--json"), "--audit needs --model: the audit is shown beside the guarantee"
        + " the model claims");
  }

  @Test
  void auditOfANonPrivateModel_isRefused() throws Exception {
    assertJsonError(evaluate(plainModel, audit, "--json"), "--audit applies to a differentially private model, and"
        + " the model " + plainModel + " was trained without DP: there is no guarantee to audit");
  }

  @Test
  void auditFileThatIsNotJson_isRefused_withItsLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"sensitivity\":\n  {\"max_ratio\": 0.5,,}\n");
    Run r = evaluate(dpModel, bad, "--json");
    assertThat(r.rc()).isEqualTo(2);
    JsonNode error = JSON.readTree(r.out()).get("error");
    assertThat(error.get("message").asText())
        .startsWith("--audit " + bad + " is not valid JSON (line 2, column 21: Unexpected character (',' (code 44))")
        .endsWith("it must be the file 'dpcgan audit --out F.json' writes");
    assertThat(error.get("file").asText()).isEqualTo(bad.toString());
    assertThat(error.get("line").asInt()).isEqualTo(2);
  }

  @Test
  void auditFileWithoutAField_namesIt() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(audit));
    ((ObjectNode) root.get("empirical")).remove("epsilon_lower_bound");
    Path bad = Files.writeString(dir.resolve("bad.json"), JSON.writeValueAsString(root));
    Run r = evaluate(dpModel, bad, "--json");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText()).startsWith("--audit " + bad + ": missing"
        + " field 'empirical.epsilon_lower_bound'; the file must be the JSON 'dpcgan audit --out F.json' writes:"
        + " {\"sensitivity\":{\"max_ratio\",\"steps\",\"canaries\"},\"empirical\":{\"epsilon_lower_bound\",");
  }

  @Test
  void auditFieldOfTheWrongType_isRefused() throws Exception {
    Path bad = edited("sensitivity", "steps", JSON.getNodeFactory().textNode("three"));
    assertJsonError(evaluate(dpModel, bad, "--json"), "--audit " + bad + ": field 'sensitivity.steps' must be a whole"
        + " number. Provided: \"three\"");
  }

  @Test
  void auditFileWhosePassedContradictsItsFigures_isRefused() throws Exception {
    Path bad = edited("sensitivity", "max_ratio", JSON.getNodeFactory().numberNode(1.5));
    Run r = evaluate(dpModel, bad, "--json");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText()).startsWith("--audit " + bad
        + " says \"passed\": true, but its figures fail the audit's checks (PrivacyAudit[sensitivity 1.500000 C")
        .endsWith("the file was edited or written by another version: run 'dpcgan audit --out' again");
  }

  @Test
  void auditFileWithAnImpossibleValue_isRefused() throws Exception {
    Path bad = edited("empirical", "confidence", JSON.getNodeFactory().numberNode(1.5));
    assertJsonError(evaluate(dpModel, bad, "--json"), "--audit " + bad + ": empirical confidence must be in (0, 1)."
        + " Provided value: 1.5");
  }

  @Test
  void auditFileHoldingAnArray_isRefused() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "[1, 2]");
    assertJsonError(evaluate(dpModel, bad, "--json"), "--audit " + bad + " must hold one JSON object, the one"
        + " 'dpcgan audit --out F.json' writes. Provided: a JSON array");
  }
}
