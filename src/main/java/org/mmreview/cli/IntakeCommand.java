package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.HunkExport;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.IntakeDiagnostic;
import org.mmreview.intake.IntakeJson;
import org.mmreview.intake.IntakeStats;
import org.mmreview.intake.Patch;
import org.mmreview.intake.PatchSource;
import org.mmreview.intake.ThreadGrouper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmreview intake}: reads patches in any form and shows what was read. */
@Command(
    name = "intake",
    mixinStandardHelpOptions = true,
    description = {
      "Read patches from diffs, mails, mboxes, a public-inbox archive or git, and show them.",
      "Bad input is reported as 'mmreview: INPUT: reason'; the other inputs go on."
    })
public final class IntakeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Patch, diff, .eml or mbox files.")
  List<Path> files = new ArrayList<>();

  @Mixin PatchInputOptions input;

  @Option(names = "--stats", description = "Count messages by category, skipped by reason, series.")
  boolean stats;

  @Option(names = "--json", description = "Per patch: metadata, files, hunks and line maps as JSON.")
  boolean json;

  @Option(names = "--list", description = "One line per message: id, category, reason, subject.")
  boolean list;

  @Option(names = "--series", description = "Series and their versions v1..vN, with their messages.")
  boolean series;

  @Option(
      names = "--export-hunks",
      paramLabel = "DIR",
      description = "Write extracted hunks and numstat for comparison with git (bench).")
  Path exportDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PatchSource.Request req = input.request(files);
    if (req.isEmpty()) {
      err.println("mmreview: intake: no input (give FILE, --mbox, --inbox, --git, --staged or --worktree)");
      return ExitCodes.INPUT_ERROR;
    }
    PatchSource.Result result = PatchSource.read(req);
    for (IntakeDiagnostic d : result.diagnostics()) {
      err.println("mmreview: " + d.input() + ": " + d.reason());
    }
    err.flush();
    IntakeStats st = null;
    ThreadGrouper.Grouping g = null;
    if (stats || json || series) {
      g = ThreadGrouper.group(result.messages());
      st = IntakeStats.of(result.messages(), g);
    }
    if (exportDir != null) {
      try {
        List<Patch> nonMail = result.patches().stream().filter(p -> p.metadata().messageId().isEmpty()).toList();
        HunkExport.write(exportDir, result.messages(), nonMail);
      } catch (IOException e) {
        err.println("mmreview: " + exportDir + ": cannot write: " + e.getMessage());
        return ExitCodes.INPUT_ERROR;
      }
    }
    if (json) {
      out.print(IntakeJson.render(result.patches(), result.diagnostics(), stats ? st : null));
    } else {
      if (list) {
        for (InboxMessage m : result.messages()) {
          out.println(
              m.id() + "\t" + m.category() + "\t" + m.reason().map(Enum::name).orElse("-") + "\t"
                  + m.metadata().map(x -> x.subject()).orElse(m.detail()));
        }
      } else if (series) {
        for (ThreadGrouper.SeriesFamily f : g.families()) {
          out.println(f.title() + " (" + f.author() + ")");
          for (ThreadGrouper.Series s : f.versions()) {
            out.println("  v" + s.version() + (s.total() > 0 ? " " + s.patches().size() + "/" + s.total() : "")
                + (s.complete() ? "" : " incomplete")
                + s.coverLetter().map(c -> " cover " + c).orElse("")
                + " patches " + String.join(" ", s.patches()));
          }
        }
      } else if (!stats) {
        for (Patch p : result.patches()) {
          out.println(summary(p));
        }
      }
      if (stats) {
        out.print(st.render());
      }
    }
    out.flush();
    boolean usable = !result.patches().isEmpty() || !result.messages().isEmpty();
    return usable ? ExitCodes.OK : ExitCodes.INPUT_ERROR;
  }

  static String summary(Patch p) {
    int added = p.files().stream().mapToInt(FileChange::added).sum();
    int removed = p.files().stream().mapToInt(FileChange::removed).sum();
    String subject = p.metadata().subject().isEmpty() ? "(no subject)" : p.metadata().subject();
    return p.source() + ": " + subject + " (" + p.files().size() + " file"
        + (p.files().size() == 1 ? "" : "s") + ", +" + added + " -" + removed + ")";
  }
}
