package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.files;
import static org.dpcgan.cli.CliTestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.dpcgan.cli.CliTestSupport.Run;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void tinyDpDemo_writesItsFiles_andPrintsTheSummaryWithTheGuarantee() throws Exception {
    Path out = dir.resolve("demo");
    Run r = run("demo", "--rows", "300", "--epochs", "1", "--attacks", "30", "--out-dir", out.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(files(out)).containsExactly("losses.png", "model.dpcgan", "report.html", "report.json", "synthetic.csv");
    assertThat(Files.readAllLines(out.resolve("synthetic.csv"))).hasSize(301);
    TrainedSynthesizer model = TrainedSynthesizer.load(out.resolve("model.dpcgan"));
    assertThat(model.provenance().rows()).isEqualTo(300);
    assertThat(model.schema().names()).contains("income");

    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.get("utility").get("target").asText()).isEqualTo("income");
    assertThat(report.get("privacy").get("inference").get("n_attacks").asInt()).isEqualTo(30);
    assertThat(report.get("warnings").toString()).contains("declared public").contains("bounds, levels and columns without missing values");
    assertThat(report.get("guarantee").get("epsilon").asDouble()).isLessThanOrEqualTo(3.0).isGreaterThan(2.99);
    assertThat(model.privacySpent()).isPresent();
    assertThat(Files.readString(out.resolve("report.html"))).startsWith("<!DOCTYPE html>");

    assertThat(r.out())
        .contains("300 training rows, 300 synthetic rows, 300 holdout rows")
        .contains("sampling      matched to the model's tables (noisy under DP")
        .containsPattern("quality +0\\.\\d{3} \\(column shapes")
        .containsPattern("'income' macro F1: trained on synthetic \\d\\.\\d{3} vs on real \\d\\.\\d{3}")
        .containsPattern("singling out +-?\\d\\.\\d{3} \\[-?\\d\\.\\d{3}, -?\\d\\.\\d{3}\\] \\(30 attacks\\)")
        .containsPattern("linkability +-?\\d\\.\\d{3} \\[")
        .containsPattern("inference +-?\\d\\.\\d{3} \\[")
        .contains("(ε = 3.00, δ = 1.0e-05)-differential privacy per training row")
        .contains("wall time");
    assertThat(r.err()).contains("1/1");   // the progress bar
  }

  @Test
  void noDpDemo_saysThereIsNoGuarantee() throws Exception {
    Path out = dir.resolve("demo");
    Run r = run("demo", "--no-dp", "--rows", "300", "--epochs", "1", "--attacks", "20", "--out-dir", out.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("NOT differentially private");
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.get("warnings").toString()).contains("WITHOUT differential privacy");
    assertThat(TrainedSynthesizer.load(out.resolve("model.dpcgan")).privacySpent()).isEmpty();
  }

  @Test
  void tooFewRows_isRejectedBeforeAnyWork() throws Exception {
    Run r = run("demo", "--rows", "50", "--out-dir", dir.resolve("demo").toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("--rows must be in [100, 32561]").contains("Provided value: 50");
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void aTableThatIsNotAdult_isRejected() throws Exception {
    Run r = run("demo", "--data", CliTestSupport.data().resolve("flchain.csv").toString(), "--columns",
        CliTestSupport.flchainColumns().toString(), "--out-dir", dir.resolve("demo").toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("the demo needs the UCI Adult table");
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void subset_isSortedDistinctAndInRange() {
    int[] s = DemoCommand.subset(100, 200, 40, new SplittableRandom(1));
    assertThat(s).hasSize(40).isSorted().doesNotHaveDuplicates();
    assertThat(s[0]).isGreaterThanOrEqualTo(100);
    assertThat(s[39]).isLessThan(200);
    assertThat(DemoCommand.subset(0, 10, 10, new SplittableRandom(2))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}
