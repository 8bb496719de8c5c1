package org.dpcgan.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dpcgan.core.testing.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class TablesTest {
  @TempDir Path tmp;

  private Path file(String name, String content) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static final Schema XYZ = Schema.builder().integer("x").continuous("y").categorical("z").build();

  @Test
  void adult_readsWithSidecarTypesAndMissingValues() {
    Table t = DataFiles.adult();
    assertThat(t.rowCount()).isEqualTo(48_842);
    assertThat(t.columnCount()).isEqualTo(15);
    assertThat(t.column("age").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(t.column("workclass").type()).isEqualTo(ColumnType.STRING);
    assertThat(t.column("workclass").countMissing()).isEqualTo(2_799);
    assertThat(t.column("native-country").countMissing()).isEqualTo(857);
    assertThat(t.intColumn("age").min()).isEqualTo(17);
  }

  @Test
  void flchain_continuousColumnKeepsMissing() {
    Table t = DataFiles.flchain();
    assertThat(t.column("creatinine").type()).isEqualTo(ColumnType.DOUBLE);
    assertThat(t.column("creatinine").countMissing()).isEqualTo(1_350);
    assertThat(t.column("chapter").countMissing()).isEqualTo(5_705);
  }

  @Test
  void quotedFields_withCommasQuotesAndNewlines_areParsed() throws IOException {
    Path p = file("q.csv", "x,y,z\n1,2.5,\"a,b\"\n2,,\"say \"\"hi\"\"\"\n3,1,\"two\nlines\"\n");
    Table t = Tables.readCsv(p, XYZ);
    assertThat(t.stringColumn("z").asList()).containsExactly("a,b", "say \"hi\"", "two\nlines");
    assertThat(t.doubleColumn("y").isMissing(1)).isTrue();
  }

  @Test
  void integersBeyondAnInt_turnTheColumnIntoLongs_keepingTheValuesAndMissingCellsBefore() throws IOException {
    Path p = file("l.csv", "x,y,z\n1,0,a\n,0,a\n-7,0,a\n3000000000,0,a\n,0,a\n");
    Table t = Tables.readCsv(p, XYZ);
    assertThat(t.column("x").type()).isEqualTo(ColumnType.LONG);
    assertThat(t.longColumn("x").get(0)).isEqualTo(1L);
    assertThat(t.longColumn("x").isMissing(1)).isTrue();
    assertThat(t.longColumn("x").get(2)).isEqualTo(-7L);
    assertThat(t.longColumn("x").get(3)).isEqualTo(3_000_000_000L);
    assertThat(t.longColumn("x").isMissing(4)).isTrue();
    assertThat(Tables.readCsv(file("i.csv", "x,y,z\n1,0,a\n,0,a\n"), XYZ).column("x").type())
        .isEqualTo(ColumnType.INTEGER);
  }

  @Test
  void aByteOrderMarkAndWindowsLineEnds_areRead() throws IOException {
    Table t = Tables.readCsv(file("w.csv", "\uFEFFx,y,z\r\n1,2,a\r\n3,4,b\r\n"), XYZ);
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.stringColumn("z").asList()).containsExactly("a", "b");
  }

  @Test
  void parquet_writtenAndReadBack_keepsEveryValueAndMissingCell_andIsTyped() throws IOException {
    Table flchain = DataFiles.flchain();
    Schema schema = DataFiles.schema("flchain");
    Path p = tmp.resolve("flchain.parquet");
    Tables.writeCsv(flchain, p, schema);
    assertThat(Files.list(tmp).map(f -> f.getFileName().toString())).containsExactly("flchain.parquet");
    Table back = Tables.read(p, schema);
    assertThat(back.rowCount()).isEqualTo(flchain.rowCount());
    assertThat(back.column("creatinine").countMissing()).isEqualTo(1_350);
    assertThat(back.column("chapter").countMissing()).isEqualTo(5_705);
    for (String name : flchain.columnNames()) {
      assertThat(back.column(name).asList()).as(name).isEqualTo(flchain.column(name).asList());
    }
    assertThat(Tables.read(p).rowCount()).isEqualTo(flchain.rowCount());   // schema inferred
  }

  @Test
  void aFileNamedParquetThatIsNot_isRefusedNamingIt() throws IOException {
    Path p = file("fake.parquet", "x,y,z\n1,2,a\n");
    assertThatThrownBy(() -> Tables.read(p, XYZ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fake.parquet: cannot be read as Parquet");
  }

  @Test
  void subsample_keepsASeededUniformSampleInFileOrder_orEveryRowOfASmallerFile() throws IOException {
    StringBuilder text = new StringBuilder("x,y,z\n");
    for (int i = 0; i < 2000; i++) {
      text.append(i).append(",0,a\n");
    }
    Path p = file("big.csv", text.toString());
    Path out = tmp.resolve("sample.csv");
    assertThat(Tables.subsample(p, 100, 7, out)).isEqualTo(2000);
    int[] x = Tables.readCsv(out, XYZ).intColumn("x").asIntArray();
    assertThat(x).hasSize(100).isSorted().doesNotHaveDuplicates();
    assertThat(x[0]).isLessThan(200);                 // spread over the file, not its first rows
    assertThat(x[99]).isGreaterThan(1800);
    Tables.subsample(p, 100, 7, tmp.resolve("again.csv"));
    assertThat(Files.readString(tmp.resolve("again.csv"))).isEqualTo(Files.readString(out));
    assertThat(Tables.subsample(p, 5000, 7, out)).isEqualTo(2000);
    assertThat(Files.readString(out)).isEqualTo(text.toString());
  }

  @Test
  void readChunks_handsTheFileOverInOrder_inTablesOfAtMostTheChunkSize() throws IOException {
    Path p = file("c.csv", "x,y,z\n1,0.5,a\n2,,b\n,1.5,\n4,2,a\n5,3,c\n");
    List<Table> chunks = new ArrayList<>();
    assertThat(Tables.readChunks(p, XYZ, 2, chunks::add)).isEqualTo(5);
    assertThat(chunks).extracting(Table::rowCount).containsExactly(2, 2, 1);
    Table joined = chunks.get(0).copy();
    chunks.subList(1, 3).forEach(joined::append);
    assertThat(joined.toString()).isEqualTo(Tables.readCsv(p, XYZ).toString());
  }

  @Test
  void readChunks_withABadValueInALaterChunk_namesItsLineAndRow() throws IOException {
    Path p = file("c.csv", "x,y,z\n1,0.5,a\n2,0,b\n3,x,a\n");
    List<Table> chunks = new ArrayList<>();
    assertThatThrownBy(() -> Tables.readChunks(p, XYZ, 2, chunks::add))
        .hasMessageContaining("c.csv: line 4 (row 3), column 'y': 'x' is not a number");
    assertThat(chunks).hasSize(1);
    assertThatThrownBy(() -> Tables.readChunks(file("e.csv", "x,y,z\n"), XYZ, 2, chunks::add))
        .hasMessageContaining("e.csv: the table is empty");
  }

  @Test
  void inferSchema_ofASmallFile_isTheFullReadsInference_andOfALargeOneComesFromASample() throws IOException {
    StringBuilder text = new StringBuilder("x,y,z\n");
    for (int i = 0; i < 2000; i++) {
      text.append(i).append(',').append(i / 4.0).append(',').append((char) ('a' + i % 3)).append('\n');
    }
    Path p = file("big.csv", text.toString());
    assertThat(Tables.inferSchema(p, 5000).schema()).isEqualTo(Schema.infer(Tables.read(p)).schema());
    Schema sampled = Tables.inferSchema(p, 100).schema();
    assertThat(sampled.names()).containsExactly("x", "y", "z");
    assertThat(sampled.column("y").kind()).isEqualTo(ColumnKind.CONTINUOUS);
    assertThat(sampled.column("z").kind()).isEqualTo(ColumnKind.CATEGORICAL);
    assertThat(Tables.inferSchema(p, 100).schema()).isEqualTo(sampled);   // seeded
  }

  @Test
  void raggedRow_isRejectedWithItsLine() throws IOException {
    Path p = file("r.csv", "x,y,z\n1,2,a\n3,4\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r.csv: line 3: row has 2 fields, the header has 3");
  }

  @Test
  void unterminatedQuote_isRejected() throws IOException {
    Path p = file("u.csv", "x,y,z\n1,2,\"abc\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("line 2: unterminated quoted field");
  }

  @Test
  void textAfterClosingQuote_isRejected() throws IOException {
    Path p = file("a.csv", "x,y,z\n1,2,\"ab\"c\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("line 2: unexpected character 'c'");
  }

  @Test
  void quoteInsideUnquotedField_isRejected() throws IOException {
    Path p = file("b.csv", "x,y,z\n1,2,ab\"c\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("line 2: a quote inside an unquoted field");
  }

  @Test
  void valueNotParsingAsDeclaredKind_namesRowAndColumn() throws IOException {
    Path p = file("k.csv", "x,y,z\n1,2,a\n2,3,b\nforty,4,c\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 4 (row 3), column 'x': 'forty' is not an integer");
  }

  @Test
  void nonIntegralNumber_inIntegerColumn_isRejected() throws IOException {
    Path p = file("k.csv", "x,y,z\n1.5,2,a\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("column 'x': '1.5' is not an integer");
  }

  @Test
  void nan_inContinuousColumn_isRejected() throws IOException {
    Path p = file("n.csv", "x,y,z\n1,NaN,a\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ))
        .hasMessageContaining("line 2 (row 1), column 'y': 'NaN' is not allowed: continuous values must be finite");
  }

  @Test
  void infinity_inContinuousColumn_isRejected() throws IOException {
    Path p = file("i.csv", "x,y,z\n1,2,a\n1,-Infinity,a\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("row 2), column 'y': '-Infinity' is not allowed");
  }

  @Test
  void emptyTable_isRejected() throws IOException {
    Path p = file("e.csv", "x,y,z\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("e.csv: the table is empty");
  }

  @Test
  void emptyFile_isRejected() throws IOException {
    Path p = file("e0.csv", "");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("the file is empty");
  }

  @Test
  void schemaNamingAMissingColumn_isRejected() throws IOException {
    Path p = file("m.csv", "x,y\n1,2\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ))
        .hasMessageContaining("the schema names column 'z' which the file lacks; file columns: [x, y]");
  }

  @Test
  void sidecarNamingAMissingColumn_isRejected() throws IOException {
    Path data = file("d.csv", "x,y\n1,2\n");
    Path sidecar = file("d.columns.csv", "column,type\nx,integer\ny,continuous\nw,categorical\n");
    assertThatThrownBy(() -> Tables.readCsv(data, Schema.fromSidecar(sidecar)))
        .hasMessageContaining("names column 'w' which the file lacks");
  }

  @Test
  void undeclaredColumnInFile_isRejected() throws IOException {
    Path p = file("x.csv", "x,y,z,extra\n1,2,a,b\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("file column 'extra' is not in the schema");
  }

  @Test
  void valueOutsideDeclaredLevels_isRejected() throws IOException {
    Path p = file("l.csv", "s\nF\nM\nX\n");
    Schema s = Schema.builder().categorical("s", "F", "M").build();
    assertThatThrownBy(() -> Tables.readCsv(p, s))
        .hasMessageContaining("line 4 (row 3), column 's': 'X' is not one of the declared levels [F, M]");
  }

  @Test
  void missingFile_saysItDoesNotExist() {
    Path p = tmp.resolve("nope.csv");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).isInstanceOf(InputFileException.class)
        .hasMessage("the table " + p + " does not exist");
  }

  @Test
  void folderInsteadOfFile_isSaid() {
    assertThatThrownBy(() -> Tables.readCsv(tmp, XYZ)).hasMessage("the table " + tmp + " is a folder, not a file");
  }

  @Test
  void gzipWithoutGzName_isReadByItsMagicBytes() throws IOException {
    Path p = tmp.resolve("packed.csv");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("x,y,z\n1,2.5,a\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Table t = Tables.readCsv(p, XYZ);
    assertThat(t.rowCount()).isEqualTo(1);
    assertThat(t.stringColumn("z").get(0)).isEqualTo("a");
  }

  @Test
  void zipArchive_isSaidNotToBeATable() throws IOException {
    Path p = tmp.resolve("model.csv");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(p))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
      zip.write('{');
      zip.closeEntry();
    }
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessage("the table " + p + " is a zip archive (a dpcgan model"
        + " file?), not a CSV table; dpcgan reads CSV, plain or gzip-compressed");
  }

  @Test
  void binaryFile_isSaidNotToBeText() throws IOException {
    Path p = file("bin.csv", "x,y\u0000z\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).isInstanceOf(InputFileException.class)
        .hasMessage(p + ": the table is not a text file (it holds binary data); dpcgan reads CSV, plain or"
            + " gzip-compressed");
  }

  @Test
  void semicolonSeparatedFile_getsADelimiterHintWithItsLine() throws IOException {
    Path p = file("semi.csv", "x;y;z\n1;2.5;a\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).isInstanceOfSatisfying(InputFileException.class, e -> {
      assertThat(e).hasMessage("semi.csv: line 1: the header is one field, 'x;y;z': the file seems to separate its"
          + " fields with semicolons (;); dpcgan reads comma-separated values (RFC 4180): save it with commas");
      assertThat(e.line()).hasValue(1);
      assertThat(e.file()).isEqualTo("semi.csv");
    });
  }

  @Test
  void tabSeparatedFile_getsADelimiterHint() throws IOException {
    Path p = file("tabs.csv", "x\ty\tz\n1\t2.5\ta\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).hasMessageContaining("separate its fields with tabs");
  }

  @Test
  void hugeContinuousValue_isRefusedWithItsLineAndColumn() throws IOException {
    Path p = file("huge.csv", "x,y,z\n1,2.5,a\n2,1e200,b\n");
    assertThatThrownBy(() -> Tables.readCsv(p, XYZ)).isInstanceOfSatisfying(InputFileException.class, e -> {
      assertThat(e).hasMessage("huge.csv: line 3 (row 2), column 'y': '1e200' is refused: value 1.0E200 is too large"
          + " for the data transformer's arithmetic (it squares values); allowed: a magnitude up to 1e100. Rescale"
          + " the column (e.g. to thousands) or declare it categorical");
      assertThat(e.line()).hasValue(3);
      assertThat(e.column()).hasValue("y");
    });
  }

  @Test
  void booleanAndDatetimeColumns_roundTripThroughCsv() throws IOException {
    Schema s = Schema.builder().bool("b").datetime("d", "dd/MM/yyyy").datetime("t", "yyyy-MM-dd HH:mm").build();
    Path p = file("bd.csv", "b,d,t\ntrue,03/02/2001,2001-02-03 04:05\n0,,2001-02-04 00:00\n,31/12/1999,\n");
    Table t = Tables.readCsv(p, s);
    assertThat(t.column("d").type()).isEqualTo(ColumnType.LOCAL_DATE);
    assertThat(t.column("t").type()).isEqualTo(ColumnType.LOCAL_DATE_TIME);
    Path out = tmp.resolve("bd-out.csv");
    Tables.writeCsv(t, out, s);
    assertThat(Files.readString(out)).isEqualTo("b,d,t\ntrue,03/02/2001,2001-02-03 04:05\nfalse,,2001-02-04 00:00\n,31/12/1999,\n");
  }

  @Test
  void writeThenRead_givesTheSameTable_plainAndGzip() {
    Table flchain = DataFiles.flchain();
    Schema schema = DataFiles.schema("flchain");
    for (String name : new String[] {"f.csv", "f.csv.gz"}) {
      Path out = tmp.resolve(name);
      Tables.writeCsv(flchain, out);
      Table back = Tables.readCsv(out, schema);
      assertThat(back.rowCount()).isEqualTo(flchain.rowCount());
      for (int j = 0; j < flchain.columnCount(); j++) {
        assertThat(back.column(j).asList()).as(flchain.column(j).name()).isEqualTo(flchain.column(j).asList());
      }
    }
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void writeOnSeveralThreads_writesTheSameFileAsOne_andRejectsZeroThreads() throws IOException {
    Table adult = DataFiles.adultTrain().inRange(0, 3 * Csv.BLOCK_ROWS + 17);   // missing values, several blocks
    Schema schema = DataFiles.schema("adult");
    Path one = tmp.resolve("one.csv");
    Tables.writeCsv(adult, one, schema, 1);
    for (int threads : new int[] {2, 3, 8}) {
      Path several = tmp.resolve("several" + threads + ".csv");
      Tables.writeCsv(adult, several, schema, threads);
      assertThat(Files.readAllBytes(several)).as("%d threads", threads).isEqualTo(Files.readAllBytes(one));
    }
    assertThat(Files.readAllLines(one)).hasSize(adult.rowCount() + 1);
    assertThatThrownBy(() -> Tables.writeCsv(adult, tmp.resolve("zero.csv"), schema, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1. Provided value: 0");
    assertThat(Files.exists(tmp.resolve("zero.csv"))).isFalse();
  }

  @Test
  void writeFailure_leavesNoPartialFile() throws IOException {
    Path blocker = file("blocker", "not a folder");
    assertThatThrownBy(() -> Tables.writeCsv(DataFiles.exam(), blocker.resolve("out.csv")))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(Files.exists(blocker.resolve("out.csv"))).isFalse();
  }

  @Test
  void split_isDisjointCompleteAndReproducible() {
    Table exam = DataFiles.exam();
    Split a = Tables.split(exam, 0.8, 42);
    Split b = Tables.split(exam, 0.8, 42);
    assertThat(a.train().rowCount()).isEqualTo(Math.round(0.8 * exam.rowCount()));
    assertThat(a.train().rowCount() + a.holdout().rowCount()).isEqualTo(exam.rowCount());
    assertThat(a.train().doubleColumn("standLRT").asList()).isEqualTo(b.train().doubleColumn("standLRT").asList());
    assertThat(Tables.split(exam, 0.8, 43).train().doubleColumn("standLRT").asList())
        .isNotEqualTo(a.train().doubleColumn("standLRT").asList());
  }

  @Test
  void split_fractionOutsideOpenUnitInterval_isRejected() {
    Table exam = DataFiles.exam();
    assertThatThrownBy(() -> Tables.split(exam, 1.0, 1)).hasMessageContaining("trainFraction must be in (0, 1)");
    assertThatThrownBy(() -> Tables.split(exam, Double.NaN, 1)).hasMessageContaining("Provided value: NaN");
  }
}
