package org.dpcgan.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountantsTest {

  @Test
  void forName_givesAFreshAccountantOfThatName() {
    for (String name : Accountants.NAMES) {
      PrivacyAccountant a = Accountants.forName(name);
      assertThat(a.name()).isEqualTo(name);
      assertThat(a.epsilon(1e-5).epsilon()).isZero();
    }
    assertThat(Accountants.forName("pld")).isInstanceOf(PldAccountant.class);
    assertThat(Accountants.forName("rdp")).isInstanceOf(RdpAccountant.class);
  }

  @Test
  void rdp_isTheDefaultOrdersWithTheBalleConversion() {
    DpEvent e = DpEvent.dpSgd(0.01, 1.1, 1000);
    assertThat(Accountants.rdp().compose(e).epsilon(1e-5))
        .isEqualTo(RdpAccountant.withDefaultOrders().compose(e).epsilon(1e-5));
    assertThat(Accountants.rdp().conversion()).isEqualTo(RdpConversion.BALLE_2020);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PLD", "prv", "", " rdp"})
  void unknownName_isRejectedWithTheAllowedNames(String name) {
    assertThatThrownBy(() -> Accountants.forName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown accountant \"" + name + "\"; allowed: pld, rdp");
  }

  @Test
  void nullName_isRejected() {
    assertThatThrownBy(() -> Accountants.forName(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown accountant \"null\"; allowed: pld, rdp");
  }
}
