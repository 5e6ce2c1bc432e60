package org.mmreview.series;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.mmreview.intake.Patch;
import org.mmreview.report.Finding;
import org.mmreview.report.Lifecycle;
import org.mmreview.rules.SeriesContext;

/**
 * Reviews a series as a series: its patches in order, each by {@link PatchReviewer}, and a finding
 * that patch k introduced and a later patch m of the same series removed is told as {@code
 * fixed-later}, an info on patch k saying "fixed by patch m/n" ({@link Finding#fixedBy()}), so the
 * author of patch k is not blamed for what the series itself repairs.
 *
 * <p>The patches must come with their images applied in series order, each over the tree the
 * patches before it left: {@code PatchSource} does this for an mbox, a thread of an inbox, several
 * patch files and {@code --git A..B} (whose commits' parents already are that tree). A patch
 * without images (no base) is reviewed from its hunks; what a later patch fixed is then judged on
 * the two sides of that patch's hunks.
 *
 * <p>Two ways to use it:
 *
 * <pre>{@code
 * // a whole series at hand (the audit, the bot): one review per patch, in order
 * List<PatchReview> reviews = new SeriesReviewer(patchReviewer).review(patches, path -> true);
 *
 * // patches arriving one at a time (check): tell each patch's problems as it comes,
 * // emit the findings when the series ends
 * SeriesReviewer.Series s = seriesReviewer.start(total, path -> true);
 * PatchReview now = s.add(patch);      // problems and contexts final; findings may change
 * if (s.complete()) emit(s.finish());  // every patch's final review, in order
 * }</pre>
 *
 * <p>Each patch's rules also see what the patches before it added ({@link SeriesContext}): an
 * explanation a patch drops may have moved into a helper an earlier patch added.
 *
 * <p>Memory is bounded by one series: its reviews, the fingerprints (by file) of findings not yet
 * fixed, and the lines its patches added. Not thread-safe, like the reviewer under it.
 */
public final class SeriesReviewer {
  private final PatchReviewer reviewer;

  public SeriesReviewer(PatchReviewer reviewer) {
    this.reviewer = reviewer;
  }

  /**
   * Reviews the patches of one series in order ({@code patches.get(0)} is patch 1/n, whatever
   * numbers their subjects carry) and returns one review per patch, in the same order, each finding
   * labelled {@code introduced}, {@code pre-existing} or {@code fixed-later}.
   */
  public List<PatchReview> review(List<Patch> patches, Predicate<String> selects) {
    Series s = new Series(patches.size(), selects, true);
    patches.forEach(s::add);
    return s.finish();
  }

  /**
   * Starts reviewing a series of {@code total} patches that arrive one at a time; a patch's number
   * is its subject's ({@code [PATCH 2/3]}) when it has one, else its place in arrival order.
   */
  public Series start(int total, Predicate<String> selects) {
    return new Series(total, selects, false);
  }

  /** One series being reviewed. */
  public final class Series {
    private final int total;
    private final Predicate<String> selects;
    private final boolean byArrival;
    private final List<PatchReview> reviews = new ArrayList<>();

    /** Introduced findings not yet fixed: file, fingerprint, then where the finding is. */
    private final Map<String, Map<String, Place>> open = new HashMap<>();

    private boolean last;

    /** What the patches added so far added: the rules of the next patch look back at it. */
    private SeriesContext added = SeriesContext.NONE;

    private record Place(int review, int finding) {}

    private Series(int total, Predicate<String> selects, boolean byArrival) {
      this.total = total;
      this.selects = selects;
      this.byArrival = byArrival;
    }

    /**
     * Reviews the next patch. The review returned has its final contexts and problems (tell them
     * now); its findings are final only once {@link #finish()} has returned them.
     */
    public PatchReview add(Patch p) {
      int number = !byArrival && p.series().inSeries() ? p.series().index() : reviews.size() + 1;
      int n = Math.max(total, number);
      Map<String, Set<String>> watched = new HashMap<>();
      open.forEach((file, fps) -> watched.put(file, fps.keySet()));
      String name = number + "/" + n + " \"" + p.metadata().title() + "\"";
      PatchReviewer.Watched w = reviewer.review(p, selects, watched, added, name);
      added = w.series();
      for (String fp : w.gone()) {
        for (Map<String, Place> fps : open.values()) {
          Place at = fps.remove(fp);
          if (at != null) {
            fixed(at, number + "/" + n);
          }
        }
      }
      PatchReview r = w.review();
      int index = reviews.size();
      reviews.add(r);
      List<Finding> found = r.findings();
      for (int i = 0; i < found.size(); i++) {
        Finding f = found.get(i);
        if (f.lifecycle() == Lifecycle.INTRODUCED) {
          open.computeIfAbsent(f.location().file(), k -> new LinkedHashMap<>())
              .put(f.fingerprint(), new Place(index, i));
        }
      }
      last |= number >= total;
      return r;
    }

    private void fixed(Place at, String byPatch) {
      PatchReview r = reviews.get(at.review());
      List<Finding> found = new ArrayList<>(r.findings());
      found.set(at.finding(), found.get(at.finding()).fixedLater(byPatch));
      reviews.set(at.review(), new PatchReview(r.source(), r.contexts(), found, r.problems()));
    }

    /** How many patches were added. */
    public int size() {
      return reviews.size();
    }

    /** True once every patch arrived, or the last one (patches arrive in order). */
    public boolean complete() {
      return reviews.size() >= total || last;
    }

    /** Every patch's review, in the order added, with what later patches fixed. */
    public List<PatchReview> finish() {
      open.clear();
      added = SeriesContext.NONE;
      return List.copyOf(reviews);
    }
  }
}
