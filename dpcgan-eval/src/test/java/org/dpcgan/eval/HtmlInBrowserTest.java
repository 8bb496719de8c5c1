package org.dpcgan.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in a real headless browser (Debian's {@code chromium}, installed by {@code .ci/run}).
 * Skipped, with a message saying so, where no chromium is installed.
 */
class HtmlInBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @BeforeAll
  static void needsChromium() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM),
        "SKIPPED: /usr/bin/chromium not found; install it (apt-get install -y chromium) to check the HTML report"
            + " in a headless browser");
  }

  @Test
  void pageRenders_allPlotsDecode_noConsoleErrors() throws Exception {
    Path page = dir.resolve("report.html");
    Files.writeString(page, ReportFormatsTest.report().toHtml(), StandardCharsets.UTF_8);

    Result dom = chromium(page, "--dump-dom");
    assertThat(dom.exitCode).as(dom.stderr).isZero();
    // The page's inline script counts the plot images that decoded (naturalWidth > 0) after 'load'.
    // 6 marginals, 2 heatmaps, the risks and the analysis' forest plot.
    assertThat(dom.stdout).contains("data-plots-loaded=\"10\"").contains("10 of 10 plots loaded");
    assertThat(dom.stdout).contains("<h2>Analyses</h2>").contains("<h2>Plausibility rules</h2>");
    // The page writes nothing to the console, so any console line (an error, an uncaught exception) fails.
    assertThat(consoleLines(dom.stderr)).isEmpty();

    Path shot = dir.resolve("report.png");
    Result screenshot = chromium(page, "--screenshot=" + shot);
    assertThat(screenshot.exitCode).as(screenshot.stderr).isZero();
    assertThat(Files.size(shot)).isGreaterThan(10_000);
    byte[] head = Files.readAllBytes(shot);
    assertThat(head[1]).isEqualTo((byte) 'P');
    assertThat(head[2]).isEqualTo((byte) 'N');
  }

  @Test
  void consoleCheck_catchesScriptErrors() throws Exception {
    // Negative control for the check above: a page that logs an error and throws.
    Path page = dir.resolve("bad.html");
    Files.writeString(page, "<!DOCTYPE html><html><body><script>console.error('boom'); undefinedFn();</script></body></html>");
    Result dom = chromium(page, "--dump-dom");
    assertThat(consoleLines(dom.stderr)).anyMatch(l -> l.contains("boom")).anyMatch(l -> l.contains("Uncaught ReferenceError"));
  }

  /** Chromium's log lines for console messages ({@code [pid:tid:time:LEVEL:CONSOLE:line] "text"}). */
  private static List<String> consoleLines(String stderr) {
    return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
  }

  private Result chromium(Path page, String action) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        CHROMIUM.toString(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
        "--window-size=1280,2000",
        action,
        page.toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
  }

  private record Result(int exitCode, String stdout, String stderr) {}
}
