package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mmreview.audit.AuditReport;
import org.mmreview.store.AuditStore;
import org.mmreview.store.SqliteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mmreview audit report --db FILE (--html FILE | --format=json|csv|markdown)}. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the audit out: one self-contained HTML page (--html FILE: charts and a sortable,",
      "filterable table of findings; no network needed to view it), or --format=json, csv or",
      "markdown on standard output (or --output FILE).",
    })
final class AuditReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand AuditCommand parent;

  @Option(names = "--db", required = true, paramLabel = "FILE", description = "The database.")
  Path db;

  @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML page to FILE.")
  Path html;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description =
          "html, json, csv (one row per finding) or markdown (default: html with --html).")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE (replaced only when the report is complete).")
  Path output;

  @Override
  public Integer call() {
    Host host = Main.host(parent == null ? null : parent.parent);
    PrintWriter err = spec.commandLine().getErr();
    String fmt = format != null ? format.toLowerCase(Locale.ROOT) : html != null ? "html" : null;
    if (fmt == null || !AuditReport.knows(fmt)) {
      err.println(
          "mmreview: audit report: give --html FILE or --format=html|json|csv|markdown"
              + (format == null ? "" : " (got '" + format + "')"));
      return ExitCodes.INPUT_ERROR;
    }
    if (html != null && output != null && !html.equals(output)) {
      err.println("mmreview: audit report: --html FILE and --output FILE name two files");
      return ExitCodes.INPUT_ERROR;
    }
    Path target = html != null ? html : output;
    if (fmt.equals("html") && target == null) {
      err.println("mmreview: audit report: the HTML page needs a file: --html FILE");
      return ExitCodes.INPUT_ERROR;
    }
    ReportFile file = null;
    try (AuditStore store = AuditStore.openExisting(host.cwd().resolve(db))) {
      PrintWriter out = spec.commandLine().getOut();
      if (target != null) {
        file = ReportFile.open(host.cwd().resolve(target));
        out = file.writer();
      }
      AuditReport report = new AuditReport(store);
      switch (fmt) {
        case "json" -> report.json(out);
        case "csv" -> report.csv(out);
        case "markdown" -> report.markdown(out, AuditReport.TABLE_CAP);
        default -> report.html(out);
      }
      if (file != null) {
        file.commit();
      }
      return ExitCodes.OK;
    } catch (SqliteFile.StoreException e) {
      err.println("mmreview: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } catch (SQLException e) {
      err.println("mmreview: " + db + ": " + SqliteFile.describe(e));
      return ExitCodes.INPUT_ERROR;
    } catch (IOException e) {
      err.println("mmreview: " + target + ": cannot write the report: " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    } finally {
      if (file != null) {
        file.close();
      }
    }
  }
}
