package org.dpcgan.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dpcgan.core.testing.DataFiles.rowsAsText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.TableSource;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.core.testing.DataFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * dpcgan on Spark in local mode, on a slice of the bundled flchain data: a fit from a Dataset is the local fit of the
 * same rows (model, ε, sampled rows), bad Datasets are refused with what is wrong, and the executors' sample has the
 * asked rows, the schema's types and each partition's rows from its own seed.
 */
class SparkSynthesisTest {
  private static SparkSession spark;
  private static Schema schema;
  private static Table flchain;
  private static Dataset<Row> rows;

  @TempDir
  static Path dir;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSession.builder().master("local[2]").appName("dpcgan-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    schema = DataFiles.schema("flchain");
    flchain = DataFiles.flchain().inRange(0, 400);
    Path csv = dir.resolve("flchain-400.csv");
    Tables.writeCsv(flchain, csv, schema);
    rows = spark.read().option("header", "true").schema(SparkSynthesis.sparkSchema(schema)).csv(csv.toString())
        .repartition(3).sortWithinPartitions("futime");   // several partitions, in an order of their own
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Synthesizer.Builder small(Synthesizer.Builder b) {
    return b.epochs(2).batchSize(100).latentWidth(16).generatorWidths(32, 32).discriminatorWidths(32, 32).seed(7)
        .schema(schema);
  }

  /** The Dataset's rows in the order its local iterator gives them, as one table. */
  private static Table collected(Dataset<Row> data) {
    return SparkTables.toTable("rows", schema, data.select(SparkTables.columns(schema)).collectAsList(), 0);
  }

  @Test
  void dpFitOfADataset_isTheLocalFitOfItsRows_model_epsilonAndSamples() {
    Synthesizer config = small(Synthesizer.dpCgan()).reproducibleNoise().epsilon(3).build();
    TrainedSynthesizer onSpark = SparkSynthesis.fit(config, rows);
    TrainedSynthesizer local = config.fit(collected(rows));
    assertThat(onSpark.privacySpent().orElseThrow().epsilon()).isEqualTo(local.privacySpent().orElseThrow().epsilon());
    assertThat(onSpark.privacySpent().orElseThrow().dpSteps()).isEqualTo(local.privacySpent().orElseThrow().dpSteps());
    assertThat(onSpark.provenance().rows()).isEqualTo(400);
    assertThat(rowsAsText(onSpark.sample(150))).isEqualTo(rowsAsText(local.sample(150)));
  }

  @Test
  void fitOfADataset_isTheLocalFit_nonPrivate() {
    Synthesizer config = small(Synthesizer.ctgan()).build();
    assertThat(rowsAsText(SparkSynthesis.fit(config, rows).sample(150)))
        .isEqualTo(rowsAsText(config.fit(collected(rows)).sample(150)));
  }

  /** The size of every chunk an aggregation meets. */
  private static final class ChunkSizes implements TableSource.Aggregation<ArrayList<Integer>> {
    @Override
    public ArrayList<Integer> zero() {
      return new ArrayList<>();
    }

    @Override
    public void add(ArrayList<Integer> sizes, Table chunk) {
      sizes.add(chunk.rowCount());
    }

    @Override
    public ArrayList<Integer> merge(ArrayList<Integer> a, ArrayList<Integer> b) {
      a.addAll(b);
      return a;
    }
  }

  @Test
  void aggregation_foldsEachPartitionWhereItLives_andMergesOnlyTheParts() {
    TableSource source = SparkSynthesis.tableSource(rows.select(SparkTables.columns(schema)), schema);
    List<Integer> parts = source.aggregate(new ChunkSizes());
    assertThat(parts).hasSize(3);   // one fold per partition, not one pass over the streamed rows
    assertThat(parts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
    assertThat(source.rows()).isEqualTo(400);
  }

  @Test
  void datasetThatDiffersFromTheSchema_isRefused_namingEveryMismatch() {
    Dataset<Row> bad = rows.drop("mgus").withColumn("age", functions.col("age").cast(DataTypes.StringType))
        .withColumn("extra", functions.lit(1));
    assertThatThrownBy(() -> SparkSynthesis.fit(small(Synthesizer.ctgan()).build(), bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the schema's column 'mgus' is not in the Dataset")
        .hasMessageContaining("column 'age' is string, but the schema says integer (allowed: byte, short, int or long)")
        .hasMessageContaining("Dataset column 'extra' is not in the schema");
    assertThatThrownBy(() -> SparkSynthesis.fit(Synthesizer.ctgan().build(), rows))
        .hasMessageContaining("needs a declared schema");
  }

  @Test
  void nanInANumericColumn_isRefusedWithItsRow() {
    Dataset<Row> withNan = rows.coalesce(1).withColumn("kappa", functions.when(functions.col("futime")
        .equalTo(functions.lit(flchain.intColumn("futime").get(5))), functions.lit(Double.NaN))
        .otherwise(functions.col("kappa")));
    assertThatThrownBy(() -> SparkSynthesis.fit(small(Synthesizer.ctgan()).build(), withNan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'kappa': NaN is not allowed: continuous values must be finite");
  }

  @Test
  void sampleOnTheExecutors_hasTheRowsAndTypes_eachPartitionFromItsOwnSeed() {
    TrainedSynthesizer model = small(Synthesizer.ctgan()).build().fit(flchain);
    Dataset<Row> sampled = SparkSynthesis.sample(spark, model, 1_001, 4, 11);
    assertThat(sampled.schema()).isEqualTo(SparkTables.structType(schema));
    assertThat(sampled.rdd().getNumPartitions()).isEqualTo(4);
    List<Row> all = sampled.collectAsList();
    assertThat(all).hasSize(1_001);
    // partition 0 holds 251 rows (1,001 = 4 × 250 + 1): the first rows its seed gives
    Table first = model.withSamplingSeed(SparkSynthesis.partitionSeed(11, 0)).sample(251);
    assertThat(all.subList(0, 251)).isEqualTo(SparkTables.toRows(first, schema));
    Table second = model.withSamplingSeed(SparkSynthesis.partitionSeed(11, 1)).sample(250);
    assertThat(all.subList(251, 501)).isEqualTo(SparkTables.toRows(second, schema));
    assertThat(SparkSynthesis.sample(spark, model, 1_001, 4, 11).collectAsList()).isEqualTo(all);
    assertThat(SparkSynthesis.sample(spark, model, 1_001, 4, 12).collectAsList()).isNotEqualTo(all);
    assertThatThrownBy(() -> SparkSynthesis.sample(spark, model, 3, 4, 11))
        .hasMessageContaining("partitions must be in [1, rows=3]. Provided value: 4");
  }

  @Test
  void sampledRows_writtenAsParquet_readBackAsTheSchemasTable() {
    TrainedSynthesizer model = small(Synthesizer.ctgan()).build().fit(flchain);
    Path out = dir.resolve("sampled.parquet");
    SparkSynthesis.sample(spark, model, 500, 2, 3).write().parquet(out.toString());
    Dataset<Row> back = spark.read().parquet(out.toString());
    assertThat(back.count()).isEqualTo(500);
    assertThat(back.schema()).isEqualTo(SparkTables.structType(schema));
  }

}
