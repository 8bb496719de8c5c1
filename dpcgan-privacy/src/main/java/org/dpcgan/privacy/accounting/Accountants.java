package org.dpcgan.privacy.accounting;

import java.util.List;

/**
 * The accountants by name, for configuration and command lines: {@code "pld"} ({@link PldAccountant}, tight)
 * and {@code "rdp"} ({@link RdpAccountant}, default orders, Balle et al. 2020 conversion). Each call returns an
 * accountant with nothing spent; {@link PrivacyAccountant#name()} gives the name back.
 */
public final class Accountants {
  /** The names {@link #forName} accepts, in this order. */
  public static final List<String> NAMES = List.of("pld", "rdp");

  private Accountants() {}

  /** The privacy loss distribution accountant, nothing spent. */
  public static PldAccountant pld() {
    return PldAccountant.create();
  }

  /** The Rényi DP accountant with its default orders and the Balle et al. (2020) conversion, nothing spent. */
  public static RdpAccountant rdp() {
    return RdpAccountant.withDefaultOrders();
  }

  /**
   * The accountant called {@code name} ({@code "pld"} or {@code "rdp"}, exactly), nothing spent.
   *
   * @throws IllegalArgumentException for any other name, with the allowed ones
   */
  public static PrivacyAccountant forName(String name) {
    if ("pld".equals(name)) {
      return pld();
    }
    if ("rdp".equals(name)) {
      return rdp();
    }
    throw new IllegalArgumentException("unknown accountant \"" + name + "\"; allowed: " + String.join(", ", NAMES));
  }
}
