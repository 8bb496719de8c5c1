package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tech.tablesaw.api.Table;

/**
 * Model files written by earlier versions must stay readable. {@code golden-v1.dpcgan} is format version 1,
 * written by {@link #writeGoldenV1()} (run once with {@code -Ddpcgan.writeGolden=true}); never regenerate it
 * after a format change: add a new golden file instead.
 */
class GoldenModelFileTest {
  private static final String V1 = "golden-v1.dpcgan";

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

  /** Writes the golden file into the source tree (run from the module directory). */
  @Test
  @EnabledIfSystemProperty(named = "dpcgan.writeGolden", matches = "true")
  void writeGoldenV1() throws Exception {
    Path data = Path.of("..", "data");
    Schema full = Schema.fromSidecar(data.resolve("flchain.columns.csv"));
    String[] keep = {"age", "sex", "kappa", "flc.grp", "death", "chapter"};
    Schema schema = Schema.of(java.util.Arrays.stream(keep).map(full::column).toList());
    Table table = Tables.readCsv(data.resolve("flchain.csv"), full).inRange(0, 300).selectColumns(keep);
    TrainedSynthesizer model = Synthesizer.ctgan().epochs(1).batchSize(50).pac(5).latentWidth(8)
        .generatorWidths(8).discriminatorWidths(8).conditioning(Conditioning.PAIR).seed(2019).schema(schema)
        .build().fit(table);
    Path out = Path.of("src", "test", "resources", "org", "dpcgan", "core", "synth", V1);
    Files.createDirectories(out.getParent());
    model.save(out);
  }
}
