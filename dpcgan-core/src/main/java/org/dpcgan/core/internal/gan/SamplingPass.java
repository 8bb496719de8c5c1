package org.dpcgan.core.internal.gan;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dpcgan.core.internal.exec.Arena;
import org.dpcgan.core.internal.exec.HostArrays;
import org.dpcgan.core.internal.exec.Matmul;
import org.dpcgan.core.internal.nn.BatchNorm1d;
import org.dpcgan.core.internal.nn.Linear;
import org.dpcgan.core.internal.random.RandomStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Generator#sample} as row-major host arrays, for sampling loops: made once from a generator
 * ({@link Generator#samplingPass}), it holds copies of the weights, biases and batch-norm maps as they were then
 * (a later training step does not change its rows), and
 * {@link #sampleRows} may be called from several threads at once (each has its own workspace).
 *
 * <p>A FLOAT generator on the CPU backend takes a host pass: one buffer per call holds every residual
 * concatenation in place and the logits, {@code [logits, h_n, …, h_1, z]} filled from the right, so each product
 * reads the columns to its right and writes its output next to them ({@link Matmul#productOfColumns}, which makes
 * no views); bias, batch norm and ReLU are one loop per row. The latent noise of the whole chunk is drawn in one
 * call, and the noise and logits arrays are kept for the next call ({@link Scratch}). The condition columns stay
 * out of the products: sampling's condition vectors hold one or two ones among about a hundred columns on Adult, so
 * each row adds the weight rows of its nonzero entries instead ({@link SparseRows}). That replaces the layers'
 * concatenations, the several element-wise passes of each block and the per-call preparation of the batch-norm
 * maps. Its rows equal {@code sample}'s from the same
 * draws up to float rounding (GeneratorTest). Other generators take {@code sample} itself.
 */
public final class SamplingPass {
  private final Generator generator;
  private final boolean host;
  private final int latentWidth;
  private final int conditionWidth;
  private final int width;                 // of the buffer: the output layer's input less the condition
  private final Block[] blocks;
  private final Block output;
  private final Queue<Scratch> spare = new ConcurrentLinkedQueue<>();

  /**
   * One linear layer as the host pass applies it, copied when the pass is made: {@code leading}, the weight rows
   * for everything but the condition, {@code conditionRows} the rest on the host, one array per condition column;
   * for a residual block the batch-norm map {@code y·scale + shift} on the host, null for the output layer.
   */
  private record Block(INDArray leading, float[][] conditionRows, float[] bias, float[] scale, float[] shift) {
    int outputs() {
      return bias.length;
    }
  }

  SamplingPass(Generator generator, List<Linear> blockLinears, List<BatchNorm1d> blockNorms, Linear output) {
    this.generator = generator;
    this.host = output.dtype() == DataType.FLOAT && Nd4j.getEnvironment().isCPU();
    this.latentWidth = generator.latentWidth();
    this.conditionWidth = generator.conditionWidth();
    this.width = Math.toIntExact(output.inputWidth()) - conditionWidth;
    this.blocks = new Block[blockLinears.size()];
    if (!host) {
      this.output = null;
      return;
    }
    try (MemoryWorkspace detached = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {   // copies outlive scopes
      for (int i = 0; i < blocks.length; i++) {
        BatchNorm1d.Affine affine = blockNorms.get(i).inferenceAffine();
        blocks[i] = block(blockLinears.get(i), HostArrays.floats(affine.scale()), HostArrays.floats(affine.shift()));
      }
      this.output = block(output, null, null);
    }
  }

  private Block block(Linear linear, float[] scale, float[] shift) {
    INDArray w = linear.weight();
    long leading = w.size(0) - conditionWidth;
    float[][] conditionRows = new float[conditionWidth][];
    for (int c = 0; c < conditionWidth; c++) {
      conditionRows[c] = HostArrays.floats(w.getRow(leading + c));
    }
    return new Block(w.get(NDArrayIndex.interval(0, leading), NDArrayIndex.all()).dup('c'), conditionRows,
        HostArrays.floats(linear.bias()), scale, shift);
  }

  /**
   * {@code rows} generated rows, row-major {@code [rows, layout width]}, as {@link Generator#sample} gives them:
   * {@code condition} holds {@code rows} condition vectors one after the other, or is {@code null} when the
   * generator has no condition input.
   */
  public float[] sampleRows(float[] condition, int rows, RandomStream noise) {
    Generator.requireRows(rows);
    if ((condition == null) != (conditionWidth == 0)
        || (condition != null && condition.length != (long) rows * conditionWidth)) {
      throw new IllegalArgumentException("generator with condition width " + conditionWidth + " needs "
          + (conditionWidth == 0 ? "no condition" : rows * (long) conditionWidth + " condition values for " + rows
              + " rows") + ". Provided: " + (condition == null ? "null" : condition.length + " values"));
    }
    try (MemoryWorkspace arena = Arena.open("dpcgan-sample")) {
      if (!host) {
        INDArray c = condition == null ? null : HostArrays.of(condition, rows, conditionWidth);
        return HostArrays.floats(generator.sample(c, rows, noise));
      }
      return hostPass(new SparseRows(condition, rows, conditionWidth), rows, noise);
    }
  }

  /**
   * {@link #sampleRows(float[], int, RandomStream)} for condition vectors of zeros and ones given by where their
   * ones lie: {@code ones} holds two positions a row, −1 for none
   * ({@link org.dpcgan.core.internal.gan.ConditionalSampler#sampleEmpiricalOnes}). The same rows as the dense vectors give.
   */
  public float[] sampleRowsWithOnes(int[] ones, int rows, RandomStream noise) {
    Generator.requireRows(rows);
    if (conditionWidth == 0 || ones.length != 2L * rows) {
      throw new IllegalArgumentException("generator with condition width " + conditionWidth + " needs two "
          + "positions a row for " + rows + " rows" + (conditionWidth == 0 ? ", and a condition input" : "")
          + ". Provided: " + ones.length + " positions");
    }
    for (int one : ones) {
      if (one < -1 || one >= conditionWidth) {
        throw new IllegalArgumentException("condition positions must be -1 (none) or in [0, " + conditionWidth
            + "). Provided value: " + one);
      }
    }
    if (!host) {
      float[] dense = new float[rows * conditionWidth];
      for (int i = 0; i < ones.length; i++) {
        if (ones[i] >= 0) {
          dense[i / 2 * conditionWidth + ones[i]] = 1;
        }
      }
      return sampleRows(dense, rows, noise);
    }
    try (MemoryWorkspace arena = Arena.open("dpcgan-sample")) {
      return hostPass(SparseRows.ofOnes(ones, rows), rows, noise);
    }
  }

  private float[] hostPass(SparseRows conditions, int rows, RandomStream noise) {
    Scratch scratch = Objects.requireNonNullElseGet(spare.poll(), () -> new Scratch(latentWidth, output.outputs()));
    try {
      return hostPass(conditions, rows, noise, scratch.resize(rows));
    } finally {
      spare.offer(scratch);
    }
  }

  private float[] hostPass(SparseRows conditions, int rows, RandomStream noise, Scratch scratch) {
    int k = output.outputs();
    int stride = k + width;                                  // [logits, h_n, …, h_1, z]
    Math.multiplyExact(rows, stride);                        // row offsets below are ints
    INDArray x = Nd4j.createUninitialized(DataType.FLOAT, rows, stride);
    FloatBuffer buffer = x.data().asNioFloat();
    float[] row = new float[Math.max(width, k)];             // a buffer row, then a row of logits
    int at = stride - latentWidth;
    float[] z = scratch.latent;                              // the draws of Generator.sample's normal(FLOAT, …)
    noise.fillStandardNormal(z, 0, z.length);
    for (int r = 0; r < rows; r++) {
      buffer.put(r * stride + at, z, r * latentWidth, latentWidth);
    }
    for (Block block : blocks) {
      int h = block.outputs();
      int out = at - h;
      Matmul.productOfColumns(x, at, stride, block.leading(), out);
      for (int r = 0; r < rows; r++) {
        int start = r * stride + out;
        buffer.get(start, row, 0, h);
        conditions.addProduct(r, block.conditionRows(), row);
        biasNormRelu(row, block);
        buffer.put(start, row, 0, h);
      }
      at = out;
    }
    Matmul.productOfColumns(x, k, stride, output.leading(), 0);
    float[] logits = scratch.logits;
    for (int r = 0; r < rows; r++) {
      buffer.get(r * stride, row, 0, k);   // loops over arrays from index 0 vectorise; offset ones did not
      conditions.addProduct(r, output.conditionRows(), row);
      addScaled(row, 1f, output.bias());
      System.arraycopy(row, 0, logits, r * k, k);
    }
    return generator.heads().draw(logits, rows, noise);
  }

  /** Linear's bias, batch norm and ReLU on one row of a block's product (in its own method for the JIT). */
  private static void biasNormRelu(float[] row, Block block) {
    float[] bias = block.bias();
    float[] scale = block.scale();
    float[] shift = block.shift();
    for (int j = 0; j < bias.length; j++) {
      row[j] = Math.max(0f, (row[j] + bias[j]) * scale[j] + shift[j]);
    }
  }

  /**
   * {@code out[0, v.length) += scale · v}. Written from index 0 in both arrays: C2 left the same loop with an offset
   * into either unvectorised.
   */
  private static void addScaled(float[] out, float scale, float[] v) {
    for (int j = 0; j < v.length; j++) {
      out[j] += scale * v[j];
    }
  }

  /**
   * The latent noise and the logits of one host pass, kept by the pass for its next call on any thread, so that each
   * chunk does not allocate (and page-fault) them afresh.
   */
  private static final class Scratch {
    private final int latentWidth;
    private final int outputs;
    private float[] latent;
    private float[] logits;

    Scratch(int latentWidth, int outputs) {
      this.latentWidth = latentWidth;
      this.outputs = outputs;
    }

    /** This scratch, with arrays for {@code rows} rows. */
    Scratch resize(int rows) {
      if (logits == null || logits.length != rows * outputs) {
        latent = new float[rows * latentWidth];
        logits = new float[rows * outputs];
      }
      return this;
    }
  }

  /** The nonzero entries of row-major {@code [rows, width]} values (condition vectors), row by row. */
  private static final class SparseRows {
    private final int[] starts;
    private final int[] columns;
    private final float[] values;

    private SparseRows(int[] starts, int[] columns, float[] values) {
      this.starts = starts;
      this.columns = columns;
      this.values = values;
    }

    /**
     * The rows of {@link #sampleRowsWithOnes}: ones at the given positions, two a row (−1 for none), in column order
     * as the dense scan lists them, so the condition rows are added in the same order.
     */
    static SparseRows ofOnes(int[] ones, int rows) {
      int[] starts = new int[rows + 1];
      int[] columns = new int[ones.length];
      int e = 0;
      for (int r = 0; r < rows; r++) {
        int a = Math.min(ones[2 * r], ones[2 * r + 1]);
        int b = Math.max(ones[2 * r], ones[2 * r + 1]);
        if (a >= 0) {
          columns[e++] = a;
        }
        if (b >= 0 && b != a) {
          columns[e++] = b;
        }
        starts[r + 1] = e;
      }
      float[] values = new float[e];
      Arrays.fill(values, 1f);
      return new SparseRows(starts, Arrays.copyOf(columns, e), values);
    }

    SparseRows(float[] dense, int rows, int width) {
      starts = new int[rows + 1];
      int count = 0;
      for (int i = 0; dense != null && i < dense.length; i++) {
        count += dense[i] != 0 ? 1 : 0;
      }
      columns = new int[count];
      values = new float[count];
      for (int r = 0, e = 0; r < rows; r++) {
        for (int c = 0; c < width; c++) {
          float v = dense[r * width + c];
          if (v != 0) {
            columns[e] = c;
            values[e++] = v;
          }
        }
        starts[r + 1] = e;
      }
    }

    /** {@code out += Σ_c (row r's value at column c) · weightRows[c]}, from index 0. */
    void addProduct(int r, float[][] weightRows, float[] out) {
      for (int e = starts[r]; e < starts[r + 1]; e++) {
        addScaled(out, values[e], weightRows[columns[e]]);
      }
    }
  }
}
