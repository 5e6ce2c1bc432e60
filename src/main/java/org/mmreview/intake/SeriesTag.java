package org.mmreview.intake;

import java.util.List;

/**
 * What the bracketed subject tags say: {@code [RFC PATCH mm-unstable v3 2/5]}.
 *
 * @param version series version, 1 when not stated
 * @param index position in the series (0 = cover letter), 0 when not numbered
 * @param total series length, 0 when not numbered
 * @param patch a PATCH tag was present
 * @param prefixes other words in the tags ({@code mm-unstable}, {@code net-next}, ...)
 */
public record SeriesTag(
    int version,
    int index,
    int total,
    boolean rfc,
    boolean resend,
    boolean patch,
    List<String> prefixes) {

  public static final SeriesTag NONE = new SeriesTag(1, 0, 0, false, false, false, List.of());

  public SeriesTag {
    prefixes = List.copyOf(prefixes);
  }

  public boolean numbered() {
    return total > 0;
  }

  public boolean isCoverLetter() {
    return total > 0 && index == 0;
  }
}
