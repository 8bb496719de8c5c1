package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpcgan evaluate --analysis … --rules FILE}: the JSON fields, the renderings and every bad input. */
class EvaluateAnalysisRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Rows of age (a few missing), death (0/1, likelier with age), sex (F/M) and dose (always 5). */
  private Path csv(String name, int rows, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    StringBuilder s = new StringBuilder("age,death,sex,dose\n");
    for (int i = 0; i < rows; i++) {
      int age = 20 + rng.nextInt(60);
      boolean missing = rng.nextInt(20) == 0;
      int death = rng.nextDouble() < (age - 10) / 90.0 ? 1 : 0;
      s.append(missing ? "" : Integer.toString(age)).append(',').append(death).append(',')
          .append(rng.nextInt(5) < 3 ? "F" : "M").append(",5\n");
    }
    return Files.writeString(dir.resolve(name), s.toString());
  }

  private Path rules(String text) throws IOException {
    return Files.writeString(dir.resolve("t.rules"), text);
  }

  /** Rows of {@code file} where sex is F and age is present and below 30, and where age is above 75. */
  private static int[] violations(Path file) throws IOException {
    int[] v = new int[2];
    for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      String[] f = line.split(",", -1);
      if (!f[0].isEmpty()) {
        int age = Integer.parseInt(f[0]);
        v[0] += f[2].equals("F") && age < 30 ? 1 : 0;
        v[1] += age > 75 ? 1 : 0;
      }
    }
    return v;
  }

  private Run evaluate(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("evaluate", "--real", csv("real.csv", 400, 1).toString(),
        "--synthetic", csv("syn.csv", 300, 2).toString(), "--holdout", csv("hold.csv", 300, 3).toString(),
        "--attacks", "20"));
    args.addAll(List.of(extra));
    return run(args.toArray(new String[0]));
  }

  /** Status 2, the message as the one line on stderr, and the JSON error object on stdout. */
  private static JsonNode assertJsonError(Run r, String message) throws IOException {
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("dpcgan evaluate: " + message + "\n");
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode error = JSON.readTree(r.out()).get("error");
    assertThat(error.get("message").asText()).isEqualTo(message);
    return error;
  }

  @Test
  void json_hasTheAnalysesPmseAndRules_fieldByField() throws Exception {
    Path rules = rules("# plausibility\nsex = F => age >= 30\nage <= 75\n");
    Run r = evaluate("--analysis", "death ~ age + sex", "--analysis", "age ~ sex", "--rules", rules.toString(),
        "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());

    JsonNode logistic = root.get("analysis").get(0);
    assertThat(root.get("analysis").size()).isEqualTo(2);
    assertThat(logistic.get("formula").asText()).isEqualTo("death ~ age + sex");
    assertThat(logistic.get("family").asText()).isEqualTo("logistic");
    assertThat(logistic.get("outcome").asText()).isEqualTo("death");
    assertThat(logistic.get("reference_levels").get("sex").asText()).isEqualTo("F");   // the most frequent level
    List<String> terms = new ArrayList<>();
    logistic.get("terms").forEach(t -> terms.add(t.get("term").asText()));
    assertThat(terms).containsExactly("(Intercept)", "age", "sex=M");
    JsonNode age = logistic.get("terms").get(1);
    for (String side : new String[] {"real", "synthetic"}) {
      JsonNode e = age.get(side);
      assertThat(e.get("se").asDouble()).as(side).isPositive();
      assertThat(e.get("ci").get(0).asDouble()).as(side).isLessThan(e.get("estimate").asDouble());
      assertThat(e.get("ci").get(1).asDouble()).as(side).isGreaterThan(e.get("estimate").asDouble());
    }
    assertThat(age.get("real").get("estimate").asDouble()).isPositive();   // death is likelier with age
    assertThat(age.get("ci_overlap").isNumber()).isTrue();
    assertThat(age.get("std_difference").asDouble()).isEqualTo(Math.abs(age.get("synthetic").get("estimate")
        .asDouble() - age.get("real").get("estimate").asDouble()) / age.get("real").get("se").asDouble(),
        org.assertj.core.api.Assertions.within(1e-12));
    assertThat(age.get("sign_agrees").asBoolean()).isTrue();
    assertThat(age.get("significance_agrees").isBoolean()).isTrue();
    assertThat(logistic.get("mean_ci_overlap").isNumber()).isTrue();
    assertThat(root.get("analysis").get(1).get("family").asText()).isEqualTo("linear");

    JsonNode pmse = root.get("fidelity").get("pmse");
    assertThat(pmse.get("pmse").asDouble()).isPositive();
    assertThat(pmse.get("s_pmse").asDouble()).isEqualTo(pmse.get("pmse").asDouble() / pmse.get("expected").asDouble());

    int[] real = violations(dir.resolve("real.csv"));
    int[] syn = violations(dir.resolve("syn.csv"));
    JsonNode first = root.get("rules").get(0);
    assertThat(root.get("rules").size()).isEqualTo(2);
    assertThat(first.get("rule").asText()).isEqualTo("sex = F => age >= 30");
    assertThat(first.get("line").asInt()).isEqualTo(2);
    assertThat(first.get("real_violations").asInt()).isEqualTo(real[0]).isPositive();
    assertThat(first.get("synthetic_violations").asInt()).isEqualTo(syn[0]);
    assertThat(first.get("real_rate").asDouble()).isEqualTo(real[0] / 400.0);
    assertThat(first.get("synthetic_rate").asDouble()).isEqualTo(syn[0] / 300.0);
    JsonNode second = root.get("rules").get(1);
    assertThat(second.get("rule").asText()).isEqualTo("age <= 75");
    assertThat(second.get("line").asInt()).isEqualTo(3);
    assertThat(second.get("real_violations").asInt()).isEqualTo(real[1]);
    assertThat(second.get("synthetic_violations").asInt()).isEqualTo(syn[1]);
  }

  @Test
  void markdownAndHtml_showTheAnalysisTableForestPlotAndRules() throws Exception {
    Path html = dir.resolve("report.html");
    Run r = evaluate("--analysis", "death ~ age + sex", "--rules", rules("age <= 75\n").toString(), "--html",
        html.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("## Analyses").contains("### death ~ age + sex (logistic regression")
        .contains("## Plausibility rules").contains("| 1 | age <= 75 |");
    assertThat(Files.readString(html)).contains("<h2>Analyses</h2>").contains("class=\"plot forest\"")
        .contains("<h2>Plausibility rules</h2>");
  }

  @Test
  void analysisOfAMissingColumn_isRefused() throws Exception {
    assertJsonError(evaluate("--analysis", "death ~ weight", "--json"),
        "analysis 'death ~ weight': unknown column 'weight'; columns are: age, death, sex, dose");
  }

  @Test
  void analysisWithAConstantPredictor_isRefused() throws Exception {
    assertJsonError(evaluate("--analysis", "death ~ age + dose", "--json"),
        "analysis 'death ~ age + dose': predictor 'dose' is constant in the real rows (every value is 5.0), so its"
            + " coefficient cannot be estimated; drop it from the formula");
  }

  @Test
  void analysisThatDoesNotParse_isRefusedBeforeAnyTableIsRead() throws Exception {
    Run r = run("evaluate", "--real", dir.resolve("absent.csv").toString(), "--synthetic", "absent.csv",
        "--analysis", "death ~ age +", "--json");
    assertJsonError(r, "analysis 'death ~ age +': expected a column name at the end");
  }

  @Test
  void ruleOnAnUnknownLevel_isRefused_withTheFileLineAndColumn() throws Exception {
    Path rules = rules("age <= 75\nsex = X => age >= 30\n");
    JsonNode error = assertJsonError(evaluate("--rules", rules.toString(), "--json"), rules + " line 2, column 7:"
        + " rule `sex = X => age >= 30`: level X does not occur in column 'sex'; its levels are: F, M");
    assertThat(error.get("file").asText()).isEqualTo(rules.toString());
    assertThat(error.get("line").asInt()).isEqualTo(2);
    assertThat(error.get("column").asInt()).isEqualTo(7);
  }

  @Test
  void ruleSyntaxError_isRefused_withTheFileLineAndColumn() throws Exception {
    Path rules = rules("age <=\n");
    JsonNode error = assertJsonError(evaluate("--rules", rules.toString(), "--json"), rules + " line 1, column 7:"
        + " expected a value or a column after '<=', found the end of the line");
    assertThat(error.get("line").asInt()).isEqualTo(1);
    assertThat(error.get("column").asInt()).isEqualTo(7);
  }

  @Test
  void unsatisfiableRules_areRefused_namingTheRules() throws Exception {
    Path rules = rules("age < 10\nage > 20\n");
    JsonNode error = assertJsonError(evaluate("--rules", rules.toString(), "--json"), rules + ": the rules cannot"
        + " all hold: no value of 'age' satisfies the rules on lines 1, 2 (`age < 10`; `age > 20`)");
    assertThat(error.get("file").asText()).isEqualTo(rules.toString());
    assertThat(error.has("line")).isFalse();
  }

  @Test
  void missingRulesFile_isRefused() throws Exception {
    Path absent = dir.resolve("absent.rules");
    JsonNode error = assertJsonError(evaluate("--rules", absent.toString(), "--json"), "the rules file " + absent
        + " does not exist");
    assertThat(error.get("file").asText()).isEqualTo(absent.toString());
  }

  @Test
  void help_listsTheNewOptions() {
    Run r = run("evaluate", "--help");
    assertThat(r.out()).contains("--analysis=FORMULA").contains("--rules=FILE").contains("--audit=F.json");
  }
}
