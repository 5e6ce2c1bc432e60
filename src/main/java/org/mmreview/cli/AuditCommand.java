package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.mmreview.audit.AuditRun;
import org.mmreview.audit.AuditSource;
import org.mmreview.audit.AuditStatus;
import org.mmreview.audit.MessageAudit;
import org.mmreview.audit.ProgressDisplay;
import org.mmreview.audit.ReviewerStamp;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.PublicInboxReader;
import org.mmreview.review.FragmentCache;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleMetadata;
import org.mmreview.rules.RuleSet;
import org.mmreview.rules.checks.typo.WordList;
import org.mmreview.series.PatchReviewer;
import org.mmreview.store.AuditStore;
import org.mmreview.store.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview audit}: batch history audits kept in a SQLite database: {@code run} reviews
 * archives, mboxes and repository ranges into it (resumable, incremental), {@code status} says what
 * it holds, {@code report} writes it out (HTML, JSON, CSV, Markdown).
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Audit history into a SQLite database: 'audit run', 'audit status', 'audit report'.",
    },
    subcommands = {AuditCommand.Run.class, AuditCommand.Status.class, AuditReportCommand.class})
public final class AuditCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand Main parent;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  /** The default link of a mail: lore's redirector by Message-ID. */
  static final String LORE = "https://lore.kernel.org/r/{msgid}";

  /** {@code mmreview audit run --db FILE SOURCE...}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Review every message of public-inbox archives (v1 or v2, all epochs) and mboxes, and the",
        "commits of a repository range, into the database. Killed at any point, the same command",
        "continues where it stopped; run again after new mails arrive, it reviews only those; after",
        "a rule or tool change, it reviews again what the change affects.",
      },
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {
        "3:internal error: mmreview failed on some message (recorded as failed; the rest reviewed)",
        "2:usage or input error: a source or message could not be read, or the database is busy",
        "0:every message and commit accounted for"
      })
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ParentCommand AuditCommand parent;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The database.")
    Path db;

    @Parameters(
        paramLabel = "SOURCE",
        description =
            "Public-inbox archives (a bare git directory, or a v2 inbox with git/N.git) and mbox files.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--inbox", paramLabel = "DIR", description = "A public-inbox archive.")
    List<Path> inboxes = new ArrayList<>();

    @Option(names = "--mbox", paramLabel = "FILE", description = "An mbox file.")
    List<Path> mboxes = new ArrayList<>();

    @Option(
        names = "--inbox-range",
        paramLabel = "A..B",
        description = "Only these archive commits (as 'check --inbox-range'); default all.")
    String inboxRange = "";

    @Option(
        names = "--repo",
        paramLabel = "DIR",
        description = "A kernel repository: audit the commits of --range touching --path.")
    Path repo;

    @Option(
        names = "--range",
        paramLabel = "A..B",
        description = "With --repo: the commits to audit (default: the history of HEAD).")
    String range;

    @Option(
        names = "--path",
        paramLabel = "PATH",
        description =
            "Review only files under these paths (repeatable; default all); a patch with none is skipped.")
    List<String> paths = new ArrayList<>();

    @Option(
        names = "--url-template",
        paramLabel = "URL",
        description = "The link of a mail, {msgid} for its Message-ID (default: ${DEFAULT-VALUE}).")
    String urlTemplate = LORE;

    @Option(
        names = "--commit-url-template",
        paramLabel = "URL",
        description =
            "The link of a repository commit, {commit} for its id (default: none), such as https://git.kernel.org/torvalds/c/{commit}.")
    String commitUrlTemplate = "";

    @Option(
        names = {"-j", "--jobs"},
        paramLabel = "N",
        description = "Reviewing threads (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(
        names = "--wait",
        description =
            "When another run is writing the database, wait for it to end (default: exit 2 at once).")
    boolean waitForLock;

    @Option(
        names = "--progress",
        paramLabel = "HOW",
        description =
            "auto (a bar on a terminal, else a line per 1000 messages), bar, lines or none.")
    String progress = "auto";

    @Option(names = "--rule", paramLabel = "ID", description = "Run only these rules (repeatable).")
    List<String> ruleIds = new ArrayList<>();

    @Option(
        names = "--enable-rule",
        paramLabel = "ID",
        description = "Run this rule too, when it is off by default (repeatable).")
    List<String> enabledIds = new ArrayList<>();

    @Option(names = "--ignore", paramLabel = "ID", description = "Do not run this rule.")
    List<String> ignoreIds = new ArrayList<>();

    @Override
    public Integer call() {
      try {
        return audit();
      } finally {
        PublicInboxReader.forgetListings();
      }
    }

    private Integer audit() {
      Host host = Main.host(parent == null ? null : parent.parent);
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      List<AuditSource> list = new ArrayList<>();
      for (Path p : sources) {
        Path abs = host.cwd().resolve(p);
        if (Files.isDirectory(abs)) {
          list.add(new AuditSource.Inbox(abs, inboxRange));
        } else if (Files.isRegularFile(abs)) {
          list.add(new AuditSource.Mbox(abs));
        } else {
          err.println("mmreview: audit run: " + p + ": no such file or directory");
          return ExitCodes.INPUT_ERROR;
        }
      }
      inboxes.forEach(p -> list.add(new AuditSource.Inbox(host.cwd().resolve(p), inboxRange)));
      mboxes.forEach(p -> list.add(new AuditSource.Mbox(host.cwd().resolve(p))));
      if (repo != null) {
        list.add(
            new AuditSource.Repo(
                host.cwd().resolve(repo), range == null ? "HEAD" : range, List.copyOf(paths)));
      } else if (range != null) {
        err.println("mmreview: audit run: --range needs --repo");
        return ExitCodes.INPUT_ERROR;
      }
      if (list.isEmpty()) {
        err.println("mmreview: audit run: nothing to audit: give archives, mboxes or --repo");
        return ExitCodes.INPUT_ERROR;
      }
      if (!List.of("auto", "bar", "lines", "none").contains(progress)) {
        err.println("mmreview: audit run: --progress takes auto, bar, lines or none");
        return ExitCodes.INPUT_ERROR;
      }
      // The archives' histories are listed, oldest first, while the rules load and the store
      // opens: the walk would otherwise list one before its first mail, with the workers idle.
      for (AuditSource source : list) {
        if (source instanceof AuditSource.Inbox inbox) {
          PublicInboxReader.listAhead(inbox.location());
        }
      }
      // Neither depends on an option: both run on another core while this thread parses the
      // rule catalogue and opens the store, instead of delaying the reader and the workers.
      CompletableFuture<String> code = CompletableFuture.supplyAsync(ReviewerStamp::codeDigest);
      CompletableFuture.runAsync(SqliteFile::loadLibrary);
      RuleCatalog catalog;
      Predicate<RuleMetadata> chosen;
      try {
        catalog = RuleCatalog.load();
        chosen = rules(catalog);
      } catch (IllegalArgumentException e) {
        err.println("mmreview: audit run: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      } catch (RuleCatalogException e) {
        err.println("mmreview: internal error: " + e.getMessage());
        return ExitCodes.INTERNAL_ERROR;
      }
      if (catalog.find("comment-typo").filter(chosen).isPresent()) {
        // read while the store opens, rather than by the first worker to check a comment
        CompletableFuture.runAsync(WordList::shipped);
      }
      Path dbFile = host.cwd().resolve(db);
      Optional<AuditStore.RunLock> lock;
      try {
        if (waitForLock) {
          Optional<AuditStore.RunLock> now = AuditStore.lockForRun(dbFile, false);
          if (now.isEmpty()) {
            err.println(
                "mmreview: "
                    + db
                    + ": busy: another audit run (pid and start: "
                    + AuditStore.lockHolder(dbFile)
                    + ") is writing it; waiting for it to end");
            err.flush();
            now = AuditStore.lockForRun(dbFile, true);
          }
          lock = now;
        } else {
          lock = AuditStore.lockForRun(dbFile, false);
        }
      } catch (IOException e) {
        err.println("mmreview: " + db + ": cannot lock the database: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      }
      if (lock.isEmpty()) {
        err.println(
            "mmreview: "
                + db
                + ": busy: another audit run (pid and start: "
                + AuditStore.lockHolder(dbFile)
                + ") is writing it; wait for it to end, or give --wait");
        return ExitCodes.INPUT_ERROR;
      }
      try (AuditStore.RunLock held = lock.get();
          AuditStore store = AuditStore.open(dbFile)) {
        Predicate<String> selects = MessageAudit.paths(paths);
        // one fragment cache for all the workers: v2 of a series is often reviewed by another
        // worker than v1 was
        FragmentCache fragments = FragmentCache.forWorkers(jobs);
        Supplier<PatchReviewer> reviewers =
            () ->
                new PatchReviewer(
                    new ReviewPlanner(new CParser(), fragments),
                    new RuleEngine(RuleSet.load(catalog, chosen), false));
        AuditRun.Settings settings =
            new AuditRun.Settings(
                list,
                selects,
                String.join(" ", paths),
                urlTemplate,
                commitUrlTemplate,
                jobs,
                ReviewerStamp.of(catalog.rules().stream().filter(chosen).toList(), code.join()),
                String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        AuditRun.Progress shown =
            switch (progress) {
              case "bar" -> ProgressDisplay.bar();
              case "lines" -> ProgressDisplay.lines(err, 1000);
              case "none" -> ProgressDisplay.none();
              default ->
                  host.stdoutIsTerminal()
                      ? ProgressDisplay.bar()
                      : ProgressDisplay.lines(err, 1000);
            };
        AuditRun.Totals t = new AuditRun(store, reviewers, settings, shown, err).run();
        out.println(
            "audit: "
                + t.seen()
                + " messages and commits: "
                + t.reviewed()
                + " reviewed, "
                + t.skipped()
                + " skipped, "
                + t.failed()
                + " failed, "
                + t.unchanged()
                + " unchanged since an earlier run; "
                + t.findings()
                + " findings");
        t.reasons().forEach((k, v) -> out.println("  " + k + ": " + v));
        out.flush();
        return t.status();
      } catch (SqliteFile.StoreException e) {
        err.println("mmreview: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      } catch (SQLException e) {
        err.println("mmreview: " + db + ": " + SqliteFile.describe(e));
        return e.getMessage() != null && SqliteFile.describe(e).startsWith("the database is busy")
            ? ExitCodes.INPUT_ERROR
            : ExitCodes.INTERNAL_ERROR;
      }
    }

    /** The rules to run, as {@code check} chooses them from --rule, --enable-rule, --ignore. */
    private Predicate<RuleMetadata> rules(RuleCatalog catalog) {
      List<String> named = new ArrayList<>(ruleIds);
      named.addAll(ignoreIds);
      named.addAll(enabledIds);
      for (String id : named) {
        if (!catalog.contains(id)) {
          throw new IllegalArgumentException("unknown rule '" + id + "' (see 'mmreview rules')");
        }
      }
      return m ->
          ((ruleIds.isEmpty() ? m.enabledByDefault() : ruleIds.contains(m.id()))
                  || enabledIds.contains(m.id()))
              && !ignoreIds.contains(m.id());
    }
  }

  /** {@code mmreview audit status --db FILE}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "What the database holds: messages by outcome and reason, findings, runs.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ParentCommand AuditCommand parent;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The database.")
    Path db;

    @Override
    public Integer call() {
      Host host = Main.host(parent == null ? null : parent.parent);
      PrintWriter err = spec.commandLine().getErr();
      try (AuditStore store = AuditStore.openExisting(host.cwd().resolve(db))) {
        AuditStatus.print(store, spec.commandLine().getOut());
        return ExitCodes.OK;
      } catch (SqliteFile.StoreException e) {
        err.println("mmreview: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      } catch (SQLException e) {
        err.println("mmreview: " + db + ": " + SqliteFile.describe(e));
        return ExitCodes.INPUT_ERROR;
      }
    }
  }
}
