package org.dpcgan.core.synth;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.SchemaInference;
import org.dpcgan.core.data.TableSource;
import org.dpcgan.core.data.Tables;
import tech.tablesaw.api.Table;

/**
 * The rows a fit reads, in as many passes as it needs, a chunk at a time ({@link TableSource}): a table in memory,
 * a file streamed from disk so that no pass holds more than one chunk of it as a table, or a caller's source. It
 * counts the rows once and refuses a source whose later pass hands over another number of them.
 */
final class TrainingData {
  /** Rows per chunk of a table or a file: a few megabytes as a tablesaw table. */
  static final int CHUNK_ROWS = 1 << 16;
  /** Rows of a file a schema is inferred from at most (a uniform sample of a larger file). */
  static final int SCHEMA_SAMPLE_ROWS = 200_000;

  private final TableSource source;
  private final Supplier<SchemaInference> inference;
  private int rows = -1;

  private TrainingData(TableSource source, Supplier<SchemaInference> inference) {
    this.source = source;
    this.inference = inference;
  }

  /** The table's name, for messages. */
  String name() {
    return source.name();
  }

  /** Number of rows; a file's are counted (and every row checked against the schema) on the first call. */
  int rows() {
    if (rows < 0) {
      long counted = source.rows();
      if (counted > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(name() + ": " + counted + " rows; a fit takes at most "
            + (Integer.MAX_VALUE - 8) + " (sample the table first)");
      }
      rows = (int) counted;
    }
    return rows;
  }

  /** Hands every row to {@code chunks}, in order, as the source's tables. */
  void forEachChunk(Consumer<Table> chunks) {
    long[] counted = {0};
    source.forEachChunk(chunk -> {
      counted[0] += chunk.rowCount();
      chunks.accept(chunk);
    });
    if (rows >= 0 && counted[0] != rows) {
      throw new IllegalStateException(name() + " changed while the fit read it: " + rows + " rows, then "
          + counted[0]);
    }
  }

  /** Folds every row into one accumulator, as the source folds ({@link TableSource#aggregate}). */
  <A extends Serializable> A aggregate(TableSource.Aggregation<A> aggregation) {
    return source.aggregate(aggregation);
  }

  /** A schema inferred from the rows (for a large file, from a uniform sample of them). */
  SchemaInference inferSchema() {
    return inference.get();
  }

  /** A table in memory. */
  static TrainingData of(Table table) {
    return of(table, CHUNK_ROWS);
  }

  /** A table in memory, handed over in chunks of {@code chunkRows} rows. */
  static TrainingData of(Table table, int chunkRows) {
    requirePositive(chunkRows);
    return new TrainingData(new TableSource() {
      @Override
      public String name() {
        return table.name();
      }

      @Override
      public long rows() {
        return table.rowCount();
      }

      @Override
      public void forEachChunk(Consumer<Table> chunks) {
        if (table.rowCount() <= chunkRows) {
          chunks.accept(table);
          return;
        }
        for (int from = 0; from < table.rowCount(); from += chunkRows) {
          chunks.accept(table.inRange(from, Math.min(table.rowCount(), from + chunkRows)));
        }
      }
    }, () -> Schema.infer(table));
  }

  /** A CSV / CSV.gz or Parquet file read with {@code schema}, or with one inferred from a sample when null. */
  static TrainingData of(Path file, Schema schema) {
    return of(file, schema, CHUNK_ROWS);
  }

  /** A file, handed over in chunks of {@code chunkRows} rows. */
  static TrainingData of(Path file, Schema schema, int chunkRows) {
    requirePositive(chunkRows);
    Supplier<SchemaInference> inference = new Supplier<>() {
      private SchemaInference inferred;

      @Override
      public SchemaInference get() {
        if (inferred == null) {
          inferred = Tables.inferSchema(file, SCHEMA_SAMPLE_ROWS);
        }
        return inferred;
      }
    };
    Supplier<Schema> read = () -> schema != null ? schema : inference.get().schema();
    return new TrainingData(new TableSource() {
      @Override
      public String name() {
        return file.getFileName().toString();
      }

      @Override
      public long rows() {
        return Tables.readChunks(file, read.get(), chunkRows, chunk -> { });
      }

      @Override
      public void forEachChunk(Consumer<Table> chunks) {
        Tables.readChunks(file, read.get(), chunkRows, chunks);
      }
    }, inference);
  }

  /** Rows handed over by {@code source}, read with a declared schema. */
  static TrainingData of(TableSource source) {
    return new TrainingData(source, () -> {
      throw new IllegalArgumentException("a fit of " + source.name() + " needs a declared schema (.schema(...))");
    });
  }

  private static void requirePositive(int chunkRows) {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1. Provided value: " + chunkRows);
    }
  }
}
