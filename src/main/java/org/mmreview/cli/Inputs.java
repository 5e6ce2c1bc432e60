package org.mmreview.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmreview.intake.PatchSource;
import org.mmreview.review.ReviewPlanner;

/** What a review command reads: C files (with {@code --all}) and the patch sources. */
record Inputs(Path cwd, List<Path> sourceFiles, PatchSource.Request request) {

  /**
   * Splits the positional files into C files and patches and builds the intake request; null, with
   * the reason on {@code err}, when there is nothing to review or a C file came without {@code
   * --all}.
   *
   * @param command the command, for the message ({@code check})
   */
  static Inputs split(
      String command,
      List<Path> files,
      boolean all,
      PatchInputOptions input,
      Host host,
      PrintWriter err) {
    List<Path> patchFiles = new ArrayList<>();
    List<Path> sourceFiles = new ArrayList<>();
    for (Path f : files) {
      (ReviewPlanner.isC(f.toString()) ? sourceFiles : patchFiles).add(f);
    }
    if (!sourceFiles.isEmpty() && !all) {
      err.println(
          "mmreview: "
              + sourceFiles.get(0)
              + ": a C file, not a patch: give --all to review whole files");
      return null;
    }
    PatchSource.Request req = input.request(patchFiles, host);
    if (req.isEmpty() && sourceFiles.isEmpty()) {
      err.println(
          "mmreview: "
              + command
              + ": no input (give FILE, --mbox, --inbox, --git, --staged or --worktree)");
      return null;
    }
    return new Inputs(host.cwd(), sourceFiles, req);
  }

  /** Reviews every input with {@code run}; the run's exit status. */
  int review(ReviewRun run) {
    for (Path f : sourceFiles) {
      run.reviewSourceFile(cwd, f);
    }
    if (!request.isEmpty()) {
      PatchSource.stream(request, run);
    }
    return run.finish();
  }
}
