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
    assertThat(keys).containsExactly("model", "rows", "epochs", "steps", "seconds", "epoch_seconds_median", "privacy",
        "warnings", "environment");
    assertThat(j.get("warnings").isArray()).isTrue();
    assertThat(j.get("environment").get("backend").asText()).isEqualTo("CPU");
    assertThat(j.get("environment").get("omp_threads").asInt()).isPositive();
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
  void withoutNoDpOrEpsilon_isRejected() throws Exception {
    assertRejected(run(fit("--epochs", "1")), "choose --epsilon E (or --noise-multiplier S) for a differentially private model or --no-dp");
  }

  @Test
  void epsilonTogetherWithNoDp_isRejected() throws Exception {
    assertRejected(run(fit("--no-dp", "--epsilon", "3")), "--no-dp contradicts --epsilon and --noise-multiplier");
  }

  @Test
  void dpOptionsWithNoDp_areRejected() throws Exception {
    assertRejected(run(fit("--no-dp", "--delta", "1e-6")), "apply only to a DP fit");
  }

  @Test
  void nonPositiveEpsilon_isRejected() throws Exception {
    assertRejected(run(fit("--epsilon", "0")), "epsilon must be finite and > 0. Provided value: 0.0");
  }

  @Test
  void dpFit_json_reportsTheGuaranteeItSpent() throws Exception {
    Run r = run(fit("--epsilon", "2", "--delta", "1e-5", "--epochs", "2", "--batch-size", "100", "--json"));
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode p = new ObjectMapper().readTree(r.out()).get("privacy");
    List<String> keys = new ArrayList<>();
    p.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("epsilon", "delta", "noise_multiplier", "sampling_rate", "dp_steps",
        "metadata_epsilon_share", "accountant", "epsilon_rdp");
    assertThat(p.get("epsilon").asDouble()).isLessThanOrEqualTo(2.0).isGreaterThan(1.99);
    assertThat(p.get("delta").asDouble()).isEqualTo(1e-5);
    assertThat(p.get("sampling_rate").asDouble()).isEqualTo(100.0 / 400);
    assertThat(p.get("dp_steps").asLong()).isEqualTo(2 * 4);
    assertThat(p.get("noise_multiplier").asDouble()).isPositive();
    assertThat(p.get("metadata_epsilon_share").asDouble()).isEqualTo(0.1);
    assertThat(p.get("accountant").asText()).isEqualTo("pld");
    assertThat(p.get("epsilon_rdp").asDouble()).isGreaterThan(p.get("epsilon").asDouble());
    assertThat(TrainedSynthesizer.load(dir.resolve("out").resolve("m.dpcgan")).privacySpent()).isPresent();
  }

  @Test
  void dpFit_text_printsTheGuarantee() throws Exception {
    Run r = run(fit("--epsilon", "2", "--epochs", "1", "--batch-size", "100"));
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("Differentially private: (ε = 2").doesNotContain("NOT differentially private");
    assertThat(r.err()).containsPattern("G -?\\d+\\.\\d{3}").doesNotContain("D NaN");
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
  void threadsOtherThanOneOrTwo_areRejected_andOneTrains() throws Exception {
    assertRejected(run(fit("--no-dp", "--threads", "3")), "--threads must be 1 or 2. Provided value: 3");
    assertThat(run(fit("--no-dp", "--epochs", "1", "--batch-size", "100", "--threads", "1")).rc()).isZero();
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
    assertThat(r.err()).isEqualTo("dpcgan fit: --out " + data.resolve("m.dpcgan") + " cannot be written: " + data
        + " is a file, not a folder\n");
  }

  @Test
  void help_listsTheOptions() {
    Run r = run("fit", "--help");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("--data").contains("--columns").contains("--no-dp").contains("--epsilon")
        .contains("--epochs").contains("--batch-size").contains("--seed").contains("--conditioning").contains("--out")
        .contains("--json").contains("--noise-multiplier").contains("--resume").contains("--no-training-state")
        .contains("--discriminator-widths");
  }

  private Path model(String name) {
    return dir.resolve("out").resolve(name);
  }

  /** {@code fit --resume first.dpcgan} on the same small table, writing {@code next.dpcgan}. */
  private String[] resume(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("fit", "--data", smallFlchain(dir, 400).toString(),
        "--resume", model("m.dpcgan").toString(), "--out", model("next.dpcgan").toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /**
   * Status 2 with the reason on stderr (after the progress bar when the table had to be read to find it), nothing
   * on stdout, and the first model alone in its folder.
   */
  private void assertResumeRejected(Run r, String message) throws IOException {
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("dpcgan fit: ").contains(message);
    assertThat(r.out()).isEmpty();
    assertThat(files(dir.resolve("out"))).containsExactly("m.dpcgan");
  }

  @Test
  void resume_withoutColumns_continuesTheModel_countsItsStepsAtEitherBatchSize_andLeavesItsFileUnchanged() throws Exception {
    assertThat(run(fit("--no-dp", "--epochs", "2", "--batch-size", "100")).rc()).isZero();
    byte[] before = Files.readAllBytes(model("m.dpcgan"));

    Run r = run(resume("--no-dp", "--epochs", "1", "--batch-size", "200", "--json"));
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("epochs").asInt()).isEqualTo(3);
    assertThat(j.get("steps").asLong()).isEqualTo(2 * 400 / 100 + 400 / 200);
    TrainedSynthesizer next = TrainedSynthesizer.load(model("next.dpcgan"));
    assertThat(next.lossHistory()).hasSize(3);
    assertThat(next.provenance().config().batchSize()).isEqualTo(200);
    assertThat(Files.readAllBytes(model("m.dpcgan"))).isEqualTo(before);
  }

  @Test
  void dpResume_continuesTheLedger_underTheNewTotalBudget() throws Exception {
    assertThat(run(fit("--epsilon", "1", "--delta", "1e-5", "--epochs", "1", "--batch-size", "100")).rc()).isZero();
    Run r = run(resume("--epsilon", "2", "--delta", "1e-5", "--epochs", "1", "--json"));
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode p = new ObjectMapper().readTree(r.out()).get("privacy");
    assertThat(p.get("epsilon").asDouble()).isLessThanOrEqualTo(2.0).isGreaterThan(1.99);
    assertThat(p.get("dp_steps").asLong()).isEqualTo(4 + 4);
  }

  @Test
  void dpResume_text_saysResumed() throws Exception {
    assertThat(run(fit("--epsilon", "1", "--epochs", "1", "--batch-size", "100")).rc()).isZero();
    Run r = run(resume("--noise-multiplier", "2", "--epochs", "1"));
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("Resumed a").contains("Differentially private: (ε = ")
        .contains("this training's σ = 2").contains("8 critic steps in all");
  }

  @Test
  void noiseMultiplier_json_reportsTheEpsilonItSpent() throws Exception {
    Run r = run(fit("--noise-multiplier", "1.5", "--delta", "1e-5", "--epochs", "2", "--batch-size", "100",
        "--json"));
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode p = new ObjectMapper().readTree(r.out()).get("privacy");
    assertThat(p.get("noise_multiplier").asDouble()).isEqualTo(1.5);
    assertThat(p.get("dp_steps").asLong()).isEqualTo(2 * 4);
    assertThat(p.get("epsilon").asDouble()).isPositive().isFinite();
  }

  @Test
  void resume_isRejected_whenItWouldDropDp_changeTheNetworks_orMissesItsEpochs() throws Exception {
    assertThat(run(fit("--epsilon", "1", "--epochs", "1", "--batch-size", "100")).rc()).isZero();
    assertResumeRejected(run(resume("--no-dp", "--epochs", "1")), "is differentially private: resume it with");
    assertResumeRejected(run(resume("--epsilon", "3")), "--resume needs --epochs N");
    assertResumeRejected(run(resume("--epsilon", "3", "--epochs", "1", "--conditioning", "single")),
        "cannot change --conditioning");
    assertResumeRejected(run(resume("--epsilon", "3", "--epochs", "1", "--discriminator-widths", "8,8")),
        "cannot be used with --resume");
    assertResumeRejected(run(resume("--epsilon", "3", "--epochs", "1", "--metadata-share", "0.2")),
        "--metadata-share does not apply to --resume");
    assertResumeRejected(run(resume("--epsilon", "0.5", "--epochs", "1")), "is already spent");
  }

  @Test
  void noTrainingState_writesAModelThatSamples_butCannotResume() throws Exception {
    assertThat(run(fit("--no-dp", "--epochs", "1", "--batch-size", "100", "--no-training-state")).rc()).isZero();
    assertThat(TrainedSynthesizer.load(model("m.dpcgan")).canResume()).isFalse();
    assertResumeRejected(run(resume("--no-dp", "--epochs", "1")), "holds no training state");
  }

  @Test
  void networkWidths_areTheModels() throws Exception {
    Run r = run(fit("--no-dp", "--epochs", "1", "--batch-size", "100", "--generator-widths", "16",
        "--discriminator-widths", "32,8"));
    assertThat(r.rc()).as(r.err()).isZero();
    TrainedSynthesizer m = TrainedSynthesizer.load(model("m.dpcgan"));
    assertThat(m.provenance().config().generatorWidths()).containsExactly(16);
    assertThat(m.provenance().config().discriminatorWidths()).containsExactly(32, 8);
  }
}
