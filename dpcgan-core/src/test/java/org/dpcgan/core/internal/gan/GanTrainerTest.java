package org.dpcgan.core.internal.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.TrainingRows;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class GanTrainerTest {
  /** Small networks and batches keep each fit to a few seconds on 2 cores. */
  private static final GanConfig SMALL = new GanConfig(2, 100, 10, 1, 16, List.of(32, 32), List.of(32, 32),
      GanConfig.defaults().generatorOptimizer(), GanConfig.defaults().discriminatorOptimizer(), 10, 0.5, 0.2);

  private static Path data() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("data").resolve("flchain.csv"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find data/flchain.csv");
    }
    return p.resolve("data");
  }

  private record Fitted(DataTransformer transformer, TrainingRows encoded, ConditionalSampler sampler) {}

  private static Fitted prepare(Table table, Schema schema, ConditionalSampler.Mode mode) {
    DataTransformer t = DataTransformer.fit(table, schema, TransformerOptions.defaults(), new SplittableRandom(1));
    ConditionalSampler sampler = t.layout().discreteColumns().isEmpty() ? null
        : ConditionalSampler.fromTable(t, table, mode);
    return new Fitted(t, t.encode(table, new SplittableRandom(2)), sampler);
  }

  private static Fitted flchain(ConditionalSampler.Mode mode) {
    Schema schema = Schema.fromSidecar(data().resolve("flchain.columns.csv"));
    return prepare(Tables.readCsv(data().resolve("flchain.csv"), schema).inRange(0, 600), schema, mode);
  }

  private static TrainingRequest request(Fitted f, long seed) {
    TrainingRequest r = TrainingRequest.of(f.transformer().layout(), f.encoded(), RandomStreams.of(seed));
    return f.sampler() == null ? r : r.withRowConditions(f.sampler());
  }

  private static GanTrainer.Result train(Fitted f, long seed) {
    return new GanTrainer(SMALL).train(request(f, seed));
  }

  @Test
  void training_reportsFiniteLossesForEveryEpoch_toTheListener() {
    Fitted f = flchain(ConditionalSampler.Mode.SINGLE);
    List<GanTrainer.EpochStats> seen = new ArrayList<>();
    GanTrainer.Result r = new GanTrainer(SMALL).train(request(f, 3).withListener(seen::add));
    assertThat(r.history()).hasSize(2).isEqualTo(seen);
    assertThat(r.history()).allSatisfy(s -> {
      assertThat(s.generatorLoss()).isFinite();
      assertThat(s.discriminatorLoss()).isFinite();
    });
  }

  @Test
  void pairConditioning_trains() {
    Fitted f = flchain(ConditionalSampler.Mode.PAIR);
    assertThat(train(f, 5).history()).hasSize(2);
  }

  @Test
  void sameSeed_givesBitIdenticalGenerator() {
    Fitted f = flchain(ConditionalSampler.Mode.SINGLE);
    List<Parameter> a = train(f, 9).generator().parameters();
    List<Parameter> b = train(f, 9).generator().parameters();
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).value().equalsWithEps(b.get(i).value(), 0.0)).as(a.get(i).name()).isTrue();
    }
    List<Parameter> c = train(f, 10).generator().parameters();
    assertThat(c.get(0).value().equalsWithEps(a.get(0).value(), 0.0)).isFalse();
  }

  @Test
  void tableWithoutDiscreteColumns_trainsUnconditionally() {
    Schema schema = Schema.builder().integer("age").continuous("kappa").continuous("lambda").build();
    Table table = Tables.readCsv(data().resolve("flchain.csv"),
        Schema.fromSidecar(data().resolve("flchain.columns.csv"))).inRange(0, 300).selectColumns("age", "kappa",
        "lambda");
    Fitted f = prepare(table, schema, ConditionalSampler.Mode.SINGLE);
    GanTrainer.Result r = train(f, 4);
    assertThat(r.generator().conditionWidth()).isZero();
    assertThat(r.history()).allSatisfy(s -> assertThat(s.discriminatorLoss()).isFinite());
  }

  @Test
  void batchSizeNotAMultipleOfPac_isRejected() {
    assertThatThrownBy(() -> GanConfig.defaults().withBatch(505, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of pac");
  }

  @Test
  void zeroEpochs_isRejected() {
    assertThatThrownBy(() -> GanConfig.defaults().withEpochs(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs must be >= 1");
  }
}
