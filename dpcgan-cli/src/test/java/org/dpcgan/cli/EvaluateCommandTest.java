package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @TempDir Path dir;

  /** A CSV with an age, a 0/1 integer flag (really a category), a level and a few missing ages. */
  private Path csv(String name, int rows, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    StringBuilder s = new StringBuilder("age,death,sex\n");
    for (int i = 0; i < rows; i++) {
      String age = rng.nextInt(20) == 0 ? "" : Integer.toString(20 + rng.nextInt(60));
      s.append(age).append(',').append(rng.nextInt(2)).append(',').append(rng.nextBoolean() ? "F" : "M").append('\n');
    }
    Path p = dir.resolve(name);
    if (name.endsWith(".gz")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
      }
    } else {
      Files.writeString(p, s.toString());
    }
    return p;
  }

  private Path sidecar() throws IOException {
    return Files.writeString(
        dir.resolve("t.columns.csv"),
        "\"column\",\"type\",\"missing\"\n\"age\",\"integer\",\"1\"\n\"death\",\"categorical\",\"0\"\n\"sex\",\"categorical\",\"0\"\n");
  }

  private record Run(int rc, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(rc, out.toString(), err.toString());
  }

  @Test
  void aTableLargerThanMaxRows_isEvaluatedOnASeededSampleOfThatMany_andTheReportSaysSo() throws Exception {
    Path real = csv("real.csv", 400, 1);
    Path synthetic = csv("syn.csv.gz", 900, 2);
    String[] args = {"evaluate", "--real", real.toString(), "--synthetic", synthetic.toString(), "--columns",
        sidecar().toString(), "--max-rows", "500", "--attacks", "20", "--seed", "4", "--json"};
    Run r = run(args);
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("rows").get("real").asInt()).isEqualTo(400);
    assertThat(j.get("rows").get("synthetic").asInt()).isEqualTo(500);
    assertThat(j.get("warnings").toString())
        .contains("syn.csv.gz has 900 rows: evaluated on a uniform random sample of 500 of them")
        .doesNotContain("real.csv has");
    assertThat(run(args).out()).isEqualTo(r.out());   // the same seed, the same sample
    assertThat(CliTestSupport.files(dir)).containsExactlyInAnyOrder("real.csv", "syn.csv.gz", "t.columns.csv");
  }

  @Test
  void json_printsOneObjectWithTheReportKeys_andSidecarKinds() throws Exception {
    Run r =
        run("evaluate", "--real", csv("real.csv", 400, 1).toString(), "--synthetic", csv("syn.csv.gz", 300, 2).toString(),
            "--holdout", csv("hold.csv", 300, 3).toString(), "--columns", sidecar().toString(),
            "--target", "death", "--attacks", "50", "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(lines[0]);
    assertThat(json.get("fidelity").get("column_shapes").get("death").get("metric").asText()).isEqualTo("TVComplement");
    assertThat(json.get("fidelity").get("column_shapes").get("age").get("metric").asText()).isEqualTo("KSComplement");
    assertThat(json.get("column_kinds").get("death").asText()).isEqualTo("categorical");
    assertThat(json.get("privacy").get("inference").get("n_attacks").asInt()).isEqualTo(50);
    assertThat(json.get("utility").get("target").asText()).isEqualTo("death");
    assertThat(json.has("warnings")).isTrue();
  }

  @Test
  void html_isWrittenAtomically_andMarkdownGoesToStdout() throws Exception {
    Path html = dir.resolve("out").resolve("report.html");
    Run r =
        run("evaluate", "--real", csv("real.csv", 300, 1).toString(), "--synthetic", csv("syn.csv", 300, 2).toString(),
            "--attacks", "20", "--html", html.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("# Synthetic data evaluation").contains("HTML report written to");
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("data:image/png;base64,");
    try (var files = Files.list(html.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.html");
    }
  }

  @Test
  void unknownTarget_failsWithAClearMessage() throws Exception {
    Run r = run("evaluate", "--real", csv("real.csv", 50, 1).toString(), "--synthetic", csv("syn.csv", 50, 2).toString(),
        "--target", "income");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("dpcgan evaluate: the target column 'income' does not exist. Columns: [age, death, sex]");
  }

  @Test
  void differentColumns_failWithAClearMessage() throws Exception {
    Path other = Files.writeString(dir.resolve("other.csv"), "age,sex\n30,F\n40,M\n");
    Run r = run("evaluate", "--real", csv("real.csv", 50, 1).toString(), "--synthetic", other.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("the synthetic table must have the real table's columns [age, death, sex]")
        .contains("Missing: [death]");
  }

  @Test
  void missingFile_andBadSidecar_failWithAClearMessage() throws Exception {
    Run r = run("evaluate", "--real", dir.resolve("nope.csv").toString(), "--synthetic", csv("syn.csv", 5, 2).toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("dpcgan evaluate: the table " + dir.resolve("nope.csv") + " does not exist");
    Path bad = Files.writeString(dir.resolve("bad.columns.csv"), "column,type\nage,date\n");
    Run s = run("evaluate", "--real", csv("real.csv", 5, 1).toString(), "--synthetic", csv("syn.csv", 5, 2).toString(),
        "--columns", bad.toString());
    assertThat(s.rc()).isEqualTo(2);
    assertThat(s.err()).contains("type of column 'age' must be categorical, ordinal, integer or continuous. Provided: date");
  }

  @Test
  void help_listsTheOptions() {
    Run r = run("evaluate", "--help");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("--real").contains("--synthetic").contains("--holdout").contains("--columns")
        .contains("--target").contains("--secret").contains("--json").contains("--html");
  }
}
