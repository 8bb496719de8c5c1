package org.dpcgan.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dpcgan.core.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {
  @TempDir Path tmp;

  @Test
  void adultSidecar_givesKindsLevelsAndPublicBounds() {
    Schema s = DataFiles.schema("adult");
    assertThat(s.names()).hasSize(15).startsWith("age", "workclass");
    assertThat(s.column("age").kind()).isEqualTo(ColumnKind.INTEGER);
    assertThat(s.column("age").lower()).isEqualTo(16.0);    // domain bounds, wider than the data's 17-90
    assertThat(s.column("age").upper()).isEqualTo(100.0);
    assertThat(s.column("education").kind()).isEqualTo(ColumnKind.ORDINAL);
    assertThat(s.column("education").levels()).startsWith("Preschool", "1st-4th").endsWith("Doctorate");
    assertThat(s.column("native-country").levels()).hasSize(41);
    assertThat(s.column("workclass").hasDeclaredBounds()).isFalse();
  }

  @Test
  void flchainSidecar_ignoresBoundsOfDiscreteColumns() {
    Schema s = DataFiles.schema("flchain");
    assertThat(s.column("mgus").kind()).isEqualTo(ColumnKind.CATEGORICAL);
    assertThat(s.column("mgus").lower()).isNull();
    assertThat(s.column("creatinine").kind()).isEqualTo(ColumnKind.CONTINUOUS);
  }

  @Test
  void infer_flchain_agreesWithTheSidecarExceptOrdinalOrder() {
    var inferred = Schema.infer(Tables.readCsv(DataFiles.dir().resolve("flchain.csv")));
    Schema sidecar = DataFiles.schema("flchain");
    for (ColumnSpec spec : sidecar.columns()) {
      ColumnKind got = inferred.schema().column(spec.name()).kind();
      if (spec.kind() == ColumnKind.ORDINAL) {
        assertThat(got).as(spec.name()).isEqualTo(ColumnKind.INTEGER); // levels 1..10 look like integers
      } else {
        assertThat(got).as(spec.name()).isEqualTo(spec.kind());
      }
    }
    assertThat(inferred.explanation()).contains("mgus").contains("a categorical flag").contains("1350 missing");
  }

  @Test
  void infer_adult_findsIntegersAndCategories() {
    var inferred = Schema.infer(Tables.readCsv(DataFiles.dir().resolve("adult.csv.gz")));
    assertThat(inferred.schema().column("age").kind()).isEqualTo(ColumnKind.INTEGER);
    assertThat(inferred.schema().column("workclass").kind()).isEqualTo(ColumnKind.CATEGORICAL);
    assertThat(inferred.schema().column("income").kind()).isEqualTo(ColumnKind.CATEGORICAL);
  }

  @Test
  void infer_recognisesIdsBooleansAndDates() {
    var sb = new StringBuilder("key,flag,day\n");
    for (int i = 0; i < 30; i++) {
      sb.append("k").append(i).append(',').append(i % 2 == 0).append(",2020-01-").append(String.format("%02d", i + 1)).append('\n');
    }
    Path p = tmp.resolve("x.csv");
    try {
      Files.writeString(p, sb);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Schema s = Schema.infer(Tables.readCsv(p)).schema();
    assertThat(s.column("key").kind()).isEqualTo(ColumnKind.ID);
    assertThat(s.column("flag").kind()).isEqualTo(ColumnKind.BOOLEAN);
    assertThat(s.column("day").kind()).isEqualTo(ColumnKind.DATETIME);
    assertThat(s.column("day").format()).isEqualTo("yyyy-MM-dd");
  }

  @Test
  void builder_declaresEveryKind() {
    Schema s = Schema.builder().continuous("x").integer("age", 17, 90).categorical("sex", "F", "M")
        .ordinal("band", "low", "mid", "high").bool("b").datetime("d", "yyyy-MM-dd").id("student").build();
    assertThat(s.columns()).extracting(ColumnSpec::kind).containsExactly(ColumnKind.CONTINUOUS, ColumnKind.INTEGER,
        ColumnKind.CATEGORICAL, ColumnKind.ORDINAL, ColumnKind.BOOLEAN, ColumnKind.DATETIME, ColumnKind.ID);
    assertThat(s.toString()).startsWith("Schema[x:continuous, age:integer");
  }

  @Test
  void builder_duplicateName_isRejected() {
    assertThatThrownBy(() -> Schema.builder().continuous("x").integer("x").build())
        .hasMessageContaining("'x' repeats");
  }

  @Test
  void builder_empty_isRejected() {
    assertThatThrownBy(() -> Schema.builder().build()).hasMessageContaining("at least one column");
  }

  @Test
  void spec_nanBound_isRejected() {
    assertThatThrownBy(() -> Schema.builder().continuous("x", Double.NaN, 1))
        .hasMessageContaining("lower bound of column 'x' must be finite and of magnitude at most 1e100. Provided"
            + " value: NaN");
  }

  @Test
  void spec_lowerAboveUpper_isRejected() {
    assertThatThrownBy(() -> Schema.builder().integer("x", 5, 1))
        .hasMessageContaining("lower <= upper. Provided values: 5.0 > 1.0");
  }

  @Test
  void spec_duplicateLevel_isRejected() {
    assertThatThrownBy(() -> Schema.builder().categorical("c", "a", "a")).hasMessageContaining("'a' repeats");
  }

  @Test
  void spec_badDatetimePattern_isRejected() {
    assertThatThrownBy(() -> Schema.builder().datetime("d", "yyyy-MM-dd{{")).hasMessageContaining("format of datetime column 'd'");
  }

  @Test
  void sidecar_unknownType_namesTheLine() throws IOException {
    Path p = tmp.resolve("s.columns.csv");
    Files.writeString(p, "column,type\nx,integer\ny,text\n");
    assertThatThrownBy(() -> Schema.fromSidecar(p))
        .hasMessageContaining("s.columns.csv: line 3: column type must be one of continuous, integer")
        .hasMessageContaining("Provided value: 'text'");
  }

  @Test
  void sidecarMissingOfZero_declaresTheColumnComplete_aCountOrEmptyAllowsMissing() throws IOException {
    Path p = tmp.resolve("missing.columns.csv");
    Files.writeString(p, "column,type,missing\nx,integer,0\ny,categorical,12\nz,continuous,\n");
    Schema s = Schema.fromSidecar(p);
    assertThat(s.column("x").complete()).isTrue();
    assertThat(s.column("y").complete()).isFalse();
    assertThat(s.column("z").complete()).isFalse();
    assertThat(DataFiles.schema("adult").column("workclass").complete()).isFalse();   // 2799 missing
    assertThat(DataFiles.schema("adult").column("income").complete()).isTrue();
    assertThat(Schema.builder().integer("x").categorical("y", "a", "b").complete("y").build().column("y").complete())
        .isTrue();
  }

  @Test
  void sidecarMissingThatIsNotACount_namesTheLineAndWhatIsAllowed() throws IOException {
    Path p = tmp.resolve("bad-missing.columns.csv");
    Files.writeString(p, "column,type,missing\nx,integer,0\ny,integer,some\n");
    assertThatThrownBy(() -> Schema.fromSidecar(p)).isInstanceOf(InputFileException.class)
        .hasMessageContaining("line 3").hasMessageContaining("0 declares the column without missing values")
        .hasMessageContaining("'some'");
    assertThatThrownBy(() -> Schema.builder().integer("x").complete("nope"))
        .hasMessageContaining("complete(nope): no such column");
  }

  @Test
  void sidecar_withoutTypeHeader_isRejected() throws IOException {
    Path p = tmp.resolve("t.columns.csv");
    Files.writeString(p, "name,kind\nx,integer\n");
    assertThatThrownBy(() -> Schema.fromSidecar(p)).hasMessageContaining("needs the header fields 'column' and 'type'");
  }

  @Test
  void columnKind_parse_isCaseInsensitive() {
    assertThat(ColumnKind.parse("Categorical")).isEqualTo(ColumnKind.CATEGORICAL);
    assertThat(List.of(ColumnKind.values())).hasSize(7);
  }
}
