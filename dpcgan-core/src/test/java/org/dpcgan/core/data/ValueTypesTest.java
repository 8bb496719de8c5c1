package org.dpcgan.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dpcgan.core.internal.gan.ConditionalSampler;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.DiscreteColumnModel;
import org.dpcgan.core.internal.transform.EncodedMatrix;
import org.dpcgan.core.internal.transform.GaussianMixture;
import org.dpcgan.core.internal.transform.IdColumnModel;
import org.dpcgan.core.internal.transform.Layout;
import org.dpcgan.core.internal.transform.NumericColumnModel;
import org.dpcgan.core.internal.transform.OutputSpan;
import org.dpcgan.core.internal.transform.TransformerDescription;
import org.dpcgan.core.internal.transform.TransformerOptions;
import org.dpcgan.core.internal.transform.Vbgmm;
import org.junit.jupiter.api.Test;

/** Validation and printing of the package's small value types. */
class ValueTypesTest {

  private static final GaussianMixture ONE = new GaussianMixture(new double[] {1}, new double[] {0}, new double[] {1});

  @Test
  void transformerOptions_maxLevelsBelowTwo_isRejected() {
    assertThatThrownBy(() -> TransformerOptions.defaults().withMaxLevels(1))
        .hasMessageContaining("maxLevels must be >= 2. Provided value: 1");
  }

  @Test
  void transformerOptions_tinyMaxFitRows_isRejected() {
    assertThatThrownBy(() -> new TransformerOptions(Vbgmm.Options.defaults(), 10, 5))
        .hasMessageContaining("maxFitRows must be >= 100. Provided value: 5");
  }

  @Test
  void gaussianMixture_negativeWeight_isRejected() {
    assertThatThrownBy(() -> new GaussianMixture(new double[] {-0.1, 1}, new double[] {0, 1}, new double[] {1, 1}))
        .hasMessageContaining("mixture weights must be finite and >= 0. Provided value: -0.1");
  }

  @Test
  void gaussianMixture_zeroStd_isRejected() {
    assertThatThrownBy(() -> new GaussianMixture(new double[] {1}, new double[] {0}, new double[] {0}))
        .hasMessageContaining("mixture stds must be finite and > 0. Provided value: 0.0");
  }

  @Test
  void gaussianMixture_nanMean_isRejected() {
    assertThatThrownBy(() -> new GaussianMixture(new double[] {1}, new double[] {Double.NaN}, new double[] {1}))
        .hasMessageContaining("mixture means must be finite. Provided value: NaN");
  }

  @Test
  void gaussianMixture_lengthMismatch_isRejected() {
    assertThatThrownBy(() -> new GaussianMixture(new double[] {1}, new double[] {0, 1}, new double[] {1}))
        .hasMessageContaining("Provided lengths: 1, 2, 1");
  }

  @Test
  void gaussianMixture_normalisesWeightsAndPrintsShortly() {
    var g = new GaussianMixture(new double[] {1, 3}, new double[] {0, 10}, new double[] {1, 2});
    assertThat(g.weights()).containsExactly(0.25, 0.75);
    assertThat(g.toString()).isEqualTo("GaussianMixture[0.250·N(0.000, 1.000²), 0.750·N(10.00, 2.000²)]");
  }

  @Test
  void numericModel_discreteKind_isRejected() {
    assertThatThrownBy(() -> new NumericColumnModel("x", ColumnKind.CATEGORICAL, ONE, false, null, null, null))
        .hasMessageContaining("a numeric column model needs kind continuous, integer or datetime");
  }

  @Test
  void discreteModel_numericKind_isRejected() {
    assertThatThrownBy(() -> new DiscreteColumnModel("x", ColumnKind.INTEGER, List.of("a", "b"), false))
        .hasMessageContaining("a discrete column model needs kind categorical, ordinal or boolean");
  }

  @Test
  void encodedMatrix_wrongLength_isRejected() {
    assertThatThrownBy(() -> new EncodedMatrix(2, 3, new float[5]))
        .hasMessageContaining("rows=2, width=3, length=5");
  }

  @Test
  void outputSpan_wideScalar_isRejected() {
    assertThatThrownBy(() -> new OutputSpan("x", OutputSpan.Kind.SCALAR, OutputSpan.Role.ALPHA, 0, 2))
        .hasMessageContaining("1 for a scalar");
  }

  @Test
  void columnPair_unordered_isRejected() {
    assertThatThrownBy(() -> new ConditionalSampler.ColumnPair(2, 1)).hasMessageContaining("0 <= first < second");
  }

  @Test
  void transformerDescription_unknownVersion_isRejected() {
    assertThatThrownBy(() -> new TransformerDescription(99, List.of()))
        .hasMessageContaining("formatVersion must be 1. Provided value: 99");
  }

  @Test
  void fromModels_duplicateNames_isRejected() {
    var a = new DiscreteColumnModel("x", ColumnKind.CATEGORICAL, List.of("a", "b"), false);
    assertThatThrownBy(() -> DataTransformer.fromModels(List.of(a, a))).hasMessageContaining("'x' repeats");
  }

  @Test
  void fromModels_onlyIds_isRejected() {
    assertThatThrownBy(() -> DataTransformer.fromModels(List.of(new IdColumnModel("id"))))
        .hasMessageContaining("at least one non-id column");
  }

  @Test
  void toStrings_areShort() {
    var t = DataTransformer.fromModels(List.of(
        new NumericColumnModel("age", ColumnKind.INTEGER, ONE, true, 17.0, 90.0, null),
        new DiscreteColumnModel("sex", ColumnKind.CATEGORICAL, List.of("F", "M"), false),
        new IdColumnModel("id")));
    assertThat(t.toString()).isEqualTo("DataTransformer[2 encoded columns, width=6]");
    assertThat(t.layout().toString()).isEqualTo("Layout[2 columns, width=6]");
    assertThat(t.layout().spans().get(2).toString()).isEqualTo("age.missing_indicator[2..4)");
    assertThat(t.columnModels().get(0).toString()).isEqualTo("age:integer modes=1 +missing");
    assertThat(new ColumnSpec("age", ColumnKind.INTEGER, List.of(), 17.0, 90.0, null).toString()).isEqualTo("age:integer [17, 90]");
  }
}
