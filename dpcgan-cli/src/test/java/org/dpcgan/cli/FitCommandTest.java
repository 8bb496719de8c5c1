package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.files;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.dpcgan.cli.CliTestSupport.Run;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
  @TempDir Path dir;

  private String[] fit(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("fit", "--data", smallFlchain(dir, 400).toString(),
        "--columns", flchainColumns().toString(), "--out", dir.resolve("out").resolve("m.dpcgan").toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** The command failed with status 2, a one-line reason on stderr, nothing on stdout and no model file. */
  private void assertRejected(Run r, String message) throws IOException {
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("dpcgan fit: ").contains(message);
    assertThat(r.out()).isEmpty();
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
    assertThat(files(dir)).containsExactly("flchain-small.csv");
  }

  @Test
  void json_printsExactlyTheContractFields_andWritesALoadableModel() throws Exception {
    Run r = run(fit("--no-dp", "--epochs", "2", "--batch-size", "100", "--seed", "7", "--json"));
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("model", "rows", "epochs", "steps", "seconds", "epoch_seconds_median", "privacy");
    Path model = dir.resolve("out").resolve("m.dpcgan");
    assertThat(j.get("model").asText()).isEqualTo(model.toAbsolutePath().toString());
    assertThat(j.get("rows").asInt()).isEqualTo(400);
    assertThat(j.get("epochs").asInt()).isEqualTo(2);
    assertThat(j.get("steps").asLong()).isEqualTo(2 * 400 / 100);
    assertThat(j.get("seconds").asDouble()).isPositive();
    assertThat(j.get("epoch_seconds_median").asDouble()).isPositive().isLessThanOrEqualTo(j.get("seconds").asDouble());
    assertThat(j.get("privacy").isNull()).isTrue();
    // the progress bar goes to stderr, never into the JSON on stdout
    assertThat(r.err()).contains("fit").contains("2/2");

    TrainedSynthesizer loaded = TrainedSynthesizer.load(model);
    assertThat(loaded.provenance().seed()).isEqualTo(7);
    assertThat(loaded.provenance().config().batchSize()).isEqualTo(100);
    assertThat(loaded.lossHistory()).hasSize(2);
    assertThat(loaded.privacySpent()).isEmpty();
    assertThat(files(model.getParent())).containsExactly("m.dpcgan");   // no temporary file left
  }

  @Test
  void text_showsTheLossesOnStderr_andSaysTheModelIsNotPrivate() throws Exception {
    Run r = run(fit("--no-dp", "--epochs", "1", "--batch-size", "200", "--conditioning", "pair"));
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.err()).containsPattern("G -?\\d+\\.\\d{3}  D -?\\d+\\.\\d{3}");
    assertThat(r.out()).contains("on 400 rows").contains("NOT differentially private").contains("m.dpcgan");
    assertThat(TrainedSynthesizer.load(dir.resolve("out").resolve("m.dpcgan")).provenance().conditioning().name())
        .isEqualTo("PAIR");
  }

  @Test
  void lossPlot_isAPngWithOnePointPerEpoch_writtenBesideTheModel() throws Exception {
    Path plot = dir.resolve("plots").resolve("losses.png");
    Run r = run(fit("--no-dp", "--epochs", "3", "--batch-size", "100", "--loss-plot", plot.toString()));
    assertThat(r.rc()).as(r.err()).isZero();
    BufferedImage image = ImageIO.read(plot.toFile());
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(450);
    assertThat(files(plot.getParent())).containsExactly("losses.png");   // no temporary file left
  }

  @Test
  void withoutNoDp_isRejected() throws Exception {
    assertRejected(run(fit("--epochs", "1")), "pass --no-dp to train a NON-private model explicitly");
  }

  @Test
  void epsilon_isRejected_evenWithNoDp() throws Exception {
    assertRejected(run(fit("--no-dp", "--epsilon", "3")),
        "differentially private training is not available yet in this version of dpcgan, so --epsilon/--delta cannot be"
            + " honoured. Provided: --epsilon 3.0");
  }

  @Test
  void epsilonAndDelta_areRejected() throws Exception {
    assertRejected(run(fit("--epsilon", "1", "--delta", "1e-6")), "Provided: --epsilon 1.0 --delta 1.0E-6");
  }

  @Test
  void zeroEpochs_isRejected() throws Exception {
    assertRejected(run(fit("--no-dp", "--epochs", "0")), "--epochs must be >= 1. Provided value: 0");
  }

  @Test
  void batchNotAMultipleOfThePackSize_isRejected() throws Exception {
    assertRejected(run(fit("--no-dp", "--batch-size", "105")),
        "--batch-size must be a positive multiple of the pack size 10");
  }

  @Test
  void unknownConditioning_isRejected() throws Exception {
    assertRejected(run(fit("--no-dp", "--conditioning", "triple")),
        "--conditioning must be single or pair. Provided value: triple");
  }

  @Test
  void missingDataFile_isRejected() throws Exception {
    Run r = run("fit", "--data", dir.resolve("nope.csv").toString(), "--columns", flchainColumns().toString(),
        "--no-dp", "--out", dir.resolve("m.dpcgan").toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).startsWith("dpcgan fit: ").contains("nope.csv");
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void outputUnderAFile_isRejectedBeforeTraining() throws Exception {
    Path data = smallFlchain(dir, 400);
    Run r = run("fit", "--data", data.toString(), "--columns", flchainColumns().toString(), "--no-dp",
        "--out", data.resolve("m.dpcgan").toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("is not a directory");
  }

  @Test
  void help_listsTheOptions() {
    Run r = run("fit", "--help");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("--data").contains("--columns").contains("--no-dp").contains("--epsilon")
        .contains("--epochs").contains("--batch-size").contains("--seed").contains("--conditioning").contains("--out")
        .contains("--json");
  }
}
