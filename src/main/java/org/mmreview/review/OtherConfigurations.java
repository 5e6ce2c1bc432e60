package org.mmreview.review;

import java.util.List;
import java.util.function.Supplier;
import org.mmreview.cparse.ConfigurationParse;

/**
 * A whole file's configurations other than the main one ({@code #else} and {@code #elif} branches),
 * parsed on first use, for the file and for its pre-image (so a finding in an {@code #else} branch
 * can be told pre-existing too).
 *
 * @param post the reviewed file's other configurations
 * @param pre the pre-image's other configurations
 */
public record OtherConfigurations(
    Supplier<List<ConfigurationParse>> post, Supplier<List<ConfigurationParse>> pre) {
  /** No other configuration: hunks only, or a file with no {@code #else}. */
  public static final OtherConfigurations NONE = new OtherConfigurations(List::of, List::of);
}
