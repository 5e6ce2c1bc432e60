package org.mmreview.review;

import org.mmreview.cparse.ParseProblem;

/**
 * A parse problem worth telling the user about, as one line: code the rules did not see because the
 * input was beyond a limit ({@link ParseProblem.Kind#INPUT}) or the parser failed on it ({@link
 * ParseProblem.Kind#INTERNAL}), or wrong input read with a stated guess ({@link
 * ParseProblem.Kind#REPAIRED}). Syntax errors of partial code are not among them.
 */
public record ParseDiagnostic(ParseProblem.Kind kind, String message) {}
