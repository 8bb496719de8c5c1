package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's JShell quick start runs as written: JShell (a second JVM, as {@code ./dpcgan jshell} starts it) loads
 * {@code docs/jshell/dpcgan.jsh} and then every statement of README's block, with the same names and imports; only
 * the sizes shrink (1 epoch on 600 rows, small samples) and the paths point at this checkout. Every snippet must
 * compile and run: an ambiguous name or a type that left the API fails here.
 */
class JShellQuickStartTest {
  /** The README statements' sizes, shrunk so that the test stays quick; everything else is as written. */
  private static final List<String[]> SMALLER = List.of(
      new String[] {".epochs(10)", ".epochs(1)"},
      new String[] {"first(8_000)", "first(600)"},
      new String[] {"sample(10_000)", "sample(300)"},
      new String[] {"sample(1_000,", "sample(50,"},
      new String[] {"split.holdout())", "split.holdout().first(600))"});

  @Test
  void readmeQuickStart_runsAsWritten_withTheStartupImports(@TempDir Path dir) throws IOException {
    Path root = CliTestSupport.data().getParent();
    List<String> statements = new ArrayList<>();
    for (String s : statements(readmeBlock(root))) {
      for (String[] r : SMALLER) {
        s = s.replace(r[0], r[1]);
      }
      statements.add(s.replace("Path.of(\"data/", "Path.of(\"" + root.resolve("data") + "/")
          .replace("Path.of(\"adult.dpcgan\")", "Path.of(\"" + dir.resolve("adult.dpcgan") + "\")"));
    }
    assertThat(statements).hasSizeGreaterThanOrEqualTo(8);
    try (JShell shell = shell()) {
      List<String> problems = new ArrayList<>();
      for (String s : statements(Files.readString(root.resolve("docs/jshell/dpcgan.jsh"), StandardCharsets.UTF_8))) {
        problems.addAll(run(shell, s));
      }
      for (String s : statements) {
        problems.addAll(run(shell, s));
      }
      assertThat(problems).as("README's JShell quick start").isEmpty();
      assertThat(Files.exists(dir.resolve("adult.dpcgan"))).isTrue();
    }
  }

  @Test
  void everyPublicTypeOfTheStartupPackages_isReachableByItsSimpleName() throws IOException {
    Path root = CliTestSupport.data().getParent();
    String startup = Files.readString(root.resolve("docs/jshell/dpcgan.jsh"), StandardCharsets.UTF_8);
    Set<String> imported = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^import (org\\.dpcgan\\.[\\w.]+)\\.\\*;").matcher(startup);
    while (m.find()) {
      imported.add(m.group(1));
    }
    Set<String> names = new TreeSet<>();
    for (String module : List.of("dpcgan-privacy", "dpcgan-core", "dpcgan-eval")) {
      for (Class<?> c : ApiSurfaceTest.exportedTypes(module)) {
        if (c.getEnclosingClass() == null && imported.contains(c.getPackageName())) {
          names.add(c.getSimpleName());
        }
      }
    }
    assertThat(names).contains("Synthesizer", "Schema", "Evaluator", "PrivacySpent", "EpsilonDelta", "EvalColumnKind");
    try (JShell shell = shell()) {
      List<String> problems = new ArrayList<>();
      for (String s : statements(startup)) {
        problems.addAll(run(shell, s));
      }
      for (String name : names) {
        problems.addAll(run(shell, "Class<?> c = " + name + ".class;"));
      }
      assertThat(problems).as("simple names after dpcgan.jsh").isEmpty();
    }
  }

  /** A JShell whose execution JVM has this test's class path, as {@code ./dpcgan jshell} has the library's. */
  private static JShell shell() {
    JShell shell = JShell.builder().remoteVMOptions("-Xmx2g").build();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    shell.addToClasspath(classPath);
    return shell;
  }

  /** Evaluates one statement; returns what went wrong (compile errors, rejection, an exception), empty when fine. */
  private static List<String> run(JShell shell, String statement) {
    List<String> problems = new ArrayList<>();
    for (SnippetEvent e : shell.eval(statement)) {
      if (e.causeSnippet() != null) {
        continue;
      }
      String errors = shell.diagnostics(e.snippet()).filter(Diag::isError)
          .map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
      if (!errors.isEmpty() || !e.status().isDefined() || e.exception() != null) {
        problems.add(statement.strip() + " → " + e.status() + (errors.isEmpty() ? "" : ": " + errors)
            + (e.exception() == null ? "" : ": " + e.exception()));
      }
    }
    return problems;
  }

  /** README's block under "JShell quick start". */
  private static String readmeBlock(Path root) {
    String readme;
    try {
      readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int section = readme.indexOf("## JShell quick start");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  /** The complete statements of a JShell script, one at a time, as JShell would split them; comments dropped. */
  private static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    try (JShell parser = JShell.builder().executionEngine("local").build()) {
      SourceCodeAnalysis analysis = parser.sourceCodeAnalysis();
      String rest = script;
      while (!rest.isBlank()) {
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
        if (info.source() == null || info.source().isBlank()) {
          break;
        }
        out.add(info.source());
        rest = info.remaining();
      }
    }
    return out;
  }
}
