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
import picocli.CommandLine.ParentCommand;
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

  @ParentCommand Main parent;

  @Option(names = "--stats", description = "Count messages by category, skipped by reason, series.")
  boolean stats;

  @Option(
      names = "--json",
      description = "Per patch: metadata, files, hunks and line maps as JSON.")
  boolean json;

  @Option(names = "--list", description = "One line per message: id, category, reason, subject.")
  boolean list;

  @Option(
      names = "--series",
      description = "Series and their versions v1..vN, with their messages.")
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
    PatchSource.Request req = input.request(files, Main.host(parent));
    if (req.isEmpty()) {
      err.println(
          "mmreview: intake: no input (give FILE, --mbox, --inbox, --git, --staged or --worktree)");
      return ExitCodes.INPUT_ERROR;
    }
    Reading reading = new Reading(out, err);
    try {
      reading.open();
      PatchSource.stream(req, reading);
      reading.finish();
    } catch (IOException e) {
      err.println(
          "mmreview: "
              + (exportDir != null ? exportDir + ": cannot write: " : "")
              + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } finally {
      reading.close(err);
    }
    out.flush();
    err.flush();
    if (reading.failures > 0) {
      return ExitCodes.INTERNAL_ERROR;
    }
    if (reading.inputErrors > 0 || (reading.patches == 0 && reading.messages == 0)) {
      return ExitCodes.INPUT_ERROR;
    }
    return ExitCodes.OK;
  }

  /**
   * What intake prints, written as messages arrive: the per-message and per-patch lines and the
   * JSON patches go out at once; the statistics and series keep only counters and message heads, so
   * memory stays flat over any archive.
   */
  private final class Reading implements PatchSource.Sink {
    private final PrintWriter out;
    private final PrintWriter err;
    private final ThreadGrouper.Builder grouping = new ThreadGrouper.Builder();
    private final IntakeStats.Counter counter = new IntakeStats.Counter();
    private final List<IntakeDiagnostic> diagnostics = new ArrayList<>();
    private IntakeJson.Document jsonDoc;
    private HunkExport export;
    private IOException writeFailure;
    int messages;
    int patches;
    int inputErrors;
    int failures;

    Reading(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    void open() throws IOException {
      if (exportDir != null) {
        export = new HunkExport(exportDir);
      }
      if (json) {
        jsonDoc = new IntakeJson.Document(out);
      }
    }

    @Override
    public void message(InboxMessage m) {
      messages++;
      if (stats || json || series) {
        counter.add(m);
        grouping.add(m);
      }
      if (list && !json) {
        out.println(
            m.id()
                + "\t"
                + m.category()
                + "\t"
                + m.reason().map(Enum::name).orElse("-")
                + "\t"
                + m.metadata().map(x -> x.subject()).orElse(m.detail()));
      }
      if (export != null && writeFailure == null) {
        try {
          export.message(m);
        } catch (IOException e) {
          writeFailure = e;
        }
      }
    }

    @Override
    public void patch(Patch p) {
      patches++;
      if (export != null && writeFailure == null && p.metadata().messageId().isEmpty()) {
        try {
          export.patch(p);
        } catch (IOException e) {
          writeFailure = e;
        }
      }
      if (json) {
        try {
          jsonDoc.patch(p);
        } catch (IOException e) {
          writeFailure = e;
        }
      } else if (!list && !series && !stats) {
        out.println(summary(p));
      }
    }

    @Override
    public void diagnostic(IntakeDiagnostic d) {
      err.println("mmreview: " + d.input() + ": " + d.reason());
      switch (d.kind()) {
        case ERROR -> inputErrors++;
        case INTERNAL -> failures++;
        case SKIPPED -> {}
      }
      if (json) {
        diagnostics.add(d);
      }
    }

    void finish() throws IOException {
      if (writeFailure != null) {
        throw writeFailure;
      }
      IntakeStats st = null;
      ThreadGrouper.Grouping g = null;
      if (stats || json || series) {
        g = grouping.build();
        st = counter.finish(g);
      }
      if (json) {
        jsonDoc.finish(diagnostics, stats ? st : null);
        return;
      }
      if (series && !list) {
        for (ThreadGrouper.SeriesFamily f : g.families()) {
          out.println(f.title() + " (" + f.author() + ")");
          for (ThreadGrouper.Series s : f.versions()) {
            out.println(
                "  v"
                    + s.version()
                    + (s.total() > 0 ? " " + s.patches().size() + "/" + s.total() : "")
                    + (s.complete() ? "" : " incomplete")
                    + s.coverLetter().map(c -> " cover " + c).orElse("")
                    + " patches "
                    + String.join(" ", s.patches()));
          }
        }
      }
      if (stats) {
        out.print(st.render());
      }
    }

    void close(PrintWriter err) {
      try {
        if (export != null) {
          export.close();
        }
        if (jsonDoc != null) {
          jsonDoc.close();
        }
      } catch (IOException e) {
        err.println("mmreview: " + exportDir + ": cannot write: " + e.getMessage());
        inputErrors++;
      }
    }
  }

  static String summary(Patch p) {
    int added = p.files().stream().mapToInt(FileChange::added).sum();
    int removed = p.files().stream().mapToInt(FileChange::removed).sum();
    String subject = p.metadata().subject().isEmpty() ? "(no subject)" : p.metadata().subject();
    return p.source()
        + ": "
        + subject
        + " ("
        + p.files().size()
        + " file"
        + (p.files().size() == 1 ? "" : "s")
        + ", +"
        + added
        + " -"
        + removed
        + ")";
  }
}
