package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.files;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpcgan sample --rules FILE}: reject and redraw, the acceptance rate, and refusals before sampling. */
class SampleRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path model;
  private static Path idModel;

  /**
   * A small non-private model of 400 flchain rows (1 epoch), and one of the same rows with an id column in front: its
   * samples number their rows.
   */
  @BeforeAll
  static void fit() throws Exception {
    Path table = smallFlchain(shared, 400);
    model = shared.resolve("flchain.dpcgan");
    Run r = run("fit", "--data", table.toString(), "--columns", flchainColumns().toString(), "--no-dp", "--epochs",
        "1", "--batch-size", "100", "--seed", "3", "--out", model.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(table);
    List<String> withId = new ArrayList<>(List.of("id," + lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      withId.add("p" + i + "," + lines.get(i));
    }
    List<String> sidecar = new ArrayList<>(Files.readAllLines(flchainColumns()));
    sidecar.add(1, "\"id\",\"id\",\"0\",\"400\",\"\",\"\",\"\",\"\"");
    idModel = shared.resolve("id.dpcgan");
    Run s = run("fit", "--data", Files.write(shared.resolve("id.csv"), withId).toString(), "--columns",
        Files.write(shared.resolve("id.columns.csv"), sidecar).toString(), "--no-dp", "--epochs", "1",
        "--batch-size", "100", "--seed", "3", "--out", idModel.toString());
    assertThat(s.rc()).as(s.err()).isZero();
  }

  private Path rules(String text) throws IOException {
    return Files.writeString(dir.resolve("t.rules"), text);
  }

  /** The CSV's rows as maps from column to cell. */
  private static List<java.util.Map<String, String>> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",", -1);
    List<java.util.Map<String, String>> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      java.util.Map<String, String> row = new java.util.HashMap<>();
      for (int j = 0; j < header.length; j++) {
        row.put(header[j], cells[j]);
      }
      out.add(row);
    }
    return out;
  }

  private void assertRefused(Run r, String message) throws IOException {
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("dpcgan sample: " + message + "\n");
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText()).isEqualTo(message);
    assertThat(files(dir)).containsExactly("t.rules");   // nothing written
  }

  @Test
  void json_reportsTheAcceptanceRate_andEveryRowSatisfiesTheRules() throws Exception {
    Path out = dir.resolve("s.csv");
    Run r = run("sample", "--model", model.toString(), "--rows", "300", "--rules",
        rules("sex = F => age >= 75\nkappa <= 2\n").toString(), "--out", out.toString(), "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    List<String> keys = new ArrayList<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("rows", "seconds", "out", "match_marginals", "acceptance_rate", "rows_drawn");
    assertThat(j.get("rows").asInt()).isEqualTo(300);
    long drawn = j.get("rows_drawn").asLong();
    assertThat(drawn).isGreaterThan(300);   // the untrained model breaks these rules often
    assertThat(j.get("acceptance_rate").asDouble()).isEqualTo(300.0 / drawn);
    List<java.util.Map<String, String>> rows = rows(out);
    assertThat(rows).hasSize(300).allSatisfy(row -> {
      assertThat(Double.parseDouble(row.get("kappa"))).isLessThanOrEqualTo(2.0);
      if (row.get("sex").equals("F")) {
        assertThat(Integer.parseInt(row.get("age"))).isGreaterThanOrEqualTo(75);
      }
    });
  }

  @Test
  void text_saysTheRulesAndTheAcceptanceRate() throws Exception {
    Path rules = rules("kappa <= 2\n");
    Run r = run("sample", "--model", model.toString(), "--rows", "100", "--rules", rules.toString(), "--out",
        dir.resolve("s.csv").toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("Wrote 100 synthetic rows satisfying the 1 rule of " + rules.toString()
        .replace("\\", "\\\\") + " to .* in [0-9.]+ s.\nAcceptance rate [0-9.]+%: [0-9]+ rows drawn, [0-9]+ dropped"
        + " for breaking a rule.\n");
  }

  @Test
  void rulesEveryRowSatisfies_leaveTheSampleAsItWas() throws Exception {
    Path plain = dir.resolve("plain.csv");
    Path ruled = dir.resolve("ruled.csv");
    assertThat(run("sample", "--model", model.toString(), "--rows", "200", "--out", plain.toString()).rc()).isZero();
    // the declared bounds clamp every decoded age into [50, 110]
    Run r = run("sample", "--model", model.toString(), "--rows", "200", "--rules", rules("age >= 50\n").toString(),
        "--out", ruled.toString(), "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("acceptance_rate").asDouble()).isEqualTo(1.0);
    assertThat(Files.readAllBytes(ruled)).isEqualTo(Files.readAllBytes(plain));
  }

  @Test
  void conditionsAndMarginalMatching_stillApply() throws Exception {
    Path conditioned = dir.resolve("c.csv");
    Run r = run("sample", "--model", model.toString(), "--rows", "80", "--condition", "sex=M", "--rules",
        rules("age >= 70\n").toString(), "--out", conditioned.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(rows(conditioned)).hasSize(80).allSatisfy(row -> {
      assertThat(row.get("sex")).isEqualTo("M");
      assertThat(Integer.parseInt(row.get("age"))).isGreaterThanOrEqualTo(70);
    });
    Path matched = dir.resolve("m.csv");
    Run m = run("sample", "--model", model.toString(), "--rows", "80", "--match-marginals", "--rules",
        rules("age >= 70\n").toString(), "--out", matched.toString());
    assertThat(m.rc()).as(m.err()).isZero();
    assertThat(rows(matched)).hasSize(80).allSatisfy(row ->
        assertThat(Integer.parseInt(row.get("age"))).isGreaterThanOrEqualTo(70));
  }

  @Test
  void idColumns_numberTheWrittenRows() throws Exception {
    Path out = dir.resolve("s.csv");
    Run r = run("sample", "--model", idModel.toString(), "--rows", "150", "--rules", rules("kappa <= 2\n").toString(),
        "--out", out.toString(), "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("rows_drawn").asLong()).isGreaterThan(150);
    List<java.util.Map<String, String>> rows = rows(out);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).get("id")).isEqualTo(Integer.toString(i + 1));
    }
  }

  @Test
  void tooLowAcceptance_isRefused_withTheRate() throws Exception {
    Path rules = rules("kappa > 3.3 and kappa < 3.3000001\n");
    Run r = run("sample", "--model", model.toString(), "--rows", "10", "--rules", rules.toString(), "--out",
        dir.resolve("s.csv").toString(), "--json");
    assertRefused(r, "the rules of " + rules + " accept too few of the rows the model draws: 0 of 20000 drawn rows"
        + " (0.00%) satisfy them, and sampling gives up after 20000 drawn rows (20 × max(--rows, 1000): an acceptance"
        + " rate below 1 in 20); 0 of the 10 requested rows were found. Check each rule's violations on a plain"
        + " sample ('dpcgan evaluate --rules'), loosen the rules or train longer");
  }

  @Test
  void ruleOnAnUnknownLevel_isRefusedBeforeSampling_withTheFileLineAndColumn() throws Exception {
    Path rules = rules("# flchain\nsex = X => age >= 60\n");
    Run r = run("sample", "--model", model.toString(), "--rows", "10", "--rules", rules.toString(), "--out",
        dir.resolve("s.csv").toString(), "--json");
    assertRefused(r, rules + " line 2, column 7: rule `sex = X => age >= 60`: level X does not occur in column 'sex';"
        + " its levels are: F, M");
    JsonNode error = JSON.readTree(r.out()).get("error");
    assertThat(error.get("file").asText()).isEqualTo(rules.toString());
    assertThat(error.get("line").asInt()).isEqualTo(2);
    assertThat(error.get("column").asInt()).isEqualTo(7);
  }

  @Test
  void ruleOnAnUnknownColumn_isRefused() throws Exception {
    Path rules = rules("weight < 100\n");
    assertRefused(run("sample", "--model", model.toString(), "--rows", "10", "--rules", rules.toString(), "--out",
        dir.resolve("s.csv").toString(), "--json"), rules + " line 1, column 1: rule `weight < 100`: unknown column"
        + " 'weight'; columns are: age, sex, sample.yr, kappa, lambda, flc.grp, creatinine, mgus, futime, death,"
        + " chapter");
  }

  @Test
  void rulesNoDeclaredValueSatisfies_areRefusedBeforeSampling() throws Exception {
    Path rules = rules("age < 40\n");
    assertRefused(run("sample", "--model", model.toString(), "--rows", "10", "--rules", rules.toString(), "--out",
        dir.resolve("s.csv").toString(), "--json"), rules + ": the rules cannot all hold: no value of 'age' in its"
        + " declared range [50.0, 110.0] satisfies the rules on line 1 (`age < 40`)");
  }

  @Test
  void contradictoryRules_areRefusedBeforeSampling() throws Exception {
    Path rules = rules("sex = F\nsex = F => death = 1\ndeath = 0\n");
    assertRefused(run("sample", "--model", model.toString(), "--rows", "10", "--rules", rules.toString(), "--out",
        dir.resolve("s.csv").toString(), "--json"), rules + ": the rules cannot all hold: no value of 'death' among"
        + " its levels satisfies the rules on lines 1, 2, 3 (`sex = F`; `sex = F => death = 1`; `death = 0`)");
  }

  @Test
  void rulesFileThatIsTheOutput_isRefused() throws Exception {
    Path rules = rules("age >= 50\n");
    assertRefused(run("sample", "--model", model.toString(), "--rows", "10", "--rules", rules.toString(), "--out",
        rules.toString(), "--json"), "--out " + rules + " is the input --rules: writing it would destroy the input;"
        + " choose another output file");
  }
}
