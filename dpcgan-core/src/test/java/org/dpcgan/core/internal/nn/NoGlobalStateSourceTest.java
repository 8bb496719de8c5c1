package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Cheap insurance for reproducibility: no main source of any dpcgan module touches ND4J's global random
 * generator or global default data types, or finds a helper through a static {@code ThreadLocal} (pass it).
 */
class NoGlobalStateSourceTest {
  private static final Pattern FORBIDDEN =
      Pattern.compile("Nd4j\\s*\\.\\s*(getRandom\\s*\\(|setDefaultDataTypes\\b)|static\\s+(final\\s+)?ThreadLocal\\b");

  @Test
  void mainSources_neverUseNd4jGlobalRandomOrDefaultDataTypes() throws IOException {
    Path root = repositoryRoot();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("dpcgan-")).toList()) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
          }
        }
      }
    }
    assertThat(sources).as("main sources found under " + root)
        .anyMatch(p -> p.endsWith("org/dpcgan/core/internal/nn/Linear.java"));
    List<String> offenders = new ArrayList<>();
    for (Path source : sources) {
      List<String> lines = read(source);
      for (int i = 0; i < lines.size(); i++) {
        if (FORBIDDEN.matcher(lines.get(i)).find()) {
          offenders.add(root.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    assertThat(offenders).as("calls to Nd4j.getRandom() / Nd4j.setDefaultDataTypes, static ThreadLocals in src/main")
        .isEmpty();
  }

  @Test
  void pattern_catchesTheForbiddenCalls() {
    assertThat(FORBIDDEN.matcher("var r = Nd4j.getRandom();").find()).isTrue();
    assertThat(FORBIDDEN.matcher("Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);").find()).isTrue();
    assertThat(FORBIDDEN.matcher("Nd4j.getRandomFactory().getNewRandomInstance(seed)").find()).isFalse();
    assertThat(FORBIDDEN.matcher("private static final ThreadLocal<Helper> OPEN = new ThreadLocal<>();").find())
        .isTrue();
  }

  /** Walks up from the working directory to the directory holding the parent pom and the dpcgan-* modules. */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("dpcgan-core"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("repository root (with pom.xml and dpcgan-core/) not found above "
        + Path.of("").toAbsolutePath());
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
