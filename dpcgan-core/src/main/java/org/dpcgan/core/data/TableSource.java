package org.dpcgan.core.data;

import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * Rows that a fit reads in passes, a chunk at a time, without holding them as one table: rows streamed from a
 * cluster (dpcgan-spark), a database cursor, or another store ({@code Synthesizer.fit(TableSource)}). Every pass
 * must hand over the same rows in the same order.
 */
public interface TableSource {
  /** A name for messages (a file name, a table name). */
  String name();

  /** The number of rows; it may take a pass over them. */
  long rows();

  /** Hands every row to {@code chunks} in order, as tables of the schema's columns typed as {@link Tables} does. */
  void forEachChunk(Consumer<Table> chunks);
}
