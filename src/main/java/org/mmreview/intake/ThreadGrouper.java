package org.mmreview.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Groups messages into threads (by Message-ID, In-Reply-To and References) and patches into series:
 * a cover letter and its numbered patches, or one unnumbered patch. Versions of the same series
 * (same author, same title) are linked v1..vN.
 */
public final class ThreadGrouper {
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

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
    Builder b = new Builder();
    messages.forEach(b::add);
    return b.build();
  }

  /**
   * What grouping needs of one message, and nothing more: an archive's messages are read one at a
   * time and their bodies dropped, so a grouping of 100,000 messages holds only these.
   */
  private record Head(
      String id,
      String key,
      String up,
      InboxMessage.Category category,
      SeriesTag tag,
      String title,
      String from) {}

  /** Collects messages one at a time (keeping only their {@link Head}) and groups at the end. */
  public static final class Builder {
    private final List<Head> heads = new ArrayList<>();

    public void add(InboxMessage m) {
      if (m.metadata().isEmpty()) {
        return;
      }
      PatchMetadata meta = m.metadata().get();
      String up =
          !meta.inReplyTo().isEmpty()
              ? meta.inReplyTo()
              : meta.references().isEmpty()
                  ? ""
                  : meta.references().get(meta.references().size() - 1);
      boolean inSeries =
          m.category() == InboxMessage.Category.PATCH
              || m.category() == InboxMessage.Category.COVER_LETTER;
      // Replies (most of an archive) only link threads: their subject and sender are not kept.
      heads.add(
          inSeries
              ? new Head(
                  m.id(),
                  key(m, meta),
                  up,
                  m.category(),
                  meta.seriesTag(),
                  meta.title(),
                  meta.from())
              : new Head(m.id(), key(m, meta), up, m.category(), null, "", ""));
    }

    public Grouping build() {
      return groupHeads(heads);
    }
  }

  private static Grouping groupHeads(List<Head> heads) {
    // sized for every head up front: a grouping of a whole archive otherwise rehashes these maps
    // many times over
    int capacity = (int) (heads.size() / 0.75f) + 1;
    Map<String, String> parent = new HashMap<>(capacity);
    Map<String, Head> byId = new LinkedHashMap<>(capacity);
    for (Head h : heads) {
      byId.putIfAbsent(h.key(), h);
      if (!h.up().isEmpty() && !h.up().equals(h.key())) {
        parent.putIfAbsent(h.key(), h.up());
      }
    }
    Map<String, String> rootCache = new HashMap<>(capacity);
    Map<String, List<String>> threads = new LinkedHashMap<>(capacity);
    for (String id : byId.keySet()) {
      threads.computeIfAbsent(root(id, parent, rootCache), r -> new ArrayList<>()).add(id);
    }
    // series: (thread root, version, total) for numbered patches; the message itself otherwise
    Map<String, List<Head>> members = new LinkedHashMap<>();
    for (Head h : heads) {
      if (h.category() != InboxMessage.Category.PATCH
          && h.category() != InboxMessage.Category.COVER_LETTER) {
        continue;
      }
      SeriesTag tag = h.tag();
      String root = root(h.key(), parent, rootCache);
      String k = tag.numbered() ? root + "|v" + tag.version() + "|" + tag.total() : h.key();
      members.computeIfAbsent(k, x -> new ArrayList<>()).add(h);
    }
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, List<Head>> e : members.entrySet()) {
      List<Head> ms = e.getValue();
      ms.sort(Comparator.comparingInt(h -> h.tag().index()));
      Optional<Head> cover =
          ms.stream().filter(h -> h.category() == InboxMessage.Category.COVER_LETTER).findFirst();
      Head first = cover.orElse(ms.get(0));
      List<String> patches =
          ms.stream()
              .filter(h -> h.category() == InboxMessage.Category.PATCH)
              .map(Head::id)
              .toList();
      series.add(
          new Series(
              e.getKey(),
              first.title(),
              first.from(),
              first.tag().version(),
              first.tag().total(),
              cover.map(Head::id),
              patches,
              root(ms.get(0).key(), parent, rootCache)));
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
    return familyKey(s.author(), s.title());
  }

  /**
   * What the versions of one series share: the author's address and the title, case and spacing
   * ignored. Public so that a streaming review can tell families apart without grouping.
   */
  public static String familyKey(String from, String title) {
    String author = from.toLowerCase(Locale.ROOT);
    int lt = author.indexOf('<');
    if (lt >= 0) {
      author = author.substring(lt);
    }
    return author
        + "|"
        + WHITE_SPACE.matcher(title.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }

  private static String root(String id, Map<String, String> parent, Map<String, String> cache) {
    String cached = cache.get(id);
    if (cached != null) {
      return cached;
    }
    String cur = id;
    int guard = 0;
    String up;
    while ((up = parent.get(cur)) != null && guard++ < 10_000) {
      if (up.equals(id)) {
        break; // cycle
      }
      cur = up;
    }
    cache.put(id, cur);
    return cur;
  }
}
