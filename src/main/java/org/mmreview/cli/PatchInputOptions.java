package org.mmreview.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmreview.intake.PatchSource;
import picocli.CommandLine.Option;

/** The ways a patch reaches mmreview, shared by the commands that read patches. */
public final class PatchInputOptions {

  @Option(
      names = "--mbox",
      paramLabel = "FILE",
      description = "An mbox with many mails (- for standard input).")
  List<Path> mboxes = new ArrayList<>();

  @Option(
      names = "--inbox",
      paramLabel = "DIR",
      description = "A public-inbox archive (v1 bare repo or v2).")
  Path inbox;

  @Option(
      names = "--range",
      paramLabel = "A..B",
      description = "Archive commits to walk (default: all).")
  String range = "";

  @Option(names = "--git", paramLabel = "RANGE", description = "Commits of --repo: REV or A..B.")
  String git;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description =
          "A directory in the git repository (default: found from the current directory, or GIT_DIR, as git does).")
  Path repo;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description = "Only files under PATH (repeatable); with --git, only commits touching PATH.")
  List<String> paths = new ArrayList<>();

  @Option(names = "--staged", description = "The staged change of --repo (index vs HEAD).")
  boolean staged;

  @Option(names = "--worktree", description = "The working tree of --repo vs HEAD.")
  boolean worktree;

  @Option(names = "--tree", paramLabel = "DIR", description = "Directory holding the pre-images.")
  Path tree;

  @Option(names = "--limit", paramLabel = "N", description = "Read at most N messages or commits.")
  int limit;

  /** True when {@code file} is under one of the {@code --path} prefixes, or none was given. */
  boolean selects(String file) {
    return paths.isEmpty()
        || paths.stream()
            .anyMatch(p -> file.equals(p) || file.startsWith(p.endsWith("/") ? p : p + "/"));
  }

  /** The intake request for these options plus the positional patch/mail files. */
  PatchSource.Request request(List<Path> files, Host host) {
    return new PatchSource.Request(
        files,
        mboxes,
        Optional.ofNullable(inbox),
        range,
        Optional.ofNullable(repo),
        Optional.ofNullable(git),
        paths,
        staged,
        worktree,
        Optional.ofNullable(tree),
        limit,
        new PatchSource.Context(host.stdin(), host.cwd(), host.env()));
  }
}
