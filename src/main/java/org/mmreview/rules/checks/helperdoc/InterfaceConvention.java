package org.mmreview.rules.checks.helperdoc;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.review.ReviewedFile;

/**
 * The file's interface: its non-static functions, which other files call through a header. Whether
 * the file documents them is counted as {@link FileConvention} counts helpers, with one addition
 * for hunk-only reviews: a kernel-doc comment the hunks show ({@code /**} then {@code name -} or
 * {@code name() -}) whose function lies beyond the hunk counts as a documented sibling. A hunk
 * often ends just after such a comment (mm/ksm.c's {@code ksm_enable_merge_any()}), and the comment
 * alone says what the file does for its interface.
 */
public final class InterfaceConvention {
  private static final Pattern KERNELDOC_NAME =
      Pattern.compile("(?:[a-z]+\\s+)?(\\w+)\\s*(?:\\(\\s*\\))?\\s*-(?:\\s.*)?");

  private InterfaceConvention() {}

  /** Counts the non-static functions of {@code file} the review sees and that the patch keeps. */
  public static FileConvention.Count count(ReviewedFile file, List<FunctionDefinition> functions) {
    FileConvention.Count defined =
        FileConvention.count(file, functions.stream().filter(f -> !f.isStatic()).toList());
    if (!file.partial()) {
      return defined; // whole files: every function is in view with its comment
    }
    Set<String> inView = new HashSet<>();
    functions.forEach(f -> inView.add(f.name()));
    int beyond = 0;
    for (CompilationUnit cu : file.units()) {
      for (Comment c : cu.comments()) {
        if (c.text().startsWith("/**")
            && !file.isAdded(c.range().beginLine())
            && kerneldocName(c).filter(n -> !inView.contains(n)).isPresent()) {
          beyond++;
        }
      }
    }
    return new FileConvention.Count(
        defined.siblings() + beyond, defined.documented() + beyond, defined.hunksOnly());
  }

  /** The function a kernel-doc comment names on its first line, if it has that form. */
  static Optional<String> kerneldocName(Comment c) {
    List<String> lines = c.contentLines();
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = KERNELDOC_NAME.matcher(lines.get(0));
    if (!m.matches() || lines.get(0).startsWith("struct ") || lines.get(0).startsWith("enum ")) {
      return Optional.empty();
    }
    return Optional.of(m.group(1));
  }

  /**
   * The header of the patch that declares {@code name} at top level (a prototype, or a stub for
   * another configuration): the function is part of an interface other files use.
   */
  public static Optional<String> declaringHeader(String name, ReviewedFile file) {
    Pattern declared =
        Pattern.compile("(?m)^[A-Za-z_][\\w\\s*]*\\b" + Pattern.quote(name) + "\\s*\\(");
    for (CompilationUnit cu : file.patch().units().get()) {
      if (cu.fileName().endsWith(".h") && declared.matcher(cu.source()).find()) {
        return Optional.of(cu.fileName());
      }
    }
    return Optional.empty();
  }
}
