package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path tmp;

  private static Path data() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("data").resolve("adult.csv.gz"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find data/ above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("data");
  }

  private record Run(int rc, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int rc = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(rc, out.toString(), err.toString());
  }

  @Test
  void json_onFlchainWithSidecar_hasTheContractKeysAndAnExactRoundTrip() throws IOException {
    Run r = run("inspect", "--data", data().resolve("flchain.csv").toString(), "--columns",
        data().resolve("flchain.columns.csv").toString(), "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("rows", "columns", "encoded_width", "roundtrip");
    assertThat(j.get("rows").asInt()).isEqualTo(7_874);
    assertThat(j.get("columns")).hasSize(11);
    JsonNode creatinine = j.get("columns").get(6);
    List<String> colKeys = new ArrayList<>();
    creatinine.fieldNames().forEachRemaining(colKeys::add);
    assertThat(colKeys).containsExactly("name", "kind", "missing", "categories", "modes", "encoded_width");
    assertThat(creatinine.get("name").asText()).isEqualTo("creatinine");
    assertThat(creatinine.get("kind").asText()).isEqualTo("continuous");
    assertThat(creatinine.get("missing").asInt()).isEqualTo(1_350);
    assertThat(creatinine.get("categories").isNull()).isTrue();
    int modes = creatinine.get("modes").asInt();
    assertThat(creatinine.get("encoded_width").asInt()).isEqualTo(1 + modes + 2);
    JsonNode chapter = j.get("columns").get(10);
    assertThat(chapter.get("categories").asInt()).isEqualTo(17); // 16 chapters + missing
    int sum = 0;
    for (JsonNode c : j.get("columns")) {
      sum += c.get("encoded_width").asInt();
    }
    assertThat(j.get("encoded_width").asInt()).isEqualTo(sum);
    assertThat(j.get("roundtrip").get("categorical_exact").asBoolean()).isTrue();
    assertThat(j.get("roundtrip").get("continuous_max_abs_error").asDouble()).isLessThan(1e-9);
  }

  @Test
  void text_withoutSidecar_printsTheInferenceAndTheRoundTrip() {
    Run r = run("inspect", "--data", data().resolve("exam.csv").toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("Inferred schema").contains("normexam").contains("4059 rows")
        .contains("categorical exact: yes");
  }

  @Test
  void raggedCsv_failsWithTheLineOnStderrAndNothingOnStdout() throws IOException {
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "a,b\n1,2\n3\n");
    Run r = run("inspect", "--data", bad.toString(), "--json");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.out()).isEqualTo("{\"error\":{\"message\":\"bad.csv: line 3: row has 1 fields, the header has 2\","
        + "\"file\":\"bad.csv\",\"line\":3}}\n");
    assertThat(r.err()).contains("bad.csv: line 3: row has 1 fields, the header has 2");
  }

  @Test
  void sidecarNamingAMissingColumn_fails() throws IOException {
    Path sidecar = tmp.resolve("s.columns.csv");
    Files.writeString(sidecar, "column,type\nage,integer\nnope,categorical\n");
    Path table = tmp.resolve("t.csv");
    Files.writeString(table, "age\n1\n2\n");
    Run r = run("inspect", "--data", table.toString(), "--columns", sidecar.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("the schema names column 'nope' which the file lacks");
  }

  @Test
  void missingFile_fails() {
    Run r = run("inspect", "--data", tmp.resolve("absent.csv").toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("absent.csv");
  }
}
