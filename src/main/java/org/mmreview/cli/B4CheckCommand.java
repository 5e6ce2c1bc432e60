package org.mmreview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;
import org.mmreview.report.CheckpatchFormat;
import org.mmreview.report.FileContext;
import org.mmreview.report.Finding;
import org.mmreview.report.InputFileException;
import org.mmreview.report.Lifecycle;
import org.mmreview.report.Severity;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.rules.RuleCatalog;
import org.mmreview.rules.RuleCatalogException;
import org.mmreview.rules.RuleEngine;
import org.mmreview.series.PatchReview;
import org.mmreview.series.PatchReviewer;
import org.mmreview.series.ReviewProblem;
import org.mmreview.series.Surface;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mmreview b4-check}: b4's external check protocol ({@code b4.review-perpatch-check-cmd}).
 * One RFC 2822 message arrives on standard input; a JSON array goes to standard output, {@code
 * [{"tool": "mmreview", "status": "pass|warn|fail", "summary": ..., "url": ..., "details": ...}]},
 * or {@code []} for a message with nothing to review (a cover letter, a reply). b4 reads the JSON
 * whatever the exit status, and treats a non-zero exit with no JSON as the tool failing, which is
 * what an unreadable message is: one line on standard error, exit 2.
 */
@Command(
    name = "b4-check",
    mixinStandardHelpOptions = true,
    description = {
      "Review the one mail on standard input and print b4's review-check JSON.",
      "Plug it in with: git config b4.review-perpatch-check-cmd 'mmreview b4-check'",
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the JSON was printed (its status says pass, warn or fail)",
      "2:the input is not a readable mail, or a bad option",
      "3:internal error"
    })
public final class B4CheckCommand implements Callable<Integer> {

  static final String TOOL = "mmreview";

  @Spec CommandSpec spec;

  @ParentCommand Main parent;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description =
          "A kernel repository: the patch is applied to its base-commit (or HEAD) so whole functions are reviewed.")
  Path repo;

  @Option(names = "--tree", paramLabel = "DIR", description = "Directory holding the pre-images.")
  Path tree;

  @Option(
      names = "--url",
      paramLabel = "TEMPLATE",
      description =
          "The result's url: %%s is replaced by the message-id (e.g. https://lore.kernel.org/r/%%s); default none.")
  String url = "";

  @Mixin ReviewOptions review;

  @Override
  public Integer call() {
    Host host = Main.host(parent);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RuleEngine engine;
    Severity shown;
    ConfigFile cfg;
    try {
      RuleCatalog catalog = RuleCatalog.load();
      cfg = review.config(host.cwd(), catalog);
      engine = new RuleEngine(review.rules(catalog, cfg), false);
      // A review tool's column shows what a maintainer acts on: infos only when asked for.
      // b4 runs it before a series is sent, as a hook: the hooks' configured threshold.
      shown =
          review.minSeverity != null
              ? Severity.parse(review.minSeverity)
              : cfg.minSeverity(Surface.HOOK).orElse(Surface.HOOK.defaultMinSeverity());
    } catch (IllegalArgumentException e) {
      err.println("mmreview: b4-check: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (InputFileException e) {
      err.println("mmreview: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (RuleCatalogException e) {
      err.println("mmreview: internal error: " + e.getMessage());
      return ExitCodes.INTERNAL_ERROR;
    }

    PatchReviewer reviewer = new PatchReviewer(new ReviewPlanner(new CParser()), engine);
    List<PatchReview> reviews = new ArrayList<>();
    List<InboxMessage> messages = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> inputErrors = new ArrayList<>();
    PatchSource.Request req =
        new PatchSource.Request(
            List.of(Path.of(PatchSource.STDIN)),
            List.of(),
            Optional.empty(),
            "",
            Optional.ofNullable(repo),
            Optional.empty(),
            List.of(),
            false,
            false,
            Optional.ofNullable(tree),
            0,
            new PatchSource.Context(host.stdin(), host.cwd(), host.env()));
    PatchSource.stream(
        req,
        new PatchSource.Sink() {
          @Override
          public void message(InboxMessage m) {
            messages.add(m);
          }

          @Override
          public void patch(Patch p) {
            reviews.add(reviewer.review(p, f -> cfg.selects(f, false)));
          }

          @Override
          public void diagnostic(IntakeDiagnostic d) {
            switch (d.kind()) {
              case INTERNAL -> failures.add(d.input() + ": " + d.reason());
              case ERROR -> inputErrors.add(d.input() + ": " + d.reason());
              case SKIPPED -> {}
            }
          }
        });
    boolean nothingToReview =
        reviews.isEmpty()
            && messages.size() == 1
            && (messages.get(0).category() == InboxMessage.Category.COVER_LETTER
                || messages.get(0).category() == InboxMessage.Category.REPLY);
    if (nothingToReview) {
      out.println("[]");
      out.flush();
      return ExitCodes.OK;
    }
    if (reviews.isEmpty()) {
      List<String> why = new ArrayList<>(failures);
      why.addAll(inputErrors);
      err.println(
          "mmreview: b4-check: "
              + (why.isEmpty() ? PatchSource.STDIN_NAME + ": no patch found" : why.get(0)));
      return failures.isEmpty() ? ExitCodes.INPUT_ERROR : ExitCodes.INTERNAL_ERROR;
    }
    PatchReview r = reviews.get(0);
    for (ReviewProblem p : r.problems()) {
      if (p.kind() == ReviewProblem.Kind.INTERNAL_FAILURE) {
        failures.add(p.text());
      }
    }
    String messageId =
        messages.isEmpty() ? "" : messages.get(0).metadata().map(m -> m.messageId()).orElse("");
    out.println(toJson(r, shown, cfg.severities(), failures, messageId));
    out.flush();
    return ExitCodes.OK;
  }

  /** A message-id without its angle brackets, as lore's URLs take it. */
  static String bare(String messageId) {
    String s = messageId.strip();
    return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
  }

  /** The review as b4's one-element result array. */
  String toJson(
      PatchReview r,
      Severity shown,
      Map<String, Severity> severities,
      List<String> failures,
      String messageId) {
    List<Finding> kept = new ArrayList<>();
    for (Finding f : r.findings()) {
      Severity s = severities.get(f.ruleId());
      Finding g = s == null ? f : f.withSeverity(s);
      // A bug the patch did not bring is not the patch's to fix.
      if (g.lifecycle() != Lifecycle.PRE_EXISTING && g.severity().atLeast(shown)) {
        kept.add(g);
      }
    }
    kept.sort(Finding::compare);
    long errors = kept.stream().filter(f -> f.severity() == Severity.ERROR).count();
    long warnings = kept.stream().filter(f -> f.severity() == Severity.WARNING).count();
    long infos = kept.size() - errors - warnings;
    String status = errors > 0 || !failures.isEmpty() ? "fail" : warnings > 0 ? "warn" : "pass";
    List<String> parts = new ArrayList<>();
    if (errors > 0) {
      parts.add(errors + (errors == 1 ? " error" : " errors"));
    }
    if (warnings > 0) {
      parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
    }
    if (infos > 0) {
      parts.add(infos + (infos == 1 ? " info" : " infos"));
    }
    if (!failures.isEmpty()) {
      parts.add("internal error, review incomplete");
    }
    String summary = parts.isEmpty() ? "no findings" : String.join(", ", parts);
    List<FileContext> partial = r.hunkOnly();
    if (!partial.isEmpty()) {
      summary += " (hunk-only review: " + partial.get(0).reason() + ")";
    }
    StringBuilder details = new StringBuilder();
    for (Finding f : kept) {
      details.append(CheckpatchFormat.details(f));
    }
    for (String failure : failures) {
      details.append("mmreview: ").append(failure).append('\n');
    }
    ObjectMapper json = new ObjectMapper();
    ArrayNode arr = json.createArrayNode();
    ObjectNode o = arr.addObject();
    o.put("tool", TOOL);
    o.put("status", status);
    o.put("summary", summary);
    o.put("url", url.isEmpty() || messageId.isEmpty() ? "" : url.replace("%s", bare(messageId)));
    o.put("details", details.toString());
    return arr.toString();
  }
}
