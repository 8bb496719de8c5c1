package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * Model files written by earlier versions must stay readable. {@code golden-v1.dpcgan} is format version 1
 * (no training state), written by the version-1 writer; {@code golden-v2.dpcgan} is format version 2 (with
 * the critic and optimiser state), written by {@link GoldenV2Writer} (scripts/write-golden-v2.sh). Never regenerate
 * either after a format change: add a new golden file instead.
 */
class GoldenModelFileTest {
  private static final String V1 = "golden-v1.dpcgan";
  private static final String V2 = "golden-v2.dpcgan";
  static final String[] KEEP = {"age", "sex", "kappa", "flc.grp", "death", "chapter"};

  private static Path golden(String name) throws URISyntaxException {
    return Path.of(GoldenModelFileTest.class.getResource(name).toURI());
  }

  @Test
  void goldenV1_loads_andSamplesTablesWithItsSchema() throws URISyntaxException {
    TrainedSynthesizer model = TrainedSynthesizer.load(golden(V1));
    assertThat(model.provenance().seed()).isEqualTo(2019);
    assertThat(model.provenance().rows()).isEqualTo(300);
    assertThat(model.provenance().conditioning()).isEqualTo(Conditioning.PAIR);
    assertThat(model.privacySpent()).isEmpty();
    assertThat(model.schema().names()).containsExactly("age", "sex", "kappa", "flc.grp", "death", "chapter");
    assertThat(model.schema().column("flc.grp").kind()).isEqualTo(ColumnKind.ORDINAL);
    Table fake = model.sample(40, Condition.of("sex", "M"), Condition.of("death", "0"));
    assertThat(fake.columnNames()).isEqualTo(model.schema().names());
    assertThat(fake.stringColumn("sex").unique().asList()).containsExactly("M");
  }

  @Test
  void goldenV2_loadsWithItsTrainingState_andResumesOnItsTable() throws URISyntaxException {
    TrainedSynthesizer model = TrainedSynthesizer.load(golden(V2));
    assertThat(model.provenance().seed()).isEqualTo(2019);
    assertThat(model.trainingState()).isPresent();
    Table fake = model.sample(40, Condition.of("sex", "F"));
    assertThat(fake.stringColumn("sex").unique().asList()).containsExactly("F");

    TrainedSynthesizer resumed = Synthesizer.resume(model).epochs(1).build().fit(flchain300());
    assertThat(resumed.lossHistory()).hasSize(2);
    assertThat(resumed.provenance().config().epochs()).isEqualTo(2);
  }

  static Table flchain300() {
    Path data = SynthesizerTest.data();
    Schema full = Schema.fromSidecar(data.resolve("flchain.columns.csv"));
    return Tables.readCsv(data.resolve("flchain.csv"), full).inRange(0, 300).selectColumns(KEEP);
  }
}
