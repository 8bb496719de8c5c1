package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The library's audit of a DP fit on Adult and Exam at ε ∈ {1, 3} (short fits on part of each table, so that the
 * suite stays quick; docs/privacy.md gives full-size runs): the real step's sensitivity is at most C and the one-run
 * lower bound at most the claimed ε, and the noise measured is not below the claimed σ.
 */
class PrivacyAuditTest {
  @ParameterizedTest(name = "{0} at ε = {1}")
  @CsvSource({"adult.csv.gz, 1", "adult.csv.gz, 3", "exam.csv, 1", "exam.csv, 3"})
  void audit_ofADpFit_passes(String file, double epsilon) {
    String name = file.substring(0, file.indexOf('.'));
    Schema schema = Schema.fromSidecar(SynthesizerTest.data().resolve(name + ".columns.csv"));
    Table table = Tables.readCsv(SynthesizerTest.data().resolve(file), schema).inRange(0, 2000);
    Synthesizer dp = Synthesizer.dpCgan().epsilon(epsilon).epochs(2).latentWidth(16).generatorWidths(32, 32)
        .discriminatorWidths(64, 64).seed(5).schema(schema).build();
    // At the default 0.95 each one-run check fails a correct fit 1 run in 20, and this test runs four audits: with
    // secure noise it failed about one suite run in five. At 0.999 a correct fit fails a case 1 run in 1,000.
    PrivacyAudit.Report r = PrivacyAudit.run(dp, table, 4, 2_000, 0.999);
    assertThat(r.maxRatio()).as(r.toString()).isLessThanOrEqualTo(1 + PrivacyAudit.FLOAT_TOLERANCE)
        .isGreaterThan(0.5);
    assertThat(r.empirical().epsilonLowerBound()).as(r.toString()).isLessThanOrEqualTo(r.claimedEpsilon());
    assertThat(r.claimedEpsilon()).isLessThanOrEqualTo(epsilon);
    assertThat(r.noiseHolds()).as(r.toString()).isTrue();
    assertThat(r.passed()).isTrue();
  }

  @Test
  void audit_ofANonPrivateConfiguration_isRefused() {
    assertThatThrownBy(() -> PrivacyAudit.run(Synthesizer.ctgan().build(), Table.create("t")))
        .hasMessageStartingWith("an audit needs a fresh differentially private configuration with a schema");
  }
}
