package org.dpcgan.core.synth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dpcgan.core.data.Schema;

/**
 * Writes {@code golden-v2.dpcgan}, the format-2 model file {@link GoldenModelFileTest} reads, into the test resources
 * of the module directory it runs in: a one-epoch pair-conditioned fit of 300 flchain rows, seed 2019. Run it with
 * {@code scripts/write-golden-v2.sh} only when a new golden file is wanted; never to regenerate one after a format
 * change.
 */
final class GoldenV2Writer {
  private GoldenV2Writer() {}

  public static void main(String[] args) throws Exception {
    Schema full = Schema.fromSidecar(SynthesizerTest.data().resolve("flchain.columns.csv"));
    Schema schema = Schema.of(Arrays.stream(GoldenModelFileTest.KEEP).map(full::column).toList());
    TrainedSynthesizer model = Synthesizer.ctgan().epochs(1).batchSize(50).pac(5).latentWidth(8)
        .generatorWidths(8).discriminatorWidths(8).conditioning(Conditioning.PAIR).seed(2019).schema(schema)
        .build().fit(GoldenModelFileTest.flchain300());
    Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/org/dpcgan/core/synth/golden-v2.dpcgan");
    Files.createDirectories(out.toAbsolutePath().getParent());
    model.save(out);
    System.out.println("wrote " + out.toAbsolutePath());
  }
}
