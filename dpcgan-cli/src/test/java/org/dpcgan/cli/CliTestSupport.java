package org.dpcgan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the command line in-process and finds the bundled data. */
final class CliTestSupport {
  private CliTestSupport() {}

  record Run(int rc, String out, String err) {}

  static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int rc = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(rc, out.toString(), err.toString());
  }

  /** The repository's data/ folder, searched upwards from the working directory. */
  static Path data() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("data").resolve("adult.csv.gz"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find data/ above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("data");
  }

  /** The header and the first {@code rows} rows of data/flchain.csv, written to {@code dir/flchain-small.csv}. */
  static Path smallFlchain(Path dir, int rows) throws IOException {
    List<String> lines = Files.readAllLines(data().resolve("flchain.csv"));
    return Files.write(dir.resolve("flchain-small.csv"), lines.subList(0, rows + 1));
  }

  static Path flchainColumns() {
    return data().resolve("flchain.columns.csv");
  }

  /** The names of the files in {@code dir}, sorted. */
  static List<String> files(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
