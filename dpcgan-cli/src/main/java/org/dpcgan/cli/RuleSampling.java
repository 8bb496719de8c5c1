package org.dpcgan.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dpcgan.core.data.ColumnKind;
import org.dpcgan.core.synth.ColumnDescription;
import org.dpcgan.core.synth.Condition;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.eval.rules.ColumnDomain;
import org.dpcgan.eval.rules.Rules;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reject-and-redraw sampling under plausibility rules ({@link Rules}): the model's streamed blocks are filtered to
 * the rows that break no rule, and more rows are drawn until {@code n} pass. Under DP the rules are public knowledge
 * (declared by the user, never learnt from the data), so the filtering is post-processing and spends no budget.
 *
 * <p>The first round draws the model's own sample ({@code n} rows from its sampling seed), so rules that every row
 * satisfies leave the output of {@code dpcgan sample} unchanged; each later round draws from a seed derived from it,
 * as many rows as the acceptance rate so far suggests are missing. Memory holds one block at a time. Like
 * conditional sampling, it gives up after drawing {@value #MAX_DRAWN_FACTOR} × max(n, {@value #MIN_BUDGET}) rows,
 * that is when fewer than about 1 drawn row in {@value #MAX_DRAWN_FACTOR} passes.
 */
final class RuleSampling {
  /** Rows drawn at most, per row asked for: below a 1-in-20 acceptance rate, sampling gives up. */
  static final int MAX_DRAWN_FACTOR = 20;
  /** The budget's floor in rows asked for, so that a small sample is not refused over a few unlucky rows. */
  static final int MIN_BUDGET = 1000;
  /** A later round draws this much more than the acceptance rate so far suggests, to end in one more round. */
  private static final double ROUND_MARGIN = 1.2;

  private RuleSampling() {}

  /**
   * What a rule-filtered sample took.
   *
   * @param written rows that satisfy the rules, written
   * @param drawn rows examined to find them
   */
  record Result(long written, long drawn) {
    /** The share of the examined rows that satisfy the rules. */
    double acceptanceRate() {
      return drawn == 0 ? Double.NaN : (double) written / drawn;
    }
  }

  /**
   * The domains rules are checked against before sampling: each discrete column's levels and each numeric
   * column's declared bounds (unbounded when none is declared). Datetime and id columns are left out: rules cannot
   * name them when sampling.
   */
  static List<ColumnDomain> domains(TrainedSynthesizer model) {
    List<ColumnDomain> out = new ArrayList<>();
    for (ColumnDescription c : model.columns()) {
      if (c.kind().isDiscrete()) {
        out.add(ColumnDomain.categorical(c.name(), c.levels()));
      } else if (c.kind().isNumeric() && c.kind() != ColumnKind.DATETIME) {
        out.add(ColumnDomain.numeric(c.name(), c.lower() == null ? Double.NEGATIVE_INFINITY : c.lower(),
            c.upper() == null ? Double.POSITIVE_INFINITY : c.upper()));
      }
    }
    return out;
  }

  /**
   * Hands {@code out} blocks of rows of {@code model} that break no rule, {@code n} in all, then returns what it
   * took. Empty blocks are not handed over.
   *
   * @throws IllegalStateException saying the acceptance rate when fewer than {@code n} rows pass within the budget
   */
  static Result sample(TrainedSynthesizer model, Rules rules, String rulesName, long n, Consumer<Table> out,
      Condition... conditions) {
    long budget = (long) MAX_DRAWN_FACTOR * Math.max(n, MIN_BUDGET);
    List<String> ids = model.columns().stream().filter(c -> c.kind() == ColumnKind.ID)
        .map(ColumnDescription::name).toList();
    Filter filter = new Filter(rules, n, budget, ids, out);
    SplittableRandom seeds = new SplittableRandom(model.samplingSeed());
    for (int round = 0; filter.written < n && filter.drawn < budget; round++) {
      TrainedSynthesizer draw = round == 0 ? model : model.withSamplingSeed(seeds.nextLong());
      long want = round == 0 ? n : filter.nextRound();
      try {
        draw.sample(want, filter, conditions);
      } catch (Filter.Done done) {
        // enough rows, or the budget is spent: the rest of this round is not needed
      }
    }
    if (filter.written < n) {
      throw new IllegalStateException(String.format(Locale.ROOT, "the rules of %s accept too few of the rows the"
          + " model draws%s: %d of %d drawn rows (%.2f%%) satisfy them, and sampling gives up after %d drawn rows"
          + " (%d × max(--rows, %d): an acceptance rate below 1 in %d); %d of the %d requested rows were found."
          + " Check each rule's violations on a plain sample ('dpcgan evaluate --rules'), loosen the rules or train"
          + " longer", rulesName, conditions.length == 0 ? "" : " with " + Arrays.toString(conditions),
          filter.written, filter.drawn, 100.0 * filter.written / filter.drawn, budget, MAX_DRAWN_FACTOR, MIN_BUDGET,
          MAX_DRAWN_FACTOR, filter.written, n));
    }
    return new Result(filter.written, filter.drawn);
  }

  /** The consumer of the model's blocks: keeps the rows that pass, renumbers id columns, stops when done. */
  private static final class Filter implements Consumer<Table> {
    private final Rules rules;
    private final long n;
    private final long budget;
    private final List<String> ids;
    private final Consumer<Table> out;
    long written;
    long drawn;

    Filter(Rules rules, long n, long budget, List<String> ids, Consumer<Table> out) {
      this.rules = rules;
      this.n = n;
      this.budget = budget;
      this.ids = ids;
      this.out = out;
    }

    /** Rows to ask for next: what the acceptance rate so far needs, with a margin, within the budget. */
    long nextRound() {
      long left = budget - drawn;
      if (written == 0) {
        return left;
      }
      double needed = (n - written) * ROUND_MARGIN * drawn / written;
      return Math.max(1, Math.min(left, Math.max(MIN_BUDGET, (long) Math.ceil(needed))));
    }

    @Override
    public void accept(Table block) {
      boolean[] ok = rules.satisfied(block);
      int[] keep = new int[ok.length];
      int kept = 0;
      int examined = 0;
      while (examined < ok.length && written + kept < n && drawn + examined < budget) {
        if (ok[examined++]) {
          keep[kept++] = examined - 1;
        }
      }
      drawn += examined;
      if (kept > 0) {
        Table rows = block.rows(Arrays.copyOf(keep, kept));
        for (String id : ids) {   // fresh row numbers, as an unfiltered sample has
          String[] numbers = new String[kept];
          for (int i = 0; i < kept; i++) {
            numbers[i] = Long.toString(written + i + 1);
          }
          rows.replaceColumn(id, StringColumn.create(id, numbers));
        }
        written += kept;
        out.accept(rows);
      }
      if (written == n || drawn == budget) {
        throw new Done();
      }
    }

    /** Stops the model's sampling once enough rows passed or the budget is spent. */
    static final class Done extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Done() {
        super(null, null, false, false);
      }
    }
  }
}
