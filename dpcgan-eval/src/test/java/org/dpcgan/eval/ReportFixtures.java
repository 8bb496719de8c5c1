package org.dpcgan.eval;


/** The evaluated report of {@link ReportFormatsTest}, for tests in other packages. */
public final class ReportFixtures {
  private ReportFixtures() {}

  /** A report with a guarantee, an analysis and rules, evaluated once. */
  public static EvaluationReport report() {
    return ReportFormatsTest.report();
  }
}
