package org.dpcgan.core.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A CPU as the operating system describes it: Linux's {@code /proc/cpuinfo} (its first processor) or macOS's
 * {@code sysctl} feature lists. Only what the choice of BLAS kernels needs.
 *
 * @param vendor e.g. {@code GenuineIntel}, {@code AuthenticAMD}; empty when not given (ARM, macOS)
 * @param family the x86 family (base plus extended, as Linux prints it), or -1
 * @param model the x86 model, or -1
 * @param name the model name, e.g. {@code AMD EPYC 7B13}; empty when not given
 * @param flags the feature flags in lower case ({@code avx2}, {@code avx512f}, {@code asimd}, …)
 */
public record CpuDescription(String vendor, int family, int model, String name, Set<String> flags) {

  public CpuDescription {
    flags = Set.copyOf(flags);
  }

  /** A CPU nothing is known of. */
  public static CpuDescription unknown() {
    return new CpuDescription("", -1, -1, "", Set.of());
  }

  /** Parses the first processor of a {@code /proc/cpuinfo} text (x86 {@code flags} or ARM {@code Features}). */
  public static CpuDescription fromProcCpuinfo(String text) {
    String vendor = "";
    String name = "";
    int family = -1;
    int model = -1;
    Set<String> flags = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        if (!flags.isEmpty() || !name.isEmpty()) {
          break;   // the end of the first processor's block
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "vendor_id" -> vendor = value;
        case "model name" -> name = value;
        case "cpu family" -> family = integer(value);
        case "model" -> model = integer(value);
        case "flags", "features" -> flags.addAll(words(value));
        default -> { }
      }
    }
    return new CpuDescription(vendor, family, model, name, flags);
  }

  /**
   * Parses what {@code sysctl -n machdep.cpu.brand_string machdep.cpu.features machdep.cpu.leaf7_features}
   * prints on an Intel Mac (Apple silicon prints only the brand); macOS's names ({@code AVX2}, {@code FMA},
   * {@code AVX512F}) are lower-cased, as Linux prints them.
   */
  public static CpuDescription fromMacSysctl(String brand, String features) {
    Set<String> flags = new TreeSet<>(words(features.toLowerCase(Locale.ROOT)));
    return new CpuDescription(brand.contains("Intel") ? "GenuineIntel" : "", -1, -1, brand.trim(), flags);
  }

  /** True when every one of the flags is present. */
  public boolean has(String... names) {
    return Arrays.stream(names).allMatch(flags::contains);
  }

  /** The widest x86 vector extension OpenBLAS has kernels for: {@code avx512}, {@code avx2}, {@code avx}, {@code sse} or "". */
  public String vectorExtension() {
    if (has("avx512f", "avx512bw", "avx512dq", "avx512vl")) {
      return "avx512";
    }
    if (has("avx2") && (has("fma") || has("fma3"))) {
      return "avx2";
    }
    if (has("avx")) {
      return "avx";
    }
    return has("sse2") ? "sse" : "";
  }

  private static Set<String> words(String value) {
    Set<String> out = new TreeSet<>();
    for (String w : value.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    String ext = vectorExtension();
    return (name.isEmpty() ? "unknown CPU" : name) + (ext.isEmpty() ? "" : " (" + ext.toUpperCase(Locale.ROOT)
        .replace("AVX512", "AVX-512") + ")");
  }
}
