package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void noSubcommand_failsWithUsageOnStderr() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.execute(new String[0], new PrintWriter(out), new PrintWriter(err));
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains("Missing sub-command");
  }

  @Test
  void help_listsUsageOnStdout() {
    StringWriter out = new StringWriter();
    int rc = Main.execute(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(rc).isZero();
    assertThat(out.toString()).contains("Usage: dpcgan");
  }

  @Test
  void version_saysWhatTheRunComputesOn() {
    StringWriter out = new StringWriter();
    int rc = Main.execute(new String[] {"--version"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(rc).isZero();
    assertThat(out.toString()).startsWith("dpcgan ")
        .containsPattern("\n  backend   ND4J CPU, OPENBLAS \\(kernels: [A-Za-z]+\\)\n")
        .containsPattern("\n  threads   \\d+ OpenMP, [12] for training, \\d+ processors\n")
        .contains("\n  cpu       ").contains("\n  java      ");
  }

  @Test
  void tribuoInfoLines_areQuietByDefault_andShownWithVerbose() throws Exception {
    java.util.logging.Logger tribuo = java.util.logging.Logger.getLogger("org.tribuo");
    java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    tribuo.addHandler(handler);
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tribuo");
      String real = CliTestSupport.smallFlchain(dir, 200).toString();
      String[] evaluate = {"evaluate", "--real", real, "--synthetic", real, "--target", "sex", "--attacks", "10"};
      assertThat(Main.execute(evaluate, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))
          .isZero();
      assertThat(records).noneMatch(r -> r.getLevel().intValue() < java.util.logging.Level.WARNING.intValue());
      String[] verbose = java.util.Arrays.copyOf(evaluate, evaluate.length + 1);
      verbose[evaluate.length] = "--verbose";
      assertThat(Main.execute(verbose, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))
          .isZero();
      assertThat(records).anyMatch(r -> r.getLevel() == java.util.logging.Level.INFO);
    } finally {
      tribuo.removeHandler(handler);
    }
  }
}
