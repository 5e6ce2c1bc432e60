package org.mmreview.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mmreview.ast.AstJson;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ParseResult;
import org.mmreview.intake.FileChange;
import org.mmreview.intake.Hunk;
import org.mmreview.intake.HunkLine;
import org.mmreview.intake.MailParser;
import org.mmreview.intake.PublicInboxReader;

/**
 * Parses every hunk side of every C file in the patch mails of a public-inbox archive twice: at its
 * own first line, and at line 1 and then moved to its line by {@link CParser#moved}. Prints how
 * many sides were compared and how many trees (as JSON, comments and problems included) differ. The
 * planner's fragment cache hands out moved trees; the real archive is what this checks the copy
 * against. Run by bench/intake-corpus.sh.
 *
 * <p>java -cp target/mmreview.jar:target/test-classes org.mmreview.review.LineShiftCheck INBOX
 */
public final class LineShiftCheck {
  private LineShiftCheck() {}

  public static void main(String[] args) throws Exception {
    CParser parser = new CParser();
    long[] counts = new long[4]; // sides, compared (no problems), differing, not movable
    List<String> firstDifferences = new ArrayList<>();
    PublicInboxReader.walk(
        Path.of(args[0]),
        "",
        e -> {
          if (e.mail() == null) {
            return;
          }
          MailParser.ParsedMail m;
          try {
            m = MailParser.parse(e.mail(), e.id());
          } catch (MailParser.UndecodableMailException ex) {
            return;
          }
          for (FileChange fc : m.diff().files()) {
            if (!ReviewPlanner.isC(fc.newPath())) {
              continue;
            }
            for (List<Hunk> g : FunctionHunks.groups(fc.hunks())) {
              for (HunkLine.Kind own :
                  new HunkLine.Kind[] {HunkLine.Kind.ADD, HunkLine.Kind.REMOVE}) {
                String text = FunctionHunks.joined(g, own);
                int line = own == HunkLine.Kind.ADD ? g.get(0).newStart() : g.get(0).oldStart();
                counts[0]++;
                ParseResult here = parser.parseFragment(fc.newPath(), text, line);
                ParseResult atOne = parser.parseFragment(fc.newPath(), text, 1);
                Optional<ParseResult> moved = parser.moved(atOne, text, 1, line);
                if (moved.isEmpty()) {
                  counts[3]++;
                  continue;
                }
                counts[1]++;
                if (!dump(here).equals(dump(moved.get()))) {
                  counts[2]++;
                  if (firstDifferences.size() < 5) {
                    firstDifferences.add(e.id() + " " + fc.newPath() + ":" + line);
                  }
                }
              }
            }
          }
        },
        d -> System.err.println("line-shift-check: " + d));
    System.out.printf(
        "hunk sides %d, moved and compared %d, differing %d, parsed again (problems) %d%n",
        counts[0], counts[1], counts[2], counts[3]);
    firstDifferences.forEach(d -> System.out.println("  differs: " + d));
    System.exit(counts[2] == 0 ? 0 : 1);
  }

  private static String dump(ParseResult r) {
    StringBuilder b = new StringBuilder(AstJson.toJson(r.unit()));
    r.unit().comments().forEach(c -> b.append('\n').append(c.range()).append(c.text()));
    b.append('\n').append(r.problems()).append(r.usedLlFallback());
    return b.toString();
  }
}
