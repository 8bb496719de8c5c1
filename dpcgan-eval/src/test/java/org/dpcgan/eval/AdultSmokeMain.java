package org.dpcgan.eval;

import tech.tablesaw.api.Table;

/** Manual smoke run (not a test): timing of the parts on Adult train vs test split. */
public final class AdultSmokeMain {
  public static void main(String[] args) throws Exception {
    Table adult = TestData.adult();
    Table train = adult.inRange(0, TestData.ADULT_TRAIN_ROWS);
    Table test = adult.inRange(TestData.ADULT_TRAIN_ROWS, adult.rowCount());
    EncodedTables t = EncodedTables.encode(train, train, test, java.util.Map.of());
    for (int rep = 0; rep < 2; rep++) {
      long t0 = System.nanoTime();
      var dcr = org.dpcgan.eval.distance.DcrEvaluator.evaluate(t);
      long t1 = System.nanoTime();
      var so = org.dpcgan.eval.privacy.SinglingOutAttack.run(t, java.util.stream.IntStream.range(0, 15).toArray(), 1000, 0.01, new java.util.SplittableRandom(1));
      long t2 = System.nanoTime();
      System.out.println("dcr " + (t1 - t0) / 1e9 + " s, singling " + (t2 - t1) / 1e9 + " s " + dcr + so);
    }
  }
}
