package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dpcgan} launcher script itself: its CPU and platform choice on recorded CPU descriptions (not only on
 * the machine the tests run on; {@code dpcgan-core/src/test/resources/org/dpcgan/core/synth/cpuinfo/README.md} says
 * where each comes from), and that every failure says what failed and what to do instead of exiting silently.
 * Java and Maven are stand-ins here, so no test builds or starts the real command line.
 */
class LauncherTest {
  @TempDir Path dir;

  private Path root;
  private Path bin;

  private static Path repository() {
    return CliTestSupport.data().getParent();
  }

  private static Path cpuinfo(String name) {
    return repository().resolve("dpcgan-core/src/test/resources/org/dpcgan/core/synth/cpuinfo").resolve(name);
  }

  private record Result(int rc, String out, String err) {}

  /** Runs a bash script with the launcher's functions sourced and {@code bin} first on the PATH. */
  private Result bash(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().remove("OPENBLAS_CORETYPE");
    pb.environment().remove("OMP_NUM_THREADS");
    pb.environment().putAll(env);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
  }

  private String function(String call) throws Exception {
    Result r = bash("source '" + repository().resolve("dpcgan") + "' && " + call, Map.of());
    assertThat(r.rc()).as(r.err()).isZero();
    return r.out();
  }

  /** A stand-in command in {@code bin}. */
  private void fake(String name, String script) throws IOException {
    Path f = Files.writeString(bin.resolve(name), "#!/usr/bin/env bash\n" + script + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @BeforeEach
  void copyTheLauncher() throws IOException {
    root = Files.createDirectories(dir.resolve("dpcgan-root"));
    bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(repository().resolve("dpcgan"), root.resolve("dpcgan"));
    Files.setPosixFilePermissions(root.resolve("dpcgan"), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void coreType_intelWithAvx512_isSkylakeX() throws Exception {
    assertThat(function("openblas_coretype x86_64 \"$(cpu_features '" + cpuinfo("intel-xeon-avx512.txt") + "')\""))
        .isEqualTo("SkylakeX");
  }

  @Test
  void coreType_zen3WithAvx2Only_isHaswell() throws Exception {
    assertThat(function("openblas_coretype x86_64 \"$(cpu_features '" + cpuinfo("amd-epyc-zen3-avx2.txt") + "')\""))
        .isEqualTo("Haswell");
  }

  @Test
  void coreType_zen5WithAvx512_isSkylakeX() throws Exception {
    assertThat(function("openblas_coretype x86_64 \"$(cpu_features '" + cpuinfo("amd-epyc-zen5-avx512.txt") + "')\""))
        .isEqualTo("SkylakeX");
  }

  @Test
  void coreType_arm64_isLeftToOpenBlas() throws Exception {
    assertThat(function("cpu_features '" + cpuinfo("arm64-neoverse-n1.txt") + "'")).contains("asimd");
    assertThat(function("openblas_coretype aarch64 \"$(cpu_features '" + cpuinfo("arm64-neoverse-n1.txt") + "')\""))
        .isEmpty();
  }

  @Test
  void coreType_withoutAnyCpuDescription_isLeftToOpenBlas() throws Exception {
    assertThat(function("cpu_features /nonexistent/cpuinfo")).isEmpty();   // no /proc, no sysctl on Linux
    assertThat(function("openblas_coretype x86_64 \"$(cpu_features /nonexistent/cpuinfo)\"")).isEmpty();
  }

  @Test
  void coreType_onAnIntelMacWithoutProc_readsSysctl() throws Exception {
    String recorded = Files.readString(cpuinfo("macos-x86-sysctl.txt"));
    fake("sysctl", "cat <<'EOF'\n" + recorded + "EOF");
    assertThat(function("openblas_coretype x86_64 \"$(cpu_features /nonexistent/cpuinfo)\"")).isEqualTo("Haswell");
  }

  @Test
  void coreType_onAppleSilicon_isLeftToOpenBlas() throws Exception {
    fake("sysctl", "exit 1");   // machdep.cpu.features does not exist on Apple silicon
    assertThat(function("openblas_coretype arm64 \"$(cpu_features /nonexistent/cpuinfo)\"")).isEmpty();
  }

  @Test
  void javacppPlatform_coversLinuxAndMacOnBothArchitectures() throws Exception {
    assertThat(function("javacpp_platform Linux x86_64")).isEqualTo("linux-x86_64");
    assertThat(function("javacpp_platform Linux aarch64")).isEqualTo("linux-arm64");
    assertThat(function("javacpp_platform Darwin x86_64")).isEqualTo("macosx-x86_64");
    assertThat(function("javacpp_platform Darwin arm64")).isEqualTo("macosx-arm64");
    assertThat(function("javacpp_platform FreeBSD amd64")).isEmpty();
  }

  @Test
  void launcher_runsTheJarWithTheCoreTypeOfThisCpu_andKeepsAGivenOne() throws Exception {
    Files.createDirectories(root.resolve("dpcgan-cli/target"));
    Files.writeString(root.resolve("dpcgan-cli/target/dpcgan-cli.jar"), "");
    fake("java", "echo \"OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-} OMP_NUM_THREADS=$OMP_NUM_THREADS args=$*\"");
    String expected = function("openblas_coretype \"$(uname -m)\" \"$(cpu_features)\"");
    Result r = bash("'" + root.resolve("dpcgan") + "' --version", Map.of());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("OPENBLAS_CORETYPE=" + expected + " OMP_NUM_THREADS=1 args=")
        .endsWith("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dfile.encoding=UTF-8 -Xmx4g -jar "
            + root.resolve("dpcgan-cli/target/dpcgan-cli.jar")
            + " --version");
    Result given = bash("'" + root.resolve("dpcgan") + "' --version", Map.of("OPENBLAS_CORETYPE", "Zen"));
    assertThat(given.out()).startsWith("OPENBLAS_CORETYPE=Zen ");
  }

  @Test
  void launcher_withoutJava_saysSoAndWhatToInstall() throws Exception {
    Path bare = Files.createDirectories(dir.resolve("bare"));
    for (String tool : List.of("bash", "env", "uname", "dirname", "awk", "find", "tr", "cat")) {
      Path real = Path.of("/usr/bin", tool);
      Files.createSymbolicLink(bare.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
    }
    ProcessBuilder pb = new ProcessBuilder(bare.resolve("bash").toString(), root.resolve("dpcgan").toString(), "demo");
    pb.environment().put("PATH", bare.toString());
    Process p = pb.redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(output).isEqualTo("dpcgan: java was not found on the PATH: install a JDK 17 or newer (e.g. Temurin)"
        + " and try again");
  }

  @Test
  void launcher_withAnOldJava_asksForJava17() throws Exception {
    fake("java", "echo '    java.specification.version = 11' >&2");
    Result r = bash("'" + root.resolve("dpcgan") + "' demo", Map.of());
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("dpcgan: java on the PATH is version 11; dpcgan needs Java 17 or newer (put a JDK"
        + " 17's bin first on the PATH)");
  }

  @Test
  void launcher_whoseBuildFails_saysSoAndHowToSeeWhy() throws Exception {
    fake("java", "echo '    java.specification.version = 17' >&2");
    fake("mvn", "echo '[ERROR] a compilation error' >&2; exit 1");
    Result r = bash("'" + root.resolve("dpcgan") + "' demo", Map.of());
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.err()).contains("[ERROR] a compilation error").endsWith("dpcgan: the build failed (its output is"
        + " above); fix it, or run 'mvn -B -DskipTests -pl dpcgan-cli -am package' in " + root + " to see it in full");
  }

  @Test
  void launcher_whoseBuildWritesNoJar_saysSo() throws Exception {
    fake("java", "echo '    java.specification.version = 17' >&2");
    fake("mvn", "exit 0");   // a "build" that writes no jar
    Result r = bash("'" + root.resolve("dpcgan") + "' demo", Map.of());
    assertThat(r.rc()).isEqualTo(1);
    assertThat(r.err()).endsWith("dpcgan: the build finished without writing "
        + root.resolve("dpcgan-cli/target/dpcgan-cli.jar"));
  }

  @Test
  void launcher_onAnUnexpectedFailure_namesTheFailedCommand() throws Exception {
    fake("uname", "exit 3");
    Result r = bash("'" + root.resolve("dpcgan") + "' demo", Map.of());
    assertThat(r.rc()).isEqualTo(3);
    assertThat(r.err()).matches("dpcgan: the launcher failed at line \\d+: os=\"\\$\\(uname -s\\)\" \\(exit status 3\\)");
  }
}
