package org.dpcgan.core.internal.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.testing.DataFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataTransformerTest {

  private Table adultTrain;
  private DataTransformer adult;

  @BeforeAll
  void fitAdult() {
    adultTrain = DataFiles.adultTrain();
    adult = DataTransformer.fit(adultTrain, DataFiles.schema("adult"), TransformerOptions.defaults(), new SplittableRandom(1));
  }

  private static void assertExactRoundTrip(RoundTrip.Report r) {
    assertThat(r.categoricalExact()).as("categorical exact").isTrue();
    assertThat(r.missingPreserved()).as("missing preserved").isTrue();
    assertThat(r.integersExact()).as("integers exact").isTrue();
    assertThat(r.continuousMaxRelError()).as("continuous relative error").isLessThanOrEqualTo(1e-6);
  }

  @Test
  void adultTrain_roundTripsEveryRow() {
    RoundTrip.Report r = RoundTrip.measure(adult, adultTrain, new SplittableRandom(2));
    assertThat(r.rows()).isEqualTo(32_561);
    assertExactRoundTrip(r);
  }

  @Test
  void fitter_overChunks_isTheFitOfTheWholeTable() {
    Table flchain = DataFiles.flchain();
    Schema schema = DataFiles.schema("flchain");
    DataTransformer whole = DataTransformer.fit(flchain, schema, TransformerOptions.defaults(), new SplittableRandom(6));
    DataTransformer.Fitter fitter = DataTransformer.fitter(schema, TransformerOptions.defaults(), new SplittableRandom(6));
    for (int from = 0; from < flchain.rowCount(); from += 1_000) {
      fitter.add(flchain.inRange(from, Math.min(flchain.rowCount(), from + 1_000)));
    }
    assertThat(fitter.finish(new SplittableRandom(6)).columnModels()).isEqualTo(whole.columnModels());
  }

  @Test
  void fitter_keepsWhatOnlyTheLastChunkHolds_andSamplesAllValuesUniformly() {
    int n = 20_000;
    double[] x = new double[n];
    String[] c = new String[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < n - 2_000 ? 0.01 * (i % 7) : 100 + 0.01 * (i % 5);   // the last tenth far away
      c[i] = i < n - 1 ? "a" : "z";                                   // one level in the last row only
    }
    x[n - 1] = Double.NaN;                                             // and the only missing value
    Table t = Table.create("late", DoubleColumn.create("x", x), StringColumn.create("c", c));
    Schema schema = Schema.builder().continuous("x").categorical("c").build();
    TransformerOptions options = new TransformerOptions(Vbgmm.Options.defaults(), 10, 1_000);
    DataTransformer.Fitter fitter = DataTransformer.fitter(schema, options, new SplittableRandom(7));
    for (int from = 0; from < n; from += 3_000) {
      fitter.add(t.inRange(from, Math.min(n, from + 3_000)));
    }
    DataTransformer fitted = fitter.finish(new SplittableRandom(8));
    var c0 = (DiscreteColumnModel) fitted.columnModels().get(1);
    assertThat(c0.levels()).containsExactly("a", "z");
    var x0 = (NumericColumnModel) fitted.columnModels().get(0);
    assertThat(x0.missingIndicator()).isTrue();
    double far = 0;   // the mixture's weight near 100: a tenth of the values, sampled from the whole column
    for (int m = 0; m < x0.mixture().size(); m++) {
      far += x0.mixture().means()[m] > 50 ? x0.mixture().weights()[m] : 0;
    }
    assertThat(far).isBetween(0.06, 0.14);
  }

  @Test
  void encodeInto_chunkByChunk_isTheTableEncodedAtOnce() {
    Table rows = adultTrain.inRange(0, 5_000);
    EncodedMatrix atOnce = adult.encode(rows, new SplittableRandom(5)).dense();
    TrainingRows chunked = adult.emptyRows(5_000);
    SplittableRandom rng = new SplittableRandom(5);
    int[] bounds = {0, 1_000, 2_700, 5_000};
    for (int k = 0; k + 1 < bounds.length; k++) {
      adult.encodeInto(chunked, bounds[k], rows.inRange(bounds[k], bounds[k + 1]), rng);
    }
    assertThat(chunked.dense().data()).isEqualTo(atOnce.data());
    assertThatThrownBy(() -> adult.encodeInto(chunked, 4_500, rows.inRange(0, 1_000), rng))
        .hasMessageContaining("a chunk of 1000 rows from row 4500 does not fit 5000 rows");
  }

  @Test
  void decoder_fedChunksInAnyOrderFromTwoThreads_givesTheTableInverseGives() throws Exception {
    EncodedMatrix m = adult.transform(adultTrain.inRange(0, 2_500), new SplittableRandom(3));
    float[] data = m.data();
    int width = adult.layout().width();
    Decoder decoder = adult.decoder(2_500);
    Thread other = new Thread(() -> {
      for (int first = 2_000; first >= 1_000; first -= 1_000) {   // chunks 2 and 1, last first
        int rows = Math.min(1_000, 2_500 - first);
        decoder.decode(java.util.Arrays.copyOfRange(data, first * width, (first + rows) * width), rows, first);
      }
    });
    other.start();
    float[] chunk0 = java.util.Arrays.copyOf(data, 1_200 * width);   // holds more rows than it decodes
    decoder.decode(chunk0, 1_000, 0);
    other.join();
    Table chunked = decoder.table(2);
    Table whole = adult.inverse(data, 2_500, 2);
    assertThat(chunked.columnNames()).isEqualTo(whole.columnNames());
    for (int c = 0; c < whole.columnCount(); c++) {
      assertThat(chunked.column(c).asList()).as(whole.column(c).name()).isEqualTo(whole.column(c).asList());
    }
    assertThat(RoundTrip.compare(adult, adultTrain.inRange(0, 2_500), whole).categoricalExact()).isTrue();
    assertThatThrownBy(() -> decoder.decode(new float[width * 3], 3, 2_498))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("into rows [2498, 2501) of 2500");
    assertThatThrownBy(() -> decoder.decode(new float[width * 2], 3, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need " + 3 * width + " values")
        .hasMessageContaining("Provided: " + 2 * width + " values");
  }

  /** The rows whose numeric values all lie within reach of some mode (the network encoding clips the rest). */
  private static Table unclipped(DataTransformer t, Table table) {
    boolean[] clipped = t.clippedRows(table);
    int[] keep = java.util.stream.IntStream.range(0, clipped.length).filter(r -> !clipped[r]).toArray();
    // CTGAN clips the same far tails; they must stay rare (Adult train: 342 rows, mostly capital-gain 99,999)
    assertThat(clipped.length - keep.length).as("clipped rows").isLessThan(clipped.length / 50);
    return table.rows(keep);
  }

  @Test
  void adultTrain_floatPath_roundTripsCategoricalAndIntegersExactly() {
    Table rows = unclipped(adult, adultTrain);
    EncodedMatrix m = adult.transform(rows, new SplittableRandom(3));
    Table back = adult.inverse(m);
    RoundTrip.Report r = RoundTrip.compare(adult, rows, back);
    assertThat(r.categoricalExact()).isTrue();
    assertThat(r.missingPreserved()).isTrue();
    assertThat(r.integersExact()).isTrue();
    assertThat(back.column("age")).isInstanceOf(IntColumn.class);
    assertThat(back.columnNames()).isEqualTo(adultTrain.columnNames());
  }

  @Test
  void exam_roundTripsEveryRow() {
    Table exam = DataFiles.exam();
    var t = DataTransformer.fit(exam, DataFiles.schema("exam"), TransformerOptions.defaults(), new SplittableRandom(4));
    assertExactRoundTrip(RoundTrip.measure(t, exam, new SplittableRandom(5)));
  }

  @Test
  void compactTrainingRows_expandToTheFullEncoding_missingValuesIncluded_inAFewBytesARow() {
    Table flchain = DataFiles.flchain();
    var t = DataTransformer.fit(flchain, DataFiles.schema("flchain"), TransformerOptions.defaults(), new SplittableRandom(6));
    for (var c : List.of(new Object[] {t, flchain}, new Object[] {adult, adultTrain})) {
      DataTransformer transformer = (DataTransformer) c[0];
      Table table = (Table) c[1];
      TrainingRows rows = transformer.encode(table, new SplittableRandom(12));
      double[] full = transformer.transformDouble(table, new SplittableRandom(12));   // same draws, α not clipped
      int width = transformer.layout().width();
      assertThat(rows.rows()).isEqualTo(table.rowCount());
      assertThat(rows.width()).isEqualTo(width);
      boolean[] alpha = new boolean[width];
      transformer.layout().spans().stream().filter(s -> s.role() == OutputSpan.Role.ALPHA).forEach(s -> alpha[s.offset()] = true);
      float[] row = new float[width];
      for (int r = 0; r < table.rowCount(); r++) {
        java.util.Arrays.fill(row, 0);
        rows.copyRow(r, row, 0);
        for (int p = 0; p < width; p++) {
          double v = full[r * width + p];
          float expected = (float) (alpha[p] ? Math.max(-NumericCodec.ALPHA_CLIP, Math.min(NumericCodec.ALPHA_CLIP, v)) : v);
          assertThat(row[p]).as("row %d, position %d", r, p).isEqualTo(expected);
        }
      }
      // α as a float and one byte per code: 5 bytes a numeric column, 1 a discrete one (Adult: 6 and 9 of them)
      assertThat(rows.bytes()).isLessThanOrEqualTo(5L * table.columnCount() * table.rowCount());
    }
    assertThat(adult.encode(adultTrain, new SplittableRandom(1)).bytes()).isEqualTo(39L * adultTrain.rowCount());
  }

  @Test
  void flchain_roundTripsEveryRowIncludingMissingContinuousValues() {
    Table flchain = DataFiles.flchain();
    var t = DataTransformer.fit(flchain, DataFiles.schema("flchain"), TransformerOptions.defaults(), new SplittableRandom(6));
    assertThat(((NumericColumnModel) t.layout().column("creatinine").model()).missingIndicator()).isTrue();
    assertThat(((DiscreteColumnModel) t.layout().column("chapter").model()).missingLevel()).isTrue();
    RoundTrip.Report r = RoundTrip.measure(t, flchain, new SplittableRandom(7));
    assertExactRoundTrip(r);
    Table back = t.inverse(t.transformDouble(flchain, new SplittableRandom(7)), flchain.rowCount());
    assertThat(back.column("creatinine").countMissing()).isEqualTo(1_350);
    assertThat(back.column("chapter").countMissing()).isEqualTo(5_705);
  }

  @Test
  void flchain_floatPath_errorIsWithinFloatResolutionOfTheModeScale() {
    Table flchain = DataFiles.flchain();
    var t = DataTransformer.fit(flchain, DataFiles.schema("flchain"), TransformerOptions.defaults(), new SplittableRandom(6));
    double maxFourStd = 0;
    for (ColumnLayout c : t.layout().columns()) {
      if (c.model() instanceof NumericColumnModel n) {
        for (double s : n.mixture().stds()) {
          maxFourStd = Math.max(maxFourStd, 4 * s);
        }
      }
    }
    Table rows = unclipped(t, flchain);
    RoundTrip.Report r = RoundTrip.compare(t, rows, t.inverse(t.transform(rows, new SplittableRandom(8))));
    assertThat(r.categoricalExact()).isTrue();
    assertThat(r.integersExact()).isTrue();
    // |x' - x| = 4σ·|α_float - α| + rounding of μ + 4σα: at most 4σ·2^-24 plus a few ulps of x
    assertThat(r.continuousMaxAbsError()).isLessThanOrEqualTo(maxFourStd * 0x1p-23);
  }

  @Test
  void encoding_hasOneHotSpansAndAlphaWithinClip() {
    Table sample = adultTrain.inRange(0, 2_000);
    EncodedMatrix m = adult.transform(sample, new SplittableRandom(9));
    assertThat(m.width()).isEqualTo(adult.layout().width());
    for (int r = 0; r < m.rows(); r++) {
      for (OutputSpan s : adult.layout().spans()) {
        if (s.kind() == OutputSpan.Kind.SCALAR) {
          assertThat(Math.abs(m.get(r, s.offset()))).isLessThanOrEqualTo(0.99f);
        } else {
          float sum = 0;
          for (int j = s.offset(); j < s.end(); j++) {
            assertThat(m.get(r, j)).isIn(0f, 1f);
            sum += m.get(r, j);
          }
          assertThat(sum).as("span %s row %d", s, r).isEqualTo(1f);
        }
      }
    }
  }

  @Test
  void layout_spansAreContiguousAndMatchTheColumnModels() {
    Layout layout = adult.layout();
    int offset = 0;
    for (OutputSpan s : layout.spans()) {
      assertThat(s.offset()).isEqualTo(offset);
      offset = s.end();
    }
    assertThat(offset).isEqualTo(layout.width());
    ColumnLayout country = layout.column("native-country");
    assertThat(country.levelSpan().width()).isEqualTo(42); // 41 countries + missing
    ColumnLayout age = layout.column("age");
    assertThat(age.spans()).extracting(OutputSpan::role).containsExactly(OutputSpan.Role.ALPHA, OutputSpan.Role.MODE);
    assertThat(layout.discreteColumns()).hasSize(9);
  }

  @Test
  void adult_numericColumnsGetModesLikeTheReference() {
    // CTGAN's BayesianGaussianMixture finds several modes in age, fnlwgt, hours-per-week and a dominant
    // spike at 0 in capital-gain / capital-loss; the counts are printed for docs/data.md.
    for (String name : List.of("age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week")) {
      var n = (NumericColumnModel) adult.layout().column(name).model();
      System.out.println(name + ": " + n.mixture());
      assertThat(n.modes()).as(name).isBetween(1, 10);
    }
    var gain = ((NumericColumnModel) adult.layout().column("capital-gain").model()).mixture();
    double nearZero = 0;
    for (int k = 0; k < gain.size(); k++) {
      if (Math.abs(gain.means()[k]) < 1) {
        nearZero += gain.weights()[k];
      }
    }
    assertThat(nearZero).as("weight of the zero spike of capital-gain (91.7% zeros)").isGreaterThan(0.85);
    assertThat(((NumericColumnModel) adult.layout().column("age").model()).modes()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void description_roundTripsThroughJacksonAndEncodesIdentically() throws Exception {
    Table exam = DataFiles.exam();
    var t = DataTransformer.fit(exam, DataFiles.schema("exam"), TransformerOptions.defaults(), new SplittableRandom(10));
    var mapper = new ObjectMapper();
    String json = mapper.writeValueAsString(t.describe());
    var back = DataTransformer.fromDescription(mapper.readValue(json, TransformerDescription.class));
    assertThat(back.layout()).isEqualTo(t.layout());
    assertThat(back.transform(exam, new SplittableRandom(11)).data())
        .isEqualTo(t.transform(exam, new SplittableRandom(11)).data());
  }

  @Test
  void description_withoutDeclaredBounds_containsNoRawExtremes() throws Exception {
    // fnlwgt's largest value 1490400 belongs to one person; without declared bounds it must not be stored
    var t = DataTransformer.fit(adultTrain.selectColumns("fnlwgt", "sex"), Schema.builder().integer("fnlwgt").categorical("sex").build(),
        TransformerOptions.defaults(), new SplittableRandom(12));
    String json = new ObjectMapper().writeValueAsString(t.describe());
    assertThat(json).doesNotContain("1490400").doesNotContain("12285");
  }

  @Test
  void booleanDatetimeAndIdColumns_roundTrip() {
    Table t = Table.create("mixed",
        BooleanColumn.create("flag", new boolean[] {true, false, true, true, false, false}),
        DateColumn.create("day", List.of(LocalDate.of(2001, 1, 1), LocalDate.of(2001, 3, 5), LocalDate.of(2002, 7, 9),
            LocalDate.of(2003, 1, 1), LocalDate.of(1999, 12, 31), LocalDate.of(2001, 1, 2))),
        DateTimeColumn.create("at", List.of(LocalDateTime.of(2001, 1, 1, 10, 0, 5), LocalDateTime.of(2001, 1, 1, 11, 30),
            LocalDateTime.of(2001, 1, 2, 9, 0), LocalDateTime.of(2001, 1, 3, 23, 59, 59), LocalDateTime.of(2001, 1, 1, 0, 0),
            LocalDateTime.of(2001, 2, 1, 12, 0))),
        StringColumn.create("who", "a", "b", "c", "d", "e", "f"));
    Schema s = Schema.builder().bool("flag").datetime("day", "yyyy-MM-dd").datetime("at", "yyyy-MM-dd HH:mm:ss").id("who").build();
    var tr = DataTransformer.fit(t, s, TransformerOptions.defaults(), new SplittableRandom(13));
    assertExactRoundTrip(RoundTrip.measure(tr, t, new SplittableRandom(14)));
    Table back = tr.inverse(tr.transformDouble(t, new SplittableRandom(14)), t.rowCount());
    assertThat(back.stringColumn("who").asList()).containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(back.dateColumn("day").asList()).isEqualTo(t.dateColumn("day").asList());
    assertThat(back.dateTimeColumn("at").asList()).isEqualTo(t.dateTimeColumn("at").asList());
    // every model kind survives JSON
    try {
      var mapper = new ObjectMapper();
      String json = mapper.writeValueAsString(tr.describe());
      assertThat(json).contains("\"type\":\"id\"").contains("\"type\":\"numeric\"").contains("\"type\":\"discrete\"");
      var again = DataTransformer.fromDescription(mapper.readValue(json, TransformerDescription.class));
      assertThat(again.columnModels()).isEqualTo(tr.columnModels());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void inverse_clampsIntegersToDeclaredBounds() {
    Table t = Table.create("b", IntColumn.create("n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    var tr = DataTransformer.fit(t, Schema.builder().integer("n", 1, 10).build(), TransformerOptions.defaults(),
        new SplittableRandom(15));
    int w = tr.layout().width();
    float[] out = new float[2 * w];
    out[0] = 1f; // α = 1 in the highest mode
    out[w] = -1f; // α = -1 in the lowest mode
    out[w - 1] = 1f;
    out[w + 1] = 1f;
    Table back = tr.inverse(out, 2);
    assertThat(back.intColumn("n").getInt(0)).isBetween(1, 10);
    assertThat(back.intColumn("n").getInt(1)).isBetween(1, 10);
  }

  @Test
  void singleLevelColumn_isRejected() {
    Table t = Table.create("s", StringColumn.create("c", "x", "x", "x"), DoubleColumn.create("v", 1, 2, 3));
    assertThatThrownBy(() -> DataTransformer.fit(t, Schema.builder().categorical("c").continuous("v").build(),
        TransformerOptions.defaults(), new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'c' must have at least 2 categories (missing counts as one); it has 1 (x)");
  }

  @Test
  void moreLevelsThanTheLimit_isRejected() {
    Table exam = DataFiles.exam();
    assertThatThrownBy(() -> DataTransformer.fit(exam, DataFiles.schema("exam"), TransformerOptions.defaults().withMaxLevels(100),
        new SplittableRandom(1)))
        .hasMessage("column 'student' has 650 categories (missing included), more than the limit of 100. If it"
            + " identifies rows, declare it as id in the schema (it is then left out); otherwise raise the limit to at"
            + " least 650: --max-categories 650 on the command line, Synthesizer.Builder.maxCategories(650) in code");
  }

  @Test
  void moreObservedLevelsThanTheLimit_isRejectedWithoutDeclaredLevels() {
    Table exam = DataFiles.exam().selectColumns("student", "sex");
    assertThatThrownBy(() -> DataTransformer.fit(exam, Schema.builder().categorical("student").categorical("sex").build(),
        TransformerOptions.defaults().withMaxLevels(100), new SplittableRandom(1)))
        .hasMessageContaining("column 'student' has " + exam.stringColumn("student").countUnique() + " categories");
  }

  @Test
  void infiniteValue_inContinuousColumn_isRejected() {
    Table t = Table.create("i", DoubleColumn.create("v", 1, Double.POSITIVE_INFINITY, 3));
    assertThatThrownBy(() -> DataTransformer.fit(t, Schema.builder().continuous("v").build(), TransformerOptions.defaults(),
        new SplittableRandom(1)))
        .hasMessageContaining("column 'v', row 2: values must be finite. Provided value: Infinity");
  }

  @Test
  void emptyTable_isRejected() {
    Table t = Table.create("e", DoubleColumn.create("v"));
    assertThatThrownBy(() -> DataTransformer.fit(t, Schema.builder().continuous("v").build(), TransformerOptions.defaults(),
        new SplittableRandom(1)))
        .hasMessageContaining("empty table");
  }

  @Test
  void transform_unknownLevel_namesColumnAndRow() {
    Table other = Table.create("o", StringColumn.create("sex", "Male", "Other"));
    var t = DataTransformer.fit(Table.create("f", StringColumn.create("sex", "Male", "Female")),
        Schema.builder().categorical("sex").build(), TransformerOptions.defaults(), new SplittableRandom(1));
    assertThatThrownBy(() -> t.transform(other, new SplittableRandom(1)))
        .hasMessageContaining("column 'sex', row 2: value 'Other' is not one of the fitted levels [Female, Male]");
  }

  @Test
  void inverse_wrongLength_isRejected() {
    assertThatThrownBy(() -> adult.inverse(new float[10], 1))
        .hasMessageContaining("inverse: data must have rows * " + adult.layout().width() + " entries");
  }

  @Test
  void fromModels_buildsTheDpPathWithoutATable() {
    var mixture = Vbgmm.fitHistogram(new double[] {20, 30, 40, 50, 60}, new double[] {10, 30, 25.5, -2, 8},
        Vbgmm.Options.defaults(), new SplittableRandom(1));
    var t = DataTransformer.fromModels(List.of(
        new NumericColumnModel("age", ColumnKind.INTEGER, mixture, false, 17.0, 90.0, null),
        new DiscreteColumnModel("sex", ColumnKind.CATEGORICAL, List.of("F", "M"), false)));
    assertThat(t.layout().width()).isEqualTo(1 + mixture.size() + 2);
    Table back = t.inverse(new float[t.layout().width()], 1);
    assertThat(back.columnNames()).containsExactly("age", "sex");
  }

  @Test
  void aMissingCellInAColumnDeclaredComplete_isRefusedNamingColumnAndRow() {
    Table t = Table.create("t", DoubleColumn.create("x", 1.0, Double.NaN, 3.0), StringColumn.create("y", "a", "b", "a"));
    Schema schema = Schema.builder().continuous("x", 0, 5).categorical("y", "a", "b").complete("x").build();
    assertThatThrownBy(() -> DataTransformer.checkColumns(t, schema))
        .hasMessageContaining("column 'x', row 2 is missing")
        .hasMessageContaining("declares the column without missing values");
    assertThatThrownBy(() -> DataTransformer.fit(t, schema, TransformerOptions.defaults(), new SplittableRandom(1)))
        .hasMessageContaining("column 'x', row 2 is missing");
    DataTransformer.checkColumns(t, Schema.builder().continuous("x", 0, 5).categorical("y", "a", "b").complete("y")
        .build());   // y has no missing cell
  }
}
