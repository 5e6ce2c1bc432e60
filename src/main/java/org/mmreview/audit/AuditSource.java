package org.mmreview.audit;

import java.nio.file.Path;
import java.util.List;

/** One thing to audit: a public-inbox archive, an mbox, or a range of a kernel repository. */
public sealed interface AuditSource {

  /** The store's name for the kind: {@code inbox}, {@code mbox}, {@code repo}. */
  String kind();

  /** Where it is: an absolute, normalised path. */
  Path location();

  /** What of it is audited (range, paths), part of the source's identity in the store. */
  String selection();

  /**
   * A public-inbox archive, v1 or v2 (every epoch).
   *
   * @param range empty for everything, else as {@code check --inbox-range}
   */
  record Inbox(Path location, String range) implements AuditSource {
    public Inbox {
      location = location.toAbsolutePath().normalize();
      range = range == null ? "" : range;
    }

    @Override
    public String kind() {
      return "inbox";
    }

    @Override
    public String selection() {
      return range;
    }
  }

  /** An mbox file: its messages are numbered from 1, and a changed message is reviewed again. */
  record Mbox(Path location) implements AuditSource {
    public Mbox {
      location = location.toAbsolutePath().normalize();
    }

    @Override
    public String kind() {
      return "mbox";
    }

    @Override
    public String selection() {
      return "";
    }
  }

  /**
   * The commits of a kernel repository in {@code range} touching {@code paths}, each reviewed
   * against its parent (whole functions, introduced and pre-existing findings).
   */
  record Repo(Path location, String range, List<String> paths) implements AuditSource {
    public Repo {
      location = location.toAbsolutePath().normalize();
      paths = List.copyOf(paths);
    }

    @Override
    public String kind() {
      return "repo";
    }

    @Override
    public String selection() {
      return range + (paths.isEmpty() ? "" : " -- " + String.join(" ", paths));
    }
  }
}
