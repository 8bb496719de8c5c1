package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CPU descriptions and the slow-kernel rule, on recorded CPUs (cpuinfo/README.md says where each comes from). */
class ComputeEnvironmentTest {

  static CpuDescription recorded(String name) throws IOException {
    try (InputStream in = ComputeEnvironmentTest.class.getResourceAsStream("cpuinfo/" + name)) {
      return CpuDescription.fromProcCpuinfo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void procCpuinfo_intelXeon_readsVendorFamilyModelAndAvx512() throws IOException {
    CpuDescription cpu = recorded("intel-xeon-avx512.txt");
    assertThat(cpu.vendor()).isEqualTo("GenuineIntel");
    assertThat(cpu.family()).isEqualTo(6);
    assertThat(cpu.model()).isEqualTo(167);
    assertThat(cpu.vectorExtension()).isEqualTo("avx512");
    assertThat(cpu).hasToString("Intel(R) Xeon(R) Processor (AVX-512)");
  }

  @Test
  void procCpuinfo_zen3_isAvx2WithoutAvx512() throws IOException {
    CpuDescription cpu = recorded("amd-epyc-zen3-avx2.txt");
    assertThat(cpu.family()).isEqualTo(25);
    assertThat(cpu.vectorExtension()).isEqualTo("avx2");
  }

  @Test
  void procCpuinfo_arm_readsTheFeaturesLine() throws IOException {
    CpuDescription cpu = recorded("arm64-neoverse-n1.txt");
    assertThat(cpu.has("asimd", "fp")).isTrue();
    assertThat(cpu.vectorExtension()).isEmpty();
    assertThat(cpu.vendor()).isEmpty();
  }

  @Test
  void macSysctl_lowerCasesTheFeatureNames() throws IOException {
    String features;
    try (InputStream in = getClass().getResourceAsStream("cpuinfo/macos-x86-sysctl.txt")) {
      features = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    CpuDescription cpu = CpuDescription.fromMacSysctl("Intel(R) Core(TM) i7-8850H CPU @ 2.60GHz", features);
    assertThat(cpu.vectorExtension()).isEqualTo("avx2");
    assertThat(cpu.vendor()).isEqualTo("GenuineIntel");
  }

  @Test
  void slowFallback_zen5WithoutCoreType_warnsAndAdvisesSkylakeX() throws IOException {
    String warning = ComputeEnvironment.slowFallback(recorded("amd-epyc-zen5-avx512.txt"), "amd64", null);
    assertThat(warning).contains("falls back to its SSE-only Barcelona kernels")
        .contains("Set OPENBLAS_CORETYPE=SkylakeX");
  }

  @Test
  void slowFallback_zen5WithSkylakeX_isFine() throws IOException {
    assertThat(ComputeEnvironment.slowFallback(recorded("amd-epyc-zen5-avx512.txt"), "amd64", "SkylakeX")).isNull();
  }

  @Test
  void slowFallback_knownCpusWithoutCoreType_areFine() throws IOException {
    assertThat(ComputeEnvironment.slowFallback(recorded("intel-xeon-avx512.txt"), "amd64", null)).isNull();
    assertThat(ComputeEnvironment.slowFallback(recorded("amd-epyc-zen3-avx2.txt"), "amd64", null)).isNull();
    assertThat(ComputeEnvironment.slowFallback(recorded("arm64-neoverse-n1.txt"), "aarch64", null)).isNull();
    assertThat(ComputeEnvironment.slowFallback(CpuDescription.unknown(), "amd64", null)).isNull();
  }

  @Test
  void slowFallback_sseOnlyCoreTypeOnAvx2_warnsAndAdvisesHaswell() throws IOException {
    String warning = ComputeEnvironment.slowFallback(recorded("amd-epyc-zen3-avx2.txt"), "amd64", "Barcelona");
    assertThat(warning).startsWith("OPENBLAS_CORETYPE=Barcelona selects OpenBLAS's SSE-only kernels")
        .contains("Set OPENBLAS_CORETYPE=Haswell");
  }

  @Test
  void slowFallback_unknownCoreType_saysOpenBlasIgnoresIt() throws IOException {
    assertThat(ComputeEnvironment.slowFallback(recorded("intel-xeon-avx512.txt"), "amd64", "Zen9"))
        .contains("is not a core type OpenBLAS 0.3.19 knows");
  }

  @Test
  void current_describesTheBackendAndIsComputedOnce() {
    ComputeEnvironment env = ComputeEnvironment.current();
    assertThat(env).isSameAs(ComputeEnvironment.current());
    assertThat(env.backend()).isEqualTo("CPU");
    assertThat(env.ompThreads()).isPositive();
    assertThat(env.toMap()).containsKeys("backend", "blas", "openblas_coretype", "omp_threads", "cpu", "warnings");
    assertThat(env.toString()).contains("ND4J CPU backend");
  }
}
