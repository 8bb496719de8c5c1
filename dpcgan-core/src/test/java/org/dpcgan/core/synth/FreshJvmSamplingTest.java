package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Sampling on several threads in a JVM that has not yet created a tablesaw column. tablesaw's column types
 * initialise each other, and two decoding threads creating a JVM's first columns at once deadlocked; within the
 * shared test JVM tablesaw is long initialised, so this runs {@link #main} in a fresh one, with a time limit.
 */
class FreshJvmSamplingTest {

  /** Loads the model at {@code args[0]} and samples 3,000 rows on three threads, then 40 conditioned ones. */
  public static void main(String[] args) {
    TrainedSynthesizer model = TrainedSynthesizer.load(Path.of(args[0])).withSamplingThreads(3);
    Table fake = model.sample(3000);
    Table men = model.sample(40, Condition.of("sex", "M"));
    System.out.println("rows " + fake.rowCount() + " " + men.rowCount());
  }

  @Test
  void firstSampleOfAFreshJvm_onThreeThreads_finishes(@TempDir Path tmp) throws Exception {
    Path model = Path.of(FreshJvmSamplingTest.class.getResource("golden-v1.dpcgan").toURI());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = tmp.resolve("fresh-jvm.log");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        FreshJvmSamplingTest.class.getName(), model.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = p.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("the fresh JVM finished within 120 s; output:%n%s", output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("rows 3000 40");
  }
}
