package org.mmreview.cparse;

import java.util.Optional;
import org.mmreview.ast.Range;

/**
 * Something the parser could not read: where, why, in which function when known, and whose
 * problem it is (see {@link Kind}).
 */
public record ParseProblem(Range range, String message, Optional<String> functionName, Kind kind) {

  /** Whose problem it is, which decides whether a review reports it. */
  public enum Kind {
    /**
     * The code does not parse: in a fragment usually just partial code (a hunk cut mid
     * statement), so reviews keep it as an error node and say nothing.
     */
    SYNTAX,
    /**
     * The input is beyond what mmreview reads (binary data, a line or nesting past a limit, an
     * unterminated comment): the user is told, since that code went unreviewed.
     */
    INPUT,
    /** A defect of mmreview's parser, contained to this text. */
    INTERNAL
  }

  /** A syntax error. */
  public ParseProblem(Range range, String message, Optional<String> functionName) {
    this(range, message, functionName, Kind.SYNTAX);
  }
}
