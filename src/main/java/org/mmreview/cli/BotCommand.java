package org.mmreview.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.bot.Bot;
import org.mmreview.bot.BotConfig;
import org.mmreview.bot.Mailer;
import org.mmreview.cparse.CParser;
import org.mmreview.report.InputFileException;
import org.mmreview.report.Severity;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleEngine;
import org.mmreview.rules.RuleSet;
import org.mmreview.series.PatchReviewer;
import org.mmreview.series.Surface;
import org.mmreview.store.BotStore;
import org.mmreview.store.SqliteFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview bot}: the mailing-list review bot (see docs/bot.md). A dry run unless {@code
 * --send} is given and the configuration names an SMTP server and the lists it may reply on.
 */
@Command(
    name = "bot",
    mixinStandardHelpOptions = true,
    description = {
      "Review new patch mails of public-inbox archives and reply like a reviewer, or stay quiet.",
      "Dry run by default: replies are written as .eml files into --outbox.",
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the poll (or polls) went through",
      "2:bad option, configuration or state file",
      "3:something failed on a message, a series or a send (contained; the rest went on)"
    })
public final class BotCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand Main parent;

  @Option(
      names = "--inbox",
      paramLabel = "DIR",
      required = true,
      description = "A public-inbox archive (v1 or v2, all epochs); repeatable.")
  List<Path> inboxes = new ArrayList<>();

  @Option(
      names = "--state",
      paramLabel = "FILE.db",
      required = true,
      description = "The bot's SQLite state.")
  Path state;

  @Option(
      names = "--outbox",
      paramLabel = "DIR",
      required = true,
      description = "Where dry-run replies are written, one .eml each.")
  Path outbox;

  /** How long the bot runs. */
  static final class When {
    @Option(names = "--once", description = "Process what is new and exit (cron).")
    boolean once;

    @Option(
        names = "--interval",
        paramLabel = "DURATION",
        description = "Poll every DURATION (30s, 5m, 1h) until stopped.")
    String interval;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  When when = new When();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The bot's YAML configuration (docs/bot.md); SMTP credentials come from the environment.")
  Path config;

  @Option(
      names = "--send",
      description = "Send the replies by SMTP (needs smtp and lists in the configuration).")
  boolean send;

  @Option(
      names = "--digest",
      description = "One summary mail a day to the configuration's digest-to instead of replies.")
  boolean digest;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description =
          "On a first run, start with the messages dated from DATE (2023-01-01 or an ISO date-time), fed in date order; default: the archive's tip.")
  String since;

  @Option(names = "--fetch", description = "git fetch each archive before each poll.")
  boolean fetch;

  @Override
  public Integer call() {
    Host host = Main.host(parent);
    PrintWriter err = spec.commandLine().getErr();
    BotConfig cfg;
    Optional<Instant> start;
    Duration every = null;
    try {
      // the bot's own min-severity wins; else .mmreview.yaml's bot.min-severity; else the default
      Severity projectMin =
          Surface.BOT.minSeverity(
              ConfigFile.load(null, host.cwd(), id -> true).minSeverity(Surface.BOT));
      cfg =
          BotConfig.load(
              Optional.ofNullable(config).map(c -> host.cwd().resolve(c)), host.env(), projectMin);
      start = Optional.ofNullable(since).map(BotCommand::date);
      if (when.interval != null) {
        every = BotConfig.parseDuration(when.interval);
      }
    } catch (BotConfig.ConfigException | InputFileException | IllegalArgumentException e) {
      err.println("mmreview: bot: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    }
    if (send && (cfg.smtp().isEmpty() || cfg.lists().isEmpty())) {
      err.println(
          "mmreview: bot: --send needs smtp (host in the configuration or MMREVIEW_SMTP_HOST) and"
              + " the lists it may reply on (lists:) in the configuration");
      return ExitCodes.INPUT_ERROR;
    }
    if (digest && cfg.digestTo().isEmpty()) {
      err.println("mmreview: bot: --digest needs digest-to: in the configuration");
      return ExitCodes.INPUT_ERROR;
    }
    RuleEngine engine;
    try {
      RuleCatalog catalog = RuleCatalog.load();
      for (String id : cfg.enableRules()) {
        if (!catalog.contains(id)) {
          err.println(
              "mmreview: bot: "
                  + (config == null ? "(defaults)" : config)
                  + ": enable-rules: unknown rule '"
                  + id
                  + "' (see 'mmreview rules')");
          return ExitCodes.INPUT_ERROR;
        }
      }
      engine = new RuleEngine(RuleSet.allWith(catalog, cfg.enableRules()), false);
    } catch (RuleCatalogException e) {
      err.println("mmreview: internal error: " + e.getMessage());
      return ExitCodes.INTERNAL_ERROR;
    }
    List<Path> resolved = inboxes.stream().map(i -> host.cwd().resolve(i)).toList();
    Bot.Options opts =
        new Bot.Options(resolved, host.cwd().resolve(outbox), send, digest, start, fetch);
    Optional<Mailer> mailer =
        send ? Optional.of(new Mailer(cfg.smtp().get(), cfg.imap(), cfg.from())) : Optional.empty();
    try (BotStore store = BotStore.open(host.cwd().resolve(state))) {
      Bot bot =
          new Bot(
              store,
              cfg,
              opts,
              new PatchReviewer(new ReviewPlanner(new CParser()), engine),
              mailer,
              Clock.systemUTC(),
              err);
      try {
        while (true) {
          bot.poll();
          err.println("mmreview: bot: " + bot.summary());
          err.flush();
          if (every == null) {
            break;
          }
          Thread.sleep(every.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        bot.close();
      }
      return bot.failures() > 0 ? ExitCodes.INTERNAL_ERROR : ExitCodes.OK;
    } catch (SqliteFile.StoreException e) {
      err.println("mmreview: bot: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (SQLException e) {
      err.println("mmreview: bot: " + state + ": " + SqliteFile.describe(e));
      return ExitCodes.INPUT_ERROR;
    }
  }

  static Instant date(String s) {
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "--since: expected a date (2023-01-01) or an ISO date-time; got '" + s + "'");
      }
    }
  }
}
