package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.files;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path model;

  /** One small model for every test: 400 flchain rows, 1 epoch of 4 steps (fit through the CLI). */
  @BeforeAll
  static void fit() throws Exception {
    model = shared.resolve("flchain.dpcgan");
    Run r = run("fit", "--data", smallFlchain(shared, 400).toString(), "--columns", flchainColumns().toString(),
        "--no-dp", "--epochs", "1", "--batch-size", "100", "--seed", "3", "--out", model.toString());
    assertThat(r.rc()).as(r.err()).isZero();
  }

  private void assertRejected(Run r, String message) throws Exception {
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("dpcgan sample: ").contains(message);
    assertThat(r.out()).isEmpty();
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void json_printsRowsSecondsOutAndMatching_andTheCsvHasTheModelsColumns() throws Exception {
    Path out = dir.resolve("s.csv");
    Run r = run("sample", "--model", model.toString(), "--rows", "120", "--out", out.toString(), "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("rows", "seconds", "out", "match_marginals");
    assertThat(j.get("rows").asInt()).isEqualTo(120);
    assertThat(j.get("seconds").asDouble()).isPositive();
    assertThat(j.get("out").asText()).isEqualTo(out.toAbsolutePath().toString());
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(121);
    assertThat(lines.get(0)).isEqualTo(Files.readAllLines(CliTestSupport.data().resolve("flchain.csv")).get(0));
    assertThat(files(dir)).containsExactly("s.csv");
  }

  @Test
  void parquetOut_holdsTheSameRowsAsCsv_andFitAndEvaluateReadIt() throws Exception {
    Path csv = dir.resolve("s.csv");
    Path parquet = dir.resolve("s.parquet");
    for (Path out : List.of(csv, parquet)) {
      Run r = run("sample", "--model", model.toString(), "--rows", "300", "--seed", "5", "--out", out.toString());
      assertThat(r.rc()).as(r.err()).isZero();
    }
    assertThat(files(dir)).containsExactlyInAnyOrder("s.csv", "s.parquet");
    var schema = org.dpcgan.core.data.Schema.fromSidecar(flchainColumns());
    var fromCsv = org.dpcgan.core.data.Tables.read(csv, schema);
    var fromParquet = org.dpcgan.core.data.Tables.read(parquet, schema);
    for (String name : fromCsv.columnNames()) {
      assertThat(fromParquet.column(name).asList()).as(name).isEqualTo(fromCsv.column(name).asList());
    }
    Run fit = run("fit", "--data", parquet.toString(), "--columns", flchainColumns().toString(), "--no-dp",
        "--epochs", "1", "--batch-size", "100", "--out", dir.resolve("m.dpcgan").toString());
    assertThat(fit.rc()).as(fit.err()).isZero();
    Run evaluate = run("evaluate", "--real", csv.toString(), "--synthetic", parquet.toString(), "--columns",
        flchainColumns().toString(), "--json");
    assertThat(evaluate.rc()).as(evaluate.err()).isZero();
    assertThat(new ObjectMapper().readTree(evaluate.out()).get("rows").get("synthetic").asInt()).isEqualTo(300);
  }

  @Test
  void condition_holdsOnEveryRow_andTheSameSeedGivesTheSameFile() throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    Run r = run("sample", "--model", model.toString(), "--rows", "50", "--condition", "sex=F", "--seed", "11",
        "--out", a.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote 50 synthetic rows with sex=F").contains("NOT differentially private");
    List<String> lines = Files.readAllLines(a);
    int sex = List.of(lines.get(0).split(",")).indexOf("sex");
    assertThat(lines.subList(1, lines.size())).hasSize(50).allSatisfy(l -> assertThat(l.split(",", -1)[sex]).isEqualTo("F"));
    assertThat(run("sample", "--model", model.toString(), "--rows", "50", "--condition", "sex=F", "--seed", "11",
        "--out", b.toString()).rc()).isZero();
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
  }

  @Test
  void unknownConditionValue_listsTheValidValues() throws Exception {
    assertRejected(run("sample", "--model", model.toString(), "--rows", "10", "--condition", "sex=X",
        "--out", dir.resolve("s.csv").toString()), "must be one of [F, M]. Provided: 'X'");
  }

  @Test
  void unknownConditionColumn_listsTheDiscreteColumns() throws Exception {
    assertRejected(run("sample", "--model", model.toString(), "--rows", "10", "--condition", "age=60",
        "--out", dir.resolve("s.csv").toString()), "condition column must be one of the discrete columns [");
  }

  @Test
  void conditionWithoutEquals_isRejected() throws Exception {
    assertRejected(run("sample", "--model", model.toString(), "--rows", "10", "--condition", "sex",
        "--out", dir.resolve("s.csv").toString()), "--condition must be COL=VALUE");
  }

  @Test
  void zeroRows_isRejected() throws Exception {
    assertRejected(run("sample", "--model", model.toString(), "--rows", "0", "--out", dir.resolve("s.csv").toString()),
        "--rows must be >= 1. Provided value: 0");
  }

  @Test
  void corruptModel_failsWithAClearMessage() throws Exception {
    Path corrupt = Files.write(shared.resolve("corrupt.dpcgan"), "not a model".getBytes());
    assertRejected(run("sample", "--model", corrupt.toString(), "--rows", "10", "--out", dir.resolve("s.csv").toString()),
        "corrupt.dpcgan");
  }

  @Test
  void truncatedModel_failsWithAClearMessage() throws Exception {
    byte[] bytes = Files.readAllBytes(model);
    Path truncated = Files.write(shared.resolve("truncated.dpcgan"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertRejected(run("sample", "--model", truncated.toString(), "--rows", "10", "--out",
        dir.resolve("s.csv").toString()), "truncated.dpcgan");
  }

  @Test
  void missingModel_failsWithAClearMessage() throws Exception {
    assertRejected(run("sample", "--model", dir.resolve("none.dpcgan").toString(), "--rows", "10", "--out",
        dir.resolve("s.csv").toString()), "the model file " + dir.resolve("none.dpcgan") + " does not exist");
  }

  @Test
  void matchMarginals_isTheDefault_andNoMatchMarginalsSamplesOtherRows() throws Exception {
    Path byDefault = dir.resolve("default.csv");
    Path matched = dir.resolve("matched.csv");
    Path plain = dir.resolve("plain.csv");
    assertThat(run("sample", "--model", model.toString(), "--rows", "300", "--out", byDefault.toString()).rc())
        .isZero();
    Run r = run("sample", "--model", model.toString(), "--rows", "300", "--match-marginals", "--out",
        matched.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    Run p = run("sample", "--model", model.toString(), "--rows", "300", "--no-match-marginals", "--out",
        plain.toString());
    assertThat(p.rc()).as(p.err()).isZero();
    assertThat(Files.readAllLines(matched)).hasSize(301).isEqualTo(Files.readAllLines(byDefault))
        .isNotEqualTo(Files.readAllLines(plain));
    assertThat(Files.readAllLines(plain)).hasSize(301);
  }

  @Test
  void theDefaultMatching_doesNotStopConditionalSampling_andTheJsonSaysWhetherRowsWereMatched() throws Exception {
    Run r = run("sample", "--model", model.toString(), "--rows", "10", "--condition", "sex=F", "--json", "--out",
        dir.resolve("s.csv").toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"match_marginals\":false");
    Run matched = run("sample", "--model", model.toString(), "--rows", "10", "--json", "--out",
        dir.resolve("m.csv").toString());
    assertThat(matched.out()).contains("\"match_marginals\":true");
  }

  @Test
  void matchMarginals_withACondition_isRejected() throws Exception {
    assertRejected(run("sample", "--model", model.toString(), "--rows", "10", "--match-marginals", "--condition",
        "sex=F", "--out", dir.resolve("s.csv").toString()), "--match-marginals applies to unconditional sampling only");
  }

  @Test
  void threads_doNotChangeTheRows() throws Exception {
    Path one = dir.resolve("one.csv");
    Path three = dir.resolve("three.csv");
    Run r = run("sample", "--model", model.toString(), "--rows", "2500", "--threads", "1", "--out", one.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    r = run("sample", "--model", model.toString(), "--rows", "2500", "--threads", "3", "--out", three.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(Files.readAllLines(three)).hasSize(2501).isEqualTo(Files.readAllLines(one));
  }

  @Test
  void threads_zero_isRejected() throws Exception {
    assertRejected(run("sample", "--model", model.toString(), "--rows", "10", "--threads", "0", "--out",
        dir.resolve("s.csv").toString()), "--threads must be >= 1. Provided value: 0");
  }
}
