package org.dpcgan.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.internal.gan.GanTrainer;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.NoiseCalibration;
import org.dpcgan.privacy.ledger.PrivacyLedger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Resuming a training ({@link Synthesizer#resume}) and the DP modes beside a target ε (a given σ, a σ with an
 * ε cap), on a slice of flchain with small networks and, for DP, reproducible noise.
 */
class ResumeTest {
  private static final double DELTA = 1e-5;
  private static Schema schema;
  private static Table train;
  private static TrainedSynthesizer plain;
  private static TrainedSynthesizer dp;

  @TempDir
  Path dir;

  private static Synthesizer.Builder small(Synthesizer.Builder b) {
    return b.epochs(2).batchSize(100).latentWidth(16).generatorWidths(32, 32).discriminatorWidths(32, 32).seed(7)
        .schema(schema);
  }

  @BeforeAll
  static void fitShared() {
    schema = Schema.fromSidecar(SynthesizerTest.data().resolve("flchain.columns.csv"));
    train = Tables.readCsv(SynthesizerTest.data().resolve("flchain.csv"), schema).inRange(0, 600);
    plain = small(Synthesizer.ctgan()).pac(10).build().fit(train);
    dp = small(Synthesizer.dpCgan()).epsilon(2.0).delta(DELTA).reproducibleNoise().build().fit(train);
  }

  private static List<float[]> values(List<Parameter> tensors) {
    return tensors.stream().map(p -> p.value().dup().data().asFloat()).toList();
  }

  // ---- non-private ----

  @Test
  void resume_continuesTheHistory_andLeavesTheResumedModelUnchanged() {
    List<float[]> before = values(plain.generator().state());
    GanTrainer.TrainingState state = plain.trainingState().orElseThrow();
    List<float[]> criticBefore = values(state.critic().network().parameters());
    List<float[]> momentsBefore = values(state.criticAdam().moments());
    long stepsBefore = state.criticAdam().steps();
    String samplesBefore = plain.sample(30).toString();
    TrainedSynthesizer more = Synthesizer.resume(plain).epochs(3).build().fit(train);

    assertThat(more.lossHistory()).hasSize(5);
    assertThat(more.lossHistory().stream().map(EpochStats::epoch)).containsExactly(1, 2, 3, 4, 5);
    assertThat(more.lossHistory().subList(0, 2)).isEqualTo(plain.lossHistory());
    assertThat(more.provenance().config().epochs()).isEqualTo(5);
    assertThat(more.provenance().startedAt()).isEqualTo(plain.provenance().startedAt());
    assertThat(more.trainingState().orElseThrow().generatorAdam().steps()).isEqualTo(5 * 6);
    assertThat(more.trainingState().orElseThrow().criticAdam().steps()).isEqualTo(5 * 6);
    assertThat(values(more.generator().state()).get(0)).isNotEqualTo(before.get(0));
    // the resumed model itself is untouched
    assertThat(values(plain.generator().state())).usingRecursiveComparison().isEqualTo(before);
    assertThat(values(state.critic().network().parameters())).usingRecursiveComparison().isEqualTo(criticBefore);
    assertThat(values(state.criticAdam().moments())).usingRecursiveComparison().isEqualTo(momentsBefore);
    assertThat(state.criticAdam().steps()).isEqualTo(stepsBefore);
    assertThat(plain.sample(30).toString()).isEqualTo(samplesBefore);
  }

  @Test
  void resumeFromTheSavedFile_trainsExactlyAsResumeFromTheModelInMemory() {
    Path file = dir.resolve("plain.dpcgan");
    plain.save(file);
    TrainedSynthesizer loaded = TrainedSynthesizer.load(file);
    GanTrainer.TrainingState saved = plain.trainingState().orElseThrow();
    GanTrainer.TrainingState read = loaded.trainingState().orElseThrow();
    assertThat(values(read.critic().network().parameters())).usingRecursiveComparison()
        .isEqualTo(values(saved.critic().network().parameters()));
    assertThat(values(read.criticAdam().moments())).usingRecursiveComparison()
        .isEqualTo(values(saved.criticAdam().moments()));
    assertThat(values(read.generatorAdam().moments())).usingRecursiveComparison()
        .isEqualTo(values(saved.generatorAdam().moments()));
    assertThat(read.generatorAdam().steps()).isEqualTo(saved.generatorAdam().steps());

    TrainedSynthesizer fromMemory = Synthesizer.resume(plain).epochs(1).build().fit(train);
    TrainedSynthesizer fromFile = Synthesizer.resume(loaded).epochs(1).build().fit(train);
    assertThat(fromFile.sample(40).toString()).isEqualTo(fromMemory.sample(40).toString());
  }

  @Test
  void resume_neverReplaysTheStreamsOfTheTrainingItContinues() {
    // Two epochs in one fit versus one epoch resumed once: same start, different streams for the second epoch.
    TrainedSynthesizer one = small(Synthesizer.ctgan()).pac(10).epochs(1).build().fit(train);
    TrainedSynthesizer resumed = Synthesizer.resume(one).epochs(1).build().fit(train);
    TrainedSynthesizer resumedAgain = Synthesizer.resume(one).epochs(1).build().fit(train);
    TrainedSynthesizer twoEpochs = small(Synthesizer.ctgan()).pac(10).epochs(2).build().fit(train);
    assertThat(resumed.sample(40).toString()).isEqualTo(resumedAgain.sample(40).toString());
    assertThat(resumed.sample(40).toString()).isNotEqualTo(twoEpochs.sample(40).toString());
  }

  @Test
  void withoutTrainingState_samplesTheSame_butCannotResume() {
    Path full = dir.resolve("full.dpcgan");
    Path shared = dir.resolve("shared.dpcgan");
    plain.save(full);
    plain.withoutTrainingState().save(shared);
    TrainedSynthesizer loaded = TrainedSynthesizer.load(shared);
    assertThat(loaded.trainingState()).isEmpty();
    assertThat(loaded.sample(30).toString()).isEqualTo(plain.sample(30).toString());
    assertThat(shared.toFile().length()).isLessThan(full.toFile().length());
    assertThat(loaded.toString()).contains("no training state");
    assertThatThrownBy(() -> Synthesizer.resume(loaded))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no training state");
  }

  @Test
  void aFormatOneModelFile_cannotResume_withAClearMessage() throws URISyntaxException {
    TrainedSynthesizer v1 = TrainedSynthesizer.load(Path.of(getClass().getResource("golden-v1.dpcgan").toURI()));
    assertThatThrownBy(() -> Synthesizer.resume(v1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older dpcgan");
  }

  @Test
  void resume_mayNotChangeTheArchitecture_theConditions_orTheSchema() {
    assertThatThrownBy(() -> Synthesizer.resume(plain).epochs(1).discriminatorWidths(64).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot change discriminatorWidths when resuming").hasMessageContaining("[32, 32]");
    assertThatThrownBy(() -> Synthesizer.resume(plain).epochs(1).pac(5).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot change pac");
    assertThatThrownBy(() -> Synthesizer.resume(plain).epochs(1).conditioning(Conditioning.PAIR).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot change conditioning");
    Schema other = Schema.of(schema.columns().subList(0, 5));
    assertThatThrownBy(() -> Synthesizer.resume(plain).epochs(1).schema(other).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot change the schema");
  }

  @Test
  void resume_needsTheNumberOfFurtherEpochs() {
    assertThatThrownBy(() -> Synthesizer.resume(plain).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a resumed training needs epochs(N)");
  }

  @Test
  void dpResume_cannotSetAMetadataShare() {
    assertThatThrownBy(() -> Synthesizer.resume(dp).epochs(1).epsilon(4).metadataShare(0.3).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads no new metadata");
  }

  @Test
  void aNonPrivateModel_cannotResumeWithDp() {
    assertThatThrownBy(() -> Synthesizer.resume(plain).epochs(1).epsilon(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trained without DP");
  }

  // ---- DP ----

  @Test
  void dpResume_continuesTheLedger_andSpendsAtMostTheNewTotal() {
    PrivacySpent first = dp.privacySpent().orElseThrow();
    TrainedSynthesizer more = Synthesizer.resume(dp).epochs(2).epsilon(3.0).reproducibleNoise().build().fit(train);
    PrivacySpent p = more.privacySpent().orElseThrow();

    assertThat(p.ledger().entries()).hasSize(3);
    assertThat(p.ledger().entries().subList(0, 2)).isEqualTo(first.ledger().entries());
    assertThat(p.dpSteps()).isEqualTo(first.dpSteps() + 2 * (600 / 100));
    assertThat(p.epsilon()).isLessThanOrEqualTo(3.0).isCloseTo(3.0, within(1e-3));
    assertThat(p.delta()).isEqualTo(DELTA);
    assertThat(p.metadataEpsilonShare()).isEqualTo(first.metadataEpsilonShare());
    // an independent recomputation: metadata, the first critic steps, the resumed ones
    double recomputed = Accountants.pld().compose(first.ledger().asEvent())
        .compose(DpEvent.dpSgd(p.samplingRate(), p.noiseMultiplier(), 2 * (600 / 100))).epsilon(DELTA).epsilon();
    assertThat(recomputed).isCloseTo(p.epsilon(), within(1e-12));
    assertThat(more.lossHistory()).hasSize(4).allSatisfy(e -> assertThat(e.discriminatorLoss()).isNaN());
  }

  @Test
  void dpResume_isSavedAndReloadedWithItsWholeLedger() {
    TrainedSynthesizer more = Synthesizer.resume(dp).epochs(1).epsilon(2.5).reproducibleNoise().build().fit(train);
    Path file = dir.resolve("resumed.dpcgan");
    more.save(file);
    assertThat(TrainedSynthesizer.load(file).privacySpent()).isEqualTo(more.privacySpent());
  }

  @Test
  void dpResume_withATotalBelowWhatIsSpent_isRejectedBeforeTraining() {
    double spent = dp.privacySpent().orElseThrow().epsilon();
    assertThatThrownBy(() -> Synthesizer.resume(dp).epochs(1).epsilon(spent * 0.9).reproducibleNoise().build()
        .fit(train))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is already spent")
        .hasMessageContaining("Allowed: a total epsilon above");
  }

  @Test
  void dpResume_onATableOfAnotherSize_isRejected() {
    assertThatThrownBy(() -> Synthesizer.resume(dp).epochs(1).epsilon(4).reproducibleNoise().build()
        .fit(train.inRange(0, 500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resumes only on its own training table").hasMessageContaining("600 rows")
        .hasMessageContaining("500 rows");
  }

  @Test
  void dpResume_withoutABudgetOrNoise_isRejected() {
    assertThatThrownBy(() -> Synthesizer.resume(dp).epochs(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a target epsilon");
  }

  @Test
  void dpResume_withSecureNoise_afterReproducibleNoise_isStillReportedInsecure() {
    TrainedSynthesizer more = Synthesizer.resume(dp).epochs(1).epsilon(2.5).build().fit(train);
    assertThat(more.privacySpent().orElseThrow().secureNoise()).isFalse();
  }

  @Test
  void givenNoiseMultiplier_reportsTheEpsilonItsLedgerSpends() {
    double sigma = 1.7;
    TrainedSynthesizer m = small(Synthesizer.dpCgan()).noiseMultiplier(sigma).delta(DELTA).reproducibleNoise()
        .build().fit(train);
    PrivacySpent p = m.privacySpent().orElseThrow();
    assertThat(p.noiseMultiplier()).isEqualTo(sigma);
    assertThat(p.dpSteps()).isEqualTo(12);
    assertThat(p.metadataEpsilonShare()).isEqualTo(Synthesizer.DEFAULT_METADATA_SHARE);
    // The metadata histograms get the default share of what the critic steps alone spend.
    DpEvent critic = DpEvent.dpSgd(100.0 / 600, sigma, 12);
    double criticAlone = Accountants.pld().compose(critic).epsilon(DELTA).epsilon();
    DpEvent metadata = p.ledger().entries().get(0).event();
    assertThat(Accountants.pld().compose(metadata).epsilon(DELTA).epsilon())
        .isLessThanOrEqualTo(Synthesizer.DEFAULT_METADATA_SHARE * criticAlone)
        .isCloseTo(Synthesizer.DEFAULT_METADATA_SHARE * criticAlone, within(1e-3));
    double independent = Accountants.pld().compose(metadata).compose(critic).epsilon(DELTA).epsilon();
    assertThat(p.epsilon()).isCloseTo(independent, within(1e-12));
  }

  @Test
  void givenNoiseMultiplierWithAnEpsilonCap_stopsWhenTheBudgetIsSpent() {
    double sigma = 1.2;
    double cap = 2.0;
    List<EpochStats> seen = new java.util.ArrayList<>();
    TrainedSynthesizer m = small(Synthesizer.dpCgan()).epochs(40).noiseMultiplier(sigma).epsilon(cap).delta(DELTA)
        .reproducibleNoise().listener(seen::add).build().fit(train);
    PrivacySpent p = m.privacySpent().orElseThrow();
    DpEvent metadata = p.ledger().entries().get(0).event();
    long allowed = NoiseCalibration.withDefaults().withAccountant(Accountants.pld())
        .maxSteps(cap, DELTA, 100.0 / 600, sigma, metadata);
    assertThat(allowed).isBetween(1L, 40L * 6 - 1);   // the cap, not the plan, ends this training
    assertThat(p.dpSteps()).isEqualTo(allowed);
    assertThat(p.epsilon()).isLessThanOrEqualTo(cap);
    assertThat(PrivacyLedger.empty().record("m", metadata).record("c", DpEvent.dpSgd(100.0 / 600, sigma, allowed + 1))
        .spent(DELTA, Accountants.pld()).epsilon()).isGreaterThan(cap);
    assertThat(m.lossHistory()).hasSize((int) ((allowed + 5) / 6)).isEqualTo(seen);
  }

  @Test
  void givenNoiseMultiplierWithACapTooSmallForOneStep_isRejectedBeforeReadingRows() {
    assertThatThrownBy(() -> small(Synthesizer.dpCgan()).noiseMultiplier(0.5).epsilon(0.01).reproducibleNoise()
        .build().fit(train))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small for even one critic step");
  }

  @Test
  void aNonFiniteOrNonPositiveNoiseMultiplier_isRejected() {
    for (double s : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Synthesizer.dpCgan().noiseMultiplier(s).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noiseMultiplier must be finite and > 0");
    }
    assertThatThrownBy(() -> Synthesizer.ctgan().noiseMultiplier(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use Synthesizer.dpCgan()");
  }
}
