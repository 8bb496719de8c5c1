package org.dpcgan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.dpcgan.eval.EvaluationReport;
import org.dpcgan.eval.Evaluator;
import org.dpcgan.eval.internal.distance.MixedDistance;
import org.dpcgan.eval.internal.distance.Neighbours;
import org.dpcgan.eval.internal.encoding.EncodedTable;
import org.dpcgan.eval.internal.encoding.EncodedTables;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The full evaluation report on Adult: 32,561 training rows (UCI train split), 32,561 synthetic rows and the
 * 16,281-row UCI test split as holdout (DESIGN.md §6: under 60 s on 2 cores; issue 5: under 30 s).
 *
 * <p>No generator is involved: the "synthetic" table is the training table with every column shuffled
 * independently (a product-of-marginals synthesizer, seeded). Its rows rarely share a categorical profile
 * with a training row, which is the hard case for the pruned nearest-neighbour search. A second benchmark
 * times the dominant part alone: the DCR search synthetic → train and holdout → train with two neighbours.
 *
 * <p>{@link #setUp()} first checks the fast nearest-neighbour search against the plain per-pair distance on
 * a sample of query rows, so that a fast but wrong search is never timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class EvaluationBenchmark {
  private static final int ADULT_TRAIN_ROWS = 32_561;

  private Table train;
  private Table synthetic;
  private Table holdout;
  private EncodedTables encoded;
  private Evaluator evaluator;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Table adult = readAdult();
    train = adult.inRange(0, ADULT_TRAIN_ROWS);
    holdout = adult.inRange(ADULT_TRAIN_ROWS, adult.rowCount());
    synthetic = shuffleColumns(train, 42);
    encoded = EncodedTables.encode(train, synthetic, holdout, Map.of());
    evaluator = Evaluator.builder().seed(1).target("income").build();
    checkSearchAgainstReference();
  }

  /** The whole report, as a user gets it from {@code Evaluator.evaluate}. */
  @Benchmark
  public EvaluationReport fullReport() {
    return evaluator.evaluate(train, synthetic, holdout);
  }

  /** The distance-to-closest-record searches alone (2 neighbours, all 15 columns). */
  @Benchmark
  public Neighbours[] dcrSearch() {
    MixedDistance d = MixedDistance.overAll(encoded);
    return new Neighbours[] {
      d.nearest(encoded.synthetic(), encoded.real(), 2, false), d.nearest(encoded.holdout(), encoded.real(), 2, false)
    };
  }

  private void checkSearchAgainstReference() {
    MixedDistance d = MixedDistance.overAll(encoded);
    EncodedTable queries = encoded.synthetic().select(new int[] {0, 1, 2, 17, 555, 9999, 32560});
    Neighbours fast = d.nearest(queries, encoded.real(), 2, false);
    for (int q = 0; q < queries.rows(); q++) {
      double best = Double.POSITIVE_INFINITY;
      for (int r = 0; r < encoded.real().rows(); r++) {
        best = Math.min(best, d.distance(queries, q, encoded.real(), r));
      }
      if (Math.abs(best - fast.nearest(q)) > 1e-6) {
        throw new IllegalStateException(
            "nearest-neighbour search disagrees with the reference for query " + q + ": " + fast.nearest(q) + " vs " + best);
      }
    }
  }

  private static Table shuffleColumns(Table table, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Table out = Table.create("marginals");
    for (Column<?> c : table.columns()) {
      int n = c.size();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      out.addColumns(c.subset(order));
    }
    return out;
  }

  private static Table readAdult() throws IOException {
    Path data = dataDir();
    Map<String, ColumnType> types = new HashMap<>();
    List<String> sidecar = Files.readAllLines(data.resolve("adult.columns.csv"));
    for (String line : sidecar.subList(1, sidecar.size())) {
      String[] f = line.split(",", -1);
      String type = f[1].replace("\"", "");
      types.put(
          f[0].replace("\"", ""),
          type.equals("categorical") || type.equals("ordinal") ? ColumnType.STRING : ColumnType.DOUBLE);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(data.resolve("adult.csv.gz")))) {
      return Table.read()
          .csv(CsvReadOptions.builder(in).missingValueIndicator("").columnTypes(n -> types.get(n)).build());
    }
  }

  private static Path dataDir() {
    String configured = System.getProperty("dpcgan.data");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("data").resolve("adult.csv.gz"))) {
        return dir.resolve("data");
      }
    }
    throw new IllegalStateException("data/adult.csv.gz not found above " + Path.of("").toAbsolutePath()
        + "; run from the repository or pass -Ddpcgan.data=DIR");
  }
}
