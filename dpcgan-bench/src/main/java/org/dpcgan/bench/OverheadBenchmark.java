package org.dpcgan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dpcgan.core.internal.exec.ColumnBlocks;
import org.dpcgan.core.internal.exec.HostArrays;
import org.dpcgan.core.internal.exec.Matmul;
import org.dpcgan.core.internal.exec.SecondThread;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.nn.Sequential;
import org.dpcgan.core.internal.optim.Adam;
import org.dpcgan.core.internal.optim.AdamState;
import org.dpcgan.core.internal.random.RandomStream;
import org.dpcgan.core.internal.random.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-call costs behind choices of the training and sampling code, each against the ND4J call it
 * replaced, in a reused workspace as the trainer and the sampler run them:
 * <ul>
 *   <li>a matrix product into an uninitialised output ({@link Matmul#product}, OpenBLAS called directly)
 *       against ND4J's allocating {@code mmul} and against ND4J's {@code gemm} op into the same uninitialised
 *       output, for the generator's second residual layer [500, 488] · [488, 256];</li>
 *   <li>{@link AdamState#step} on the default critic's 716,545 parameters against ND4J's fused
 *       {@code adam_updater} op on the same arrays (plus the parameter update it leaves out);</li>
 *   <li>{@link HostArrays#of} against {@code Nd4j.create(float[], shape, 'c')} for a [1000, 128] block (one
 *       sampling pass's latent noise);</li>
 *   <li>{@link Matmul#columnSums} (one gemv) against ND4J's {@code sum(0)} on a [500, 256] activation (batch
 *       normalisation's statistics and every bias gradient);</li>
 *   <li>{@link ColumnBlocks#copy} and {@link ColumnBlocks#addInto} against ND4J's {@code dup} and {@code addi} of
 *       a column view, for the residual layer's split of a [500, 488] gradient;</li>
 *   <li>the [500, 488] · [488, 256] product with a {@link SecondThread} helper against the same product on one
 *       thread ({@link #productUninitialised}).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OverheadBenchmark {
  private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
      .initialSize(64L << 20).policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.NONE).build();

  private INDArray activations;
  private INDArray weight;
  private AdamState adam;
  private List<INDArray> grads;
  private List<INDArray> updaterM;
  private List<INDArray> updaterV;
  private List<INDArray> updates;
  private List<INDArray> updaterParams;
  private long updaterSteps;
  private float[] block;
  private INDArray hidden;
  private INDArray skipTarget;
  private SecondThread products;

  @Setup
  public void setUp() {
    RandomStream rng = RandomStreams.of(3).stream("overhead");
    activations = rng.normal(DataType.FLOAT, 0, 1, 500, 488);
    weight = rng.normal(DataType.FLOAT, 0, 0.05, 488, 256);
    Checks.close("Matmul.product vs mmul", Matmul.product(activations, weight, false, false),
        activations.mmul(weight), 1e-4);

    Sequential critic = NetworkShapes.discriminator(2540, rng.child("critic"));
    adam = Adam.ctganDefaults().newState(critic.parameters());
    grads = new ArrayList<>();
    updaterM = new ArrayList<>();
    updaterV = new ArrayList<>();
    updates = new ArrayList<>();
    updaterParams = new ArrayList<>();
    for (Parameter p : critic.parameters()) {
      grads.add(rng.normal(DataType.FLOAT, 0, 1, p.value().shape()));
      updaterM.add(Nd4j.zeros(DataType.FLOAT, p.value().shape()));
      updaterV.add(Nd4j.zeros(DataType.FLOAT, p.value().shape()));
      updates.add(Nd4j.zeros(DataType.FLOAT, p.value().shape()));
      updaterParams.add(p.value().dup());
    }
    block = new float[1000 * 128];
    for (int i = 0; i < block.length; i++) {
      block[i] = i % 97 - 48;
    }
    try (MemoryWorkspace ws = workspace()) {
      Checks.close("HostArrays.of vs Nd4j.create", HostArrays.of(block, 1000, 128),
          Nd4j.create(block, new long[] {1000, 128}, 'c'), 0);
    }
    hidden = rng.normal(DataType.FLOAT, 0, 1, 500, 256);
    skipTarget = rng.normal(DataType.FLOAT, 0, 1, 500, 232);
    Checks.close("columnSums vs sum(0)", Matmul.columnSums(hidden, 1), hidden.sum(0), 1e-3);
    Checks.close("ColumnBlocks.copy vs dup", ColumnBlocks.copy(activations, 256, 488),
        activations.get(NDArrayIndex.all(), NDArrayIndex.interval(256, 488)).dup(), 0);
    try (SecondThread check = SecondThread.open(true)) {
      Checks.close("split product vs product", Matmul.product(activations, weight, false, false, check),
          activations.mmul(weight), 1e-4);
    }
  }

  @TearDown
  public void tearDown() {
    if (products != null) {
      products.close();
    }
    Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
  }

  private static MemoryWorkspace workspace() {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "dpcgan-overhead-benchmark");
  }

  @Benchmark
  public double productUninitialised() {
    try (MemoryWorkspace ws = workspace()) {
      return Matmul.product(activations, weight, false, false).getDouble(0);
    }
  }

  @Benchmark
  public double productZeroFilledMmul() {
    try (MemoryWorkspace ws = workspace()) {
      return activations.mmul(weight).getDouble(0);
    }
  }

  @Benchmark
  public double productNd4jGemmOp() {
    try (MemoryWorkspace ws = workspace()) {
      INDArray out = Nd4j.createUninitialized(DataType.FLOAT, activations.size(0), weight.size(1));
      Nd4j.gemm(activations, weight, out, false, false, 1.0, 0.0);
      return out.getDouble(0);
    }
  }

  /** The trial's helper is opened on the first call, on the benchmark's own thread. */
  @Benchmark
  public double productSplitOverTwoThreads() {
    if (products == null) {
      products = SecondThread.open(true);
    }
    try (MemoryWorkspace ws = workspace()) {
      return Matmul.product(activations, weight, false, false, products).getDouble(0);
    }
  }

  @Benchmark
  public double columnSumsGemv() {
    try (MemoryWorkspace ws = workspace()) {
      return Matmul.columnSums(hidden, 1).getDouble(0);
    }
  }

  @Benchmark
  public double columnSumsNd4j() {
    try (MemoryWorkspace ws = workspace()) {
      return hidden.sum(0).getDouble(0);
    }
  }

  @Benchmark
  public double columnBlockCopyAndAdd() {
    try (MemoryWorkspace ws = workspace()) {
      INDArray inner = ColumnBlocks.copy(activations, 0, 256);
      return ColumnBlocks.addInto(skipTarget.dup(), activations, 256).getDouble(0) + inner.getDouble(0);
    }
  }

  @Benchmark
  public double columnBlockNd4jViews() {
    try (MemoryWorkspace ws = workspace()) {
      INDArray inner = activations.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 256)).dup();
      INDArray skip = activations.get(NDArrayIndex.all(), NDArrayIndex.interval(256, 488));
      return skipTarget.dup().addi(skip).getDouble(0) + inner.getDouble(0);
    }
  }

  @Benchmark
  public AdamState adamHostLoop() {
    adam.step(grads);
    return adam;
  }

  @Benchmark
  public INDArray adamFusedNd4jUpdater() {
    updaterSteps++;
    double b2 = 1 - Math.pow(0.9, updaterSteps);
    for (int i = 0; i < grads.size(); i++) {
      Nd4j.exec(new AdamUpdater(grads.get(i), updaterV.get(i), updaterM.get(i), updates.get(i), updaterV.get(i),
          updaterM.get(i), 2e-4, 0.5, 0.9, 1e-8 * Math.sqrt(b2), (int) (updaterSteps - 1)));
      updaterParams.get(i).muli(1 - 2e-4 * 1e-6).subi(updates.get(i));
    }
    return updaterParams.get(0);
  }

  @Benchmark
  public double copyHostArrays() {
    try (MemoryWorkspace ws = workspace()) {
      return HostArrays.of(block, 1000, 128).getDouble(0);
    }
  }

  @Benchmark
  public double copyNd4jCreate() {
    try (MemoryWorkspace ws = workspace()) {
      return Nd4j.create(block, new long[] {1000, 128}, 'c').getDouble(0);
    }
  }
}
