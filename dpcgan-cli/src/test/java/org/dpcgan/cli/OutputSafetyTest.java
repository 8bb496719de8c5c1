package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.files;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No output mistake loses work: an output that is an input (or another output) is refused before any work, so is
 * one that cannot be written; a sample streams to its file in flat memory; a stopped command leaves no temporary
 * file, and the leftover of a killed one is removed by the next run.
 */
class OutputSafetyTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path model;

  @BeforeAll
  static void fit() throws IOException {
    model = shared.resolve("flchain.dpcgan");
    Run r = run("fit", "--data", smallFlchain(shared, 300).toString(), "--columns", flchainColumns().toString(),
        "--no-dp", "--epochs", "1", "--batch-size", "100", "--generator-widths", "32", "--discriminator-widths", "32",
        "--seed", "3", "--out", model.toString());
    assertThat(r.rc()).as(r.err()).isZero();
  }

  @Test
  void fitOutEqualToTheData_isRefused_andTheDataIsKept() throws IOException {
    Path data = smallFlchain(dir, 100);
    byte[] before = Files.readAllBytes(data);
    Run r = run("fit", "--data", data.toString(), "--columns", flchainColumns().toString(), "--no-dp", "--out",
        dir.resolve(".").resolve("flchain-small.csv").toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("dpcgan fit: --out " + dir.resolve(".").resolve("flchain-small.csv") + " is the input"
        + " --data: writing it would destroy the input; choose another output file\n");
    assertThat(Files.readAllBytes(data)).isEqualTo(before);
  }

  @Test
  void fitOutThroughASymlinkToTheSidecar_isRefused() throws IOException {
    Path sidecar = Files.copy(flchainColumns(), dir.resolve("columns.csv"));
    Path link = Files.createSymbolicLink(dir.resolve("link.dpcgan"), sidecar);
    Run r = run("fit", "--data", smallFlchain(dir, 100).toString(), "--columns", sidecar.toString(), "--no-dp",
        "--out", link.toString());
    assertThat(r.err()).isEqualTo("dpcgan fit: --out " + link + " is the input --columns: writing it would destroy"
        + " the input; choose another output file\n");
  }

  @Test
  void lossPlotEqualToTheModel_isRefused() throws IOException {
    Path out = dir.resolve("m.dpcgan");
    Run r = run("fit", "--data", smallFlchain(dir, 100).toString(), "--columns", flchainColumns().toString(), "--no-dp",
        "--out", out.toString(), "--loss-plot", out.toString());
    assertThat(r.err()).isEqualTo("dpcgan fit: --loss-plot " + out + " is also --out; each output needs a file of its"
        + " own\n");
  }

  @Test
  void resumeOutEqualToTheResumedModel_isRefused() throws IOException {
    Path copy = Files.copy(model, dir.resolve("m.dpcgan"));
    Run r = run("fit", "--data", smallFlchain(dir, 300).toString(), "--resume", copy.toString(), "--no-dp", "--epochs",
        "1", "--out", copy.toString());
    assertThat(r.err()).isEqualTo("dpcgan fit: --out " + copy + " is the input --resume: writing it would destroy the"
        + " input; choose another output file\n");
  }

  @Test
  void sampleOutEqualToTheModel_isRefused() {
    Run r = run("sample", "--model", model.toString(), "--rows", "10", "--out", model.toString());
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("dpcgan sample: --out " + model + " is the input --model: writing it would destroy"
        + " the input; choose another output file\n");
  }

  @Test
  void evaluateHtmlEqualToTheRealTable_isRefused() throws IOException {
    Path real = smallFlchain(dir, 100);
    Run r = run("evaluate", "--real", real.toString(), "--synthetic", real.toString(), "--html", real.toString());
    assertThat(r.err()).isEqualTo("dpcgan evaluate: --html " + real + " is the input --real: writing it would destroy"
        + " the input; choose another output file\n");
  }

  @Test
  void demoOutDirHoldingItsOwnData_isRefused() throws IOException {
    Path data = Files.copy(CliTestSupport.data().resolve("adult.csv.gz"), dir.resolve("synthetic.csv"));
    Files.copy(CliTestSupport.data().resolve("adult.columns.csv"), dir.resolve("adult.columns.csv"));
    Run r = run("demo", "--data", data.toString(), "--out-dir", dir.toString());
    assertThat(r.err()).isEqualTo("dpcgan demo: --out-dir's synthetic.csv " + data + " is the input --data: writing it"
        + " would destroy the input; choose another output file\n");
  }

  @Test
  void anOutputThatCannotBeWritten_isRefusedBeforeTraining() throws IOException {
    Path notAFolder = Files.writeString(dir.resolve("plain.txt"), "x");
    Run r = run("fit", "--data", smallFlchain(dir, 100).toString(), "--columns", flchainColumns().toString(), "--no-dp",
        "--epochs", "300", "--out", notAFolder.resolve("sub").resolve("m.dpcgan").toString());
    assertThat(r.err()).isEqualTo("dpcgan fit: --out " + notAFolder.resolve("sub").resolve("m.dpcgan")
        + " cannot be written: " + notAFolder + " is a file, not a folder\n");
    assertThat(files(dir)).containsExactly("flchain-small.csv", "plain.txt");
  }

  @Test
  void anOutputThatIsAFolder_isRefused() {
    Run r = run("sample", "--model", model.toString(), "--rows", "10", "--out", dir.toString());
    assertThat(r.err()).isEqualTo("dpcgan sample: --out must name a file, not a folder. Provided: " + dir + "\n");
  }

  @Test
  void sampleOfManyBlocks_streamsEveryRowToTheFile() throws IOException {
    Path out = dir.resolve("s.csv.gz");
    Run r = run("sample", "--model", model.toString(), "--rows", "250000", "--out", out.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(out))) {
      long lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().count();
      assertThat(lines).isEqualTo(250_001);
    }
    assertThat(files(dir)).containsExactly("s.csv.gz");
  }

  @Test
  void aMillionRowSample_fitsInA128MbHeap() throws Exception {
    Path out = dir.resolve("million.csv");
    Launched p = cli(List.of("-Xmx128m"), "sample", "--model", model.toString(), "--rows", "1000000", "--out",
        out.toString());
    assertThat(p.process().waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.process().exitValue()).as(p.err()).isZero();
    try (var lines = Files.lines(out)) {
      assertThat(lines.count()).isEqualTo(1_000_001);
    }
  }

  @Test
  void sigterm_whileSampling_leavesNoTemporaryFile() throws Exception {
    Path out = dir.resolve("huge.csv");
    Launched p = cli(List.of(), "sample", "--model", model.toString(), "--rows", "200000000", "--out", out.toString());
    awaitTemporaryFile(p);
    p.process().destroy();   // SIGTERM
    assertThat(p.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(files(dir)).isEmpty();
  }

  @Test
  void aTemporaryFileLeftBySigkill_isReplacedByTheNextRun() throws Exception {
    Path out = dir.resolve("huge.csv");
    Launched p = cli(List.of(), "sample", "--model", model.toString(), "--rows", "200000000", "--out", out.toString());
    awaitTemporaryFile(p);
    p.process().destroyForcibly();   // SIGKILL: no shutdown hook runs
    assertThat(p.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(files(dir)).hasSize(1).allMatch(n -> n.startsWith(".huge.csv.") && n.endsWith(".tmp"));
    Run r = run("sample", "--model", model.toString(), "--rows", "10", "--out", out.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(files(dir)).containsExactly("huge.csv");
  }

  @Test
  void diskSpaceEstimate_refusesASampleLargerThanTheFreeSpace() {
    String refusal = SampleCommand.spaceRefusal(Path.of("/data/s.csv"), 1_000_000_000L, 10_000_000L, 100_000L,
        50_000_000_000L);
    assertThat(refusal).isEqualTo("--rows 1000000000 would need about 100.0 GB for /data/s.csv (100 bytes a row in"
        + " the first 100000 rows), and its disk has 50.0 GB free; ask for fewer rows, write a .gz file, or write"
        + " elsewhere");
    assertThat(SampleCommand.spaceRefusal(Path.of("/data/s.csv"), 1_000_000L, 10_000_000L, 100_000L, 50_000_000_000L))
        .isNull();
  }

  /** Waits until the command has started writing its temporary file. */
  private void awaitTemporaryFile(Launched p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (files(dir).isEmpty()) {
      assertThat(p.process().isAlive()).as("the command ended before writing: " + p.err()).isTrue();
      assertThat(System.nanoTime()).as("no temporary file after 120 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** A command line running in a JVM of its own, and the file its stderr goes to. */
  private record Launched(Process process, Path errFile) {
    String err() throws IOException {
      return Files.readString(errFile);
    }
  }

  /** The command line in a JVM of its own, with this test's class path. */
  private static Launched cli(List<String> jvm, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.dpcgan.cli.Main");
    command.addAll(List.of(args));
    Path err = Files.createTempFile(shared, "cli", ".err");
    return new Launched(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile()).start(), err);
  }
}
