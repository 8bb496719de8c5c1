package org.dpcgan.privacy.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;

class PrivacyLedgerTest {

  private static PrivacyLedger sample() {
    return PrivacyLedger.empty()
        .record("metadata: column histograms", DpEvent.gaussian(7.25).repeated(3))
        .record("metadata: pair tables", DpEvent.composed(DpEvent.gaussian(11.0), DpEvent.gaussian(0.1 + 0.2)))
        .record("discriminator steps", DpEvent.dpSgd(0.015355, 1.0789123456789, 4000));
  }

  @Test
  void json_roundTripsExactly() {
    PrivacyLedger ledger = sample();
    String json = ledger.toJson();
    assertThat(json).startsWith("{\"format\":1,\"entries\":[");
    assertThat(PrivacyLedger.fromJson(json)).isEqualTo(ledger);
  }

  @Test
  void json_hasTheDocumentedShape() {
    String json = PrivacyLedger.empty().record("steps", DpEvent.dpSgd(0.5, 2.0, 3)).toJson();
    assertThat(json).isEqualTo("{\"format\":1,\"entries\":[{\"label\":\"steps\",\"event\":{\"type\":\"self_composed\","
        + "\"count\":3,\"event\":{\"type\":\"poisson_sampled\",\"sampling_probability\":0.5,\"event\":"
        + "{\"type\":\"gaussian\",\"noise_multiplier\":2.0}}}}]}");
  }

  @Test
  void resumedLedger_continuesTheSameCount() {
    DpEvent step = DpEvent.poissonSampled(0.01, DpEvent.gaussian(1.1));
    PrivacyLedger first = PrivacyLedger.empty();
    for (int i = 0; i < 1000; i++) {
      first = first.record("discriminator steps", step);
    }
    PrivacyLedger resumed = PrivacyLedger.fromJson(first.toJson()).record("discriminator steps", step.repeated(500));
    assertThat(resumed.entries()).hasSize(1);
    assertThat(resumed.entries().get(0).event()).isEqualTo(step.repeated(1500));
    double direct = RdpAccountant.withDefaultOrders().compose(step.repeated(1500)).epsilon(1e-5).epsilon();
    assertThat(resumed.spent(1e-5).epsilon()).isEqualTo(direct);
  }

  @Test
  void differentLabelsOrEvents_areKeptApart() {
    PrivacyLedger l = PrivacyLedger.empty().record("a", DpEvent.gaussian(1)).record("b", DpEvent.gaussian(1))
        .record("b", DpEvent.gaussian(2));
    assertThat(l.entries()).hasSize(3);
  }

  @Test
  void spent_composesEveryEntry() {
    PrivacyLedger ledger = sample();
    double all = ledger.spent(1e-6).epsilon();
    double withoutMetadata = RdpAccountant.withDefaultOrders().compose(DpEvent.dpSgd(0.015355, 1.0789123456789, 4000))
        .epsilon(1e-6).epsilon();
    assertThat(all).isGreaterThan(withoutMetadata);
  }

  @Test
  void spent_withoutAnAccountant_isTheRdpAccountant() {
    PrivacyLedger ledger = sample();
    assertThat(ledger.spent(1e-6)).isEqualTo(ledger.spent(1e-6, Accountants.rdp()));
  }

  @Test
  void spent_withThePldAccountant_composesEveryEntry_andIsTighter() {
    PrivacyLedger ledger = sample();
    var pld = ledger.spent(1e-6, Accountants.pld());
    assertThat(pld.epsilon()).isEqualTo(Accountants.pld().compose(ledger.asEvent()).epsilon(1e-6).epsilon());
    assertThat(pld.epsilon()).isLessThan(ledger.spent(1e-6).epsilon());
    assertThat(ledger.spent(1e-6, Accountants.forName("pld"))).isEqualTo(pld);
  }

  @Test
  void spent_withANullAccountant_isRejected() {
    assertThatThrownBy(() -> sample().spent(1e-6, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("accountant must not be null");
  }

  @Test
  void unknownFormat_isRejectedSayingWhichFormatIsRead() {
    assertThatThrownBy(() -> PrivacyLedger.fromJson("{\"format\":2,\"entries\":[]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported privacy ledger format 2; this version reads format 1");
  }

  @Test
  void invalidEventInJson_isRejectedByTheEventValidation() {
    String json = "{\"format\":1,\"entries\":[{\"label\":\"x\",\"event\":{\"type\":\"gaussian\",\"noise_multiplier\":-1}}]}";
    assertThatThrownBy(() -> PrivacyLedger.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noiseMultiplier must be finite and > 0. Provided value: -1.0");
  }

  @Test
  void unknownEventType_isRejected() {
    String json = "{\"format\":1,\"entries\":[{\"label\":\"x\",\"event\":{\"type\":\"laplace\"}}]}";
    assertThatThrownBy(() -> PrivacyLedger.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown event type \"laplace\"");
  }

  @Test
  void malformedJson_isRejected() {
    assertThatThrownBy(() -> PrivacyLedger.fromJson("{format"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("privacy ledger is not valid JSON");
  }

  @Test
  void blankLabel_isRejected() {
    assertThatThrownBy(() -> PrivacyLedger.empty().record(" ", DpEvent.gaussian(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_isReadable() {
    assertThat(PrivacyLedger.empty().record("steps", DpEvent.dpSgd(0.01, 1.1, 10)).toString())
        .isEqualTo("PrivacyLedger[steps: 10 × PoissonSampled(q=0.01, Gaussian(σ=1.1))]");
  }
}
