package org.dpcgan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.EncodedMatrix;
import org.dpcgan.core.internal.transform.RoundTrip;
import org.dpcgan.core.internal.transform.TrainingRows;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tech.tablesaw.api.Table;

/**
 * The data transformer on Adult (issue 3 targets): fit on the train split (32,561 rows) in at most 3 s on
 * 2 cores; transform + inverse of 1,000,000 rows in at most 5 s.
 *
 * <p>The data folder is found by walking up from the working directory (or given with
 * {@code -Ddpcgan.data=PATH}). {@link #setUp} checks, before any timing, that encoding and decoding the
 * whole train split reproduces it (categories and integers exactly).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class TransformerBenchmark {

  private static final int MILLION = 1_000_000;

  private Table train;
  private Schema schema;
  private DataTransformer transformer;
  private Table million;

  @Setup(Level.Trial)
  public void setUp() {
    schema = adultSchema();
    train = adultTrain(schema);
    transformer = DataTransformer.fit(train, schema, TransformerOptions.defaults(), new SplittableRandom(1));
    RoundTrip.Report check = RoundTrip.measure(transformer, train, new SplittableRandom(2));
    if (!check.categoricalExact() || !check.integersExact() || !check.missingPreserved()) {
      throw new IllegalStateException("transformer round trip is not exact on Adult train: " + check);
    }
    // Table.rows(int...) selects distinct rows, so the million rows are the train split repeated
    Table big = train.emptyCopy();
    while (big.rowCount() < MILLION) {
      big.append(train);
    }
    million = big.inRange(0, MILLION);
    if (million.rowCount() != MILLION) {
      throw new IllegalStateException("expected " + MILLION + " rows, got " + million.rowCount());
    }
    EncodedMatrix m = transformer.transform(million.inRange(0, 1_000), new SplittableRandom(4));
    Table back = transformer.inverse(m);
    if (!back.stringColumn("native-country").asList().equals(million.inRange(0, 1_000).stringColumn("native-country").asList())) {
      throw new IllegalStateException("float path does not reproduce native-country on the 1M sample");
    }
  }

  /** Fit on Adult train: VBGMM per numeric column, levels per discrete column. */
  @Benchmark
  public DataTransformer fitAdultTrain() {
    return DataTransformer.fit(train, schema, TransformerOptions.defaults(), new SplittableRandom(5));
  }

  /** Encode 1,000,000 rows (float, mode sampling) and decode them back into a table. */
  @Benchmark
  public Table transformAndInverseMillion() {
    EncodedMatrix m = transformer.transform(million, new SplittableRandom(6));
    return transformer.inverse(m);
  }

  /** Encode 1,000,000 rows only, into the compact training store. */
  @Benchmark
  public TrainingRows transformMillion() {
    return transformer.encode(million, new SplittableRandom(7));
  }

  /** Rows of Adult's UCI train split: the first rows of the bundled file. */
  static final int UCI_TRAIN_ROWS = 32_561;

  /** Adult's schema, from the data folder's sidecar. */
  static Schema adultSchema() {
    return Schema.fromSidecar(dataDir().resolve("adult.columns.csv"));
  }

  /** Adult's UCI train split, typed by {@code schema}. */
  static Table adultTrain(Schema schema) {
    return Tables.readCsv(dataDir().resolve("adult.csv.gz"), schema).inRange(0, UCI_TRAIN_ROWS);
  }

  static Path dataDir() {
    String given = System.getProperty("dpcgan.data");
    if (given != null) {
      return Path.of(given);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("data").resolve("adult.csv.gz"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find data/adult.csv.gz; run from the repository or pass -Ddpcgan.data=PATH");
    }
    return p.resolve("data");
  }
}
