package org.mmreview.intake;

import java.util.Locale;

/**
 * Where a patch stands in the series it came in, as intake could tell: the numbered patches of one
 * posting ({@code [PATCH v2 3/5]} replying in one thread), or the commits of one {@code --git A..B}
 * range. A patch on its own is {@link #NONE}. The series reviewer applies and reviews a series'
 * patches in order on one base, and holds their findings until the series ends.
 *
 * @param key what the patches of one series share and no other series has: the thread root, version
 *     and length of a posting; the range of a git walk; empty for {@link #NONE}
 * @param index the patch's number in the series, 1-based; 0 for {@link #NONE}
 * @param total how many patches the series has; 0 for {@link #NONE}
 * @param family the series family the posting belongs to (the same author and title across
 *     versions, as {@link ThreadGrouper} groups them); empty when unknown
 * @param version the posting's version (1 when not stated)
 */
public record SeriesPosition(String key, int index, int total, String family, int version) {

  public static final SeriesPosition NONE = new SeriesPosition("", 0, 0, "", 1);

  /**
   * The most patches one series holds: a longer git range is reviewed as consecutive series of this
   * many. Postings are far shorter (the mm/ corpus's longest is under 100).
   */
  public static final int MAX_PATCHES = 256;

  public SeriesPosition {
    key = key == null ? "" : key;
    family = family == null ? "" : family;
  }

  /** True when the patch belongs to a series of more than one patch. */
  public boolean inSeries() {
    return !key.isEmpty() && total > 1;
  }

  /** {@code 3/5}: as a reviewer names a patch of a series. */
  public String label() {
    return index + "/" + total;
  }

  /**
   * The position a mail patch's own headers give: a numbered patch ({@code [PATCH 2/3]}) belongs to
   * the series of its thread, whose root is the first message its {@code References:} name (the
   * cover letter, or patch 1 when there is none), else the message it replies to, else itself
   * (patch 1 without a cover letter). Mails without threading headers ({@code git format-patch}
   * without {@code --thread}) fall back on the author, version and length. The family is the author
   * and the series' title: {@code seriesTitle} when the cover letter was read, else the patch's
   * own.
   */
  public static SeriesPosition ofMail(PatchMetadata m, String seriesTitle) {
    SeriesTag tag = m.seriesTag();
    String family =
        ThreadGrouper.familyKey(m.from(), seriesTitle.isEmpty() ? m.title() : seriesTitle);
    if (!tag.numbered() || tag.index() < 1) {
      return new SeriesPosition("", 0, 0, family, tag.version());
    }
    return new SeriesPosition(key(m), tag.index(), tag.total(), family, tag.version());
  }

  /**
   * The series key of a numbered mail, the cover letter's included; empty for a mail that is not
   * numbered.
   */
  public static String key(PatchMetadata m) {
    SeriesTag tag = m.seriesTag();
    if (!tag.numbered()) {
      return "";
    }
    String root =
        !m.references().isEmpty()
            ? m.references().get(0)
            : !m.inReplyTo().isEmpty()
                ? m.inReplyTo()
                : tag.index() <= 1 && !m.messageId().isEmpty()
                    ? m.messageId()
                    : "from:" + m.from().toLowerCase(Locale.ROOT);
    return root + "|v" + tag.version() + "|" + tag.total();
  }
}
