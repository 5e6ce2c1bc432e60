package org.mmreview.cparse;

import java.util.List;
import java.util.Optional;

/**
 * A configuration of a file other than the main one (see {@link ConditionalTree}): which {@code
 * #if} branches it takes instead, and the lines only it shows, each with the branches that put it
 * there ({@code #else of CONFIG_FOO}).
 *
 * @param name the branches taken instead of the main ones, as a reader names them
 * @param regions the lines shown only in this configuration; a nested region follows the one
 *     holding it
 */
public record Configuration(String name, List<Region> regions) {
  public Configuration {
    regions = List.copyOf(regions);
  }

  /**
   * Lines {@code [beginLine, endLine]} shown only in this configuration.
   *
   * @param label the branches (outermost first) that show them: {@code #else of CONFIG_FOO}
   * @param directiveLine the line of the innermost of those branches' directive
   */
  public record Region(int beginLine, int endLine, String label, int directiveLine) {}

  /** The innermost region holding {@code line}, when only this configuration shows it. */
  public Optional<Region> regionAt(int line) {
    Region found = null;
    for (Region r : regions) {
      if (r.beginLine() <= line && line <= r.endLine()) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }
}
