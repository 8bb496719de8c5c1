package org.dpcgan.core.synth;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.SchemaInference;
import org.dpcgan.core.data.TableSource;
import org.dpcgan.core.data.Tables;
import tech.tablesaw.api.Table;

/**
 * The rows a fit reads, in as many passes as it needs, a chunk of at most {@link #CHUNK_ROWS} rows at a time: a
 * table in memory, or a file streamed from disk so that no pass holds more than one chunk of it as a table.
 */
abstract class TrainingData {
  /** Rows per chunk: a few megabytes as a tablesaw table. */
  static final int CHUNK_ROWS = 1 << 16;

  /** Rows per chunk of this source. */
  final int chunkRows;

  private TrainingData(int chunkRows) {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1. Provided value: " + chunkRows);
    }
    this.chunkRows = chunkRows;
  }

  /** The table's name, for messages. */
  abstract String name();

  /** Number of rows; a file's are counted (and every row checked against the schema) on the first call. */
  abstract int rows();

  /** Hands every row to {@code chunks}, in order, as tables of at most {@link #chunkRows} rows. */
  abstract void forEachChunk(Consumer<Table> chunks);

  /** Folds every row into one accumulator ({@link TableSource#aggregate}): here, chunk by chunk. */
  <A extends Serializable> A aggregate(TableSource.Aggregation<A> aggregation) {
    A total = aggregation.zero();
    forEachChunk(chunk -> aggregation.add(total, chunk));
    return total;
  }

  /** A schema inferred from the rows (or, for a large file, from a uniform sample of them). */
  abstract SchemaInference inferSchema();

  /** A table in memory. */
  static TrainingData of(Table table) {
    return of(table, CHUNK_ROWS);
  }

  /** A table in memory, handed over in chunks of {@code chunkRows} rows. */
  static TrainingData of(Table table, int chunkRows) {
    return new TrainingData(chunkRows) {
      @Override
      String name() {
        return table.name();
      }

      @Override
      int rows() {
        return table.rowCount();
      }

      @Override
      void forEachChunk(Consumer<Table> chunks) {
        if (table.rowCount() <= chunkRows) {
          chunks.accept(table);
          return;
        }
        for (int from = 0; from < table.rowCount(); from += chunkRows) {
          chunks.accept(table.inRange(from, Math.min(table.rowCount(), from + chunkRows)));
        }
      }

      @Override
      SchemaInference inferSchema() {
        return Schema.infer(table);
      }

    };
  }

  /** A CSV / CSV.gz or Parquet file read with {@code schema}, or with one inferred from a sample when null. */
  static TrainingData of(Path file, Schema schema) {
    return of(file, schema, CHUNK_ROWS);
  }

  /** A file, handed over in chunks of {@code chunkRows} rows. */
  static TrainingData of(Path file, Schema schema, int chunkRows) {
    return new TrainingData(chunkRows) {
      private SchemaInference inferred;
      private int rows = -1;

      @Override
      String name() {
        return file.getFileName().toString();
      }

      @Override
      int rows() {
        if (rows < 0) {
          rows = checkedRows(name(), Tables.readChunks(file, readSchema(), chunkRows, chunk -> { }));
        }
        return rows;
      }

      @Override
      void forEachChunk(Consumer<Table> chunks) {
        long counted = Tables.readChunks(file, readSchema(), chunkRows, chunks);
        if (rows >= 0 && counted != rows) {
          throw new IllegalStateException(name() + " changed while the fit read it: " + rows + " rows, then "
              + counted);
        }
      }

      @Override
      SchemaInference inferSchema() {
        if (inferred == null) {
          inferred = Tables.inferSchema(file, SCHEMA_SAMPLE_ROWS);
        }
        return inferred;
      }

      private Schema readSchema() {
        return schema != null ? schema : inferSchema().schema();
      }
    };
  }

  /** Rows handed over by {@code source}, read with a declared schema. */
  static TrainingData of(TableSource source) {
    return new TrainingData(CHUNK_ROWS) {
      private int rows = -1;

      @Override
      String name() {
        return source.name();
      }

      @Override
      int rows() {
        if (rows < 0) {
          rows = checkedRows(name(), source.rows());
        }
        return rows;
      }

      @Override
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

      @Override
      <A extends Serializable> A aggregate(TableSource.Aggregation<A> aggregation) {
        return source.aggregate(aggregation);
      }

      @Override
      SchemaInference inferSchema() {
        throw new IllegalArgumentException("a fit of " + name() + " needs a declared schema (.schema(...))");
      }
    };
  }

  /** {@code counted} as an int, or a clear refusal of a table too large to fit. */
  static int checkedRows(String name, long counted) {
    if (counted > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + ": " + counted + " rows; a fit takes at most "
          + (Integer.MAX_VALUE - 8) + " (sample the table first)");
    }
    return (int) counted;
  }

  /** Rows of a file a schema is inferred from at most (a uniform sample of a larger file). */
  static final int SCHEMA_SAMPLE_ROWS = 200_000;
}
