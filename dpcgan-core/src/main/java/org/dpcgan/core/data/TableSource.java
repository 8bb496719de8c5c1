package org.dpcgan.core.data;

import java.io.Serializable;
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

  /**
   * Folds every row into one accumulator (a DP fit's exact histograms): by default {@code add} of every chunk into
   * one {@code zero()}, here. A source spread over machines may fold each part where it lives and {@code merge} the
   * parts' accumulators, so that only accumulators travel, never rows.
   */
  default <A extends Serializable> A aggregate(Aggregation<A> aggregation) {
    A total = aggregation.zero();
    forEachChunk(chunk -> aggregation.add(total, chunk));
    return total;
  }

  /** What {@link #aggregate} folds; serializable, to be sent where the rows are. */
  interface Aggregation<A extends Serializable> extends Serializable {
    /** A new, empty accumulator. */
    A zero();

    /** Adds the rows of {@code chunk} to {@code accumulator}. */
    void add(A accumulator, Table chunk);

    /** Adds {@code b} into {@code a} and returns {@code a}. */
    A merge(A a, A b);
  }
}
