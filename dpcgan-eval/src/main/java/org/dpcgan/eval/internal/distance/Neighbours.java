package org.dpcgan.eval.internal.distance;

/**
 * The {@code k} nearest reference rows of each query row, nearest first; ties go to the lower reference index.
 *
 * @param indices {@code indices[q][t]}: reference row index of the t-th nearest neighbour of query q
 * @param distances {@code distances[q][t]}: its distance
 */
public record Neighbours(int[][] indices, double[][] distances) {
  /** Number of query rows. */
  public int queries() {
    return indices.length;
  }

  /** Distance of query {@code q} to its nearest reference row. */
  public double nearest(int q) {
    return distances[q][0];
  }

  @Override
  public String toString() {
    return "Neighbours[" + indices.length + " queries, k=" + (indices.length == 0 ? 0 : indices[0].length) + "]";
  }
}
