package org.dpcgan.core.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.transform.ColumnModel;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.RoundTrip;
import org.dpcgan.core.internal.transform.TransformerOptions;
import tech.tablesaw.api.Table;

/** {@link Synthesizer#inspect}: the transformer fitted to the table, and a round trip of every row through it. */
final class Inspection {
  private Inspection() {}

  /** The inspection of {@code table}: the mixture fit and the round trip's mode draws both derive from {@code seed}. */
  static TableInspection of(Table table, Schema schema, TransformerOptions options, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    DataTransformer transformer = DataTransformer.fit(table, schema, options, rng.split());
    RoundTrip.Report r = RoundTrip.measure(transformer, table, rng.split());
    List<TableInspection.Column> columns = new ArrayList<>();
    for (ColumnModel m : transformer.columnModels()) {
      columns.add(new TableInspection.Column(ColumnDescription.of(m, transformer.layout()),
          table.column(m.name()).countMissing()));
    }
    return new TableInspection(table.rowCount(), columns, transformer.layout().width(),
        new TableInspection.RoundTrip(r.rows(), r.categoricalExact(), r.missingPreserved(), r.integersExact(),
            r.continuousMaxAbsError(), r.continuousMaxRelError(), r.clippedRows()));
  }
}
