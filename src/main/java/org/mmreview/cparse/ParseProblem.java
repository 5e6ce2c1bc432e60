package org.mmreview.cparse;

import java.util.Optional;
import org.mmreview.ast.Range;

/**
 * Something the parser could not read: where, why, in which function when known, and whose problem
 * it is (see {@link Kind}).
 */
public record ParseProblem(Range range, String message, Optional<String> functionName, Kind kind) {

  /** Whose problem it is, which decides whether a review reports it. */
  public enum Kind {
    /**
     * The code does not parse: in a fragment usually just partial code (a hunk cut mid statement),
     * so reviews keep it as an error node and say nothing.
     */
    SYNTAX,
    /**
     * The input is beyond what mmreview reads (binary data, a line or nesting past a limit): the
     * user is told, since that code went unreviewed.
     */
    INPUT,
    /**
     * The input is wrong but was read with a guess the message states (an unterminated comment read
     * as ending on its own line): the user is told, and the code was reviewed.
     */
    REPAIRED,
    /** A defect of mmreview's parser, contained to this text. */
    INTERNAL
  }

  /** A syntax error. */
  public ParseProblem(Range range, String message, Optional<String> functionName) {
    this(range, message, functionName, Kind.SYNTAX);
  }
}
