package org.mmreview.bench;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.cparse.CParser;
import org.mmreview.intake.InboxMessage;
import org.mmreview.intake.MessageClassifier;
import org.mmreview.review.ReviewPlanner;
import org.mmreview.review.ReviewedFile;
import org.mmreview.testing.Corpus;

/**
 * How much of the corpus's hunk-only code the rules never see: over every patch mail of a
 * public-inbox archive, the post-image units of the C files reviewed from their hunks, and in them
 * the code left unparsed ({@link ErrorStatement}s and {@link ErrorNode}s). Counts the units with
 * any, and the added lines they cover, against all units and all added lines.
 *
 * <pre>
 *   bench/fragment-errors.sh [INBOX.git]     (default /tmp/corpus.git)
 * </pre>
 */
public final class FragmentErrors {
  private FragmentErrors() {}

  public static void main(String[] args) throws Exception {
    Path inbox = Path.of(args.length > 0 ? args[0] : "/tmp/corpus.git");
    List<byte[]> mails = Corpus.sampleMails(inbox, 1);
    ReviewPlanner planner = new ReviewPlanner(new CParser());
    long files = 0;
    long units = 0;
    long unitsWithErrors = 0;
    long errorNodes = 0;
    long added = 0;
    long addedUnparsed = 0;
    for (int i = 0; i < mails.size(); i++) {
      InboxMessage m = MessageClassifier.read("mail#" + i, mails.get(i));
      if (m.patch().isEmpty()) {
        continue;
      }
      for (ReviewedFile f : planner.patch(m.patch().get())) {
        if (!f.partial()) {
          continue;
        }
        files++;
        Set<Integer> unparsed = new HashSet<>();
        for (CompilationUnit u : f.units()) {
          units++;
          List<Node> errors =
              u.stream()
                  .filter(n -> n instanceof ErrorStatement || n instanceof ErrorNode)
                  .toList();
          if (!errors.isEmpty()) {
            unitsWithErrors++;
          }
          errorNodes += errors.size();
          for (Node e : errors) {
            Range r = e.range();
            for (int l = r.beginLine(); l <= r.endLine(); l++) {
              unparsed.add(l);
            }
          }
        }
        Set<Integer> addedLines = new HashSet<>();
        f.change()
            .orElseThrow()
            .hunks()
            .forEach(
                h -> {
                  int line = h.newStart();
                  for (var l : h.lines()) {
                    switch (l.kind()) {
                      case ADD -> addedLines.add(line++);
                      case CONTEXT -> line++;
                      default -> {}
                    }
                  }
                });
        added += addedLines.size();
        addedLines.retainAll(unparsed);
        addedUnparsed += addedLines.size();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "mails: %d; hunk-only C files: %d; units: %d, with unparsed code: %d (%.1f%%);"
            + " error nodes: %d; added lines: %d, unparsed: %d (%.2f%%)%n",
        mails.size(),
        files,
        units,
        unitsWithErrors,
        100.0 * unitsWithErrors / Math.max(1, units),
        errorNodes,
        added,
        addedUnparsed,
        100.0 * addedUnparsed / Math.max(1, added));
  }
}
