package org.mmreview.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where a report goes and how it looks: {@code --output}, {@code --quiet}, {@code --color}. */
final class ReportOptions {

  /** When colour is used. */
  enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Write the report to FILE (replaced when the run ends, never left half-written).")
  Path output;

  @Option(
      names = {"-q", "--quiet"},
      description = "For hooks: no summary line and no notes on stderr; findings and errors only.")
  boolean quiet;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      converter = ColorModeConverter.class,
      description = "Colour the human format: auto (a terminal and no NO_COLOR), always or never.")
  ColorMode color;

  /**
   * Whether to colour: {@code always} and {@code never} as said; {@code auto} only when the report
   * goes to a terminal and {@code NO_COLOR} is not set to a non-empty value (no-color.org).
   */
  boolean colour(Host host) {
    return switch (color) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO ->
          output == null && host.stdoutIsTerminal() && host.getenv("NO_COLOR").orElse("").isEmpty();
    };
  }

  /** Accepts {@code auto}, {@code always}, {@code never} in any case. */
  static final class ColorModeConverter implements ITypeConverter<ColorMode> {
    @Override
    public ColorMode convert(String value) {
      try {
        return ColorMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "--color must be auto, always or never; got '" + value + "'");
      }
    }
  }
}
