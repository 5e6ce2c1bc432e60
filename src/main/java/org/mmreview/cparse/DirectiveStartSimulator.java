package org.mmreview.cparse;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.dfa.DFAState;
import org.mmreview.cparse.grammar.KernelCLexer;

/**
 * The kernel C lexer's automaton, with the one edge ANTLR never caches remembered: a token that
 * starts with {@code #}. The {@code Directive} rule asks a predicate there (is the {@code #} first
 * on its line?), and ANTLR keeps no DFA edge that a predicate decided, so every directive ran a
 * full ATN simulation from the start state over every token rule: a fifth of lexing a kernel file.
 *
 * <p>The state that edge leads to depends on the predicate's answer alone (the {@code #} token
 * rules and {@code Unknown} match it either way; {@code Directive} only when it holds), so the two
 * states are remembered, each the first time it is computed, and the predicate is asked here before
 * the edge is taken. Both are the DFA's own states, shared by every lexer as the DFA is.
 */
final class DirectiveStartSimulator extends LexerATNSimulator {
  private static final int DIRECTIVE_RULE =
      Arrays.asList(KernelCLexer.ruleNames).indexOf("Directive");
  private static final int LINE_START_PREDICATE = 0;

  /** The start state the two targets are for (a cleared DFA gets a new one), and the targets. */
  private record Targets(DFAState from, DFAState atLineStart, DFAState inLine) {}

  private static final AtomicReference<Targets> TARGETS =
      new AtomicReference<>(new Targets(null, null, null));

  private final KernelCLexer lexer;

  DirectiveStartSimulator(KernelCLexer lexer) {
    super(
        lexer,
        lexer.getATN(),
        lexer.getInterpreter().decisionToDFA,
        lexer.getInterpreter().getSharedContextCache());
    this.lexer = lexer;
  }

  /** A lexer of {@code input} that takes the remembered edges. */
  static KernelCLexer lexer(CharStream input) {
    KernelCLexer lexer = new KernelCLexer(input);
    lexer.setInterpreter(new DirectiveStartSimulator(lexer));
    return lexer;
  }

  @Override
  protected DFAState getExistingTargetState(DFAState s, int t) {
    if (t == '#' && s == startState()) {
      Targets known = TARGETS.get();
      if (known.from() == s) {
        DFAState target = lineStart() ? known.atLineStart() : known.inLine();
        if (target != null) {
          return target;
        }
      }
      return null;
    }
    return super.getExistingTargetState(s, t);
  }

  @Override
  protected DFAState computeTargetState(CharStream input, DFAState s, int t) {
    DFAState target = super.computeTargetState(input, s, t);
    if (t == '#' && s == startState() && target != ERROR) {
      boolean lineStart = lineStart();
      TARGETS.updateAndGet(
          known -> {
            Targets base = known.from() == s ? known : new Targets(s, null, null);
            return lineStart
                ? new Targets(s, target, base.inLine())
                : new Targets(s, base.atLineStart(), target);
          });
    }
    return target;
  }

  private DFAState startState() {
    return decisionToDFA[mode].s0;
  }

  /** The {@code Directive} rule's predicate, as the simulation would ask it at this token. */
  private boolean lineStart() {
    return lexer.sempred(null, DIRECTIVE_RULE, LINE_START_PREDICATE);
  }
}
