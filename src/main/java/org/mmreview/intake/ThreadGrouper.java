package org.mmreview.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Groups messages into threads (by Message-ID, In-Reply-To and References) and patches into
 * series: a cover letter and its numbered patches, or one unnumbered patch. Versions of the
 * same series (same author, same title) are linked v1..vN.
 */
public final class ThreadGrouper {

  /** One version of a series. */
  public record Series(
      String key,
      String title,
      String author,
      int version,
      int total,
      Optional<String> coverLetter,
      List<String> patches,
      String threadRoot) {
    public Series {
      patches = List.copyOf(patches);
    }

    /** Every numbered patch 1..total arrived. */
    public boolean complete() {
      return total == 0 ? !patches.isEmpty() : patches.size() >= total;
    }
  }

  /** All versions of one series, oldest version first. */
  public record SeriesFamily(String title, String author, List<Series> versions) {
    public SeriesFamily {
      versions = List.copyOf(versions);
    }
  }

  /** Threads (root message-id to members) and series. */
  public record Grouping(
      Map<String, List<String>> threads, List<Series> series, List<SeriesFamily> families) {}

  private ThreadGrouper() {}

  public static Grouping group(List<InboxMessage> messages) {
    Map<String, String> parent = new HashMap<>();
    Map<String, InboxMessage> byId = new LinkedHashMap<>();
    for (InboxMessage m : messages) {
      m.metadata()
          .ifPresent(
              meta -> {
                String id = key(m, meta);
                byId.putIfAbsent(id, m);
                String up = !meta.inReplyTo().isEmpty()
                    ? meta.inReplyTo()
                    : meta.references().isEmpty() ? "" : meta.references().get(meta.references().size() - 1);
                if (!up.isEmpty() && !up.equals(id)) {
                  parent.putIfAbsent(id, up);
                }
              });
    }
    Map<String, String> rootCache = new HashMap<>();
    Map<String, List<String>> threads = new LinkedHashMap<>();
    for (String id : byId.keySet()) {
      threads.computeIfAbsent(root(id, parent, rootCache), r -> new ArrayList<>()).add(id);
    }
    // series: (thread root, version, total) for numbered patches; the message itself otherwise
    Map<String, List<InboxMessage>> members = new LinkedHashMap<>();
    for (InboxMessage m : messages) {
      if (m.category() != InboxMessage.Category.PATCH && m.category() != InboxMessage.Category.COVER_LETTER) {
        continue;
      }
      PatchMetadata meta = m.metadata().orElseThrow();
      SeriesTag tag = meta.seriesTag();
      String id = key(m, meta);
      String root = root(id, parent, rootCache);
      String k = tag.numbered() ? root + "|v" + tag.version() + "|" + tag.total() : id;
      members.computeIfAbsent(k, x -> new ArrayList<>()).add(m);
    }
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, List<InboxMessage>> e : members.entrySet()) {
      List<InboxMessage> ms = e.getValue();
      ms.sort(Comparator.comparingInt(m -> m.metadata().orElseThrow().seriesTag().index()));
      Optional<InboxMessage> cover =
          ms.stream().filter(m -> m.category() == InboxMessage.Category.COVER_LETTER).findFirst();
      PatchMetadata first = cover.orElse(ms.get(0)).metadata().orElseThrow();
      List<String> patches =
          ms.stream()
              .filter(m -> m.category() == InboxMessage.Category.PATCH)
              .map(InboxMessage::id)
              .toList();
      series.add(
          new Series(
              e.getKey(),
              first.title(),
              first.from(),
              first.seriesTag().version(),
              first.seriesTag().total(),
              cover.map(InboxMessage::id),
              patches,
              root(key(ms.get(0), ms.get(0).metadata().orElseThrow()), parent, rootCache)));
    }
    Map<String, List<Series>> fam = new LinkedHashMap<>();
    for (Series s : series) {
      fam.computeIfAbsent(familyKey(s), x -> new ArrayList<>()).add(s);
    }
    List<SeriesFamily> families = new ArrayList<>();
    for (List<Series> versions : fam.values()) {
      versions.sort(Comparator.comparingInt(Series::version));
      families.add(new SeriesFamily(versions.get(0).title(), versions.get(0).author(), versions));
    }
    return new Grouping(threads, series, families);
  }

  private static String key(InboxMessage m, PatchMetadata meta) {
    return meta.messageId().isEmpty() ? m.id() : meta.messageId();
  }

  private static String familyKey(Series s) {
    String author = s.author().toLowerCase(Locale.ROOT);
    int lt = author.indexOf('<');
    if (lt >= 0) {
      author = author.substring(lt);
    }
    return author + "|" + s.title().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }

  private static String root(String id, Map<String, String> parent, Map<String, String> cache) {
    String cached = cache.get(id);
    if (cached != null) {
      return cached;
    }
    String cur = id;
    int guard = 0;
    while (parent.containsKey(cur) && guard++ < 10_000) {
      String up = parent.get(cur);
      if (up.equals(id)) {
        break; // cycle
      }
      cur = up;
    }
    cache.put(id, cur);
    return cur;
  }
}
