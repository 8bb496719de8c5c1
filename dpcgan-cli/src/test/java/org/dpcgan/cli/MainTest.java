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
}
