package org.mmreview.cparse;

import java.util.Optional;
import org.mmreview.ast.Range;

/** Something the parser could not read: where, why, and in which function when known. */
public record ParseProblem(Range range, String message, Optional<String> functionName) {}
