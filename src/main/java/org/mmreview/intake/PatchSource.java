package org.mmreview.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The single entry that turns command-line inputs (diff, mail and mbox files, a public-inbox
 * archive, git commits, the staged change or the working tree) into patches plus
 * diagnostics. Shared by {@code intake} and {@code check}. Never throws for bad input.
 */
public final class PatchSource {

  /** What to read. Empty lists and optionals mean "not given". */
  public record Request(
      List<Path> files,
      List<Path> mboxes,
      Optional<Path> inbox,
      String inboxRange,
      Optional<Path> repo,
      Optional<String> gitRange,
      List<String> paths,
      boolean staged,
      boolean worktree,
      Optional<Path> tree,
      int limit) {
    public Request {
      files = List.copyOf(files);
      mboxes = List.copyOf(mboxes);
      paths = List.copyOf(paths);
      inboxRange = inboxRange == null ? "" : inboxRange;
    }

    /** A request for some patch or mail files. */
    public static Request ofFiles(List<Path> files) {
      return new Request(files, List.of(), Optional.empty(), "", Optional.empty(), Optional.empty(),
          List.of(), false, false, Optional.empty(), 0);
    }

    public boolean isEmpty() {
      return files.isEmpty() && mboxes.isEmpty() && inbox.isEmpty() && gitRange.isEmpty() && !staged && !worktree;
    }
  }

  /**
   * What was read.
   *
   * @param messages every mail read (archive, mbox, mail files), classified
   * @param patches the patches to review: mail patches, plain diffs and git commits
   */
  public record Result(List<InboxMessage> messages, List<Patch> patches, List<IntakeDiagnostic> diagnostics) {
    public Stream<Patch> stream() {
      return patches.stream();
    }
  }

  private static final Pattern HEADER_LINE = Pattern.compile("^[A-Za-z][A-Za-z0-9-]*:[ \t].*");

  private final List<InboxMessage> messages = new ArrayList<>();
  private final List<Patch> patches = new ArrayList<>();
  private final List<IntakeDiagnostic> diags = new ArrayList<>();

  private PatchSource() {}

  /** Reads everything the request names. */
  public static Result read(Request req) {
    PatchSource s = new PatchSource();
    s.readAll(req);
    return new Result(List.copyOf(s.messages), List.copyOf(s.patches), List.copyOf(s.diags));
  }

  private void readAll(Request req) {
    List<Patch> fromMails = new ArrayList<>();
    for (Path f : req.files()) {
      contained(f, () -> readFile(f, fromMails));
    }
    for (Path m : req.mboxes()) {
      contained(m, () -> readMbox(m, fromMails));
    }
    if (req.inbox().isPresent()) {
      Path inbox = req.inbox().get();
      try {
        int[] n = {0};
        PublicInboxReader.walk(
            inbox,
            req.inboxRange(),
            e -> {
              if (req.limit() > 0 && n[0] >= req.limit()) {
                return;
              }
              n[0]++;
              accept(archiveMessage(e), fromMails, false);
            },
            diags::add);
      } catch (IOException | RuntimeException e) {
        diags.add(new IntakeDiagnostic(inbox.toString(), message(e)));
      }
    }
    applyBase(req, fromMails);
    Path repoDir = req.repo().orElse(Path.of("."));
    try {
      if (req.gitRange().isPresent()) {
        add(GitSource.commits(repoDir, req.gitRange().get(), req.paths(), req.limit()));
      }
      if (req.staged()) {
        add(GitSource.staged(repoDir));
      }
      if (req.worktree()) {
        add(GitSource.worktree(repoDir));
      }
    } catch (IOException | RuntimeException e) {
      diags.add(new IntakeDiagnostic(repoDir.toString(), message(e)));
    }
  }

  /**
   * Reads one input file so that a failure of ours on it (an exception, or an Error from an
   * absurd input) is reported against that file and the other inputs are still read. Mails
   * inside it are contained one by one by {@link MessageClassifier#read}.
   */
  private void contained(Path input, Runnable read) {
    try {
      read.run();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      diags.add(new IntakeDiagnostic(input.toString(), MessageClassifier.failure(e)));
    }
  }

  /** One archive commit as a classified message; what cannot be read is a skip with its reason. */
  private static InboxMessage archiveMessage(PublicInboxReader.Entry e) {
    InboxMessage m;
    if (e.unreadable().isPresent()) {
      m = MessageClassifier.skipped(e.id(), null, InboxMessage.SkipReason.UNREADABLE, e.unreadable().get());
    } else if (e.mail() == null) {
      m = MessageClassifier.skipped(e.id(), null, InboxMessage.SkipReason.DELETED, "no 'm' in commit");
    } else {
      m = MessageClassifier.read(e.id(), e.mail());
    }
    if (e.warning().isPresent()) {
      m = m.withWarning(e.warning().get());
    }
    return m;
  }

  private void add(GitSource.Result r) {
    patches.addAll(r.patches());
    diags.addAll(r.diagnostics());
  }

  private void readFile(Path f, List<Patch> out) {
    byte[] data;
    try {
      data = Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      diags.add(new IntakeDiagnostic(f.toString(), "no such file"));
      return;
    } catch (IOException e) {
      diags.add(new IntakeDiagnostic(f.toString(), message(e)));
      return;
    }
    String lower = f.getFileName() == null ? "" : f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (MboxReader.looksLikeMbox(data) || lower.endsWith(".mbox") || lower.endsWith(".mbx")) {
      readMboxBytes(f.toString(), data, out);
    } else if (looksLikeMail(data) || lower.endsWith(".eml")) {
      accept(MessageClassifier.read(f.toString(), data), out, true);
    } else {
      // CRLF line ends, all or some (a diff pasted through a CRLF tool), are read as LF, as
      // git am reads a mail; otherwise paths and hunk lines would end in a CR
      String text = new String(data, StandardCharsets.UTF_8).replace("\r\n", "\n");
      DiffParser.Result r = DiffParser.parse(text);
      if (!r.ok()) {
        diags.add(new IntakeDiagnostic(f.toString(), "malformed diff: " + String.join("; ", r.problems())));
      } else if (r.files().isEmpty()) {
        diags.add(new IntakeDiagnostic(f.toString(), "no diff found"));
      } else {
        Patch p = new Patch(PatchMetadata.none(), r.files(), f.toString(), text);
        out.add(p);
      }
    }
  }

  private void readMbox(Path f, List<Patch> out) {
    try {
      readMboxBytes(f.toString(), Files.readAllBytes(f), out);
    } catch (NoSuchFileException e) {
      diags.add(new IntakeDiagnostic(f.toString(), "no such file"));
    } catch (IOException e) {
      diags.add(new IntakeDiagnostic(f.toString(), message(e)));
    }
  }

  private void readMboxBytes(String name, byte[] data, List<Patch> out) {
    List<MboxReader.Message> mails = MboxReader.messages(data);
    if (mails.isEmpty()) {
      diags.add(new IntakeDiagnostic(name, "empty mbox"));
    }
    boolean single = mails.size() == 1;
    for (int i = 0; i < mails.size(); i++) {
      String id = single ? name : name + "#" + (i + 1);
      MboxReader.Message m = mails.get(i);
      accept(MessageClassifier.read(id, m.data(), m.linesBefore()), out, single);
    }
  }

  /** Records a classified message; {@code explicit} when the user named this one mail. */
  private void accept(InboxMessage m, List<Patch> out, boolean explicit) {
    messages.add(m);
    switch (m.category()) {
      case PATCH -> out.add(m.patch().orElseThrow());
      case SKIPPED -> {
        InboxMessage.SkipReason r = m.reason().orElseThrow();
        boolean noisy = r == InboxMessage.SkipReason.MALFORMED_DIFF || r == InboxMessage.SkipReason.UNDECODABLE
            || r == InboxMessage.SkipReason.UNREADABLE || r == InboxMessage.SkipReason.FAILED;
        if (explicit || noisy) {
          diags.add(new IntakeDiagnostic(m.id(), r.text() + ": " + m.detail()));
        }
      }
      default -> {
        if (explicit) {
          diags.add(new IntakeDiagnostic(m.id(), "no patch: " + m.category().name().toLowerCase().replace('_', ' ')));
        }
      }
    }
  }

  /** Attaches pre/post-images to mail and diff patches when a tree or repository is given. */
  private void applyBase(Request req, List<Patch> mailPatches) {
    if (mailPatches.isEmpty()) {
      return;
    }
    if (req.tree().isPresent()) {
      BaseTree base = BaseTree.directory(req.tree().get());
      for (Patch p : mailPatches) {
        applyContained(base, p);
      }
      return;
    }
    if (req.repo().isEmpty() || req.gitRange().isPresent()) {
      patches.addAll(mailPatches);
      return;
    }
    int done = 0;
    try (GitRepo gr = GitRepo.open(req.repo().get())) {
      Repository repo = gr.repository();
      ObjectId head = gr.head().orElse(null);
      for (Patch p : mailPatches) {
        ObjectId baseId = null;
        if (p.metadata().baseCommit().isPresent()) {
          try {
            baseId = repo.resolve(p.metadata().baseCommit().get() + "^{commit}");
          } catch (IOException | RuntimeException e) {
            baseId = null;
          }
        }
        if (baseId == null) {
          baseId = head;
        }
        done++;
        if (baseId == null) {
          diags.add(new IntakeDiagnostic(p.source(), "repository has no HEAD; hunk-only analysis"));
          patches.add(p);
          continue;
        }
        try {
          applyContained(BaseTree.commit(repo, baseId), p);
        } catch (IOException | RuntimeException e) {
          diags.add(new IntakeDiagnostic(p.source(),
              "cannot read base commit " + baseId.abbreviate(12).name() + ": " + message(e) + "; hunk-only analysis"));
          patches.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      diags.add(new IntakeDiagnostic(req.repo().get().toString(), "cannot open repository: " + message(e)));
      // the patches not yet handled go on without images; none twice
      patches.addAll(mailPatches.subList(done, mailPatches.size()));
    }
  }

  /** Applies one patch to its base; a failure of ours leaves that patch without images. */
  private void applyContained(BaseTree base, Patch p) {
    try {
      BaseTree.Applied a = base.apply(p);
      diags.addAll(a.diagnostics());
      patches.add(a.patch());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      diags.add(new IntakeDiagnostic(p.source(), MessageClassifier.failure(e) + "; hunk-only analysis"));
      patches.add(p);
    }
  }

  static boolean looksLikeMail(byte[] data) {
    String head = new String(data, 0, Math.min(data.length, 8192), StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n");
    if (lines.length == 0 || !HEADER_LINE.matcher(lines[0]).matches()) {
      return false;
    }
    for (String l : lines) {
      if (l.isEmpty()) {
        break;
      }
      if (l.regionMatches(true, 0, "From:", 0, 5)
          || l.regionMatches(true, 0, "Subject:", 0, 8)
          || l.regionMatches(true, 0, "Message-ID:", 0, 11)) {
        return true;
      }
    }
    return false;
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof org.eclipse.jgit.errors.RepositoryNotFoundException) {
      return "not a git repository";
    }
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
