import java.nio.file.*;
import org.apache.spark.sql.*;
import org.dpcgan.core.data.*;
import org.dpcgan.core.synth.*;
import org.dpcgan.spark.SparkSynthesis;

/**
 * Times a DP fit (ε = 3, seed 1) of a CSV file on this machine ({@code Synthesizer.fit(Path)}) or on Spark in local
 * mode ({@code SparkSynthesis.fit}, {@code local[2]}), prints ε, δ, the steps and σ, and saves the model. Run with the
 * Spark module's classpath and Spark's {@code --add-opens} flags (the module's {@code spark.opens}):
 *
 * <pre>
 * (cd dpcgan-spark && mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt)
 * java -Xmx4g $OPENS -cp dpcgan-spark/target/classes:$(cat /tmp/cp.txt) scripts/SparkBench.java \
 *     adult1m.csv data/adult.columns.csv spark 1 m-spark.dpcgan      # or local
 * </pre>
 */
public class SparkBench {
  public static void main(String[] a) throws Exception {
    Path data = Path.of(a[0]);
    Schema schema = Schema.fromSidecar(Path.of(a[1]));
    String mode = a[2];
    Synthesizer config = Synthesizer.dpCgan().epsilon(3).epochs(Integer.parseInt(a[3])).seed(1).schema(schema).build();
    long t0 = System.nanoTime();
    TrainedSynthesizer model;
    if (mode.equals("spark")) {
      SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
      var type = SparkSynthesis.sparkSchema(schema);
      Dataset<Row> rows = spark.read().option("header", "true").schema(type).csv(data.toString());
      model = SparkSynthesis.fit(config, rows);
      spark.stop();
    } else {
      model = config.fit(data);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    PrivacySpent p = model.privacySpent().orElseThrow();
    System.out.printf("RESULT %s fit %.1f s, epoch %.1f s, eps %.4f delta %.3g steps %d sigma %.4f%n", mode, s,
        model.lossHistory().get(model.lossHistory().size() - 1).seconds(), p.epsilon(), p.delta(), p.dpSteps(),
        p.noiseMultiplier());
    model.save(Path.of(a[4]));
  }
}
