package org.dpcgan.privacy.clipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dpcgan.privacy.noise.GaussianNoise;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Checks the factored and dense paths against a plain double-precision reference that materialises every
 * per-example gradient g_i = Σ_j a_{j,i}ᵀ δ_{j,i} [in, out] with loops.
 */
class PerExampleClippingTest {
  private static final int B = 9;
  private static final int IN = 6;
  private static final int OUT = 4;
  private static final int TERMS = 3;

  private final Random random = new Random(2024);
  private final double[][][] a = new double[TERMS][B][IN];
  private final double[][][] d = new double[TERMS][B][OUT];
  private final double[][] bias = new double[B][OUT];

  PerExampleClippingTest() {
    for (int j = 0; j < TERMS; j++) {
      for (int i = 0; i < B; i++) {
        for (int k = 0; k < IN; k++) {
          a[j][i][k] = random.nextGaussian();
        }
        for (int k = 0; k < OUT; k++) {
          d[j][i][k] = random.nextGaussian() * (i % 3 == 0 ? 0.01 : 1); // some examples below the clip norm
        }
      }
    }
    for (int i = 0; i < B; i++) {
      for (int k = 0; k < OUT; k++) {
        bias[i][k] = d[0][i][k] + d[1][i][k] - d[2][i][k];
      }
    }
  }

  /** Reference per-example weight gradient of example i, [in][out]. */
  private double[][] weightGradient(int i) {
    double[][] g = new double[IN][OUT];
    for (int j = 0; j < TERMS; j++) {
      for (int p = 0; p < IN; p++) {
        for (int o = 0; o < OUT; o++) {
          g[p][o] += a[j][i][p] * d[j][i][o];
        }
      }
    }
    return g;
  }

  private double referenceNorm(int i) {
    double s = 0;
    for (double[] row : weightGradient(i)) {
      for (double v : row) {
        s += v * v;
      }
    }
    for (double v : bias[i]) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private List<PerExampleGradient> layers(DataType type) {
    List<FactoredGradient.Factor> factors = new ArrayList<>();
    for (int j = 0; j < TERMS; j++) {
      factors.add(new FactoredGradient.Factor(Nd4j.createFromArray(a[j]).castTo(type),
          Nd4j.createFromArray(d[j]).castTo(type)));
    }
    return List.of(new FactoredGradient(factors), new DenseGradient(Nd4j.createFromArray(bias).castTo(type)));
  }

  @Test
  void factoredNorms_matchMaterialisedPerExampleGradients() {
    INDArray norms = PerExampleClipping.norms(layers(DataType.DOUBLE));
    for (int i = 0; i < B; i++) {
      assertThat(norms.getDouble(i)).isCloseTo(referenceNorm(i), within(1e-12 * referenceNorm(i)));
    }
  }

  @Test
  void singleAndTwoTermNorms_matchMaterialisedGradients() {
    for (int termCount = 1; termCount <= 2; termCount++) {
      List<FactoredGradient.Factor> factors = new ArrayList<>();
      for (int j = 0; j < termCount; j++) {
        factors.add(new FactoredGradient.Factor(Nd4j.createFromArray(a[j]), Nd4j.createFromArray(d[j])));
      }
      INDArray sq = new FactoredGradient(factors).squaredNorms();
      for (int i = 0; i < B; i++) {
        double expected = 0;
        for (int p = 0; p < IN; p++) {
          for (int o = 0; o < OUT; o++) {
            double g = 0;
            for (int j = 0; j < termCount; j++) {
              g += a[j][i][p] * d[j][i][o];
            }
            expected += g * g;
          }
        }
        assertThat(sq.getDouble(i)).as("terms=%s i=%s", termCount, i).isCloseTo(expected, within(1e-12 * expected));
      }
    }
  }

  @Test
  void floatFactorsGivenAsRowViews_haveTheNormsOfTheirValuesInDouble() {
    // The DP step hands over the real and fake rows of stacked arrays as row views: read from their own offsets.
    List<FactoredGradient.Factor> views = new ArrayList<>();
    List<FactoredGradient.Factor> doubles = new ArrayList<>();
    for (int j = 0; j < TERMS; j++) {
      INDArray inputs = Nd4j.concat(0, Nd4j.createFromArray(a[(j + 1) % TERMS]), Nd4j.createFromArray(a[j]))
          .castTo(DataType.FLOAT);
      INDArray grads = Nd4j.concat(0, Nd4j.createFromArray(d[(j + 2) % TERMS]), Nd4j.createFromArray(d[j]))
          .castTo(DataType.FLOAT);
      INDArray inputView = inputs.get(NDArrayIndex.interval(B, 2 * B), NDArrayIndex.all());
      INDArray gradView = grads.get(NDArrayIndex.interval(B, 2 * B), NDArrayIndex.all());
      views.add(new FactoredGradient.Factor(inputView, gradView));
      doubles.add(new FactoredGradient.Factor(inputView.castTo(DataType.DOUBLE), gradView.castTo(DataType.DOUBLE)));
    }
    INDArray fromViews = new FactoredGradient(views).squaredNorms();
    INDArray reference = new FactoredGradient(doubles).squaredNorms();
    assertThat(fromViews.dataType()).isEqualTo(DataType.DOUBLE);
    for (int i = 0; i < B; i++) {
      assertThat(fromViews.getDouble(i)).as("example %s", i)
          .isCloseTo(reference.getDouble(i), within(1e-13 * reference.getDouble(i)));
    }
  }

  @Test
  void singleOutputLayer_withOneOrThreeTerms_givesNormsAndSumOfTheRightShape() {
    // The critic's last layer has out = 1, where ND4J reductions keep a [B, 1] shape.
    for (int termCount : new int[] {1, 3}) {
      List<FactoredGradient.Factor> factors = new ArrayList<>();
      for (int j = 0; j < termCount; j++) {
        double[][] col = new double[B][1];
        for (int i = 0; i < B; i++) {
          col[i][0] = d[j][i][0];
        }
        factors.add(new FactoredGradient.Factor(Nd4j.createFromArray(a[j]), Nd4j.createFromArray(col)));
      }
      List<PerExampleGradient> layer = List.of(new FactoredGradient(factors),
          new DenseGradient(Nd4j.createFromArray(new double[B][1])));
      INDArray norms = PerExampleClipping.norms(layer);
      assertThat(norms.shape()).containsExactly(B);
      for (int i = 0; i < B; i++) {
        double expected = 0;
        for (int p = 0; p < IN; p++) {
          double g = 0;
          for (int j = 0; j < termCount; j++) {
            g += a[j][i][p] * d[j][i][0];
          }
          expected += g * g;
        }
        assertThat(norms.getDouble(i)).isCloseTo(Math.sqrt(expected), within(1e-12 * Math.sqrt(expected)));
      }
      assertThat(PerExampleClipping.clippedSum(layer, 1.0).get(0).shape()).containsExactly(IN, 1);
    }
  }

  @Test
  void clippedSum_matchesTheReference() {
    double c = 1.5;
    List<INDArray> sums = PerExampleClipping.clippedSum(layers(DataType.DOUBLE), c);
    double[][] w = new double[IN][OUT];
    double[] b = new double[OUT];
    int clipped = 0;
    for (int i = 0; i < B; i++) {
      double factor = Math.min(1, c * (1 - PerExampleClipping.MARGIN) / referenceNorm(i));
      clipped += factor < 1 ? 1 : 0;
      double[][] g = weightGradient(i);
      for (int p = 0; p < IN; p++) {
        for (int o = 0; o < OUT; o++) {
          w[p][o] += factor * g[p][o];
        }
      }
      for (int o = 0; o < OUT; o++) {
        b[o] += factor * bias[i][o];
      }
    }
    assertThat(clipped).as("the fixture clips some examples and not others").isBetween(1, B - 1);
    assertThat(sums.get(0).shape()).containsExactly(IN, OUT);
    assertThat(sums.get(1).shape()).containsExactly(OUT);
    for (int p = 0; p < IN; p++) {
      for (int o = 0; o < OUT; o++) {
        assertThat(sums.get(0).getDouble(p, o)).isCloseTo(w[p][o], within(1e-12));
      }
    }
    for (int o = 0; o < OUT; o++) {
      assertThat(sums.get(1).getDouble(o)).isCloseTo(b[o], within(1e-12));
    }
  }

  @Test
  void removingOneExample_changesTheClippedSumByAtMostTheClipNorm() {
    double c = 0.7;
    List<PerExampleGradient> all = layers(DataType.DOUBLE);
    List<INDArray> full = PerExampleClipping.clippedSum(all, c);
    for (int drop = 0; drop < B; drop++) {
      int[] keep = dropIndex(drop);
      List<PerExampleGradient> without = layers(DataType.DOUBLE).stream().map(l -> without(l, keep)).toList();
      List<INDArray> partial = PerExampleClipping.clippedSum(without, c);
      double sq = 0;
      for (int k = 0; k < full.size(); k++) {
        double n = full.get(k).sub(partial.get(k)).norm2Number().doubleValue();
        sq += n * n;
      }
      assertThat(Math.sqrt(sq)).isLessThanOrEqualTo(c * (1 + 1e-12));
    }
  }

  private static int[] dropIndex(int drop) {
    int[] keep = new int[B - 1];
    for (int i = 0, k = 0; i < B; i++) {
      if (i != drop) {
        keep[k++] = i;
      }
    }
    return keep;
  }

  private static PerExampleGradient without(PerExampleGradient layer, int[] keep) {
    if (layer instanceof DenseGradient dense) {
      return new DenseGradient(dense.perExample().getRows(keep));
    }
    FactoredGradient f = (FactoredGradient) layer;
    return new FactoredGradient(f.terms().stream()
        .map(t -> new FactoredGradient.Factor(t.inputs().getRows(keep), t.outputGradients().getRows(keep))).toList());
  }

  @Test
  void floatPath_agreesWithDouble() {
    List<INDArray> f = PerExampleClipping.clippedSum(layers(DataType.FLOAT), 1.0);
    List<INDArray> dd = PerExampleClipping.clippedSum(layers(DataType.DOUBLE), 1.0);
    assertThat(f.get(0).dataType()).isEqualTo(DataType.FLOAT);
    for (int k = 0; k < 2; k++) {
      double diff = f.get(k).castTo(DataType.DOUBLE).sub(dd.get(k)).amaxNumber().doubleValue();
      assertThat(diff).isLessThan(1e-5);
    }
  }

  @Test
  void zeroGradient_hasFactorOne_andLargeOnesAreScaledToTheClipNorm() {
    INDArray norms = Nd4j.createFromArray(0.0, 0.5, 2.0, 10.0);
    double bound = 1 - PerExampleClipping.MARGIN;
    assertThat(PerExampleClipping.clipFactors(norms, 1.0).toDoubleVector())
        .containsExactly(1.0, 1.0, bound / 2.0, bound / 10.0);
  }

  @Test
  void rank3DenseGradient_isFlattenedPerExample() {
    INDArray g = Nd4j.createFromArray(new double[][][] {{{3, 0}, {0, 4}}, {{0, 0}, {0, 0.5}}});
    assertThat(PerExampleClipping.norms(List.of(new DenseGradient(g))).toDoubleVector()).containsExactly(5.0, 0.5);
    INDArray sum = PerExampleClipping.clippedSum(List.of(new DenseGradient(g)), 1.0).get(0);
    assertThat(sum.shape()).containsExactly(2, 2);
    double[] flat = sum.reshape(4).toDoubleVector();
    double shrink = 1 - PerExampleClipping.MARGIN;
    double[] expected = {0.6 * shrink, 0, 0, 0.8 * shrink + 0.5};
    for (int k = 0; k < 4; k++) {
      assertThat(flat[k]).isCloseTo(expected[k], within(1e-15));
    }
  }

  @Test
  void mismatchedBatchSizes_areRejectedNamingBothLayers() {
    List<PerExampleGradient> bad = List.of(new DenseGradient(Nd4j.zeros(DataType.DOUBLE, 3, 2)),
        new DenseGradient(Nd4j.zeros(DataType.DOUBLE, 4, 2)));
    assertThatThrownBy(() -> PerExampleClipping.norms(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("all layer gradients need the same batch size. Provided: 3 (DenseGradient[3, 2] DOUBLE) and 4 "
            + "(DenseGradient[4, 2] DOUBLE)");
  }

  @Test
  void factorWithDifferentBatchSizes_isRejectedWithBothShapes() {
    assertThatThrownBy(() -> FactoredGradient.of(Nd4j.zeros(DataType.DOUBLE, 3, 5), Nd4j.zeros(DataType.DOUBLE, 4, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Factor needs inputs [B, in] and outputGradients [B, out] with the same B. Provided: [3, 5] and [4, 2]");
  }

  @Test
  void termsWithDifferentShapes_areRejected() {
    FactoredGradient.Factor x = new FactoredGradient.Factor(Nd4j.zeros(DataType.DOUBLE, 3, 5), Nd4j.zeros(DataType.DOUBLE, 3, 2));
    FactoredGradient.Factor y = new FactoredGradient.Factor(Nd4j.zeros(DataType.DOUBLE, 3, 4), Nd4j.zeros(DataType.DOUBLE, 3, 2));
    assertThatThrownBy(() -> new FactoredGradient(List.of(x, y))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same shapes and type");
  }

  @Test
  void clipNorm_notFinitePositive_isRejected() {
    assertThatThrownBy(() -> PerExampleClipping.clippedSum(layers(DataType.DOUBLE), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clipNorm must be finite and > 0. Provided value: NaN");
  }

  @Test
  void toString_showsShapesNeverValues() {
    assertThat(layers(DataType.DOUBLE).get(0).toString())
        .isEqualTo("FactoredGradient[Factor[9, 6]ᵀ·[9, 4], Factor[9, 6]ᵀ·[9, 4], Factor[9, 6]ᵀ·[9, 4]] DOUBLE");
  }

  @Test
  void aggregator_addsNoiseOfStddevSigmaTimesClipNorm_andDividesByTheExpectedBatchSize() {
    // A [200, 300] weight: 60000 noise coordinates. The standardised residual has sd 1; its sample sd is
    // within 6·sqrt(1/(2n)) = 0.017 of 1 and its mean within 6/sqrt(n) = 0.024 of 0 (false-failure < 1e-8).
    int in = 200;
    int out = 300;
    INDArray inputs = Nd4j.create(random.doubles(5L * in).toArray(), new long[] {5, in}, DataType.DOUBLE);
    INDArray grads = Nd4j.create(random.doubles(5L * out).toArray(), new long[] {5, out}, DataType.DOUBLE);
    List<PerExampleGradient> layer = List.of(FactoredGradient.of(inputs, grads));
    double c = 0.8;
    double sigma = 1.3;
    double expected = 4.0;
    INDArray noisy = new DpSgdAggregator(c, sigma, expected, 8, GaussianNoise.insecureSeeded(9)).aggregate(layer).get(0);
    INDArray clean = PerExampleClipping.clippedSum(layer, c).get(0);
    INDArray residual = noisy.mul(expected).subi(clean).divi(sigma * c);
    int n = in * out;
    assertThat(residual.meanNumber().doubleValue()).isCloseTo(0, within(6 / Math.sqrt(n)));
    assertThat(residual.stdNumber().doubleValue()).isCloseTo(1, within(6 * Math.sqrt(0.5 / n)));
  }

  @Test
  void emptyBatch_givesNoiseOnlyOfTheParameterShapes() {
    DpSgdAggregator agg = new DpSgdAggregator(1.0, 1.0, 10.0, 100, GaussianNoise.insecureSeeded(1));
    List<INDArray> out = agg.aggregateEmptyBatch(List.of(new long[] {3, 4}, new long[] {4}), DataType.FLOAT);
    assertThat(out.get(0).shape()).containsExactly(3, 4);
    assertThat(out.get(1).dataType()).isEqualTo(DataType.FLOAT);
    assertThat(out.get(0).amaxNumber().doubleValue()).isPositive();
  }

  @Test
  void aggregator_invalidArguments_areRejected() {
    GaussianNoise noise = GaussianNoise.insecureSeeded(1);
    assertThatThrownBy(() -> new DpSgdAggregator(0, 1, 1, 1, noise)).hasMessage("clipNorm must be finite and > 0. Provided value: 0.0");
    assertThatThrownBy(() -> new DpSgdAggregator(1, -1, 1, 1, noise))
        .hasMessage("noiseMultiplier must be finite and > 0. Provided value: -1.0");
    assertThatThrownBy(() -> new DpSgdAggregator(1, 1, Double.POSITIVE_INFINITY, 1, noise))
        .hasMessage("expectedBatchSize must be finite and > 0. Provided value: Infinity");
    assertThatThrownBy(() -> new DpSgdAggregator(1, 1, 1, 1, null)).hasMessage("noise and audit must not be null");
  }

  @Test
  void clippedFloatTerms_neverExceedTheClipNorm() {
    // Float factors whose exact norms sit just above C: the margin keeps every clipped term (one example a time,
    // summed in float) at or below C, where a float norm could round the other way.
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      float[] a = new float[64];
      float[] d = new float[32];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) r.nextGaussian();
      }
      INDArray inputs = Nd4j.create(a, new long[] {1, 64}, 'c');
      INDArray grads = Nd4j.create(d, new long[] {1, 32}, 'c');
      double exact = inputs.castTo(DataType.DOUBLE).norm2Number().doubleValue()
          * grads.castTo(DataType.DOUBLE).norm2Number().doubleValue();
      double c = exact * (1 - 1e-7);   // just below the norm: the term must be scaled down to at most c
      INDArray term = PerExampleClipping.clippedSum(List.of(FactoredGradient.of(inputs, grads)), c).get(0);
      assertThat(term.castTo(DataType.DOUBLE).norm2Number().doubleValue()).isLessThanOrEqualTo(c);
    }
  }

  @Test
  void aNonFiniteExample_contributesNothing_andTheOthersAreClippedAsUsual() {
    INDArray g = Nd4j.createFromArray(new double[][] {{3, 4}, {Double.NaN, 1}, {Double.POSITIVE_INFINITY, 0}});
    INDArray sum = PerExampleClipping.clippedSum(List.of(new DenseGradient(g)), 1.0).get(0);
    double shrink = 1 - PerExampleClipping.MARGIN;
    assertThat(sum.toDoubleVector()).containsExactly(0.6 * shrink, 0.8 * shrink);
    INDArray a = Nd4j.createFromArray(new double[][] {{1, 0}, {Double.NaN, 0}});
    INDArray d = Nd4j.createFromArray(new double[][] {{0.5}, {1}});
    INDArray w = PerExampleClipping.clippedSum(List.of(FactoredGradient.of(a, d)), 1.0).get(0);
    assertThat(w.toDoubleVector()).containsExactly(0.5, 0.0);
  }
}
