package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.internal.nn.Parameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The facade on small slices of the bundled flchain and exam data. Networks are tiny and training runs two
 * epochs, so these tests check plumbing and contracts (schema, levels, bounds, conditions, files, seeds),
 * not sample quality.
 */
class SynthesizerTest {
  private static Table flchain;
  private static Schema flchainSchema;
  private static Table exam;
  private static Schema examSchema;
  private static TrainedSynthesizer flchainModel;
  private static TrainedSynthesizer examPairModel;

  @TempDir
  Path dir;

  /** The repository's {@code data/} folder, found by walking up from the working directory. */
  static Path data() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("data").resolve("flchain.csv"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find data/flchain.csv");
    }
    return p.resolve("data");
  }

  /** Small networks: a fit of a few hundred rows takes a few seconds on 2 cores. */
  private static Synthesizer.Builder small() {
    return Synthesizer.ctgan().epochs(2).batchSize(100).pac(10).latentWidth(16).generatorWidths(32, 32)
        .discriminatorWidths(32, 32).seed(7);
  }

  @BeforeAll
  static void fitShared() {
    flchainSchema = Schema.fromSidecar(data().resolve("flchain.columns.csv"));
    flchain = Tables.readCsv(data().resolve("flchain.csv"), flchainSchema).inRange(0, 800);
    flchainModel = small().schema(flchainSchema).build().fit(flchain);
    // exam without the per-school student number (an identifier, not an attribute)
    Schema full = Schema.fromSidecar(data().resolve("exam.columns.csv"));
    examSchema = Schema.of(full.columns().stream().filter(c -> !c.name().equals("student")).toList());
    exam = Tables.readCsv(data().resolve("exam.csv"), full).inRange(0, 800).removeColumns("student");
    examPairModel = small().conditioning(Conditioning.PAIR).schema(examSchema).build().fit(exam);
  }

  // ---- sampling contracts ----

  @Test
  void streamedSample_inBlocks_isTheInMemorySample() {
    int chunk = TrainedSynthesizer.SAMPLING_CHUNK;
    List<Table> blocks = new ArrayList<>();
    long rows = flchainModel.sample(2L * chunk + 7, chunk, blocks::add);
    assertThat(rows).isEqualTo(2L * chunk + 7);
    assertThat(blocks).extracting(Table::rowCount).containsExactly(chunk, chunk, 7);
    Table whole = flchainModel.sample(2 * chunk + 7);
    Table joined = blocks.get(0).copy().append(blocks.get(1)).append(blocks.get(2));
    assertThat(joined.printAll()).isEqualTo(whole.printAll());
  }

  @Test
  void streamedConditionalSample_inBlocks_isTheInMemorySample() {
    List<Table> blocks = new ArrayList<>();
    examPairModel.sample(130, 50, blocks::add, Condition.of("sex", "F"));
    assertThat(blocks).extracting(Table::rowCount).containsExactly(50, 50, 30);
    Table whole = examPairModel.sample(130, Condition.of("sex", "F"));
    Table joined = blocks.get(0).copy().append(blocks.get(1)).append(blocks.get(2));
    assertThat(joined.printAll()).isEqualTo(whole.printAll());
  }

  @Test
  void streamedSample_ofAnIdColumn_numbersOnAcrossBlocks() {
    Schema withId = Schema.builder().id("id").categorical("sex").continuous("age").build();
    Table t = flchain.selectColumns("sex", "age").copy();
    t.insertColumn(0, tech.tablesaw.api.StringColumn.create("id",
        java.util.stream.IntStream.range(0, t.rowCount()).mapToObj(Integer::toString).toList()));
    TrainedSynthesizer model = small().schema(withId).build().fit(t);
    List<Table> blocks = new ArrayList<>();
    model.sample(TrainedSynthesizer.SAMPLING_CHUNK + 3, TrainedSynthesizer.SAMPLING_CHUNK, blocks::add);
    assertThat(blocks.get(1).stringColumn("id").get(0)).isEqualTo(Integer.toString(TrainedSynthesizer.SAMPLING_CHUNK + 1));
  }

  @Test
  void maxCategories_belowAColumnsLevels_isRefusedWithTheTrueCount() {
    int declared = examSchema.column("school").levels().size();   // 65 schools in the sidecar
    assertThatThrownBy(() -> small().schema(examSchema).maxCategories(10).build().fit(exam))
        .hasMessageStartingWith("column 'school' has " + declared + " categories (missing included), more than the"
            + " limit of 10.");
  }

  @Test
  void maxCategories_belowTwo_isRejected() {
    assertThatThrownBy(() -> small().maxCategories(1).build())
        .hasMessage("maxCategories must be >= 2. Provided value: 1");
  }

  @Test
  void fitOnAFewRows_warnsThatThereIsNothingToGeneraliseFrom() {
    TrainedSynthesizer model = small().schema(flchainSchema).build().fit(flchain.inRange(0, 1));
    assertThat(model.warnings()).containsExactly("the model was trained on only 1 row: there is nothing to"
        + " generalise from, so its synthetic rows either reproduce it (without DP) or are mostly noise (with DP)");
    assertThat(flchainModel.warnings()).isEmpty();
  }

  @Test
  void epochStats_ofADpFit_sayTheCriticLossIsWithheld() {
    assertThat(new EpochStats(3, 1.5, Double.NaN, 0.25))
        .hasToString("epoch 3: G 1.5000, D withheld (DP: the critic loss reads the real rows unnoised), 0.25 s");
    assertThat(new EpochStats(3, 1.5, 2.0, 0.25))
        .hasToString("epoch 3: G 1.5000, D 2.0000, 0.25 s");
  }

  @Test
  void marginalMatching_bringsTheDiscreteFrequenciesCloserToTheModelsCounts_andKeepsThePrefixProperty() {
    TrainedSynthesizer plain = flchainModel.withoutMarginalMatching();
    TrainedSynthesizer matched = plain.withMarginalMatching();
    // a 2-epoch model is far from its marginals; matching cannot close every gap, but narrows each
    double[] before = marginalDistances(flchainModel, plain.sample(3000));
    double[] after = marginalDistances(flchainModel, matched.sample(3000));
    for (int i = 0; i < before.length; i++) {
      assertThat(after[i]).as("column %d", i).isLessThan(before[i]);
    }
    assertThat(java.util.Arrays.stream(after).sum()).isLessThan(0.8 * java.util.Arrays.stream(before).sum());
    assertThat(matched.sample(700).toString()).isEqualTo(matched.sample(1500).inRange(0, 700).toString());
    assertThat(matched.sample(50).toString()).isEqualTo(matched.sample(50).toString());
    // conditional sampling is not matched: it returns the same rows as the plain model
    assertThat(matched.sample(20, Condition.of("sex", "F")).toString())
        .isEqualTo(plain.sample(20, Condition.of("sex", "F")).toString());
    assertThat(flchainModel.sample(50).toString()).isEqualTo(matched.sample(50).toString());   // the default
  }

  /** Per discrete column, the total-variation distance between the sample's frequencies and the model's counts. */
  private static double[] marginalDistances(TrainedSynthesizer model, Table sample) {
    List<org.dpcgan.core.internal.gan.ConditionalSampler.DiscreteColumn> columns = model.conditionSampler().columns();
    double[][] counts = model.model().counts().orElseThrow().columns();
    double[] distances = new double[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      var levels = (org.dpcgan.core.internal.transform.DiscreteColumnModel) model.transformer().layout().column(name).model();
      List<String> values = sample.column(name).asStringColumn().asList();
      double total = java.util.Arrays.stream(counts[i]).sum();
      double tv = 0;
      for (int c = 0; c < levels.categories(); c++) {
        String level = c == levels.levels().size() ? "" : levels.levels().get(c); // missing: an empty cell
        long n = values.stream().filter(level::equals).count();
        tv += Math.abs(n / (double) sample.rowCount() - counts[i][c] / total) / 2;
      }
      distances[i] = tv;
    }
    return distances;
  }


  @Test
  void sample_hasTheTrainingColumns_withTheirNamesKindsAndTypes() {
    Table fake = flchainModel.sample(250);
    assertThat(fake.rowCount()).isEqualTo(250);
    assertThat(fake.columnNames()).isEqualTo(flchain.columnNames());
    for (String name : flchain.columnNames()) {
      assertThat(fake.column(name).type()).as(name).isEqualTo(flchain.column(name).type());
    }
    assertThat(flchainModel.schema()).isEqualTo(flchainSchema);
  }

  @Test
  void sample_categoricalValues_comeOnlyFromTheDeclaredLevels() {
    Table fake = flchainModel.sample(400);
    for (ColumnSpec spec : flchainSchema.columns()) {
      if (spec.kind().isDiscrete()) {
        Set<String> allowed = new HashSet<>(spec.levels());
        allowed.add(""); // missing
        assertThat(distinctStrings(fake.column(spec.name()))).as(spec.name()).isSubsetOf(allowed);
      }
    }
  }

  @Test
  void sample_integerColumnsAreIntegral_andDeclaredBoundsHold() {
    Table fake = flchainModel.sample(400);
    for (ColumnSpec spec : flchainSchema.columns()) {
      if (!spec.kind().isNumeric() || spec.kind() == ColumnKind.DATETIME) {
        continue;
      }
      Column<?> col = fake.column(spec.name());
      for (int r = 0; r < col.size(); r++) {
        if (col.isMissing(r)) {
          continue;
        }
        double v = Double.parseDouble(col.getString(r));
        if (spec.kind() == ColumnKind.INTEGER) {
          assertThat(v).as(spec.name()).isEqualTo(Math.rint(v));
        }
        if (spec.hasDeclaredBounds()) {
          assertThat(v).as(spec.name()).isBetween(spec.lower(), spec.upper());
        }
      }
    }
  }

  @Test
  void sample_sameSamplingSeed_isReproducible_andAPrefixOfALargerSample() {
    List<String> a = rows(flchainModel.sample(150));
    assertThat(rows(flchainModel.sample(150))).isEqualTo(a);
    assertThat(rows(flchainModel.sample(230)).subList(0, 150)).isEqualTo(a);
  }

  @Test
  void sample_onSeveralThreads_givesTheRowsOfOneThread_chunkByChunk() {
    // Three and a half chunks; each chunk's streams derive from its index, not from the thread.
    int chunk = TrainedSynthesizer.SAMPLING_CHUNK;
    TrainedSynthesizer one = flchainModel.withSamplingThreads(1);
    TrainedSynthesizer three = flchainModel.withSamplingThreads(3);
    assertThat(three.samplingThreads()).isEqualTo(3);
    List<String> expected = rows(one.sample(3 * chunk + chunk / 2));
    assertThat(rows(three.sample(3 * chunk + chunk / 2))).isEqualTo(expected);
    assertThat(rows(three.sample(2 * chunk + 100))).isEqualTo(expected.subList(0, 2 * chunk + 100));
    assertThat(rows(three.withMarginalMatching().sample(2 * chunk + chunk / 2)))
        .isEqualTo(rows(one.withMarginalMatching().sample(2 * chunk + chunk / 2)));
    Condition men = Condition.of("sex", "M");
    assertThat(rows(three.sample(2 * chunk + 200, men))).isEqualTo(rows(one.sample(2 * chunk + 200, men)));
    assertThatThrownBy(() -> flchainModel.withSamplingThreads(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampling threads must be >= 1");
  }

  @Test
  void sample_anotherSamplingSeed_givesOtherRows() {
    TrainedSynthesizer other = flchainModel.withSamplingSeed(99);
    assertThat(other.samplingSeed()).isEqualTo(99);
    assertThat(rows(other.sample(100))).isNotEqualTo(rows(flchainModel.sample(100)));
  }

  @Test
  void sample_withOneCondition_everyRowSatisfiesIt() {
    Table fake = flchainModel.sample(120, Condition.of("sex", "F"));
    assertThat(fake.rowCount()).isEqualTo(120);
    assertThat(distinctStrings(fake.column("sex"))).containsExactly("F");
  }

  @Test
  void sample_withTwoConditionsInPairMode_everyRowSatisfiesBoth() {
    Table fake = examPairModel.sample(60, Condition.of("sex", "F"), Condition.of("type", "Mxd"));
    assertThat(fake.rowCount()).isEqualTo(60);
    assertThat(distinctStrings(fake.column("sex"))).containsExactly("F");
    assertThat(distinctStrings(fake.column("type"))).containsExactly("Mxd");
    Table one = examPairModel.sample(30, Condition.of("intake", "top 25%"));
    assertThat(distinctStrings(one.column("intake"))).containsExactly("top 25%");
  }

  @Test
  void sample_conditionTheGeneratorNeverProduces_failsAfterBoundedAttempts() {
    Path file = dir.resolve("copy.dpcgan");
    flchainModel.save(file);
    TrainedSynthesizer copy = TrainedSynthesizer.load(file);
    // Make level F of 'sex' unreachable: a huge negative output bias on its logit.
    int offset = copy.transformer().layout().column("sex").levelSpan().offset();
    Parameter bias = copy.generator().state().stream().filter(p -> p.name().equals("g.out.bias")).findFirst()
        .orElseThrow();
    bias.value().putScalar(offset, -1e6);
    assertThatThrownBy(() -> copy.sample(20, Condition.of("sex", "F")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("produced only 0 of the 20 requested rows satisfying {sex=F}");
    assertThat(distinctStrings(copy.sample(200).column("sex"))).containsExactly("M");
  }

  @Test
  void sample_unknownConditionColumn_isRejectedListingTheDiscreteColumns() {
    assertThatThrownBy(() -> flchainModel.sample(10, Condition.of("colour", "red")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'")
        .hasMessageContaining("sex").hasMessageContaining("chapter");
    assertThatThrownBy(() -> flchainModel.sample(10, Condition.of("age", "60")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("discrete columns");
  }

  @Test
  void sample_unknownConditionValue_isRejectedListingTheLevels() {
    assertThatThrownBy(() -> flchainModel.sample(10, Condition.of("sex", "X")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'X'").hasMessageContaining("F")
        .hasMessageContaining("M");
  }

  @Test
  void sample_twoConditionsInSingleMode_orARepeatedColumn_areRejected() {
    assertThatThrownBy(() -> flchainModel.sample(10, Condition.of("sex", "F"), Condition.of("death", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single-mode");
    assertThatThrownBy(() -> examPairModel.sample(10, Condition.of("sex", "F"), Condition.of("sex", "M")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different column");
  }

  @Test
  void sample_nonPositiveRowCount_isRejected() {
    assertThatThrownBy(() -> flchainModel.sample(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be >= 1. Provided value: 0");
  }

  // ---- model facts ----

  @Test
  void model_reportsProvenance_noPrivacy_andLosses() {
    Provenance p = flchainModel.provenance();
    assertThat(p.seed()).isEqualTo(7);
    assertThat(p.rows()).isEqualTo(800);
    assertThat(p.columns()).isEqualTo(11);
    assertThat(p.conditioning()).isEqualTo(Conditioning.SINGLE);
    assertThat(p.config().epochs()).isEqualTo(2);
    assertThat(p.finishedAt()).isAfterOrEqualTo(p.startedAt());
    assertThat(flchainModel.privacySpent()).isEmpty();
    assertThat(flchainModel.lossHistory()).hasSize(2);
    assertThat(flchainModel.toString()).isEqualTo("TrainedSynthesizer[ctgan, epochs=2, rows=800, no DP]");
  }

  @Test
  void fit_sameConfigTwice_givesTheSameModel() {
    Synthesizer config = small().schema(flchainSchema).build();
    TrainedSynthesizer again = config.fit(flchain);
    List<Parameter> a = flchainModel.generator().state();
    List<Parameter> b = again.generator().state();
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).value().dup().data().asFloat()).as(a.get(i).name())
          .isEqualTo(a.get(i).value().dup().data().asFloat());
    }
    assertThat(rows(again.sample(100))).isEqualTo(rows(flchainModel.sample(100)));
  }

  @Test
  void fit_onOneThread_givesTheSameModelTwice_throughToBuilderToo() {
    Synthesizer config = small().schema(flchainSchema).secondThread(false).build();
    List<Parameter> a = config.fit(flchain).generator().state();
    List<Parameter> b = config.toBuilder().build().fit(flchain).generator().state();
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).value().dup().data().asFloat()).as(a.get(i).name())
          .isEqualTo(a.get(i).value().dup().data().asFloat());
    }
  }

  @Test
  void fit_tableWithoutDiscreteColumns_samplesAndRejectsConditions() {
    Table numeric = flchain.selectColumns("age", "kappa", "lambda", "futime").inRange(0, 400);
    Schema schema = Schema.of(numeric.columnNames().stream().map(flchainSchema::column).toList());
    TrainedSynthesizer model = small().schema(schema).build().fit(numeric);
    Table fake = model.sample(130);
    assertThat(fake.columnNames()).containsExactly("age", "kappa", "lambda", "futime");
    assertThat(fake.rowCount()).isEqualTo(130);
    assertThatThrownBy(() -> model.sample(5, Condition.of("age", "60")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no discrete column");
  }

  @Test
  void fit_singleDiscreteColumn_withInferredSchema_honoursConditions(@TempDir Path tmp) {
    Table t = flchain.selectColumns("kappa", "sex").inRange(0, 400);
    TrainedSynthesizer model = small().build().fit(t);
    assertThat(model.schema().column("sex").kind()).isEqualTo(ColumnKind.CATEGORICAL);
    Table fake = model.sample(100);
    assertThat(distinctStrings(fake.column("sex"))).isSubsetOf(distinctStrings(t.column("sex")));
    assertThat(distinctStrings(model.sample(50, Condition.of("sex", "M")).column("sex"))).containsExactly("M");
    Path file = tmp.resolve("one.dpcgan");
    model.save(file);
    assertThat(rows(TrainedSynthesizer.load(file).sample(100))).isEqualTo(rows(fake));
  }

  @Test
  void fit_pairConditioning_withOneDiscreteColumn_isRejected() {
    Table t = flchain.selectColumns("kappa", "sex").inRange(0, 200);
    Synthesizer s = small().conditioning(Conditioning.PAIR).build();
    assertThatThrownBy(() -> s.fit(t)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pair conditioning needs at least 2 discrete columns");
  }

  // ---- model file ----

  @Test
  void saveAndLoad_samplesBitIdenticalRows_unconditionalAndConditional() {
    Path file = dir.resolve("flchain.dpcgan");
    flchainModel.save(file);
    TrainedSynthesizer loaded = TrainedSynthesizer.load(file);
    assertThat(rows(loaded.sample(300))).isEqualTo(rows(flchainModel.sample(300)));
    assertThat(rows(loaded.sample(50, Condition.of("sex", "M"))))
        .isEqualTo(rows(flchainModel.sample(50, Condition.of("sex", "M"))));
    assertThat(loaded.schema()).isEqualTo(flchainModel.schema());
    assertThat(loaded.provenance()).isEqualTo(flchainModel.provenance());
    assertThat(loaded.lossHistory()).isEqualTo(flchainModel.lossHistory());
    assertThat(loaded.privacySpent()).isEmpty();
    assertThat(loaded.toString()).isEqualTo(flchainModel.toString());
  }

  @Test
  void saveAndLoad_pairModel_samplesBitIdenticalRows() {
    Path file = dir.resolve("exam.dpcgan");
    examPairModel.save(file);
    TrainedSynthesizer loaded = TrainedSynthesizer.load(file);
    assertThat(rows(loaded.sample(200))).isEqualTo(rows(examPairModel.sample(200)));
  }

  @Test
  void save_writesAManifestWithChecksums_andNoPrivacyLedger() throws IOException {
    Path file = dir.resolve("m.dpcgan");
    flchainModel.save(file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String manifest = new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(manifest).contains("\"formatVersion\" : 1").contains("\"privacy\" : null")
          .contains("\"transformer\"").contains("\"conditionCounts\"");
      String sums = new String(zip.getInputStream(zip.getEntry("checksums.sha256")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(sums).contains("  manifest.json\n").contains("  generator.bin\n");
    }
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("m.dpcgan");
    }
  }

  @Test
  void savedFile_containsNoTrainingRows() throws IOException {
    Path file = dir.resolve("exam.dpcgan");
    examPairModel.save(file);
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    List<String> lines = Files.readAllLines(data().resolve("exam.csv"));
    int checkedValues = 0;
    for (int r = 1; r <= 40; r++) {
      String line = lines.get(r);
      assertThat(bytes).doesNotContain(line);
      assertThat(bytes).doesNotContain(line.substring(0, line.lastIndexOf(','))); // without student
      String[] f = line.split(",");
      for (String value : List.of(f[1], f[6])) { // normexam, standLRT: 7+ significant digits each
        if (value.replace("-", "").length() >= 9) {
          assertThat(bytes).as("row %d value %s", r, value).doesNotContain(value);
          checkedValues++;
        }
      }
    }
    assertThat(checkedValues).isGreaterThan(40);
  }

  @Test
  void load_corruptFile_isRejectedNamingTheFile() throws IOException {
    Path file = dir.resolve("corrupt.dpcgan");
    flchainModel.save(file);
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x5a; // inside generator.bin
    Files.write(file, b);
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("corrupt");
  }

  @Test
  void load_truncatedFile_isRejectedNamingTheFile() throws IOException {
    Path file = dir.resolve("truncated.dpcgan");
    flchainModel.save(file);
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, b.length - 200));
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
  }

  @Test
  void load_newerFormatVersion_isRejectedWithBothVersions() throws IOException {
    Path file = withEditedManifest("future.dpcgan", "\"formatVersion\" : " + ModelFile.FORMAT_VERSION,
        "\"formatVersion\" : " + (ModelFile.FORMAT_VERSION + 1));
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model file format " + (ModelFile.FORMAT_VERSION + 1)
            + " is newer than this library supports (" + ModelFile.FORMAT_VERSION + ")")
        .hasMessageContaining(file.toString());
  }

  @Test
  void load_formatOneWithTrainingState_isRejectedAsCorrupt() throws IOException {
    Path file = withEditedManifest("old.dpcgan", "\"formatVersion\" : " + ModelFile.FORMAT_VERSION,
        "\"formatVersion\" : 1");
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a format 1 file has no training state");
  }

  @Test
  void load_nonIntegerOptimiserSteps_isRejectedAsCorrupt() throws IOException {
    Path file = withEditedManifest("steps.dpcgan", "\"criticAdamSteps\" : ", "\"criticAdamSteps\" : -");
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training.criticAdamSteps must be an integer >= 0");
  }

  /** The flchain model saved with one edit of its manifest, and checksums that match the edit. */
  private Path withEditedManifest(String name, String from, String to) throws IOException {
    Path file = dir.resolve(name);
    flchainModel.save(file);
    Map<String, byte[]> entries = readEntries(file);
    String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
    assertThat(manifest).contains(from);
    entries.put("manifest.json", manifest.replace(from, to).getBytes(StandardCharsets.UTF_8));
    StringBuilder sums = new StringBuilder();
    for (String entry : List.of("manifest.json", "generator.bin", "training.bin")) {
      sums.append(ModelFile.sha256(entries.get(entry))).append("  ").append(entry).append('\n');
    }
    entries.put("checksums.sha256", sums.toString().getBytes(StandardCharsets.UTF_8));
    writeEntries(file, entries);
    return file;
  }

  @Test
  void load_editedManifestWithoutMatchingChecksum_isRejected() throws IOException {
    Path file = dir.resolve("edited.dpcgan");
    flchainModel.save(file);
    Map<String, byte[]> entries = readEntries(file);
    String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8).replace("\"seed\" : 7",
        "\"seed\" : 8");
    entries.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
    writeEntries(file, entries);
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum of entry manifest.json does not match");
  }

  @Test
  void load_missingFile_isReportedWithItsName() {
    Path file = dir.resolve("absent.dpcgan");
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the model file " + file + " does not exist");
  }

  @Test
  void save_intoAMissingDirectory_failsAndWritesNothing() {
    Path file = dir.resolve("no-such-dir").resolve("m.dpcgan");
    assertThatThrownBy(() -> flchainModel.save(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must exist");
    assertThat(Files.exists(file.getParent())).isFalse();
  }

  @Test
  void save_whenTheFinalMoveFails_leavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("occupied");
    Files.createDirectories(target);
    Files.writeString(target.resolve("keep.txt"), "x"); // a non-empty directory cannot be replaced
    assertThatThrownBy(() -> flchainModel.save(target)).isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining(target.toString());
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("occupied");
    }
  }

  @Test
  void load_extraUnlistedEntry_isRejected() throws IOException {
    Path file = dir.resolve("extra.dpcgan");
    flchainModel.save(file);
    Map<String, byte[]> entries = readEntries(file);
    entries.put("rows.csv", "1,2,3".getBytes(StandardCharsets.UTF_8));
    writeEntries(file, entries);
    assertThatThrownBy(() -> TrainedSynthesizer.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry rows.csv has no checksum");
  }

  @Test
  void fit_tableNotMatchingTheSchema_isRejected() {
    Synthesizer s = small().schema(flchainSchema).build();
    Table wrong = flchain.selectColumns("age", "sex");
    assertThatThrownBy(() -> s.fit(wrong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which the table lacks");
  }

  // ---- builder validation ----

  @Test
  void epochs_zero_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().epochs(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epochs must be >= 1. Provided value: 0");
  }

  @Test
  void batchSize_notAMultipleOfPac_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().batchSize(105).pac(10).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be a multiple of pac (10). Provided value: 105");
  }

  @Test
  void batchSize_one_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().batchSize(1).pac(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be >= 2. Provided value: 1");
  }

  @Test
  void pac_zero_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().pac(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pac must be >= 1. Provided value: 0");
  }

  @Test
  void discriminatorSteps_zero_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().discriminatorSteps(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("discriminatorSteps must be >= 1. Provided value: 0");
  }

  @Test
  void generatorWidths_empty_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().generatorWidths().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("generatorWidths must be a non-empty list of widths >= 1. Provided value: []");
  }

  @Test
  void discriminatorWidths_zeroWidth_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().discriminatorWidths(32, 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discriminatorWidths must be a non-empty list of widths >= 1. Provided value: [32, 0]");
  }

  @Test
  void conditioning_null_isRejected() {
    assertThatThrownBy(() -> Synthesizer.ctgan().conditioning(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conditioning must be SINGLE or PAIR. Provided value: null");
  }

  @Test
  void condition_nullValue_isRejected() {
    assertThatThrownBy(() -> Condition.of("sex", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value: null");
  }

  @Test
  void toBuilder_reproducesTheConfiguration_andDefaultsAreCtgans() {
    Synthesizer s = small().conditioning(Conditioning.PAIR).build();
    Synthesizer copy = s.toBuilder().build();
    assertThat(copy.config()).isEqualTo(s.config());
    assertThat(copy.seed()).isEqualTo(7);
    assertThat(copy.conditioning()).isEqualTo(Conditioning.PAIR);
    assertThat(s.toBuilder().epochs(5).build().config().epochs()).isEqualTo(5);
    assertThat(s.config().epochs()).isEqualTo(2);
    Synthesizer d = Synthesizer.ctgan().build();
    assertThat(d.config().epochs()).isEqualTo(300);
    assertThat(d.config().batchSize()).isEqualTo(500);
    assertThat(d.config().pac()).isEqualTo(10);
    assertThat(d.toString()).isEqualTo(
        "Synthesizer[ctgan, epochs=300, batch=500, pac=10, single, seed=12345, schema inferred]");
  }

  // ---- helpers ----

  private static Set<String> distinctStrings(Column<?> column) {
    Set<String> out = new HashSet<>();
    for (int r = 0; r < column.size(); r++) {
      out.add(column.isMissing(r) ? "" : column.getString(r));
    }
    return out;
  }

  /** Every row as its cells' strings joined by commas: equal lists mean identical tables. */
  private static List<String> rows(Table t) {
    List<String> out = new ArrayList<>(t.rowCount());
    for (int r = 0; r < t.rowCount(); r++) {
      StringBuilder sb = new StringBuilder();
      for (Column<?> c : t.columns()) {
        sb.append(c.isMissing(r) ? "" : c.getString(r)).append(',');
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static Map<String, byte[]> readEntries(Path file) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      var it = zip.entries();
      while (it.hasMoreElements()) {
        ZipEntry e = it.nextElement();
        entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    return entries;
  }

  private static void writeEntries(Path file, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream os = bytes; ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    Files.write(file, bytes.toByteArray());
  }
}
