package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The differentially private facade ({@link Synthesizer#dpCgan()}) on a slice of the bundled flchain data:
 * budget discipline, the ledger in the model and its file, what the file does not contain, and bad input.
 * Small networks and reproducible (seeded) noise: these tests check contracts, not sample quality.
 */
class DpSynthesizerTest {
  private static final double EPSILON = 3.0;
  private static final double DELTA = 1e-5;
  private static Schema schema;
  private static Table train;
  private static TrainedSynthesizer model;

  @TempDir
  Path dir;

  private static Synthesizer.Builder small() {
    return Synthesizer.dpCgan().epochs(2).batchSize(100).latentWidth(16).generatorWidths(32, 32)
        .discriminatorWidths(32, 32).seed(7).schema(schema).reproducibleNoise();
  }

  @BeforeAll
  static void fitShared() {
    schema = Schema.fromSidecar(SynthesizerTest.data().resolve("flchain.columns.csv"));
    train = Tables.readCsv(SynthesizerTest.data().resolve("flchain.csv"), schema).inRange(0, 600);
    model = small().epsilon(EPSILON).delta(DELTA).build().fit(train);
  }

  @Test
  void dpFit_withTheDefaultBatch_adaptsItToASmallTable() {
    TrainedSynthesizer small = Synthesizer.dpCgan().epochs(1).latentWidth(16).generatorWidths(32, 32)
        .discriminatorWidths(32, 32).seed(7).schema(schema).reproducibleNoise().epsilon(EPSILON).build()
        .fit(train.inRange(0, 300));
    assertThat(small.provenance().config().batchSize()).isEqualTo(150);
    assertThat(small.privacySpent().orElseThrow().samplingRate()).isEqualTo(0.5);
  }

  @Test
  void dpFit_withAGivenBatchAboveTheRows_isRefused() {
    assertThatThrownBy(() -> small().batchSize(400).epsilon(EPSILON).build().fit(train.inRange(0, 300)))
        .hasMessageContaining("the batch size 400 is larger than the 300 rows of");
  }

  @Test
  void dpFit_atAnEpsilonAbove20_warnsThatItProtectsNothingMeaningful() {
    TrainedSynthesizer loose = small().epochs(1).epsilon(50).build().fit(train);
    double epsilon = loose.privacySpent().orElseThrow().epsilon();
    assertThat(epsilon).isGreaterThan(20);
    assertThat(loose.warnings()).contains(String.format(java.util.Locale.ROOT, "ε = %.3g is above 20: it allows"
        + " any outcome to become e^ε ≈ %.1e times more likely because of one row, which protects nothing meaningful;"
        + " usual choices are ε between 0.1 and 10", epsilon, Math.exp(epsilon)));
    assertThat(model.warnings()).isEmpty();
  }

  @Test
  void dpFit_withBoundsReadOffTheData_warnsNamingTheColumns() {
    Schema dataBounds = Schema.of(schema.columns().stream().map(c -> c.name().equals("age")
        ? new org.dpcgan.core.data.ColumnSpec("age", c.kind(), c.levels(), 50.0, maxOf(train, "age"), c.format())
        : c).toList());
    TrainedSynthesizer fitted = Synthesizer.dpCgan().epochs(1).batchSize(100).latentWidth(16).generatorWidths(32, 32)
        .discriminatorWidths(32, 32).seed(7).schema(dataBounds).reproducibleNoise().epsilon(EPSILON).build()
        .fit(train);
    assertThat(fitted.warnings()).anyMatch(w -> w.startsWith("declared bounds equal the table's own extreme values,"
        + " held by at most 5 rows: age (max " + (long) maxOf(train, "age") + ")"));
  }

  private static double maxOf(Table t, String column) {
    return ((tech.tablesaw.api.NumericColumn<?>) t.column(column)).max();
  }

  @Test
  void dpFit_spendsAtMostTheTarget_andTheWholeLedgerProvesIt() {
    PrivacySpent p = model.privacySpent().orElseThrow();
    assertThat(p.epsilon()).isLessThanOrEqualTo(EPSILON).isCloseTo(EPSILON, within(1e-3));
    assertThat(p.delta()).isEqualTo(DELTA);
    assertThat(p.dpSteps()).isEqualTo(2 * (600 / 100));
    assertThat(p.samplingRate()).isEqualTo(100.0 / 600);
    assertThat(p.secureNoise()).isFalse();
    assertThat(p.ledger().entries()).hasSize(2);
    // an independent recomputation from the events
    DpEvent critic = DpEvent.dpSgd(p.samplingRate(), p.noiseMultiplier(), p.dpSteps());
    assertThat(p.accountant()).isEqualTo("pld");
    double recomputed = Accountants.pld().compose(p.ledger().entries().get(0).event()).compose(critic)
        .epsilon(DELTA).epsilon();
    assertThat(recomputed).isCloseTo(p.epsilon(), within(1e-12));
    assertThat(model.provenance().algorithm()).isEqualTo("dp-cgan");
    assertThat(model.provenance().conditioning()).isEqualTo(Conditioning.PAIR);
    assertThat(model.toString()).contains("ε=3");
  }

  @Test
  void dpFit_doesNotReleaseTheCriticLoss() {
    assertThat(model.lossHistory()).hasSize(2)
        .allSatisfy(e -> assertThat(e.discriminatorLoss()).isNaN())
        .allSatisfy(e -> assertThat(e.generatorLoss()).isFinite());
  }

  @Test
  void dpSample_keepsTheSchema_andTheDeclaredLevels() {
    Table fake = model.sample(300);
    assertThat(fake.columnNames()).isEqualTo(train.columnNames());
    for (ColumnSpec spec : schema.columns()) {
      if (spec.kind().isDiscrete()) {
        Set<String> allowed = new HashSet<>(spec.levels());
        allowed.add("");
        Set<String> seen = new HashSet<>();
        Column<?> c = fake.column(spec.name());
        for (int r = 0; r < c.size(); r++) {
          seen.add(c.getString(r));
        }
        assertThat(seen).as(spec.name()).isSubsetOf(allowed);
      }
    }
  }

  @Test
  void dpSample_hasNoMissingCell_inTheColumnsTheSidecarDeclaresComplete() {
    Table fake = model.sample(2000);
    List<String> complete = schema.columns().stream().filter(ColumnSpec::complete).map(ColumnSpec::name).toList();
    assertThat(complete).contains("age", "kappa", "mgus").doesNotContain("creatinine", "chapter");
    for (String name : complete) {
      assertThat(fake.column(name).countMissing()).as(name).isZero();
    }
  }

  @Test
  void dpSample_drawsANumericColumnsDeclaredMissingShare_asTheNoisyCountSays() {
    // the noisy counts the model released and keeps; creatinine is the 5th numeric column
    double[] creatinine = model.model().released().orElseThrow().numeric()[4];
    assertThat(model.model().transformer().columnModels().stream().filter(m -> m instanceof
        org.dpcgan.core.internal.transform.NumericColumnModel).toList().get(4).name()).isEqualTo("creatinine");
    double noisy = share(creatinine);
    assertThat(model.sample(5000).column("creatinine").countMissing() / 5000.0)
        .as("noisy share %.3f", noisy).isCloseTo(noisy, within(0.02));
  }

  /** The share of the last (missing) cell in noisy counts, negative counts as 0. */
  private static double share(double[] counts) {
    double total = java.util.Arrays.stream(counts).map(c -> Math.max(0, c)).sum();
    return Math.max(0, counts[counts.length - 1]) / total;
  }

  @Test
  void saveAndLoad_keepTheGuarantee_andTheSamples() {
    Path file = dir.resolve("dp.dpcgan");
    model.save(file);
    TrainedSynthesizer loaded = TrainedSynthesizer.load(file);
    assertThat(loaded.privacySpent()).isEqualTo(model.privacySpent());
    assertThat(loaded.lossHistory().get(0).discriminatorLoss()).isNaN();
    assertThat(loaded.sample(50).toString()).isEqualTo(model.sample(50).toString());
  }

  @Test
  void modelFile_containsNoTrainingValue_otherThanTheDeclaredBounds() throws IOException {
    Path file = dir.resolve("dp.dpcgan");
    model.save(file);
    Set<Double> fileNumbers = new HashSet<>();
    StringBuilder text = new StringBuilder();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        if (e.getName().endsWith(".json")) {
          try (InputStream in = zip.getInputStream(e)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            text.append(json);
            JsonNode manifest = new ObjectMapper().readTree(json);
            ((com.fasterxml.jackson.databind.node.ObjectNode) manifest).remove("config");   // public settings
            collectNumbers(manifest, fileNumbers);
          }
        }
      }
    }
    // Every high-cardinality numeric training value (kappa, lambda: two decimals, hundreds of distinct
    // values) that is not a declared bound must be absent from the manifest's numbers.
    Set<Double> declared = new HashSet<>();   // public by declaration: every bound and numeric level in the schema
    for (ColumnSpec spec : schema.columns()) {
      if (spec.lower() != null) {
        declared.add(spec.lower());
        declared.add(spec.upper());
      }
      spec.levels().stream().filter(l -> l.matches("-?[0-9.]+")).forEach(l -> declared.add(Double.parseDouble(l)));
    }
    int checked = 0;
    for (String name : List.of("kappa", "lambda", "futime")) {
      Column<?> c = train.column(name);
      for (int r = 0; r < c.size(); r++) {
        if (c.isMissing(r)) {
          continue;
        }
        double v = Double.parseDouble(c.getString(r));
        if (declared.contains(v) || v == Math.rint(v) && Math.abs(v) <= 100) {
          continue; // declared public, or a small integer that occurs in any file (counts, shapes)
        }
        assertThat(fileNumbers).as("%s of row %d", name, r).doesNotContain(v);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
    // and no row's value sequence appears as text
    for (int r = 0; r < 50; r++) {
      String seq = train.column("kappa").getString(r) + "," + train.column("lambda").getString(r);
      assertThat(text.toString()).doesNotContain(seq);
    }
  }

  private static void collectNumbers(JsonNode node, Set<Double> out) {
    if (node.isNumber()) {
      out.add(node.asDouble());
    }
    node.forEach(child -> collectNumbers(child, out));
  }

  @Test
  void dpFit_onATableWithoutDiscreteColumns_trainsUnconditionally() {
    List<String> numeric = List.of("age", "kappa", "lambda", "futime");
    Schema numericSchema = Schema.of(numeric.stream().map(schema::column).toList());
    TrainedSynthesizer m = small().schema(numericSchema).epsilon(2).epochs(1).build()
        .fit(train.selectColumns(numeric.toArray(String[]::new)));
    assertThat(m.privacySpent().orElseThrow().epsilon()).isLessThanOrEqualTo(2.0);
    assertThat(m.sample(20).columnNames()).isEqualTo(numeric);
  }

  @Test
  void pairConditioningWithOneDiscreteColumn_isRejected_andSingleWorks() {
    List<String> columns = List.of("age", "kappa", "sex");
    Schema oneDiscrete = Schema.of(columns.stream().map(schema::column).toList());
    Table t = train.selectColumns(columns.toArray(String[]::new));
    assertThatThrownBy(() -> small().schema(oneDiscrete).epsilon(2).epochs(1).build().fit(t))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pair");
    TrainedSynthesizer m = small().schema(oneDiscrete).conditioning(Conditioning.SINGLE).epsilon(2).epochs(1).build()
        .fit(t);
    assertThat(m.sample(10, Condition.of("sex", "F")).stringColumn("sex").asSet()).containsExactly("F");
  }

  // ---- bad input ----

  @Test
  void nonPositiveOrNanEpsilon_isRejected() {
    for (double eps : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Synthesizer.dpCgan().epsilon(eps).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon must be finite and > 0");
    }
    assertThatThrownBy(() -> Synthesizer.dpCgan().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a target epsilon");
  }

  @Test
  void deltaOutsideTheUnitInterval_isRejected() {
    assertThatThrownBy(() -> Synthesizer.dpCgan().epsilon(1).delta(1.0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta must be in (0, 1)");
  }

  @Test
  void packsOfSeveralRows_areRejectedUnderDp() {
    assertThatThrownBy(() -> Synthesizer.dpCgan().epsilon(1).pac(10).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs pac = 1");
  }

  @Test
  void dpSettingsOnANonPrivateBuilder_areRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().epsilon(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use Synthesizer.dpCgan()");
  }

  @Test
  void aBudgetTooSmallForTheTraining_isRejectedBeforeTraining() {
    FitListener never = e -> {
      throw new AssertionError("training must not start");
    };
    assertThatThrownBy(() -> small().epsilon(1e-3).epochs(50).listener(never).build().fit(train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("privacy budget ε=0.001")
        .hasMessageContaining("is too small");
  }

  @Test
  void aDpFitWithoutADeclaredSchema_isRejected_ratherThanInferringOne() {
    assertThatThrownBy(() -> Synthesizer.dpCgan().epsilon(1).batchSize(100).build().fit(train))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a DP fit needs a declared schema");
  }

  @Test
  void aSchemaWithoutPublicBounds_isRejectedWithTheColumns() {
    Schema noBounds = Schema.of(schema.columns().stream()
        .map(c -> c.kind().isNumeric() ? new ColumnSpec(c.name(), c.kind(), c.levels(), null, null, c.format()) : c)
        .toList());
    assertThatThrownBy(() -> small().schema(noBounds).epsilon(1).build().fit(train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kappa (bounds)");
  }

  @Test
  void largeDelta_isAllowed_butTheDefaultIsBelowOneOverN() {
    assertThat(DpPlan.delta(new Synthesizer.DpSettings(1.0, null, null, 1, 0.1, true, "pld"), 600)).isEqualTo(1e-5);
    assertThat(DpPlan.delta(new Synthesizer.DpSettings(1.0, null, null, 1, 0.1, true, "pld"), 10_000_000)).isEqualTo(1e-8);
    assertThat(DpPlan.delta(new Synthesizer.DpSettings(1.0, null, 0.01, 1, 0.1, true, "pld"), 600)).isEqualTo(0.01);
  }
}
