package org.mmreview.rules.checks;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.SizeofExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.rules.NodeRule;
import org.mmreview.rules.RuleContext;

/**
 * A constant index at or past the end of an array declared with a known size in the same function
 * or file: {@code buf[N] = '\0'} with {@code char buf[N]}, {@code buf[sizeof(buf)] = 0}, {@code
 * tab[ARRAY_SIZE(tab)]}. The last element is {@code N - 1}; the access writes (or reads) the byte
 * after the array, on the stack for a local.
 *
 * <p>Sizes and indexes are compared as "symbol + constant", so {@code MAX_LEN} against {@code
 * MAX_LEN}, {@code 80} against {@code 80}, {@code sizeof(buf)} against a {@code char} array's size:
 * no macro's value is guessed. {@code &buf[N]} (a one-past-the-end pointer, legal C), {@code
 * sizeof(buf[N])} and parameters declared as arrays (they are pointers) are not reported.
 */
public final class ArrayIndexPastEnd extends NodeRule<ArrayAccess> {
  private static final Pattern INTEGER =
      Pattern.compile("(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*");
  private static final Pattern SYMBOL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern UNEVALUATED =
      Pattern.compile("typeof|__typeof__|__typeof|offsetof|BUILD_BUG_ON\\w*|__same_type");
  private static final List<String> BYTE_TYPES =
      List.of("char", "unsigned char", "u8", "__u8", "s8", "__s8", "uint8_t", "int8_t");

  public ArrayIndexPastEnd() {
    super(ArrayAccess.class);
  }

  /** A size or index as "symbol + offset"; symbol empty for a plain number. */
  private record Linear(String symbol, BigInteger offset) {}

  @Override
  protected void check(ArrayAccess access, RuleContext ctx) {
    if (!(AccessPaths.strip(access.array()) instanceof Identifier array) || !evaluated(access)) {
      return;
    }
    Optional<Declarator> decl = declaration(array.name(), access);
    if (decl.isEmpty()) {
      return;
    }
    String type = decl.get().type().text();
    Optional<String> sizeText = outerDimension(type);
    if (sizeText.isEmpty() || sizeText.get().isBlank()) {
      return;
    }
    boolean bytes = BYTE_TYPES.contains(decl.get().type().baseName());
    Optional<Linear> size = linear(sizeText.get().trim(), array.name(), null, false);
    Optional<Linear> index =
        linear(access.index().compactText(), array.name(), size.orElse(null), bytes);
    if (size.isEmpty()
        || index.isEmpty()
        || !size.get().symbol().equals(index.get().symbol())
        || index.get().offset().compareTo(size.get().offset()) < 0) {
      return;
    }
    String last =
        size.get().symbol().isEmpty()
            ? size.get().offset().subtract(BigInteger.ONE).toString()
            : sizeText.get().trim() + " - 1";
    RuleContext.FindingBuilder b = ctx.at(access);
    if (!isWrite(access)) {
      b.variant("read");
    }
    b.arg("access", access.compactText())
        .arg("array", array.name())
        .arg(
            "declared",
            decl.get().type().declare(array.name()).replace("[ ", "[").replace(" ]", "]"))
        .arg("line", String.valueOf(decl.get().range().beginLine()))
        .arg("last", array.name() + "[" + last + "]")
        .related(decl.get(), "declared here")
        .report();
  }

  /** False under {@code &} (a one-past-the-end pointer), sizeof or typeof: nothing is accessed. */
  private static boolean evaluated(ArrayAccess access) {
    Node p = ParenExpression.enclosing(access).parent().orElse(null);
    if (p instanceof UnaryExpression u && u.operator().equals("&") && !u.isPostfix()) {
      return false;
    }
    for (Node a = p; a != null; a = a.parent().orElse(null)) {
      if (a instanceof SizeofExpression
          || a instanceof CallExpression c
              && c.calleeName().filter(n -> UNEVALUATED.matcher(n).matches()).isPresent()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWrite(ArrayAccess access) {
    Expression child = ParenExpression.enclosing(access);
    return child.parent().orElse(null) instanceof AssignExpression a && a.target() == child;
  }

  /**
   * The declarator of {@code name} in scope at {@code use}: the only one of that name in the
   * enclosing function's body (parameters are pointers, not arrays), else the only file-scope one.
   */
  private static Optional<Declarator> declaration(String name, Node use) {
    Optional<FunctionDefinition> fn = use.findAncestor(FunctionDefinition.class);
    if (fn.isPresent()) {
      Block body = fn.get().body();
      List<Declarator> local = body.findAll(Declarator.class, d -> d.name().equals(name));
      if (!local.isEmpty()) {
        return local.size() == 1 && local.get(0).range().beginLine() <= use.range().beginLine()
            ? Optional.of(local.get(0))
            : Optional.empty();
      }
      if (fn.get().findAll(Parameter.class).stream()
          .anyMatch(p -> p.name().filter(name::equals).isPresent())) {
        return Optional.empty();
      }
    }
    Node root = use.root();
    List<Declarator> global =
        root.findAll(
            Declarator.class,
            d -> d.name().equals(name) && d.findAncestor(FunctionDefinition.class).isEmpty());
    return global.size() == 1 ? Optional.of(global.get(0)) : Optional.empty();
  }

  /** {@code 80} of {@code char [80]}, {@code NR} of {@code int [NR][2]}. */
  private static Optional<String> outerDimension(String type) {
    if (type.contains("(*")) {
      return Optional.empty();
    }
    int open = type.indexOf('[');
    int close = open < 0 ? -1 : type.indexOf(']', open);
    return close < 0 ? Optional.empty() : Optional.of(type.substring(open + 1, close));
  }

  /**
   * {@code text} as symbol + constant: {@code 80}, {@code LEN}, {@code LEN + 1}, {@code LEN - 1},
   * {@code '\0'}; {@code sizeof(array)} and {@code ARRAY_SIZE(array)} are the declared size ({@code
   * sizeof} only for byte arrays). Empty for anything else.
   */
  private static Optional<Linear> linear(
      String text, String array, Linear declaredSize, boolean byteArray) {
    String t = text.replace(" ", "");
    while (t.startsWith("(") && t.endsWith(")") && balanced(t.substring(1, t.length() - 1))) {
      t = t.substring(1, t.length() - 1);
    }
    if (declaredSize != null
        && (t.equals("ARRAY_SIZE(" + array + ")")
            || byteArray && (t.equals("sizeof(" + array + ")") || t.equals("sizeof" + array)))) {
      return Optional.of(declaredSize);
    }
    Optional<BigInteger> n = number(t);
    if (n.isPresent()) {
      return Optional.of(new Linear("", n.get()));
    }
    if (SYMBOL.matcher(t).matches()) {
      return Optional.of(new Linear(t, BigInteger.ZERO));
    }
    Matcher m = Pattern.compile("(.+)([+-])([^+-]+)").matcher(t);
    if (m.matches() && balanced(m.group(1))) {
      Optional<Linear> base = linear(m.group(1), array, declaredSize, byteArray);
      Optional<BigInteger> k = number(m.group(3));
      if (base.isPresent() && k.isPresent()) {
        BigInteger d = m.group(2).equals("+") ? k.get() : k.get().negate();
        return Optional.of(new Linear(base.get().symbol(), base.get().offset().add(d)));
      }
    }
    return Optional.empty();
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (char c : s.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static Optional<BigInteger> number(String t) {
    if (!INTEGER.matcher(t).matches()) {
      return Optional.empty();
    }
    String digits = t.replaceAll("[uUlL]+$", "").toLowerCase(Locale.ROOT);
    if (digits.startsWith("0x")) {
      return Optional.of(new BigInteger(digits.substring(2), 16));
    }
    if (digits.length() > 1 && digits.startsWith("0")) {
      return Optional.of(new BigInteger(digits.substring(1), 8));
    }
    return Optional.of(new BigInteger(digits));
  }
}
