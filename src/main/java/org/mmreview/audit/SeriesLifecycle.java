package org.mmreview.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchMetadata;
import org.mmreview.intake.SeriesTag;
import org.mmreview.intake.ThreadGrouper;
import org.mmreview.series.VersionLabels;
import org.mmreview.store.AuditStore;
import org.mmreview.store.AuditStore.FamilyFinding;
import org.mmreview.store.AuditStore.FamilyLabels;
import org.mmreview.store.AuditStore.FamilyRow;
import org.mmreview.store.AuditStore.FixedRow;
import org.mmreview.store.AuditStore.SeriesRow;

/**
 * Groups every recorded mail into threads, series and families (intake's {@link ThreadGrouper}, the
 * grouping {@code intake --series} shows) and labels each family's findings across its versions
 * ({@link VersionLabels}: new in vN, still present since vK, fixed in vN). Done from the store at
 * the end of every run, over all sources and runs, so a family whose v3 arrives next month is
 * labelled then; one transaction replaces the previous grouping.
 */
public final class SeriesLifecycle {
  private final AuditStore store;

  public SeriesLifecycle(AuditStore store) {
    this.store = store;
  }

  /** Regroups the whole store: every family, series and version label written again. */
  public void regroup() throws SQLException {
    ThreadGrouper.Builder grouper = new ThreadGrouper.Builder();
    store.heads(h -> grouper.add(message(h)));
    List<FamilyRow> families = families(grouper.build());
    List<List<FamilyFinding>> found =
        store.introducedFindings(families.stream().map(SeriesLifecycle::versionOf).toList());
    List<FamilyLabels> out = new ArrayList<>();
    for (int i = 0; i < families.size(); i++) {
      out.add(labels(families.get(i), found.get(i)));
    }
    store.replaceFamilies(out);
  }

  // The steps below are pure, for the Spark job: heads in row order -> families (threading needs
  // every head: it runs where they are gathered) -> each family's labels from its own findings
  // (run after grouping the findings by family, wherever they were reviewed).

  /** The families of the heads given to {@code grouper} ({@link #message}), rows as ids. */
  public static List<FamilyRow> families(ThreadGrouper.Grouping g) {
    List<FamilyRow> out = new ArrayList<>();
    for (ThreadGrouper.SeriesFamily f : g.families()) {
      out.add(family(f));
    }
    return out;
  }

  /** The version of each patch of a family, by row. */
  public static Map<Long, Integer> versionOf(FamilyRow f) {
    Map<Long, Integer> versionOf = new HashMap<>();
    for (SeriesRow s : f.versions()) {
      s.patches().forEach(p -> versionOf.put(p, s.version()));
    }
    return versionOf;
  }

  /** A recorded mail as the grouper reads one: its id is its row. */
  public static InboxMessage message(AuditStore.Head h) {
    InboxMessage.Category category =
        switch (h.kind()) {
          case "patch" -> InboxMessage.Category.PATCH;
          case "cover-letter" -> InboxMessage.Category.COVER_LETTER;
          default -> InboxMessage.Category.REPLY;
        };
    SeriesTag tag =
        new SeriesTag(
            h.seriesVersion(), h.seriesIndex(), h.seriesTotal(), false, false, true, List.of());
    PatchMetadata meta =
        new PatchMetadata(
            h.author(),
            List.of(),
            List.of(),
            Optional.empty(),
            "",
            h.subject(),
            h.title(),
            tag,
            category == InboxMessage.Category.REPLY,
            h.messageId(),
            h.inReplyTo(),
            List.of(),
            "",
            List.of(),
            Optional.empty());
    String id = Long.toString(h.row());
    return new InboxMessage(
        id,
        category,
        Optional.of(new Patch(meta, List.of(), id, "")),
        Optional.empty(),
        "",
        List.of());
  }

  private static FamilyRow family(ThreadGrouper.SeriesFamily f) {
    List<SeriesRow> rows = new ArrayList<>();
    for (ThreadGrouper.Series s : f.versions()) {
      rows.add(
          new SeriesRow(
              s.version(),
              s.total(),
              s.complete(),
              s.coverLetter().map(Long::valueOf).orElse(null),
              s.patches().stream().map(Long::valueOf).toList()));
    }
    return new FamilyRow(f.title(), f.author(), rows);
  }

  /**
   * A family's version labels from the introduced findings of its patches, in row order (new in vN,
   * still present since vK; fixed in vN for what a later version no longer has).
   */
  public static FamilyLabels labels(FamilyRow family, List<FamilyFinding> found) {
    List<SeriesRow> rows = family.versions();
    VersionLabels.Builder b = new VersionLabels.Builder();
    rows.forEach(r -> b.version(r.version()));
    // the finding of each (version, fingerprint), to name what a later version fixed
    Map<String, FamilyFinding> byKey = new LinkedHashMap<>();
    for (FamilyFinding x : found) {
      b.add(x.version(), x.fingerprint());
      byKey.putIfAbsent(x.version() + " " + x.fingerprint(), x);
    }
    Map<Integer, List<VersionLabels.Label>> labels = VersionLabels.all(b.build());
    Map<String, Integer> since = new HashMap<>();
    Map<Long, String> findingLabels = new HashMap<>();
    List<FixedRow> fixed = new ArrayList<>();
    int previous = 0;
    for (Map.Entry<Integer, List<VersionLabels.Label>> e : labels.entrySet()) {
      int version = e.getKey();
      Map<String, String> text = new HashMap<>();
      for (VersionLabels.Label l : e.getValue()) {
        if (l.kind() == VersionLabels.Kind.FIXED) {
          FamilyFinding was = byKey.get(previous + " " + l.fingerprint());
          fixed.add(
              new FixedRow(
                  version,
                  l.fingerprint(),
                  was == null ? "" : was.rule(),
                  was == null ? "" : was.file(),
                  was == null ? "" : was.function(),
                  since.getOrDefault(previous + " " + l.fingerprint(), previous)));
        } else {
          text.put(l.fingerprint(), l.text());
          since.put(version + " " + l.fingerprint(), l.since());
        }
      }
      for (FamilyFinding x : found) {
        if (x.version() == version && text.containsKey(x.fingerprint())) {
          findingLabels.put(x.id(), text.get(x.fingerprint()));
        }
      }
      previous = version;
    }
    return new FamilyLabels(family, findingLabels, fixed);
  }
}
