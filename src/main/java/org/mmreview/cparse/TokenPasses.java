package org.mmreview.cparse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.mmreview.cparse.grammar.KernelCLexer;

/**
 * The passes between the lexer and the parser.
 *
 * <ol>
 *   <li>{@link #conditionals}: {@code #if}/{@code #ifdef} keep their first branch for parsing and
 *       move the tokens of {@code #elif}/{@code #else} branches to the SKIPPED channel; {@code #if
 *       0} skips its own body instead (and keeps the {@code #else}). The directives stay on the
 *       PREPROC channel and become {@code PreprocessorLine} nodes.
 *   <li>{@link #relabel}: annotation macros from the table become {@code AttrMacro} / {@code
 *       AttrMacroArgs}; identifiers that name types (the {@link TypedefOracle}, plus local
 *       heuristics such as {@code IDENT IDENT} at the start of a declaration) become {@code
 *       TypedefName}.
 * </ol>
 */
final class TokenPasses {
  private static final Pattern IF_ZERO =
      Pattern.compile("#\\s*if\\s+(0|false)\\b.*", Pattern.DOTALL);
  private static final Pattern DIRECTIVE_WORD = Pattern.compile("#\\s*([a-z_]+).*", Pattern.DOTALL);

  private static final Pattern MACRO_CASE = Pattern.compile("[A-Z_][A-Z0-9_]*");

  private TokenPasses() {}

  /** The directive word of a directive token's text ("if", "ifdef", "define", ...). */
  static String directiveWord(String text) {
    var m = DIRECTIVE_WORD.matcher(text);
    return m.matches() ? m.group(1) : "";
  }

  /** Moves tokens of #if branches that are not parsed to the SKIPPED channel. */
  static void conditionals(List<CommonToken> tokens) {
    conditionals(tokens, Map.of());
  }

  /**
   * Moves tokens of #if branches that are not parsed to the SKIPPED channel; {@code choice} names,
   * by the start index of a group's opening directive, the branch to take instead of the first live
   * one (another configuration, see {@link ConditionalTree}).
   */
  static void conditionals(List<CommonToken> tokens, Map<Integer, Integer> choice) {
    // Each frame: [0] = this branch is parsed, [1] = some branch of this #if was parsed,
    // [2] = the enclosing region is parsed, [3] = this branch's index, [4] = the forced branch
    // (-1: none).
    Deque<int[]> stack = new ArrayDeque<>();
    boolean active = true;
    for (CommonToken t : tokens) {
      if (t.getType() == KernelCLexer.Directive) {
        String text = t.getText();
        switch (directiveWord(text)) {
          case "if", "ifdef", "ifndef" -> {
            boolean zero = IF_ZERO.matcher(text).matches();
            int forced = choice.getOrDefault(t.getStartIndex(), -1);
            boolean take = active && !zero && (forced < 0 || forced == 0);
            stack.push(new int[] {bit(take), bit(take || !active), bit(active), 0, forced});
            active = take;
          }
          case "elif", "elifdef", "elifndef", "else" -> {
            if (!stack.isEmpty()) {
              int[] f = stack.peek();
              boolean zero = IF_ZERO.matcher(text.replaceFirst("elif", "if")).matches();
              f[3]++;
              boolean take = f[2] == 1 && !zero && (f[4] < 0 ? f[1] == 0 : f[4] == f[3]);
              f[0] = bit(take);
              f[1] |= bit(take);
              active = take;
            }
          }
          case "endif" -> {
            if (!stack.isEmpty()) {
              active = stack.pop()[2] == 1;
            }
          }
          default -> {}
        }
      } else if (!active && t.getChannel() == Token.DEFAULT_CHANNEL) {
        t.setChannel(KernelCLexer.SKIPPED);
      }
    }
  }

  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  private static final Set<Integer> STATEMENT_START =
      Set.of(
          KernelCLexer.Semi,
          KernelCLexer.LeftBrace,
          KernelCLexer.RightBrace,
          KernelCLexer.LeftParen,
          KernelCLexer.Comma);
  private static final Set<Integer> DECL_PREFIX =
      Set.of(
          KernelCLexer.Static,
          KernelCLexer.Extern,
          KernelCLexer.Const,
          KernelCLexer.Volatile,
          KernelCLexer.Inline,
          KernelCLexer.Register,
          KernelCLexer.Typedef,
          KernelCLexer.Auto,
          KernelCLexer.ThreadLocal,
          KernelCLexer.Noreturn,
          KernelCLexer.AttrMacro,
          KernelCLexer.Restrict,
          KernelCLexer.Extension);
  private static final Set<Integer> TYPE_WORDS =
      Set.of(
          KernelCLexer.Void,
          KernelCLexer.Char,
          KernelCLexer.Short,
          KernelCLexer.Int,
          KernelCLexer.Long,
          KernelCLexer.Float,
          KernelCLexer.Double,
          KernelCLexer.Signed,
          KernelCLexer.Unsigned,
          KernelCLexer.Bool,
          KernelCLexer.Complex,
          KernelCLexer.Int128,
          KernelCLexer.TypedefName);
  private static final Set<Integer> DECLARATOR_END =
      Set.of(
          KernelCLexer.Semi,
          KernelCLexer.Comma,
          KernelCLexer.Assign,
          KernelCLexer.LeftBracket,
          KernelCLexer.RightParen,
          KernelCLexer.Colon);
  private static final Set<Integer> NOT_CAST_OPENER =
      Set.of(
          KernelCLexer.Identifier,
          KernelCLexer.TypedefName,
          KernelCLexer.RightParen,
          KernelCLexer.RightBracket,
          KernelCLexer.If,
          KernelCLexer.While,
          KernelCLexer.For,
          KernelCLexer.Switch,
          KernelCLexer.Sizeof,
          KernelCLexer.Typeof,
          KernelCLexer.Alignof,
          KernelCLexer.AttrMacroArgs,
          KernelCLexer.Attribute,
          KernelCLexer.Asm,
          KernelCLexer.StringLiteral,
          KernelCLexer.Atomic,
          KernelCLexer.Alignas,
          KernelCLexer.StaticAssert);

  /** Collects the typedef names the file declares ({@code typedef ... name;}). */
  static Set<Token> collectTypedefs(List<CommonToken> toks, TypedefOracle oracle) {
    Set<Token> declaring = Collections.newSetFromMap(new IdentityHashMap<>());
    int n = toks.size();
    for (int i = 0; i < n; i++) {
      if (toks.get(i).getType() != KernelCLexer.Typedef) {
        continue;
      }
      int depth = 0;
      int paren = 0;
      CommonToken last = null;
      CommonToken fnPtr = null;
      for (int j = i + 1; j < n; j++) {
        CommonToken t = toks.get(j);
        int ty = t.getType();
        if (ty == KernelCLexer.LeftBrace) {
          depth++;
        } else if (ty == KernelCLexer.RightBrace) {
          depth--;
          if (depth < 0) {
            break;
          }
        } else if (depth > 0) {
          continue;
        } else if (ty == KernelCLexer.LeftParen || ty == KernelCLexer.LeftBracket) {
          if (ty == KernelCLexer.LeftParen
              && j + 2 < n
              && toks.get(j + 1).getType() == KernelCLexer.Star
              && toks.get(j + 2).getType() == KernelCLexer.Identifier
              && paren == 0) {
            fnPtr = toks.get(j + 2);
          }
          paren++;
        } else if (ty == KernelCLexer.RightParen || ty == KernelCLexer.RightBracket) {
          paren--;
        } else if (paren == 0 && ty == KernelCLexer.Identifier) {
          last = t;
        } else if (paren == 0 && (ty == KernelCLexer.Semi || ty == KernelCLexer.Comma)) {
          CommonToken name = fnPtr != null ? fnPtr : last;
          if (name != null) {
            oracle.addFileTypedef(name.getText());
            declaring.add(name);
          }
          fnPtr = null;
          last = null;
          if (ty == KernelCLexer.Semi) {
            break;
          }
        }
        if (paren == 0 && ty == KernelCLexer.LeftParen) {
          // function typedef: typedef int name(args);
        }
      }
    }
    return declaring;
  }

  /** Relabels annotation macros and type names in the parser-visible tokens. */
  static void relabel(
      List<CommonToken> toks,
      KernelMacros macros,
      TypedefOracle oracle,
      Set<Token> typedefDeclarators) {
    int n = toks.size();
    // 1. annotation macros
    for (int i = 0; i < n; i++) {
      CommonToken t = toks.get(i);
      if (t.getType() != KernelCLexer.Identifier || afterMemberOrTag(toks, i)) {
        continue;
      }
      String s = t.getText();
      if (macros.attributes().contains(s)) {
        t.setType(KernelCLexer.AttrMacro);
      } else if (macros.attributesWithArguments().contains(s)
          && type(toks, i + 1) == KernelCLexer.LeftParen) {
        t.setType(KernelCLexer.AttrMacroArgs);
      }
    }
    // 2. type names the oracle knows
    // Names declared as variables; a known type name used so (poll_table *poll_table) is a
    // variable until the end of the function that declared it.
    Set<String> variables = new HashSet<>();
    Set<String> shadowing = new HashSet<>();
    int depth = 0;
    for (int i = 0; i < n; i++) {
      CommonToken t = toks.get(i);
      if (t.getType() == KernelCLexer.LeftBrace) {
        depth++;
      } else if (t.getType() == KernelCLexer.RightBrace && --depth <= 0) {
        depth = 0;
        shadowing.clear();
      }
      if (t.getType() != KernelCLexer.Identifier
          || afterMemberOrTag(toks, i)
          || typedefDeclarators.contains(t)) {
        continue;
      }
      int next = type(toks, i + 1);
      int prev = type(toks, i - 1);
      // foo_t(...) is a macro call (min_t), but foo_t (*fn)(...) declares a function pointer.
      boolean call = next == KernelCLexer.LeftParen && type(toks, i + 2) != KernelCLexer.Star;
      String name = t.getText();
      // a variable the file declared with an _t name (struct x s_t;), or anything before . or ->
      boolean variable =
          next == KernelCLexer.Dot
              || next == KernelCLexer.Arrow
              || variables.contains(name) && !oracle.isKnown(name)
              || shadowing.contains(name);
      if (!variable && oracle.isTypedefName(name, call)) {
        // `unsigned long foo_t;` and `(*foo_t)` declare foo_t: keep names in declarator position.
        boolean afterType =
            TYPE_WORDS.contains(prev)
                || prev == KernelCLexer.Identifier && isTag(toks, i - 2)
                || prev == KernelCLexer.Star;
        boolean declaratorPosition =
            afterType && DECLARATOR_END.contains(next)
                || prev == KernelCLexer.Star
                    && type(toks, i - 2) == KernelCLexer.LeftParen
                    && next == KernelCLexer.RightParen;
        if (!declaratorPosition) {
          t.setType(KernelCLexer.TypedefName);
        } else if (!oracle.isKnown(name)) {
          variables.add(name);
        } else {
          shadowing.add(name);
        }
      }
    }
    // 3. type names and annotation macros recognised by their context
    int braceDepth = 0;
    for (int i = 0; i < n; i++) {
      CommonToken t = toks.get(i);
      int ty = t.getType();
      if (ty == KernelCLexer.LeftBrace) {
        braceDepth++;
        continue;
      }
      if (ty == KernelCLexer.RightBrace) {
        braceDepth = Math.max(0, braceDepth - 1);
        continue;
      }
      if (ty != KernelCLexer.Identifier || afterMemberOrTag(toks, i)) {
        continue;
      }
      int next = type(toks, i + 1);
      int prev = type(toks, i - 1);
      // After a top-level IDENT(...) without ';', a line starting in column 1 starts a new item.
      if (prev == KernelCLexer.RightParen && braceDepth == 0 && t.getCharPositionInLine() == 0) {
        prev = -1;
      }
      String s = t.getText();
      if (isAttributeBeforeType(prev, next, braceDepth)
          || next == KernelCLexer.TypedefName
              && isAttributeBeforeType(prev, KernelCLexer.Int, braceDepth)
              && (type(toks, i + 2) == KernelCLexer.Identifier
                  || type(toks, i + 2) == KernelCLexer.Star)) {
        t.setType(KernelCLexer.AttrMacro);
        continue;
      }
      // char *const POS p: an annotation between a pointer's qualifiers and the name
      boolean pointerQualifier =
          prev == KernelCLexer.Star
              || (prev == KernelCLexer.Const || prev == KernelCLexer.Volatile)
                  && type(toks, i - 2) == KernelCLexer.Star;
      if (pointerQualifier && next == KernelCLexer.Identifier) {
        t.setType(KernelCLexer.AttrMacro);
        continue;
      }
      if (isTypeByContext(toks, i, prev, next, braceDepth)) {
        t.setType(KernelCLexer.TypedefName);
        continue;
      }
      // static int INIT gunzip(...): a macro-style word between a type and a function name
      if (MACRO_CASE.matcher(s).matches()
          && (TYPE_WORDS.contains(prev) || prev == KernelCLexer.Star)
          && next == KernelCLexer.Identifier
          && type(toks, i + 2) == KernelCLexer.LeftParen) {
        t.setType(KernelCLexer.AttrMacro);
        continue;
      }
      if (s.startsWith("__") && isAttributeByContext(toks, i, prev, next)) {
        t.setType(KernelCLexer.AttrMacro);
      }
    }
  }

  private static boolean isTypeByContext(
      List<CommonToken> toks, int i, int prev, int next, int braceDepth) {
    boolean stmtStart = prev == -1 || STATEMENT_START.contains(prev) || DECL_PREFIX.contains(prev);
    // IDENT IDENT at the start of a declaration: the first names a type.
    if (next == KernelCLexer.Identifier && stmtStart) {
      int after = type(toks, i + 2);
      return after == KernelCLexer.Semi
          || after == KernelCLexer.Comma
          || after == KernelCLexer.Assign
          || after == KernelCLexer.LeftBracket
          || after == KernelCLexer.LeftParen
          || after == KernelCLexer.RightParen
          || after == KernelCLexer.AttrMacro
          || after == KernelCLexer.AttrMacroArgs
          || after == KernelCLexer.Attribute
          || after == KernelCLexer.Colon
          || after == KernelCLexer.Identifier;
    }
    // fd_set __user *p: a name followed by an annotation and a declarator names a type.
    if (next == KernelCLexer.AttrMacro && stmtStart) {
      int after = type(toks, i + 2);
      return after == KernelCLexer.Star || after == KernelCLexer.Identifier;
    }
    // U32 const x, BYTE const *p: a name followed by a qualifier names a type.
    if ((next == KernelCLexer.Const || next == KernelCLexer.Volatile)
        && (stmtStart || prev == KernelCLexer.Const)) {
      int after = type(toks, i + 2);
      return after == KernelCLexer.Identifier
          || after == KernelCLexer.Star
          || after == KernelCLexer.Const;
    }
    if (next == KernelCLexer.Star) {
      int j = i + 1;
      while (type(toks, j) == KernelCLexer.Star
          || type(toks, j) == KernelCLexer.Const
          || type(toks, j) == KernelCLexer.AttrMacro
          || type(toks, j) == KernelCLexer.Volatile) {
        j++;
      }
      int afterStars = type(toks, j);
      // (foo *), (const foo *) and (foo *, ...): an abstract declarator, never an expression.
      int open =
          prev == KernelCLexer.Const || prev == KernelCLexer.Volatile ? type(toks, i - 2) : prev;
      if ((open == KernelCLexer.LeftParen || open == KernelCLexer.Comma)
          && (afterStars == KernelCLexer.RightParen || afterStars == KernelCLexer.Comma)) {
        return true;
      }
      if (afterStars == KernelCLexer.Identifier) {
        int end = type(toks, j + 1);
        boolean declEnd =
            end == KernelCLexer.Semi
                || end == KernelCLexer.Assign
                || end == KernelCLexer.Comma
                || end == KernelCLexer.LeftBracket
                || end == KernelCLexer.RightParen
                || end == KernelCLexer.AttrMacro
                || end == KernelCLexer.LeftParen && braceDepth == 0;
        if (!declEnd) {
          return false;
        }
        if (prev == -1
            || prev == KernelCLexer.Semi
            || prev == KernelCLexer.LeftBrace
            || prev == KernelCLexer.RightBrace
            || DECL_PREFIX.contains(prev)) {
          return end != KernelCLexer.RightParen && end != KernelCLexer.Comma || braceDepth == 0;
        }
        if ((prev == KernelCLexer.LeftParen || prev == KernelCLexer.Comma) && braceDepth == 0) {
          return true;
        }
        if (prev == KernelCLexer.LeftParen && type(toks, i - 2) == KernelCLexer.For) {
          return true;
        }
      }
      return false;
    }
    // (foo) x: a cast, when the '(' cannot be a call or a control statement.
    if (prev == KernelCLexer.LeftParen
        && next == KernelCLexer.RightParen
        && !NOT_CAST_OPENER.contains(type(toks, i - 2))) {
      int after = type(toks, i + 2);
      return after == KernelCLexer.Identifier
          || after == KernelCLexer.Constant
          || after == KernelCLexer.Tilde
          || after == KernelCLexer.Not;
    }
    return false;
  }

  /** {@code static X int}, {@code X static}: an unknown word before a type or storage class. */
  private static boolean isAttributeBeforeType(int prev, int next, int braceDepth) {
    boolean start =
        prev == -1
            || prev == KernelCLexer.Semi
            || prev == KernelCLexer.RightBrace
            || prev == KernelCLexer.LeftBrace
            || DECL_PREFIX.contains(prev);
    boolean before =
        TYPE_WORDS.contains(next) && next != KernelCLexer.TypedefName
            || next == KernelCLexer.Static
            || next == KernelCLexer.Extern
            || next == KernelCLexer.Inline
            || next == KernelCLexer.Struct
            || next == KernelCLexer.Union
            || next == KernelCLexer.Enum;
    return start
        && before
        && (braceDepth == 0
            || prev != KernelCLexer.Semi
                && prev != KernelCLexer.LeftBrace
                && prev != KernelCLexer.RightBrace);
  }

  private static boolean isAttributeByContext(List<CommonToken> toks, int i, int prev, int next) {
    boolean afterTag = prev == KernelCLexer.Identifier && isTag(toks, i - 2);
    boolean afterType =
        TYPE_WORDS.contains(prev)
            || DECL_PREFIX.contains(prev)
            || prev == KernelCLexer.Star
            || afterTag;
    boolean beforeDeclarator =
        next == KernelCLexer.Identifier
            || next == KernelCLexer.Star
            || TYPE_WORDS.contains(next)
            || next == KernelCLexer.Struct;
    if (afterType && beforeDeclarator) {
      return true;
    }
    // int x __attr;  void f(void) __attr {
    boolean afterDeclarator =
        prev == KernelCLexer.Identifier
                && !afterTag
                && !isTag(toks, i - 2)
                && type(toks, i - 2) != -1
            || prev == KernelCLexer.RightBracket;
    return afterDeclarator
            && (next == KernelCLexer.Semi
                || next == KernelCLexer.Assign
                || next == KernelCLexer.Comma)
            && !TYPE_WORDS.contains(prev)
        || prev == KernelCLexer.RightParen && next == KernelCLexer.LeftBrace;
  }

  private static boolean isTag(List<CommonToken> toks, int i) {
    int t = type(toks, i);
    return t == KernelCLexer.Struct || t == KernelCLexer.Union || t == KernelCLexer.Enum;
  }

  private static boolean afterMemberOrTag(List<CommonToken> toks, int i) {
    int p = type(toks, i - 1);
    return p == KernelCLexer.Dot
        || p == KernelCLexer.Arrow
        || p == KernelCLexer.Struct
        || p == KernelCLexer.Union
        || p == KernelCLexer.Enum
        || p == KernelCLexer.Goto;
  }

  private static int type(List<CommonToken> toks, int i) {
    return i < 0 || i >= toks.size() ? -1 : toks.get(i).getType();
  }

  /**
   * Inserts the ';' a statement macro leaves out when it ends a block or precedes a label ({@code
   * BCH_OPTS()} before {@code default:}, {@code POSTAMBLE} before a '}'), inside function bodies
   * only (not initialisers). Synthetic semicolons are zero-length.
   */
  static List<CommonToken> insertMissingSemicolons(List<CommonToken> toks) {
    List<CommonToken> out = new ArrayList<>(toks.size() + 8);
    Deque<Boolean> braces = new ArrayDeque<>(); // true = statement block
    Deque<Boolean> parens = new ArrayDeque<>(); // true = opened by a statement-start IDENT(
    Deque<Integer> openers = new ArrayDeque<>(); // token type before each open '('
    int beforeLastGroup = -1; // token type before the '(' of the group that closed last
    int n = toks.size();
    for (int i = 0; i < n; i++) {
      CommonToken t = toks.get(i);
      int ty = t.getType();
      int prev = type(toks, i - 1);
      out.add(t);
      switch (ty) {
        case KernelCLexer.LeftBrace -> {
          boolean block;
          // (struct foo){ ... } is a compound literal, not a block
          boolean castBefore =
              prev == KernelCLexer.RightParen
                  && beforeLastGroup != KernelCLexer.Identifier
                  && beforeLastGroup != KernelCLexer.If
                  && beforeLastGroup != KernelCLexer.While
                  && beforeLastGroup != KernelCLexer.For
                  && beforeLastGroup != KernelCLexer.Switch
                  && beforeLastGroup != KernelCLexer.RightParen
                  && beforeLastGroup != KernelCLexer.AttrMacroArgs
                  && beforeLastGroup != KernelCLexer.Attribute;
          if (castBefore) {
            block = false;
          } else if (braces.isEmpty()) {
            block =
                prev == KernelCLexer.RightParen
                    || prev == KernelCLexer.AttrMacro
                    || prev == KernelCLexer.AttrMacroArgs
                    || prev == KernelCLexer.Identifier
                        && parens.isEmpty()
                        && type(toks, i - 2) == KernelCLexer.RightParen;
            block = block && parens.isEmpty();
          } else {
            boolean parentBlock = braces.peek();
            block =
                parens.isEmpty()
                    && parentBlock
                    && prev != KernelCLexer.Assign
                    && prev != KernelCLexer.Comma
                    && prev != KernelCLexer.Return;
          }
          braces.push(block);
        }
        case KernelCLexer.RightBrace -> {
          if (!braces.isEmpty()) {
            braces.pop();
          }
        }
        case KernelCLexer.LeftParen -> {
          parens.push(prev == KernelCLexer.Identifier && isStatementStart(toks, i - 1));
          openers.push(prev);
        }
        case KernelCLexer.RightParen -> {
          beforeLastGroup = openers.isEmpty() ? -1 : openers.pop();
          boolean macro = !parens.isEmpty() && parens.pop();
          if (macro
              && parens.isEmpty()
              && !braces.isEmpty()
              && braces.peek()
              && endsStatementless(type(toks, i + 1))) {
            out.add(semicolonAfter(t));
          }
        }
        case KernelCLexer.Identifier -> {
          if (parens.isEmpty()
              && !braces.isEmpty()
              && braces.peek()
              && isStatementStart(toks, i)
              && type(toks, i + 1) == KernelCLexer.RightBrace) {
            out.add(semicolonAfter(t));
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private static boolean isStatementStart(List<CommonToken> toks, int i) {
    int p = type(toks, i - 1);
    return p == KernelCLexer.Semi
        || p == KernelCLexer.LeftBrace
        || p == KernelCLexer.RightBrace
        || p == KernelCLexer.Colon && type(toks, i - 3) != KernelCLexer.Question;
  }

  private static boolean endsStatementless(int next) {
    return next == KernelCLexer.RightBrace
        || next == KernelCLexer.Case
        || next == KernelCLexer.Default;
  }

  private static CommonToken semicolonAfter(CommonToken t) {
    return SyntheticTokens.after(KernelCLexer.Semi, ";", t);
  }

  /** The parser-visible tokens (default channel), in order. */
  static List<CommonToken> visible(List<CommonToken> all) {
    List<CommonToken> out = new ArrayList<>(all.size());
    for (CommonToken t : all) {
      if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != Token.EOF) {
        out.add(t);
      }
    }
    return out;
  }
}
