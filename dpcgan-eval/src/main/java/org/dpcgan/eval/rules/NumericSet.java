package org.dpcgan.eval.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A set of real numbers as a sorted union of disjoint intervals, each end open or closed; what a numeric
 * column may still take while the satisfiability check narrows it.
 */
final class NumericSet {
  private record Interval(double lo, boolean loClosed, double hi, boolean hiClosed) {
    boolean empty() {
      return lo > hi || (lo == hi && !(loClosed && hiClosed));
    }
  }

  private static final NumericSet EMPTY = new NumericSet(List.of());

  private final List<Interval> intervals;

  private NumericSet(List<Interval> intervals) {
    this.intervals = intervals;
  }

  static NumericSet range(double min, double max) {
    return of(new Interval(min, Double.isFinite(min), max, Double.isFinite(max)));
  }

  static NumericSet all() {
    return range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** The numbers x with {@code x op value}. */
  static NumericSet compare(Op op, double value) {
    double inf = Double.POSITIVE_INFINITY;
    return switch (op) {
      case EQ -> of(new Interval(value, true, value, true));
      case NE -> of(new Interval(-inf, false, value, false)).union(of(new Interval(value, false, inf, false)));
      case LT -> of(new Interval(-inf, false, value, false));
      case LE -> of(new Interval(-inf, false, value, true));
      case GT -> of(new Interval(value, false, inf, false));
      case GE -> of(new Interval(value, true, inf, false));
      case IN, NOT_IN -> throw new IllegalArgumentException("use points() for set membership");
    };
  }

  static NumericSet points(double[] values) {
    List<Interval> out = new ArrayList<>();
    for (double v : values) {
      out.add(new Interval(v, true, v, true));
    }
    return normalised(out);
  }

  private static NumericSet of(Interval i) {
    return normalised(List.of(i));
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  /** The greatest lower bound (+∞ when empty). */
  double inf() {
    return intervals.isEmpty() ? Double.POSITIVE_INFINITY : intervals.get(0).lo();
  }

  /** The least upper bound (−∞ when empty). */
  double sup() {
    return intervals.isEmpty() ? Double.NEGATIVE_INFINITY : intervals.get(intervals.size() - 1).hi();
  }

  NumericSet intersect(NumericSet other) {
    List<Interval> out = new ArrayList<>();
    for (Interval a : intervals) {
      for (Interval b : other.intervals) {
        double lo = Math.max(a.lo(), b.lo());
        double hi = Math.min(a.hi(), b.hi());
        boolean loClosed = a.lo() == b.lo() ? a.loClosed() && b.loClosed() : (a.lo() > b.lo() ? a.loClosed() : b.loClosed());
        boolean hiClosed = a.hi() == b.hi() ? a.hiClosed() && b.hiClosed() : (a.hi() < b.hi() ? a.hiClosed() : b.hiClosed());
        out.add(new Interval(lo, loClosed, hi, hiClosed));
      }
    }
    return normalised(out);
  }

  NumericSet union(NumericSet other) {
    List<Interval> out = new ArrayList<>(intervals);
    out.addAll(other.intervals);
    return normalised(out);
  }

  NumericSet complement() {
    List<Interval> out = new ArrayList<>();
    double lo = Double.NEGATIVE_INFINITY;
    boolean loClosed = false;
    for (Interval i : intervals) {
      out.add(new Interval(lo, loClosed, i.lo(), !i.loClosed() && Double.isFinite(i.lo())));
      lo = i.hi();
      loClosed = !i.hiClosed() && Double.isFinite(i.hi());
    }
    out.add(new Interval(lo, loClosed, Double.POSITIVE_INFINITY, false));
    return normalised(out);
  }

  /** Whether every member of this set is in {@code other}. */
  boolean within(NumericSet other) {
    return intersect(other.complement()).isEmpty();
  }

  /** Sorted, empty intervals dropped, overlapping or touching ones merged: one form per set. */
  private static NumericSet normalised(List<Interval> in) {
    List<Interval> sorted = new ArrayList<>();
    for (Interval i : in) {
      if (!i.empty()) {
        sorted.add(i);
      }
    }
    sorted.sort(Comparator.comparingDouble(Interval::lo).thenComparing(i -> !i.loClosed()));
    List<Interval> out = new ArrayList<>();
    for (Interval i : sorted) {
      if (!out.isEmpty()) {
        Interval last = out.get(out.size() - 1);
        boolean touches = last.hi() > i.lo() || (last.hi() == i.lo() && (last.hiClosed() || i.loClosed()));
        if (touches) {
          boolean sameEnd = last.hi() == i.hi();
          double hi = Math.max(last.hi(), i.hi());
          boolean hiClosed = sameEnd ? last.hiClosed() || i.hiClosed() : (last.hi() > i.hi() ? last.hiClosed() : i.hiClosed());
          out.set(out.size() - 1, new Interval(last.lo(), last.loClosed(), hi, hiClosed));
          continue;
        }
      }
      out.add(i);
    }
    return out.isEmpty() ? EMPTY : new NumericSet(List.copyOf(out));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumericSet other && intervals.equals(other.intervals);
  }

  @Override
  public int hashCode() {
    return intervals.hashCode();
  }

  @Override
  public String toString() {
    if (intervals.isEmpty()) {
      return "{}";
    }
    List<String> parts = new ArrayList<>();
    for (Interval i : intervals) {
      parts.add(i.lo() == i.hi()
          ? "{" + fmt(i.lo()) + "}"
          : (i.loClosed() ? "[" : "(") + fmt(i.lo()) + ", " + fmt(i.hi()) + (i.hiClosed() ? "]" : ")"));
    }
    return String.join(" ∪ ", parts);
  }

  private static String fmt(double x) {
    return Double.isInfinite(x) ? (x > 0 ? "∞" : "−∞")
        : x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : String.format(Locale.ROOT, "%s", x);
  }
}
