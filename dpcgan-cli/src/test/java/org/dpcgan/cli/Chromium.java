package org.dpcgan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a page in a real headless browser (Debian's {@code chromium}, as dpcgan-eval's {@code HtmlInBrowserTest}
 * does); a test that needs it is skipped, with a message saying so, where no chromium is installed.
 */
final class Chromium {
  static final Path PATH = Path.of("/usr/bin/chromium");

  private Chromium() {}

  /** What chromium printed and its exit status. */
  record Result(int exitCode, String stdout, String stderr) {
    /** Chromium's log lines for console messages ({@code [pid:tid:time:LEVEL:CONSOLE:line] "text"}). */
    List<String> consoleLines() {
      return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
  }

  /** Skips the calling test where chromium is not installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(PATH), "SKIPPED: " + PATH + " not found; install it (apt-get install -y"
        + " chromium) to check the sweep page in a headless browser");
  }

  /** Runs chromium headless on {@code page} with {@code action} (e.g. --dump-dom), using {@code dir} for its files. */
  static Result run(Path page, String action, Path dir) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PATH.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--enable-logging=stderr", "--v=0",
        "--user-data-dir=" + Files.createTempDirectory(dir, "profile"), "--window-size=1280,2000", action,
        page.toUri().toString()));
    Path out = dir.resolve("chromium-out.txt");
    Path err = dir.resolve("chromium-err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
