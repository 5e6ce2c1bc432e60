package org.mmreview.intake;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lenient RFC 2822 date reading. Archives hold dates with impossible offsets ({@code +2100}); those
 * keep their wall-clock time at UTC and are reported, never thrown.
 */
final class MailDates {
  private static final Pattern DATE =
      Pattern.compile(
          "(?:[A-Za-z]{3},?\\s+)?(\\d{1,2})\\s+([A-Za-z]{3})[a-z]*\\s+(\\d{2,4})\\s+"
              + "(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?\\s*([+-]\\d{4}|[A-Za-z]{1,5})?");
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final Map<String, Integer> ZONES =
      Map.of(
          "UT", 0, "GMT", 0, "UTC", 0, "EST", -5, "EDT", -4, "CST", -6, "CDT", -5, "MST", -7, "MDT",
          -6, "PST", -8);

  /** A parsed date and, when something was off, what. */
  record Parsed(Optional<OffsetDateTime> date, Optional<String> problem) {}

  private MailDates() {}

  static Parsed parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return new Parsed(Optional.empty(), Optional.of("missing Date header"));
    }
    Matcher m = DATE.matcher(raw);
    if (!m.find()) {
      return new Parsed(Optional.empty(), Optional.of("unparsable Date '" + raw.strip() + "'"));
    }
    try {
      int day = Integer.parseInt(m.group(1));
      int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
      int year = Integer.parseInt(m.group(3));
      if (year < 50) {
        year += 2000;
      } else if (year < 100) {
        year += 1900;
      }
      int hour = Integer.parseInt(m.group(4));
      int minute = Integer.parseInt(m.group(5));
      int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      if (month == 0) {
        return new Parsed(Optional.empty(), Optional.of("unparsable Date '" + raw.strip() + "'"));
      }
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
      String zone = m.group(7);
      if (zone == null) {
        return new Parsed(Optional.of(local.atOffset(ZoneOffset.UTC)), Optional.empty());
      }
      if (zone.startsWith("+") || zone.startsWith("-")) {
        int sign = zone.startsWith("-") ? -1 : 1;
        int hh = Integer.parseInt(zone.substring(1, 3));
        int mm = Integer.parseInt(zone.substring(3, 5));
        if (hh > 14 || mm >= 60) {
          return new Parsed(
              Optional.of(local.atOffset(ZoneOffset.UTC)),
              Optional.of("invalid timezone offset " + zone + " (taken as +0000)"));
        }
        return new Parsed(
            Optional.of(local.atOffset(ZoneOffset.ofHoursMinutes(sign * hh, sign * mm))),
            Optional.empty());
      }
      Integer h = ZONES.get(zone.toUpperCase(Locale.ROOT));
      return new Parsed(
          Optional.of(local.atOffset(ZoneOffset.ofHours(h == null ? 0 : h))), Optional.empty());
    } catch (DateTimeException | NumberFormatException e) {
      return new Parsed(Optional.empty(), Optional.of("invalid Date '" + raw.strip() + "'"));
    }
  }
}
