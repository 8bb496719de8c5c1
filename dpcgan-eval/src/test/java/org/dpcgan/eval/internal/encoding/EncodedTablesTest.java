package org.dpcgan.eval.internal.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.TinyTables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class EncodedTablesTest {
  private static final Table REAL = TinyTables.xc(new double[] {1, 2, 3}, new String[] {"a", "b", "a"});

  @Test
  void levelsAreSharedAcrossTables_missingIsMinusOne() {
    Table syn = TinyTables.xc(new double[] {1, Double.NaN}, new String[] {"c", null});
    EncodedTables t = EncodedTables.encode(REAL, syn, null, Map.of());
    assertThat(t.levels(1)).containsExactly("a", "b", "c");
    assertThat(t.synthetic().codes(1)).containsExactly(2, -1);
    assertThat(t.synthetic().values(0)[1]).isNaN();
    assertThat(t.min(0)).isEqualTo(1.0);
    assertThat(t.max(0)).isEqualTo(3.0);
  }

  @Test
  void columnOrderMayDiffer() {
    Table syn = Table.create("s", StringColumn.create("c", "a"), DoubleColumn.create("x", 2.0));
    EncodedTables t = EncodedTables.encode(REAL, syn, null, Map.of());
    assertThat(t.names()).containsExactly("x", "c");
    assertThat(t.synthetic().values(0)).containsExactly(2.0);
  }

  @Test
  void differentColumns_areRejectedNamingThem() {
    Table syn = Table.create("s", DoubleColumn.create("x", 1.0), StringColumn.create("d", "a"));
    assertThatThrownBy(() -> EncodedTables.encode(REAL, syn, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("synthetic table must have the real table's columns [x, c]")
        .hasMessageContaining("Missing: [c], unexpected: [d]");
  }

  @Test
  void differentKinds_areRejectedNamingTheColumn() {
    Table syn = Table.create("s", StringColumn.create("x", "1"), StringColumn.create("c", "a"));
    assertThatThrownBy(() -> EncodedTables.encode(REAL, syn, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'x' is numeric")
        .hasMessageContaining("categorical in the synthetic table");
  }

  @Test
  void emptyTable_isRejected() {
    Table empty = TinyTables.xc(new double[0], new String[0]);
    assertThatThrownBy(() -> EncodedTables.encode(REAL, empty, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the synthetic table must have at least one row")
        .hasMessageContaining("Provided: 0 rows x 2 columns");
    assertThatThrownBy(() -> EncodedTables.encode(empty, REAL, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the real table must have at least one row");
  }

  @Test
  void allMissingRealColumn_isRejected_anAllMissingSyntheticOneIsEncoded() {
    Table syn = TinyTables.xc(new double[] {Double.NaN, Double.NaN}, new String[] {"a", "b"});
    EncodedTables encoded = EncodedTables.encode(REAL, syn, null, Map.of());
    assertThat(encoded.synthetic().isMissing(0, 0)).isTrue();
    assertThat(encoded.synthetic().isMissing(1, 0)).isTrue();
    Table realMissing = TinyTables.xc(new double[] {1, 2}, new String[] {null, null});
    assertThatThrownBy(() -> EncodedTables.encode(realMissing, REAL, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'c' has no non-missing value in the real table");
  }

  @Test
  void override_makesIntegerColumnCategorical_andIntAndDoubleLevelsAgree() {
    Table real = Table.create("r", IntColumn.create("death", 0, 1, 1));
    Table syn = Table.create("s", DoubleColumn.create("death", 1.0, 0.0));
    EncodedTables t = EncodedTables.encode(real, syn, null, Map.of("death", EvalColumnKind.CATEGORICAL));
    assertThat(t.kind(0)).isEqualTo(EvalColumnKind.CATEGORICAL);
    assertThat(t.levels(0)).containsExactly("0", "1");
    assertThat(t.synthetic().codes(0)).containsExactly(1, 0);
  }

  @Test
  void override_ofUnknownColumn_isRejected() {
    assertThatThrownBy(() -> EncodedTables.encode(REAL, REAL, null, Map.of("y", EvalColumnKind.NUMERIC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown column 'y'");
  }

  @Test
  void numericOverride_ofStringColumn_isRejected() {
    assertThatThrownBy(() -> EncodedTables.encode(REAL, REAL, null, Map.of("c", EvalColumnKind.NUMERIC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'c' is declared numeric but is STRING");
  }
}
