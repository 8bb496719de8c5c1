package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.eval.Evaluator;
import org.dpcgan.privacy.accounting.Accountants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public API of each library module, held to a list (JPMS is not an option: ND4J's own module descriptors cannot
 * be resolved on the module path, docs/DESIGN.md §2). A package is exported unless a segment of its name is
 * {@code internal}; its reachable public types must be exactly those in {@code api/<module>.txt}, so that a type made
 * public by accident fails here, and none of their public or protected signatures may mention an internal type, a
 * Jackson type, or (outside the privacy module, whose gradients are ND4J arrays) an ND4J type. The command line uses
 * the public API only.
 */
class ApiSurfaceTest {
  private static final String FORBIDDEN_ND4J = "org.nd4j.";
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dpcgan-privacy", "dpcgan-core", "dpcgan-eval"})
  void exportedPublicTypes_areExactlyTheListedApi(String module) throws IOException {
    List<String> listed = Files.readAllLines(apiList(module), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    List<String> actual = exportedTypes(module).stream().map(Class::getName).sorted().toList();
    assertThat(actual).as("public types in the exported packages of %s: make a type that is not API package-private"
        + " or move it to an internal package; if it is API, list it in %s. The list as built:%n%s", module,
        apiList(module), String.join("\n", actual)).containsExactlyElementsOf(listed.stream().sorted().toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dpcgan-privacy", "dpcgan-core", "dpcgan-eval"})
  void exportedSignatures_mentionNoInternalJacksonOrNd4jType(String module) {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : exportedTypes(module)) {
      List<Type> types = new ArrayList<>();
      types.add(c.getGenericSuperclass());
      types.addAll(List.of(c.getGenericInterfaces()));
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
          types.add(m.getGenericReturnType());
          signature(m, types);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers()) && !k.isSynthetic()) {
          signature(k, types);
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers()) && !f.isSynthetic()) {
          types.add(f.getGenericType());
        }
      }
      Set<Class<?>> mentioned = new HashSet<>();
      types.forEach(t -> collect(t, mentioned));
      for (Class<?> m : mentioned) {
        String name = m.getName();
        boolean internal = name.startsWith("org.dpcgan.") && name.contains(".internal.");
        boolean jackson = name.startsWith("com.fasterxml.jackson.");
        boolean nd4j = name.startsWith(FORBIDDEN_ND4J) && !module.equals("dpcgan-privacy");
        if (internal || jackson || nd4j) {
          leaks.add(c.getName() + " mentions " + name);
        }
      }
    }
    assertThat(leaks).as("the public API of %s leaks types it does not own", module).isEmpty();
  }

  @Test
  void commandLine_usesThePublicApiOnly() throws IOException {
    List<String> offenders = new ArrayList<>();
    Path main = repository().resolve("dpcgan-cli/src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).matches(".*\\borg\\.dpcgan\\.[\\w.]*\\binternal\\b.*")) {
            offenders.add(main.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(offenders).as("the command line reaches into internal packages").isEmpty();
  }

  @Test
  void internalPublicTypes_areUsedOutsideTheirPackage() throws IOException {
    // Every module's main sources and core's shared test helpers: what may use an internal type.
    Map<Path, String> sources = new LinkedHashMap<>();
    try (Stream<Path> modules = Files.list(repository())) {
      for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("dpcgan-")).toList()) {
        for (Path dir : List.of(module.resolve("src/main/java"),
            module.resolve("src/test/java/org/dpcgan/core/testing"))) {
          if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
              for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(f, Files.readString(f, StandardCharsets.UTF_8));
              }
            }
          }
        }
      }
    }
    Map<Path, String> packages = new HashMap<>();
    sources.forEach((f, text) -> {
      Matcher m = PACKAGE.matcher(text);
      packages.put(f, m.find() ? m.group(1) : "");
    });
    List<String> needless = new ArrayList<>();
    for (Map.Entry<Path, String> e : sources.entrySet()) {
      String pkg = packages.get(e.getKey());
      String name = e.getKey().getFileName().toString().replace(".java", "");
      if (!pkg.contains(".internal.")
          || !Pattern.compile("(?m)^public (final |abstract |sealed )*(class|interface|record|enum) " + name + "\\b")
              .matcher(e.getValue()).find()) {
        continue;
      }
      Pattern use = Pattern.compile(Pattern.quote(pkg + "." + name) + "\\b");
      boolean usedElsewhere = sources.entrySet().stream()
          .anyMatch(o -> !packages.get(o.getKey()).equals(pkg) && use.matcher(o.getValue()).find());
      if (!usedElsewhere) {
        needless.add(pkg + "." + name);
      }
    }
    assertThat(needless).as("internal types public but used only in their own package: make them package-private")
        .isEmpty();
  }

  /** The reachable public types of {@code module}'s exported packages: public, and every enclosing type too. */
  static List<Class<?>> exportedTypes(String module) {
    Class<?> anchor = switch (module) {
      case "dpcgan-privacy" -> Accountants.class;
      case "dpcgan-core" -> Synthesizer.class;
      case "dpcgan-eval" -> Evaluator.class;
      default -> throw new IllegalArgumentException("no library module " + module);
    };
    List<Class<?>> out = new ArrayList<>();
    for (String name : classNames(anchor)) {
      String pkg = name.substring(0, name.lastIndexOf('.'));
      if (pkg.contains(".internal") || name.matches(".*\\$\\d.*") || name.endsWith("package-info")
          || name.endsWith("module-info")) {
        continue;
      }
      Class<?> c = load(name);
      if (reachable(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean reachable(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void signature(Executable e, List<Type> types) {
    types.addAll(List.of(e.getGenericParameterTypes()));
    types.addAll(List.of(e.getGenericExceptionTypes()));
  }

  private static void collect(Type t, Set<Class<?>> out) {
    if (t instanceof Class<?> c) {
      Class<?> element = c;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      out.add(element);
    } else if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), out);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, out);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        collect(b, out);
      }
      for (Type b : w.getLowerBounds()) {
        collect(b, out);
      }
    } else if (t instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), out);
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        collect(b, out);
      }
    }
  }

  /** Every class in the classes directory or jar that holds {@code anchor}. */
  private static Set<String> classNames(Class<?> anchor) {
    Path location;
    try {
      location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Set<String> names = new TreeSet<>();
    try {
      if (Files.isDirectory(location)) {
        addClasses(location, names);
      } else {
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
          addClasses(jar.getPath("/"), names);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static void addClasses(Path root, Set<String> names) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.map(p -> root.relativize(p).toString()).filter(p -> p.endsWith(".class"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
          .filter(n -> n.startsWith("org.dpcgan."))
          .forEach(names::add);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path apiList(String module) {
    return repository().resolve("dpcgan-cli/src/test/resources/org/dpcgan/cli/api/" + module + ".txt");
  }

  private static Path repository() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("dpcgan-cli").resolve("pom.xml"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
