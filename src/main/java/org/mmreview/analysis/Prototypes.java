package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;

/**
 * The parameters of a function as its declarations give them. A definition has {@link Parameter}
 * nodes; a prototype ({@code extern int f(pmd_t *dst_pmd, bool zero);}) keeps its parameter list
 * only in its declarator's type spelling, which this reads back: each parameter's name (empty when
 * unnamed), its type text normalised to {@code pmd_t *} and the word that names the base type.
 */
public final class Prototypes {
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

  private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");

  private Prototypes() {}

  /**
   * One declared parameter.
   *
   * @param name its name, empty when the declaration leaves it out
   * @param type the type as written, spaces normalised ({@code struct folio *}, {@code unsigned
   *     short})
   * @param base the last word of the type ({@code folio}, {@code pmd_t}, {@code short}); empty for
   *     a function pointer
   */
  public record Param(String name, String type, String base) {
    /** The declaration as one would write it: {@code pmd_t *dst_pmd}, {@code unsigned int nr}. */
    public String declaration() {
      return type.endsWith("*") || name.isEmpty() ? type + name : type + " " + name;
    }
  }

  /** A definition's parameters. */
  public static List<Param> of(FunctionDefinition f) {
    List<Param> out = new ArrayList<>();
    for (Parameter p : f.parameters()) {
      String type = normalise(p.type().text());
      out.add(
          new Param(p.name().orElse(""), type, p.type().isFunctionPointer() ? "" : lastWord(type)));
    }
    return out;
  }

  /**
   * A prototype's parameters, read from its declarator's type spelling ({@code int ( struct
   * mm_struct * dst_mm , pmd_t * dst_pmd )}); empty for anything but a function prototype
   * (variables, function pointers, struct members).
   */
  public static Optional<List<Param>> of(Declarator d) {
    if (!(d.parent().orElse(null) instanceof Declaration)) {
      return Optional.empty();
    }
    String s = d.type().spelling();
    int open = s.indexOf('(');
    int close = s.lastIndexOf(')');
    if (open < 0 || close < open || s.contains("(*") || s.contains("( *")) {
      return Optional.empty();
    }
    List<Param> out = new ArrayList<>();
    for (String piece : topLevelSplit(s.substring(open + 1, close))) {
      List<String> words = new ArrayList<>();
      Matcher m = IDENT.matcher(piece);
      while (m.find()) {
        words.add(m.group());
      }
      if (words.equals(List.of("void"))) {
        continue;
      }
      if (piece.contains("(") || words.isEmpty()) {
        out.add(new Param("", normalise(piece), ""));
        continue;
      }
      boolean named = words.size() > 1 && !piece.trim().endsWith("*") && !isTypeWord(last(words));
      String name = named ? last(words) : "";
      String type = normalise(named ? piece.substring(0, piece.lastIndexOf(name)) : piece);
      out.add(new Param(name, type, lastWord(type)));
    }
    return Optional.of(out);
  }

  private static String last(List<String> words) {
    return words.get(words.size() - 1);
  }

  /** Words that end a type, never a name: {@code unsigned int} has no parameter name. */
  private static boolean isTypeWord(String w) {
    return switch (w) {
      case "int", "long", "short", "char", "unsigned", "signed", "void", "bool", "const" -> true;
      default -> false;
    };
  }

  private static String lastWord(String type) {
    String last = "";
    Matcher m = IDENT.matcher(type);
    while (m.find()) {
      if (!m.group().equals("const") && !m.group().equals("__user")) {
        last = m.group();
      }
    }
    return last;
  }

  /** {@code pmd_t*}, {@code pmd_t *} and {@code pmd_t * } all become {@code pmd_t *}. */
  static String normalise(String type) {
    String t = WHITE_SPACE.matcher(type.replace("*", " * ")).replaceAll(" ").trim();
    return t.replace("* *", "**").replace(" *", " *");
  }

  /**
   * {@code s} cut at its commas outside parentheses and brackets: the parameters of a parameter
   * list's text (none for blank text).
   */
  public static List<String> topLevelSplit(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (!s.isBlank()) {
      out.add(s.substring(start));
    }
    return out;
  }
}
