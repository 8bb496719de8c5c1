package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.data;
import static org.dpcgan.cli.CliTestSupport.files;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the command line, as a user meets it: each failure exits with status 2, says what is wrong,
 * where and what to do (the exact message is checked), prints one JSON error object with {@code --json}, and writes
 * nothing.
 */
class BadInputTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Status 2, the message as the one line on stderr, and with --json the error object on stdout. */
  private static JsonNode assertJsonError(Run r, String command, String message) throws IOException {
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("dpcgan " + command + ": " + message + "\n");
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode error = JSON.readTree(r.out()).get("error");
    assertThat(error.get("message").asText()).isEqualTo(message);
    return error;
  }

  private Path exam() throws IOException {
    return Files.copy(data().resolve("exam.csv"), dir.resolve("exam.csv"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static Path examColumns() {
    return data().resolve("exam.columns.csv");
  }

  @Test
  void missingDataFile_saysItDoesNotExist_withTheFileInJson() throws IOException {
    Path missing = dir.resolve("nope.csv");
    Run r = run("fit", "--data", missing.toString(), "--columns", flchainColumns().toString(), "--no-dp", "--out",
        dir.resolve("m.dpcgan").toString(), "--json");
    JsonNode error = assertJsonError(r, "fit", "the table " + missing + " does not exist");
    assertThat(error.get("file").asText()).isEqualTo(missing.toString());
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void missingSidecar_saysItDoesNotExist() throws IOException {
    Path missing = dir.resolve("nope.columns.csv");
    Run r = run("inspect", "--data", smallFlchain(dir, 20).toString(), "--columns", missing.toString(), "--json");
    assertJsonError(r, "inspect", "the sidecar " + missing + " does not exist");
  }

  @Test
  void missingFolderOfAFile_isNamed() throws IOException {
    Path missing = dir.resolve("no-such-folder").resolve("t.csv");
    Run r = run("inspect", "--data", missing.toString(), "--json");
    assertJsonError(r, "inspect", "the table " + missing + " does not exist (nor does its folder " + missing.getParent()
        + ")");
  }

  @Test
  void gzipFileWithoutGzName_isRead() throws IOException {
    Path packed = dir.resolve("flchain-packed.csv");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(packed))) {
      out.write(Files.readAllBytes(smallFlchain(dir, 50)));
    }
    Run r = run("inspect", "--data", packed.toString(), "--columns", flchainColumns().toString(), "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("rows").asInt()).isEqualTo(50);
  }

  @Test
  void modelFileGivenAsData_isSaidToBeAZipArchive() throws IOException {
    Path model = dir.resolve("model.dpcgan");
    Run fit = run("fit", "--data", smallFlchain(dir, 200).toString(), "--columns", flchainColumns().toString(),
        "--no-dp", "--epochs", "1", "--batch-size", "100", "--out", model.toString());
    assertThat(fit.rc()).as(fit.err()).isZero();
    Run r = run("inspect", "--data", model.toString(), "--json");
    assertJsonError(r, "inspect", "the table " + model + " is a zip archive (a dpcgan model file?), not a CSV table;"
        + " dpcgan reads CSV, plain or gzip-compressed");
  }

  @Test
  void semicolonSeparatedFile_getsADelimiterHintAtLine1() throws IOException {
    Path semi = dir.resolve("exam-semi.csv");
    Files.write(semi, Files.readAllLines(exam()).stream().map(l -> l.replace(',', ';')).toList());
    Run r = run("fit", "--data", semi.toString(), "--columns", examColumns().toString(), "--no-dp", "--out",
        dir.resolve("m.dpcgan").toString(), "--json");
    JsonNode error = assertJsonError(r, "fit", "exam-semi.csv: line 1: the header is one field,"
        + " 'school;normexam;schgend;schavg;vr;intake;standLRT;sex;type;s…': the file seems to separate its fields with"
        + " semicolons (;); dpcgan reads comma-separated values (RFC 4180): save it with commas");
    assertThat(error.get("file").asText()).isEqualTo("exam-semi.csv");
    assertThat(error.get("line").asInt()).isEqualTo(1);
  }

  @Test
  void tabSeparatedFileInEvaluate_getsADelimiterHint() throws IOException {
    Path tabs = Files.writeString(dir.resolve("t.tsv"), "a\tb\n1\t2\n");
    Run r = run("evaluate", "--real", tabs.toString(), "--synthetic", tabs.toString(), "--json");
    assertJsonError(r, "evaluate", "t.tsv: line 1: the header is one field, 'a\tb': the file seems to separate its"
        + " fields with tabs; dpcgan reads comma-separated values (RFC 4180): save it with commas");
  }

  @Test
  void valueTooLargeForTheTransformer_isNamedWithItsLineAndColumn() throws IOException {
    Path big = dir.resolve("big.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(exam()).subList(0, 300));
    String[] row = lines.get(4).split(",");
    row[6] = "1e200";   // standLRT
    lines.set(4, String.join(",", row));
    Files.write(big, lines);
    Run r = run("fit", "--data", big.toString(), "--columns", examColumns().toString(), "--no-dp", "--out",
        dir.resolve("m.dpcgan").toString(), "--json");
    JsonNode error = assertJsonError(r, "fit", "big.csv: line 5 (row 4), column 'standLRT': '1e200' is refused: value"
        + " 1.0E200 is too large for the data transformer's arithmetic (it squares values); allowed: a magnitude up to"
        + " 1e100. Rescale the column (e.g. to thousands) or declare it categorical");
    assertThat(error.get("line").asInt()).isEqualTo(5);
    assertThat(error.get("column").asText()).isEqualTo("standLRT");
  }

  @Test
  void categoryLimit_reportsTheTrueCountAndTheOptionThatRaisesIt() throws IOException {
    Run r = run("inspect", "--data", exam().toString(), "--columns", examColumns().toString(), "--max-categories",
        "40", "--json");
    assertJsonError(r, "inspect", "column 'school' has 65 categories (missing included), more than the limit of 40."
        + " If it identifies rows, declare it as id in the schema (it is then left out); otherwise raise the limit to"
        + " at least 65: --max-categories 65 on the command line, Synthesizer.Builder.maxCategories(65) in code");
    Run raised = run("inspect", "--data", exam().toString(), "--columns", examColumns().toString(), "--max-categories",
        "700", "--json");
    assertThat(raised.rc()).as(raised.err()).isZero();
  }

  @Test
  void dpFitOfASmallTable_adaptsTheDefaultBatch() throws IOException {
    Run r = run("fit", "--data", smallFlchain(dir, 60).toString(), "--columns", flchainColumns().toString(),
        "--epsilon", "3", "--epochs", "1", "--generator-widths", "16", "--discriminator-widths", "16", "--out",
        dir.resolve("m.dpcgan").toString(), "--json");
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("privacy").get("sampling_rate").asDouble()).isEqualTo(0.5);
  }

  @Test
  void dpFitWithABatchAboveTheRows_namesTheOptionToSet() throws IOException {
    Path small = smallFlchain(dir, 60);
    Run r = run("fit", "--data", small.toString(), "--columns", flchainColumns().toString(), "--epsilon", "3",
        "--batch-size", "500", "--out", dir.resolve("m.dpcgan").toString(), "--json");
    assertJsonError(r, "fit", "the batch size 500 is larger than the 60 rows of " + small.getFileName() + ": a DP fit"
        + " samples each row with probability batch size / rows, which must be at most 1. Choose a batch size of at"
        + " most 60 (batchSize(...); --batch-size on the command line; well below it for privacy amplification), or"
        + " leave it out: the default adapts to small tables");
    assertThat(files(dir)).containsExactly("flchain-small.csv");
  }

  @Test
  void oneRowTable_warnsInTextAndJson() throws IOException {
    String[] args = {"fit", "--data", smallFlchain(dir, 1).toString(), "--columns", flchainColumns().toString(),
        "--no-dp", "--epochs", "1", "--batch-size", "10", "--out", dir.resolve("m.dpcgan").toString()};
    String warning = "the model was trained on only 1 row: there is nothing to generalise from, so its synthetic rows"
        + " either reproduce it (without DP) or are mostly noise (with DP)";
    Run text = run(args);
    assertThat(text.rc()).as(text.err()).isZero();
    assertThat(text.out()).contains("Warning: " + warning + ".\n");
    Run json = run(append(args, "--json"));
    assertThat(JSON.readTree(json.out()).get("warnings").get(0).asText()).isEqualTo(warning);
  }

  @Test
  void epsilonAbove20_warnsInTextAndJson() throws IOException {
    String[] args = {"fit", "--data", smallFlchain(dir, 200).toString(), "--columns", flchainColumns().toString(),
        "--epsilon", "40", "--epochs", "1", "--generator-widths", "16", "--discriminator-widths", "16", "--out",
        dir.resolve("m.dpcgan").toString()};
    Run text = run(args);
    assertThat(text.rc()).as(text.err()).isZero();
    assertThat(text.out()).containsPattern("Warning: ε = [0-9.]+ is above 20: it allows any outcome to become e\\^ε ≈"
        + " [0-9.e+]+ times more likely because of one row, which protects nothing meaningful; usual choices are ε"
        + " between 0.1 and 10.\n");
    Run json = run(append(args, "--json"));
    assertThat(JSON.readTree(json.out()).get("warnings").get(0).asText()).contains("protects nothing meaningful");
  }

  @Test
  void dpFitProgress_saysTheCriticLossIsWithheld() throws IOException {
    Run r = run("fit", "--data", smallFlchain(dir, 200).toString(), "--columns", flchainColumns().toString(),
        "--epsilon", "3", "--epochs", "1", "--generator-widths", "16", "--discriminator-widths", "16", "--out",
        dir.resolve("m.dpcgan").toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.err()).contains("D withheld (DP)").doesNotContain("NaN");
  }

  @Test
  void unknownOption_withJson_isAJsonErrorAndStatus2() throws IOException {
    Run r = run("sample", "--model", "m.dpcgan", "--rows", "5", "--out", "x.csv", "--bogus", "--json");
    assertJsonError(r, "sample", "Unknown option: '--bogus'");
    assertThat(r.err()).contains("See 'dpcgan sample --help' for the options.");
  }

  @Test
  void missingRequiredOption_withJson_isAJsonError() throws IOException {
    Run r = run("privacy", "epsilon", "--sampling-rate", "0.01", "--json");
    JsonNode error = assertJsonError(r, "privacy epsilon",
        "Missing required options: '--noise-multiplier=<noiseMultiplier>', '--steps=<steps>', '--delta=<delta>'");
    assertThat(error.has("file")).isFalse();
  }

  @Test
  void badNumber_withJson_isAJsonError() throws IOException {
    Run r = run("sample", "--model", "m.dpcgan", "--rows", "many", "--out", "x.csv", "--json");
    assertJsonError(r, "sample", "Invalid value for option '--rows': 'many' is not a long");
  }

  @Test
  void ragggedRowInSidecar_isAJsonErrorWithItsLine() throws IOException {
    Path sidecar = Files.writeString(dir.resolve("bad.columns.csv"), "column,type\nage,integer\nsex\n");
    Run r = run("inspect", "--data", smallFlchain(dir, 20).toString(), "--columns", sidecar.toString(), "--json");
    JsonNode error = assertJsonError(r, "inspect", "bad.columns.csv: line 3: row has 1 fields, the header has 2");
    assertThat(error.get("line").asInt()).isEqualTo(3);
  }

  @Test
  void unknownConditionValue_isAJsonError() throws IOException {
    Path model = dir.resolve("model.dpcgan");
    Run fit = run("fit", "--data", smallFlchain(dir, 200).toString(), "--columns", flchainColumns().toString(),
        "--no-dp", "--epochs", "1", "--batch-size", "100", "--out", model.toString());
    assertThat(fit.rc()).as(fit.err()).isZero();
    Run r = run("sample", "--model", model.toString(), "--rows", "5", "--condition", "sex=X", "--out",
        dir.resolve("s.csv").toString(), "--json");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText()).contains("sex").contains("'X'");
    assertThat(files(dir)).containsExactly("flchain-small.csv", "model.dpcgan");
  }

  private static String[] append(String[] args, String... more) {
    String[] out = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, out, args.length, more.length);
    return out;
  }

  @Test
  void badDpSettings_areNamedByTheirOptions() throws IOException {
    String[][] cases = {
        {"--epsilon", "-1", "--epsilon must be finite and > 0. Provided value: -1.0"},
        {"--epsilon", "NaN", "--epsilon must be finite and > 0. Provided value: NaN"},
        {"--delta", "2", "--delta must be in (0, 1) (typically well below 1/rows). Provided value: 2.0"},
        {"--clip-norm", "0", "--clip-norm must be finite and > 0. Provided value: 0.0"},
        {"--metadata-share", "1.5", "--metadata-share must be in (0, 1). Provided value: 1.5"},
        {"--noise-multiplier", "Infinity", "--noise-multiplier must be finite and > 0. Provided value: Infinity"},
    };
    Path data = smallFlchain(dir, 50);
    for (String[] c : cases) {
      String[] args = c[0].equals("--epsilon") || c[0].equals("--noise-multiplier")
          ? new String[] {"fit", "--data", data.toString(), "--columns", flchainColumns().toString(), c[0], c[1],
              "--out", dir.resolve("m.dpcgan").toString(), "--json"}
          : new String[] {"fit", "--data", data.toString(), "--columns", flchainColumns().toString(), "--epsilon", "3",
              c[0], c[1], "--out", dir.resolve("m.dpcgan").toString(), "--json"};
      assertJsonError(run(args), "fit", c[2]);
    }
    Run demo = run("demo", "--epsilon", "0", "--out-dir", dir.resolve("demo").toString());
    assertThat(demo.rc()).isEqualTo(2);
    assertThat(demo.err()).startsWith("dpcgan demo: --epsilon must be finite and > 0. Provided value: 0.0\n");
    assertJsonError(run("audit", "--data", data.toString(), "--columns", flchainColumns().toString(), "--epsilon", "1", "--delta", "0",
        "--json"), "audit", "--delta must be in (0, 1) (typically well below 1/rows). Provided value: 0.0");
    assertJsonError(run("audit", "--data", data.toString(), "--columns", flchainColumns().toString(), "--epsilon", "1",
        "--confidence", "1", "--json"), "audit", "--confidence must be in (0, 1) (e.g. 0.95 or 0.999). Provided value: 1.0");
  }
}
