package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dpcgan.core.testing.DataFiles.rowsAsText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.TableSource;
import org.dpcgan.core.data.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * A fit that streams its rows ({@link TrainingData}: a file or a table, a chunk at a time) is the fit of the whole
 * table: the same seed gives the same model, private or not, whatever the chunk size.
 */
class StreamedFitTest {
  private static Schema schema;
  private static Table flchain;
  private static Path file;

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeTheFile() {
    schema = Schema.fromSidecar(SynthesizerTest.data().resolve("flchain.columns.csv"));
    flchain = Tables.readCsv(SynthesizerTest.data().resolve("flchain.csv"), schema).inRange(0, 500);
    file = dir.resolve("flchain-500.csv");
    Tables.writeCsv(flchain, file, schema);
  }

  private static Synthesizer.Builder small(Synthesizer.Builder b) {
    return b.epochs(2).batchSize(100).latentWidth(16).generatorWidths(32, 32).discriminatorWidths(32, 32).seed(7)
        .schema(schema);
  }

  @Test
  void fitOfAFile_inChunks_isTheFitOfTheTable() {
    Synthesizer config = small(Synthesizer.ctgan()).build();
    TrainedSynthesizer whole = config.fit(flchain);
    TrainedSynthesizer streamed = config.fit(TrainingData.of(file, schema, 97));
    assertThat(rowsAsText(streamed.sample(200))).isEqualTo(rowsAsText(whole.sample(200)));
    assertThat(streamed.provenance().rows()).isEqualTo(500);
    assertThat(rowsAsText(config.fit(file).sample(200))).isEqualTo(rowsAsText(whole.sample(200)));
  }

  @Test
  void dpFitOfATable_inChunks_isTheFitOfTheWholeTable_countsNoiseAndSteps() {
    Synthesizer config = small(Synthesizer.dpCgan()).reproducibleNoise().epsilon(3).build();
    TrainedSynthesizer whole = config.fit(flchain);
    TrainedSynthesizer streamed = config.fit(TrainingData.of(flchain, 64));
    assertThat(streamed.model().released().orElseThrow().columns())
        .isDeepEqualTo(whole.model().released().orElseThrow().columns());
    assertThat(streamed.model().released().orElseThrow().pairs())
        .isDeepEqualTo(whole.model().released().orElseThrow().pairs());
    assertThat(streamed.privacySpent().orElseThrow().epsilon())
        .isEqualTo(whole.privacySpent().orElseThrow().epsilon());
    assertThat(rowsAsText(streamed.sample(200))).isEqualTo(rowsAsText(whole.sample(200)));
    assertThat(rowsAsText(config.fit(TrainingData.of(file, schema, 97)).sample(200)))
        .isEqualTo(rowsAsText(whole.sample(200)));
  }

  @Test
  void fitOfATableSource_isTheFitOfTheTable_andNeedsASchema() {
    TableSource source = new TableSource() {
      @Override
      public String name() {
        return "flchain rows";
      }

      @Override
      public long rows() {
        return flchain.rowCount();
      }

      @Override
      public void forEachChunk(Consumer<Table> chunks) {
        TrainingData.of(flchain, 97).forEachChunk(chunks);
      }
    };
    Synthesizer config = small(Synthesizer.dpCgan()).reproducibleNoise().epsilon(3).build();
    assertThat(rowsAsText(config.fit(source).sample(100))).isEqualTo(rowsAsText(config.fit(flchain).sample(100)));
    assertThatThrownBy(() -> Synthesizer.ctgan().build().fit(source))
        .hasMessageContaining("a fit of flchain rows needs a declared schema");
  }

  @Test
  void fitOfAFile_withoutASchema_infersTheSchemaAFullReadWould() {
    TrainedSynthesizer model = Synthesizer.ctgan().epochs(1).batchSize(100).latentWidth(8).generatorWidths(16)
        .discriminatorWidths(16).build().fit(file);
    assertThat(model.schema()).isEqualTo(Tables.inferSchema(file, Integer.MAX_VALUE).schema());
  }

  @Test
  void dpFitOfAFile_withoutASchema_isRefusedBeforeReadingIt() {
    assertThatThrownBy(() -> Synthesizer.dpCgan().epsilon(3).build().fit(file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a DP fit needs a declared schema");
  }

  @Test
  void fitOfAFile_withABadValueInALaterChunk_namesItsLine_beforeAnyTraining() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int ageColumn = List.of(lines.get(0).split(",")).indexOf("age");
    String[] fields = lines.get(451).split(",", -1);
    fields[ageColumn] = "old";
    lines.set(451, String.join(",", fields));
    Path bad = dir.resolve("bad.csv");
    Files.write(bad, lines);
    List<Integer> epochs = new ArrayList<>();
    assertThatThrownBy(() -> small(Synthesizer.ctgan()).listener(e -> epochs.add(e.epoch())).build()
        .fit(TrainingData.of(bad, schema, 97)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 452 (row 451), column 'age': 'old' is not an integer");
    assertThat(epochs).isEmpty();
  }

  @Test
  void boundCheck_overChunks_warnsAsOverTheWholeTable() {
    double top = flchain.numberColumn("kappa").max();   // held by one row, as derived bounds are
    Schema tight = Schema.of(schema.columns().stream().map(c -> !c.name().equals("kappa") ? c
        : new ColumnSpec(c.name(), c.kind(), c.levels(), c.lower(), top, c.format()).withComplete(c.complete()))
        .toList());
    Fit.BoundCheck whole = new Fit.BoundCheck(tight);
    whole.add(flchain);
    Fit.BoundCheck chunked = new Fit.BoundCheck(tight);
    TrainingData.of(flchain, 97).forEachChunk(chunked::add);
    assertThat(whole.warnings()).hasSize(1).first().asString().contains("kappa (max ");
    assertThat(chunked.warnings()).isEqualTo(whole.warnings());
  }

}
