package org.dpcgan.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Cheap insurance for the rules of STYLE.md: no global ND4J RNG or dtype, a package-info per package. */
class SourceRulesTest {
  private static final Path MAIN = Path.of("src/main/java");

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void mainSources_neverUseGlobalNd4jRandomOrDefaultTypes() throws IOException {
    for (Path p : javaFiles()) {
      String src = Files.readString(p);
      assertThat(src).as(p.toString()).doesNotContain("Nd4j.getRandom").doesNotContain("setDefaultDataTypes")
          .doesNotContain("Nd4j.rand(").doesNotContain("Nd4j.randn(").doesNotContain("System.out");
    }
  }

  @Test
  void everyPackage_hasAPackageInfo() throws IOException {
    for (Path p : javaFiles()) {
      assertThat(p.getParent().resolve("package-info.java")).as(p.toString()).exists();
    }
  }
}
