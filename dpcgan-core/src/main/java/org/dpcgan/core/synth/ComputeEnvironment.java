package org.dpcgan.core.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dpcgan.core.internal.exec.SecondThread;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this process computes on: the ND4J backend and BLAS, the OpenBLAS kernels asked for, the threads and the
 * CPU. {@link #current()} describes the running process once and logs a warning, once, when the run is on a
 * known-slow fallback: the OpenBLAS that ND4J bundles (0.3.19) picks SSE-only kernels for x86 CPUs it does not
 * know, 2–4× slower for large products than the AVX2 or AVX-512 kernels the CPU could run (docs/benchmarks.md).
 * The kernels are a process-wide setting read when OpenBLAS loads ({@code OPENBLAS_CORETYPE}), so the library
 * can only report and advise; the {@code dpcgan} launcher sets it.
 *
 * @param backend ND4J's backend, e.g. {@code CPU} or {@code CUDA}
 * @param blas the BLAS ND4J uses, e.g. {@code OPENBLAS}
 * @param openblasCoreType the kernels {@code OPENBLAS_CORETYPE} asks for, or {@code auto} (OpenBLAS detects)
 * @param ompThreads ND4J's OpenMP threads ({@code OMP_NUM_THREADS})
 * @param processors processors available to the JVM
 * @param trainingThreads threads a fit uses by default (2 when the processors hold two OpenMP teams, else 1)
 * @param cpu the CPU as the operating system describes it
 * @param os operating system and architecture, e.g. {@code Linux amd64}
 * @param warnings why this run may be slower than the machine allows (empty when nothing is known)
 */
public record ComputeEnvironment(String backend, String blas, String openblasCoreType, int ompThreads,
    int processors, int trainingThreads, CpuDescription cpu, String os, List<String> warnings) {

  private static final Logger LOG = LoggerFactory.getLogger(ComputeEnvironment.class);

  /** OpenBLAS 0.3.19's kernels that use no AVX; on a CPU with AVX2 they leave most of its throughput unused. */
  static final Set<String> SSE_ONLY_CORES = Set.of("katmai", "coppermine", "northwood", "prescott", "banias",
      "atom", "core2", "penryn", "dunnington", "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano",
      "bobcat");

  /** Every core type OpenBLAS 0.3.19 accepts in {@code OPENBLAS_CORETYPE} on x86-64 (others: "Core not found"). */
  static final Set<String> KNOWN_CORES = union(SSE_ONLY_CORES, Set.of("sandybridge", "bulldozer", "piledriver",
      "steamroller", "excavator", "haswell", "zen", "skylakex", "cooperlake"));

  public ComputeEnvironment {
    warnings = List.copyOf(warnings);
  }

  /** This process's environment, described once (the first call logs any warning). */
  public static ComputeEnvironment current() {
    return Holder.CURRENT;
  }

  /** The fields as a map with snake_case keys, for JSON output. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend);
    m.put("blas", blas);
    m.put("openblas_coretype", openblasCoreType);
    m.put("omp_threads", ompThreads);
    m.put("training_threads", trainingThreads);
    m.put("processors", processors);
    m.put("cpu", cpu.name().isEmpty() ? "unknown" : cpu.name());
    m.put("vector_extension", cpu.vectorExtension().isEmpty() ? "unknown" : cpu.vectorExtension());
    m.put("os", os);
    m.put("warnings", warnings);
    return m;
  }

  /**
   * Why kernels chosen by {@code OPENBLAS_CORETYPE} ({@code coreType}, null when unset) are known to be slow on
   * {@code cpu}, or null. Known: an SSE-only or unknown core type asked for on a CPU with AVX2; unset on an AMD CPU
   * of family 26 (Zen 5) or later, for which OpenBLAS 0.3.19 falls back to its SSE-only Barcelona kernels
   * (measured, docs/benchmarks.md), or on an x86 CPU of another vendor than Intel, AMD or Hygon (Prescott kernels).
   */
  static String slowFallback(CpuDescription cpu, String arch, String coreType) {
    String ext = cpu.vectorExtension();
    boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
    if (!x86 || !(ext.equals("avx2") || ext.equals("avx512"))) {
      return null;
    }
    String better = ext.equals("avx512") ? "SkylakeX" : "Haswell";
    String advice = " Set OPENBLAS_CORETYPE=" + better + " before the JVM starts (the dpcgan launcher does), for"
        + " OpenBLAS's " + (ext.equals("avx512") ? "AVX-512" : "AVX2") + " kernels.";
    if (coreType != null) {
      String asked = coreType.trim().toLowerCase(Locale.ROOT);
      if (SSE_ONLY_CORES.contains(asked)) {
        return "OPENBLAS_CORETYPE=" + coreType + " selects OpenBLAS's SSE-only kernels on " + cpu + ", about 2-4x"
            + " slower for large matrix products." + advice;
      }
      return KNOWN_CORES.contains(asked) ? null : "OPENBLAS_CORETYPE=" + coreType + " is not a core type OpenBLAS"
          + " 0.3.19 knows; it ignores it and detects the CPU itself." + advice;
    }
    boolean amd = cpu.vendor().equals("AuthenticAMD") || cpu.vendor().equals("HygonGenuine");
    if (amd && cpu.family() >= 26) {
      return "OpenBLAS 0.3.19 (bundled with ND4J) does not know " + cpu + " (AMD family " + cpu.family() + ") and"
          + " falls back to its SSE-only Barcelona kernels, about 4x slower for large matrix products." + advice;
    }
    if (!amd && !cpu.vendor().equals("GenuineIntel") && !cpu.vendor().isEmpty()) {
      return "OpenBLAS 0.3.19 (bundled with ND4J) does not know " + cpu + " (vendor " + cpu.vendor() + ") and falls"
          + " back to its SSE-only Prescott kernels." + advice;
    }
    return null;
  }

  /** The CPU of this machine: {@code /proc/cpuinfo}, else macOS's sysctl, else unknown. */
  static CpuDescription detectCpu() {
    Path proc = Path.of("/proc/cpuinfo");
    if (Files.isReadable(proc)) {
      try {
        return CpuDescription.fromProcCpuinfo(Files.readString(proc, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        return CpuDescription.unknown();
      }
    }
    if (System.getProperty("os.name", "").startsWith("Mac")) {
      String brand = sysctl("machdep.cpu.brand_string");
      return CpuDescription.fromMacSysctl(brand, sysctl("machdep.cpu.features") + " "
          + sysctl("machdep.cpu.leaf7_features"));
    }
    return CpuDescription.unknown();
  }

  private static String sysctl(String key) {
    try {
      Process p = new ProcessBuilder("sysctl", "-n", key).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0 ? out.trim() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static ComputeEnvironment detect() {
    Properties nd4j = Nd4j.getExecutioner().getEnvironmentInformation();
    CpuDescription cpu = detectCpu();
    String arch = System.getProperty("os.arch", "");
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    boolean openblas = "OPENBLAS".equalsIgnoreCase(String.valueOf(nd4j.get("blas.vendor")));
    List<String> warnings = new ArrayList<>();
    String slow = openblas ? slowFallback(cpu, arch, coreType) : null;
    if (slow != null) {
      warnings.add(slow);
      LOG.warn(slow);
    }
    return new ComputeEnvironment(String.valueOf(nd4j.getOrDefault("backend", "unknown")),
        String.valueOf(nd4j.getOrDefault("blas.vendor", "unknown")),
        !openblas ? "n/a" : coreType == null || coreType.isBlank() ? "auto" : coreType,
        Nd4j.getEnvironment().maxThreads(), Runtime.getRuntime().availableProcessors(),
        SecondThread.worthwhile() ? 2 : 1, cpu, System.getProperty("os.name", "") + " " + arch, warnings);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var out = new java.util.HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  /** Computes {@link #current()} on first use: the one-time warning belongs to it. */
  private static final class Holder {
    static final ComputeEnvironment CURRENT = detect();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s, ND4J %s backend, %s%s, %d OpenMP thread%s, %d training thread%s, %s",
        cpu, backend, blas, openblasCoreType.equals("n/a") ? "" : " kernels " + openblasCoreType, ompThreads,
        ompThreads == 1 ? "" : "s", trainingThreads, trainingThreads == 1 ? "" : "s", os);
  }
}
