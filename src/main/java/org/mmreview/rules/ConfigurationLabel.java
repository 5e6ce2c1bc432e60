package org.mmreview.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.mmreview.cparse.Configuration;
import org.mmreview.report.Finding;
import org.mmreview.report.Fingerprint;
import org.mmreview.report.Location;

/**
 * How a finding says it lies in another configuration: its message ends with {@code [in #else of
 * CONFIG_FOO]} (every format prints the message), the branch's directive is a related location, and
 * its fingerprint is the main-configuration fingerprint tied to the configuration, so the same code
 * in the main branch and in an {@code #else} branch keep apart in a baseline while main findings
 * keep their fingerprints.
 */
public final class ConfigurationLabel {
  /** The suffix a configuration adds to a message. */
  private static final Pattern SUFFIX = Pattern.compile(" \\[in #(?:else|elif|if)[^\\]]*\\]$");

  private ConfigurationLabel() {}

  /** {@code f} as found in the region {@code region} of another configuration. */
  static Finding label(Finding f, Configuration.Region region, String directiveText) {
    List<Location> related = new ArrayList<>(f.related());
    int end = Math.max(2, directiveText.length() + 1);
    related.add(
        new Location(
            f.location().file(),
            region.directiveLine(),
            1,
            end,
            "only in the configuration " + region.label()));
    return new Finding(
        f.ruleId(),
        f.severity(),
        f.location(),
        f.patchLine(),
        f.message() + " [in " + region.label() + "]",
        related,
        f.fix(),
        f.precedent(),
        f.sourceLine(),
        f.partialContext(),
        f.origin(),
        Fingerprint.inConfiguration(f.fingerprint(), region.label()),
        f.function(),
        f.lifecycle());
  }

  /** The message without the configuration suffix, as the rule's metadata words it. */
  public static String withoutConfiguration(String message) {
    return SUFFIX.matcher(message).replaceFirst("");
  }
}
