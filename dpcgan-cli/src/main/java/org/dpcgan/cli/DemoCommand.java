package org.dpcgan.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.dpcgan.core.nn.BatchNorm1d;
import org.dpcgan.core.nn.Forward;
import org.dpcgan.core.nn.Layer;
import org.dpcgan.core.nn.Linear;
import org.dpcgan.core.nn.Mode;
import org.dpcgan.core.nn.ReLU;
import org.dpcgan.core.nn.Residual;
import org.dpcgan.core.nn.Sequential;
import org.dpcgan.core.optim.Adam;
import org.dpcgan.core.optim.AdamState;
import org.dpcgan.core.random.RandomStream;
import org.dpcgan.core.random.RandomStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpcgan demo}: for now a toy problem that exercises the hand-written neural core end to end — a
 * generator-style residual network (Linear → BatchNorm → ReLU, output concatenated with input) trained with
 * Adam to fit {@code y = sin(x₁) + x₂·x₃ − ½x₄²} on synthetic inputs — and prints its loss falling. The
 * conditional GAN issue replaces it with the real demo on the bundled Adult sample.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train a small residual network on a toy regression problem and print its loss falling.")
final class DemoCommand implements Callable<Integer> {
  private static final int FEATURES = 4;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--epochs", defaultValue = "15", description = "Training epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--rows", defaultValue = "8192", description = "Toy training rows (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--batch-size", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seed", defaultValue = "42", description = "Seed for every random stream (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (epochs < 1 || rows < 2 || batchSize < 2 || batchSize > rows) {
      throw new IllegalArgumentException("need --epochs >= 1, --rows >= 2 and 2 <= --batch-size <= --rows. Provided: "
          + "epochs=" + epochs + ", rows=" + rows + ", batch-size=" + batchSize);
    }
    PrintWriter out = spec.commandLine().getOut();
    RandomStreams streams = RandomStreams.of(seed);
    RandomStream data = streams.stream("data");
    INDArray x = data.normal(DataType.FLOAT, 0, 1, rows, FEATURES);
    INDArray y = target(x);
    INDArray xTest = data.normal(DataType.FLOAT, 0, 1, 2048, FEATURES);
    INDArray yTest = target(xTest);

    Sequential net = network(streams.stream("init"));
    AdamState adam = new Adam(2e-3, 0.9, 0.999, 1e-8, 1e-6).newState(net.parameters());
    RandomStream batches = streams.stream("batches");
    out.printf("dpcgan demo: toy regression y = sin(x1) + x2*x3 - x4^2/2, %d rows, %s%n", rows, net);
    double first = testLoss(net, xTest, yTest);
    out.printf("epoch %3d  test MSE %.4f%n", 0, first);
    double last = first;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      int[] order = permutation(rows, batches);
      for (int start = 0; start + batchSize <= rows; start += batchSize) {
        int[] rowsOfBatch = Arrays.copyOfRange(order, start, start + batchSize);
        INDArray xb = x.getRows(rowsOfBatch);
        INDArray yb = y.getRows(rowsOfBatch);
        Forward f = net.forward(xb, Mode.TRAINING, null);
        INDArray grad = f.output().sub(yb).muli(2.0 / batchSize);   // d/dŷ of mean (ŷ − y)²
        adam.step(net.backward(grad, f.cache()).parameterGrads());
      }
      last = testLoss(net, xTest, yTest);
      out.printf("epoch %3d  test MSE %.4f%n", epoch, last);
    }
    out.printf("test MSE fell from %.4f to %.4f (%.1f%% of the start)%n", first, last, 100 * last / first);
    out.flush();
    return last < first ? 0 : 1;
  }

  private static INDArray target(INDArray x) {
    INDArray c = x.getColumn(0).dup();
    INDArray y = Transforms.sin(c, false)
        .addi(x.getColumn(1).mul(x.getColumn(2)))
        .subi(x.getColumn(3).mul(x.getColumn(3)).muli(0.5));
    return y.reshape(x.size(0), 1);
  }

  private static Sequential network(RandomStream init) {
    List<Layer> layers = new ArrayList<>();
    int width = FEATURES;
    for (int i = 0; i < 2; i++) {
      layers.add(new Residual("res" + i, new Sequential("res" + i + ".block", List.of(
          new Linear("res" + i + ".fc", width, 64, DataType.FLOAT, init),
          new BatchNorm1d("res" + i + ".bn", 64, DataType.FLOAT),
          new ReLU("res" + i + ".relu")))));
      width += 64;
    }
    layers.add(new Linear("out", width, 1, DataType.FLOAT, init));
    return new Sequential("toy", layers);
  }

  private static double testLoss(Sequential net, INDArray x, INDArray y) {
    INDArray residual = net.forward(x, Mode.INFERENCE, null).output().sub(y);
    return residual.muli(residual).meanNumber().doubleValue();
  }

  private static int[] permutation(int n, RandomStream rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
