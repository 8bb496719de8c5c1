import java.nio.file.Path;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.Synthesizer;
import org.dpcgan.core.synth.TrainedSynthesizer;
import tech.tablesaw.api.Table;

/**
 * Fits a non-private and a DP model (2 epochs, reproducible noise) with a given seed and writes 3,000 sampled rows of
 * each: run it with two builds and compare the files to show that a change leaves seeded models as they were.
 *
 * <pre>
 * java -cp dpcgan-cli/target/dpcgan-cli.jar scripts/SameRows.java quality/split/train.csv data/adult.columns.csv \
 *     out/new 6          # writes out/new-np.csv and out/new-dp.csv
 * </pre>
 */
public class SameRows {
  public static void main(String[] a) {
    Path data = Path.of(a[0]);
    Schema schema = Schema.fromSidecar(Path.of(a[1]));
    long seed = Long.parseLong(a[3]);
    Table table = Tables.read(data, schema);
    TrainedSynthesizer plain = Synthesizer.ctgan().epochs(2).schema(schema).seed(seed).build().fit(table);
    Tables.writeCsv(plain.sample(3000), Path.of(a[2] + "-np.csv"));
    TrainedSynthesizer dp = Synthesizer.dpCgan().epochs(2).epsilon(3).reproducibleNoise().schema(schema).seed(seed)
        .build().fit(table);
    Tables.writeCsv(dp.sample(3000), Path.of(a[2] + "-dp.csv"));
  }
}
