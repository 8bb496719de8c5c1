package org.dpcgan.core.internal.loss;

import java.util.Arrays;
import java.util.List;
import org.dpcgan.core.internal.exec.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CTGAN's conditional generator loss (Xu et al. 2019, {@code CTGAN._cond_loss}), generalised to several hot
 * condition blocks per row (DP-CGAN's pair conditioning):
 * {@code L = (1/B) Σ_i Σ_j m_ij · CE(logits_i[span_j], argmax cond_i[block_j])}, where {@code m [B, J]} marks
 * which of the J condition blocks are active in row i and CE is the softmax cross-entropy on the raw
 * (pre-activation) logits. Gradient: {@code ∂L/∂logits_i[span_j] = m_ij·(softmax − onehot)/B}, zero outside the
 * conditioned spans.
 *
 * <p>Each mapping is an explicit index pair (condition offset, output offset) with the block width. Active
 * condition blocks must be one-hot (the maximum of the block is its target class).
 */
public final class ConditionalCrossEntropy {
  /**
   * Condition block {@code [conditionOffset, conditionOffset + width)} of the condition vector maps to output
   * span {@code [outputOffset, outputOffset + width)} of the generator logits.
   */
  public record Block(int conditionOffset, int outputOffset, int width) {
    public Block {
      if (conditionOffset < 0) {
        throw new IllegalArgumentException("conditionOffset must be >= 0. Provided value: " + conditionOffset);
      }
      if (outputOffset < 0) {
        throw new IllegalArgumentException("outputOffset must be >= 0. Provided value: " + outputOffset);
      }
      if (width <= 0) {
        throw new IllegalArgumentException("width must be > 0. Provided value: " + width);
      }
    }

    @Override
    public String toString() {
      return "Block[cond " + conditionOffset + "→out " + outputOffset + ", width " + width + "]";
    }
  }

  /** The loss value and its gradient with respect to the logits [B, W]. */
  public record Result(double value, INDArray logitsGrad) {
    @Override
    public String toString() {
      return "ConditionalCrossEntropy.Result[value=" + value + "]";
    }
  }

  private final List<Block> blocks;

  public ConditionalCrossEntropy(List<Block> blocks) {
    if (blocks == null || blocks.isEmpty()) {
      throw new IllegalArgumentException("ConditionalCrossEntropy needs at least one block. Provided: " + blocks);
    }
    this.blocks = List.copyOf(blocks);
  }

  public List<Block> blocks() {
    return blocks;
  }

  /**
   * @param logits generator pre-activation output [B, W]
   * @param condition condition vectors [B, K]
   * @param activeMask 1 where block j is conditioned on in row i, else 0 [B, J]
   */
  public Result compute(INDArray logits, INDArray condition, INDArray activeMask) {
    validate(logits, condition, activeMask);
    // Plain loops over host copies: the blocks are narrow, so per-block ND4J ops (about 18 per block) would cost
    // far more in overhead than the arithmetic.
    int rows = (int) logits.size(0);
    int width = (int) logits.size(1);
    int conditionWidth = (int) condition.size(1);
    int blockCount = blocks.size();
    double[] z = HostArrays.doubles(logits);
    double[] c = HostArrays.doubles(condition);
    double[] m = HostArrays.doubles(activeMask);
    double[] grad = new double[z.length];
    double[] p = new double[blocks.stream().mapToInt(Block::width).max().orElseThrow()];
    double total = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < blockCount; j++) {
        double mask = m[i * blockCount + j];
        if (mask == 0) {
          continue;
        }
        Block block = blocks.get(j);
        int k = block.width();
        int zo = i * width + block.outputOffset();
        int co = i * conditionWidth + block.conditionOffset();
        double zMax = Double.NEGATIVE_INFINITY;
        double cMax = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < k; t++) {
          zMax = Math.max(zMax, z[zo + t]);
          cMax = Math.max(cMax, c[co + t]);
        }
        double sum = 0;
        for (int t = 0; t < k; t++) {
          p[t] = Math.exp(z[zo + t] - zMax);
          sum += p[t];
        }
        double picked = 0;                                  // the target logit: the block's argmax (one-hot)
        for (int t = 0; t < k; t++) {
          double target = c[co + t] >= cMax ? 1 : 0;
          picked += target * z[zo + t];
          grad[zo + t] += mask * (p[t] / sum - target) / rows;
        }
        total += mask * (zMax + Math.log(sum) - picked);     // log-sum-exp − target logit
      }
    }
    return new Result(total / rows, HostArrays.of(grad, logits.dataType(), logits.shape()));
  }

  private void validate(INDArray logits, INDArray condition, INDArray activeMask) {
    if (logits == null || logits.rank() != 2 || !logits.dataType().isFPType()) {
      throw new IllegalArgumentException(
          "ConditionalCrossEntropy: logits must be a floating-point [B, W] matrix. Provided: " + describe(logits));
    }
    long rows = logits.size(0);
    if (condition == null || condition.rank() != 2 || condition.size(0) != rows
        || condition.dataType() != logits.dataType()) {
      throw new IllegalArgumentException("ConditionalCrossEntropy: condition must be [" + rows + ", K] of dtype "
          + logits.dataType() + ". Provided: " + describe(condition));
    }
    if (activeMask == null || activeMask.rank() != 2 || activeMask.size(0) != rows
        || activeMask.size(1) != blocks.size() || activeMask.dataType() != logits.dataType()) {
      throw new IllegalArgumentException("ConditionalCrossEntropy: activeMask must be [" + rows + ", "
          + blocks.size() + "] of dtype " + logits.dataType() + ". Provided: " + describe(activeMask));
    }
    for (Block b : blocks) {
      if (b.outputOffset() + b.width() > logits.size(1) || b.conditionOffset() + b.width() > condition.size(1)) {
        throw new IllegalArgumentException("ConditionalCrossEntropy: " + b + " does not fit logits "
            + describe(logits) + " and condition " + describe(condition));
      }
    }
  }

  private static String describe(INDArray a) {
    return a == null ? "null" : a.dataType() + Arrays.toString(a.shape());
  }

  @Override
  public String toString() {
    return "ConditionalCrossEntropy[" + blocks.size() + " blocks]";
  }
}
