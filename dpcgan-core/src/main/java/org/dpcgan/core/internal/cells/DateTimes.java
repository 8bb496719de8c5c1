package org.dpcgan.core.internal.cells;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** Parsing and formatting of datetime columns: a value is an instant in epoch seconds (UTC). */
public final class DateTimes {
  private DateTimes() {}

  public static DateTimeFormatter formatter(String column, String pattern) {
    try {
      return DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "format of datetime column '" + column + "' must be a java.time pattern such as yyyy-MM-dd. Provided value: '"
              + pattern + "' (" + e.getMessage() + ")", e);
    }
  }

  /** True when the pattern has no time-of-day fields, so values are dates. */
  public static boolean isDateOnly(DateTimeFormatter f) {
    TemporalAccessor probe = f.parse(f.format(LocalDateTime.of(2001, 2, 3, 4, 5, 6)));
    return !probe.isSupported(ChronoField.HOUR_OF_DAY) && !probe.isSupported(ChronoField.CLOCK_HOUR_OF_AMPM)
        && !probe.isSupported(ChronoField.HOUR_OF_AMPM);
  }

  /** Parses text to a LocalDateTime (dates at midnight); throws DateTimeParseException on mismatch. */
  public static LocalDateTime parse(String text, DateTimeFormatter f, boolean dateOnly) {
    return dateOnly ? LocalDate.parse(text, f).atStartOfDay() : LocalDateTime.parse(text, f);
  }

  public static double toEpochSeconds(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() * 1e-9;
  }

  public static LocalDateTime fromEpochSeconds(double seconds) {
    long s = Math.round(seconds);
    return LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
  }

  public static boolean parses(String text, DateTimeFormatter f, boolean dateOnly) {
    try {
      parse(text, f, dateOnly);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
