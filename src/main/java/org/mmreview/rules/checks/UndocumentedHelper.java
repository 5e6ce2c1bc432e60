package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.Comment;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.Words;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.EnumDecl;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.MacroDeclaration;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.EmptyStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.kernel.LockApis;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;
import org.mmreview.rules.checks.helperdoc.Contract;
import org.mmreview.rules.checks.helperdoc.Contracts;
import org.mmreview.rules.checks.helperdoc.FileConvention;
import org.mmreview.rules.checks.helperdoc.InterfaceConvention;
import org.mmreview.rules.checks.helperdoc.Naming;

/**
 * A definition the patch adds without the comment a reviewer would ask for. Judged as a maintainer
 * judges, not by a count of statements:
 *
 * <ul>
 *   <li><b>Contracts</b> (any new static function or callback): it returns with a lock held, drops
 *       a lock it did not take, expects one held (lockdep asserts, {@code __must_hold}), or hands a
 *       reference to its caller or consumes the caller's ({@link Contracts}). These are what
 *       callers get wrong; the finding names the call that shows it.
 *   <li><b>Exported functions</b>: a new function the file exports with {@code EXPORT_SYMBOL*()}
 *       and no comment above it, nor a kernel-doc comment naming it elsewhere in the patch
 *       (Documentation/doc-guide/kernel-doc.rst: every function exported to modules should have
 *       one).
 *   <li><b>Interface functions</b>: a new non-static function a header of the patch declares for
 *       other files, with no comment and no kernel-doc elsewhere in the patch, in a file that
 *       documents its other non-static functions ({@link InterfaceConvention}); a guarded wrapper
 *       of one call says what it does.
 *   <li><b>Names that promise more</b>: a local struct or helper named like a general facility of a
 *       core object ({@code vma_snapshot} in one file, for one operation; {@link Naming}).
 *   <li><b>Header enums</b>: a new enum of four or more entries in a header, with no comment on,
 *       above or inside it, where the header's other types in view are documented.
 *   <li><b>Flag {@code #define}s</b>: a new bit ({@code BIT(n)}, {@code 1 << n}) or flags mask with
 *       no comment on it or above its block of defines.
 *   <li><b>The file's convention</b>: otherwise a non-trivial helper or a struct is a finding only
 *       where the file documents its siblings ({@link FileConvention}); with only hunks, the
 *       siblings the hunks show, and the message says so.
 * </ul>
 *
 * <p>Never: a documented definition (a comment above or on its line; a struct whose fields are
 * commented), a tiny predicate (one {@code return} of an expression), a sysfs show/store or other
 * callback the file hands out as a value (unless it has a contract), a helper with a descriptive
 * name and at most one caller in view. "New" means the line naming it is added and the pre-image
 * defines no such name. Patch reviews only.
 */
public final class UndocumentedHelper extends FileRule {
  static final int MIN_STATEMENTS = 3;
  static final int MIN_DEFINES_SEEN = 2;
  static final int MIN_ENUM_ENTRIES = 4;

  /** The head line of a top-level struct, union or enum definition. */
  private static final Pattern TYPE_HEAD =
      Pattern.compile("(typedef\\s+)?(struct|union|enum)\\b[^;()=]*\\{\\s*");

  private static final Pattern DEFINE =
      Pattern.compile("#\\s*define\\s+(\\w+)(\\(?)\\s*(.*)", Pattern.DOTALL);
  private static final Pattern FLAGS_NAME = Pattern.compile(".*_FLAGS?");
  private static final Pattern UPPER_NAME = Pattern.compile("\\b[A-Z_][A-Z0-9_]{2,}\\b");
  private static final Pattern ONE_BIT =
      Pattern.compile(
          "\\(?\\s*(BIT(_ULL)?\\s*\\(\\s*\\w+\\s*\\)|\\(?\\s*1U?L?L?\\s*\\)?\\s*<<\\s*\\(?\\s*\\w+\\s*\\)?)\\s*\\)?\\s*(/[*/].*)?");
  private static final Pattern NAMED_FLAG = Pattern.compile("[A-Za-z_]\\w*");
  private static final Pattern CALLBACK_NAME = Pattern.compile(".*_(show|store)");

  private final Contracts contracts = new Contracts(LockApis.defaults());

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    if (!file.diffAware()) {
      return;
    }
    List<FunctionDefinition> functions = new ArrayList<>();
    List<Node> records = new ArrayList<>();
    for (CompilationUnit unit : file.units()) {
      functions.addAll(unit.findAll(FunctionDefinition.class));
      for (RecordDecl r : unit.findAll(RecordDecl.class)) {
        // Only top-level type definitions: a struct declared inside a function is local detail.
        Optional<Node> decl = r.parent().filter(p -> p instanceof Declaration);
        if (r.hasBody()
            && r.tag().isPresent()
            && decl.isPresent()
            && decl.get().parent().filter(p -> p instanceof CompilationUnit).isPresent()) {
          records.add(decl.get());
        }
      }
    }
    FileConvention.Count helperConvention =
        FileConvention.count(
            file, functions.stream().filter(FunctionDefinition::isStatic).toList());
    FileConvention.Count interfaceConvention = InterfaceConvention.count(file, functions);
    // isNew may parse the pre-image: it goes last, after the tests that are a look at the tree (a
    // documented function is never reported, whichever branch of checkFunction it takes), and
    // checkFunction asks it only for a finding it would report: most new functions are not one,
    // and the pre-image parse, when nothing else needs it, was most of this rule's cost
    for (FunctionDefinition f : functions) {
      if (!documented(f) && ctx.file().isAdded(f.range().beginLine())) {
        checkFunction(
            f,
            functions,
            helperConvention,
            interfaceConvention,
            () -> isNew(f, f.name(), ctx),
            ctx);
      }
    }
    FileConvention.Count recordConvention = countRecords(file, records);
    for (Node decl : records) {
      RecordDecl r = decl.findFirst(RecordDecl.class).orElseThrow();
      String name = r.tag().orElseThrow();
      if (!documented(decl) && !fieldsCommented(r)) {
        String kind = r.isUnion() ? "union" : "struct";
        Optional<Naming.BroadName> broad = Naming.broad(name, file.path());
        // isNew last, as for functions: only a record that would be reported asks it
        if ((!broad.isPresent() && !recordConvention.documents()) || !isNew(decl, name, ctx)) {
          continue;
        }
        if (broad.isPresent()) {
          reportBroad(ctx, decl, kind, name, broad.get());
        } else if (recordConvention.documents()) {
          reportConvention(ctx, decl, kind, name, recordConvention);
        }
      }
    }
    if (file.path().endsWith(".h")) {
      checkEnums(file, ctx);
    }
    for (CompilationUnit unit : file.units()) {
      for (PreprocessorLine pp :
          unit.findAll(
              PreprocessorLine.class, p -> p.directive() == PreprocessorLine.Directive.DEFINE)) {
        Matcher m = DEFINE.matcher(pp.text());
        if (m.matches()
            && m.group(2).isEmpty()
            && isFlag(m.group(1), m.group(3))
            && !orOfNamedFlags(m.group(3))
            && !defineDocumented(pp)
            && !namedInComment(file, m.group(1))
            && !followsUncommentedSiblings(pp, ctx)
            && !fileLeavesDefinesUncommented(file, pp)
            && isNew(pp, m.group(1), ctx)) {
          ctx.at(firstLine(pp)).variant("flag").arg("name", m.group(1)).report();
        }
      }
    }
  }

  /**
   * A new enum of a header with {@link #MIN_ENUM_ENTRIES} or more entries and no comment on, above
   * or inside it, where the other types of the header this review sees are documented: the entries'
   * names are all a reader of the header gets. One documented neighbour is enough here, even in a
   * hunk-only review: new header enums of that size come with a comment in 11 of the 13 the corpus
   * patches add (the two that do not are the ones a reviewer asked about).
   */
  private static void checkEnums(ReviewedFile file, RuleContext ctx) {
    List<Node> enums = new ArrayList<>();
    for (CompilationUnit unit : file.units()) {
      for (EnumDecl e : unit.findAll(EnumDecl.class)) {
        // top level: a hunk's fragment may hold it in a declaration statement, so no parent test
        Optional<Node> decl = e.parent().filter(p -> p instanceof Declaration);
        if (e.enumerators().size() >= MIN_ENUM_ENTRIES
            && decl.isPresent()
            && decl.get().findAncestor(FunctionDefinition.class).isEmpty()
            && decl.get().findAncestor(RecordDecl.class).isEmpty()
            && !documented(decl.get())
            && !commentedInside(decl.get())) {
          enums.add(decl.get());
        }
      }
    }
    if (enums.isEmpty()) {
      return; // the header's lines are read below only for an enum that may be reported
    }
    // Read from the lines, not the tree: a hunk often ends inside a neighbour's body, which then
    // is no definition to the parser, while its head and the comment above it are in view.
    int seen = 0;
    int documented = 0;
    for (CompilationUnit unit : file.units()) {
      for (int l = unit.range().beginLine(); l <= unit.range().endLine(); l++) {
        Optional<String> text = unit.lineText(l);
        if (text.isPresent() && TYPE_HEAD.matcher(text.get()).matches() && !file.isAdded(l)) {
          seen++;
          documented += unit.commentAbove(l).isPresent() ? 1 : 0;
        }
      }
    }
    if (seen == 0 || documented * 2 <= seen) {
      return;
    }
    for (Node decl : enums) {
      EnumDecl e = decl.findFirst(EnumDecl.class).orElseThrow();
      if (!enumIsNew(decl, e, ctx)) {
        continue;
      }
      String name =
          e.tag()
              .map(t -> "`enum " + t + "`")
              .orElse("anonymous enum of `" + e.enumerators().get(0).name() + "` and others");
      ctx.at(firstLine(decl))
          .variant("enum")
          .arg("name", name)
          .arg("entries", String.valueOf(e.enumerators().size()))
          .arg("documented", String.valueOf(documented))
          .arg("siblings", String.valueOf(seen))
          .report();
    }
  }

  /** A comment inside the definition's braces (on an entry or a field, or above one). */
  private static boolean commentedInside(Node def) {
    CompilationUnit cu = def.compilationUnit().orElseThrow();
    int first = def.range().beginLine();
    int last = def.range().endLine();
    return cu.comments().stream()
        .anyMatch(c -> c.range().beginLine() > first && c.range().beginLine() <= last);
  }

  /**
   * The enum is added and none of its entries is an old one: a tagged enum the pre-image does not
   * define, an anonymous one whose first entry the pre-image does not name (an enum the patch
   * extends or re-indents is old).
   */
  private static boolean enumIsNew(Node decl, EnumDecl e, RuleContext ctx) {
    if (!ctx.file().isAdded(decl.range().beginLine())) {
      return false;
    }
    String first = e.enumerators().get(0).name();
    Optional<String> tag = e.tag();
    boolean mayDefine =
        ctx.file().preImageMayDefine(first) || tag.map(ctx.file()::preImageMayDefine).orElse(false);
    if (!mayDefine) {
      return true;
    }
    for (CompilationUnit pre : ctx.file().preImage().get()) {
      for (EnumDecl old : pre.findAll(EnumDecl.class)) {
        if ((tag.isPresent() && tag.equals(old.tag()))
            || old.enumerators().stream().anyMatch(x -> x.name().equals(first))) {
          return false;
        }
      }
    }
    return true;
  }

  private void checkFunction(
      FunctionDefinition f,
      List<FunctionDefinition> all,
      FileConvention.Count convention,
      FileConvention.Count interfaceConvention,
      BooleanSupplier isNew,
      RuleContext ctx) {
    // A __-prefixed export serves the inline wrappers of a header, where its documentation goes;
    // a one-statement wrapper (a security hook's call_int_hook()) says what it does.
    if (!f.isStatic()
        && !f.name().startsWith("__")
        && statements(f.body()) >= 2
        && exported(f.name(), ctx.file())
        && !documented(f)) {
      if (!kerneldocInPatch(f.name(), ctx.file())
          && writtenByPatch(f, ctx.file())
          && isNew.getAsBoolean()) {
        ctx.at(firstLine(f)).variant("exported").arg("name", f.name()).report();
      }
      return;
    }
    if (!f.isStatic()
        && !f.name().startsWith("__")
        && statements(f.body()) >= MIN_STATEMENTS
        && !isGuardedWrapper(f)
        && interfaceConvention.documents()
        && !documented(f)
        && !kerneldocInPatch(f.name(), ctx.file())
        && writtenByPatch(f, ctx.file())) {
      Optional<String> header = InterfaceConvention.declaringHeader(f.name(), ctx.file());
      if (header.isPresent()) {
        if (!isNew.getAsBoolean()) {
          return;
        }
        ctx.at(firstLine(f))
            .variant("interface")
            .arg("name", f.name())
            .arg("header", header.get())
            .arg("documented", String.valueOf(interfaceConvention.documented()))
            .arg("siblings", String.valueOf(interfaceConvention.siblings()))
            .report();
        return;
      }
    }
    boolean callback = isCallback(f, ctx.file());
    if ((!f.isStatic() && !callback) || documented(f) || isTinyPredicate(f)) {
      return;
    }
    Optional<Contract> contract = wholeInView(f, ctx) ? contracts.of(f) : Optional.empty();
    if (contract.isPresent()) {
      if (!isNew.getAsBoolean()) {
        return;
      }
      ctx.at(firstLine(f))
          .variant(contract.get().variant())
          .arg("name", f.name())
          .arg("evidence", contract.get().evidence())
          .report();
      return;
    }
    if (callback || statements(f.body()) < 2) {
      return; // a one-line wrapper says what it does
    }
    Optional<Naming.BroadName> broad = Naming.broad(f.name(), ctx.file().path());
    if (broad.isPresent()) {
      if (isNew.getAsBoolean()) {
        reportBroad(ctx, f, "helper", f.name(), broad.get());
      }
      return;
    }
    if (statements(f.body()) < MIN_STATEMENTS
        || (Naming.descriptive(f.name()) && callers(f, all) <= 1)
        || !convention.documents()
        || !isNew.getAsBoolean()) {
      return;
    }
    reportConvention(ctx, f, "helper", f.name(), convention);
  }

  /** The file hands {@code name} to modules with {@code EXPORT_SYMBOL*()}. */
  private static boolean exported(String name, ReviewedFile file) {
    for (CompilationUnit cu : file.units()) {
      for (MacroDeclaration m : cu.findAll(MacroDeclaration.class)) {
        if (m.name().startsWith("EXPORT_SYMBOL")
            && !m.argumentTexts().isEmpty()
            && m.argumentTexts().get(0).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The function is new code, not an old one under a new name or in a new place: most of its lines
   * are added, the patch removes or keeps no top-level line naming it (a {@code static inline} it
   * turns into an exported function, a stub for another configuration, a prototype) and does not
   * remove most of its body elsewhere (a move).
   */
  private static boolean writtenByPatch(FunctionDefinition f, ReviewedFile file) {
    int lines = 0;
    int added = 0;
    List<String> body = new ArrayList<>();
    for (int l = f.range().beginLine(); l <= f.range().endLine(); l++) {
      lines++;
      if (file.isAdded(l)) {
        added++;
      }
      file.lineText(l).map(String::strip).filter(t -> t.length() > 2).ifPresent(body::add);
    }
    if (added * 2 < lines) {
      return false;
    }
    Pattern namedAtTop = Pattern.compile("^[A-Za-z_].*\\b" + Pattern.quote(f.name()) + "\\s*\\(");
    Set<String> removed = new HashSet<>();
    for (String r : file.patch().removedLines()) {
      if (namedAtTop.matcher(r).find()) {
        return false;
      }
      removed.add(r.strip());
    }
    if (file.patch().contextLines().stream().anyMatch(c -> namedAtTop.matcher(c).find())) {
      return false;
    }
    long moved = body.stream().filter(removed::contains).count();
    return moved * 2 < body.size();
  }

  /**
   * Some subsystems keep the kernel-doc beside the prototype in a header: a {@code /**} comment
   * anywhere in the patch that names the function counts.
   */
  private static boolean kerneldocInPatch(String name, ReviewedFile file) {
    List<CompilationUnit> units = new ArrayList<>(file.units());
    if (file.diffAware()) {
      units.addAll(file.patch().units().get());
    }
    for (CompilationUnit cu : units) {
      for (Comment c : cu.comments()) {
        if (c.text().startsWith("/**") && Words.contains(c.text(), name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void reportBroad(
      RuleContext ctx, Node def, String kind, String name, Naming.BroadName b) {
    String path = ctx.file().path();
    ctx.at(firstLine(def))
        .variant("broad_name")
        .arg("kind", kind)
        .arg("name", name)
        .arg("object", b.object())
        .arg("word", b.word())
        .arg("file", path.substring(path.lastIndexOf('/') + 1))
        .arg("suggestion", b.suggestion())
        .report();
  }

  private static void reportConvention(
      RuleContext ctx, Node def, String kind, String name, FileConvention.Count c) {
    ctx.at(firstLine(def))
        .arg("kind", kind)
        .arg("name", name)
        .arg("documented", String.valueOf(c.documented()))
        .arg("siblings", String.valueOf(c.siblings()))
        .report();
  }

  private static FileConvention.Count countRecords(ReviewedFile file, List<Node> records) {
    int seen = 0;
    int documented = 0;
    for (Node decl : records) {
      if (file.isAdded(decl.range().beginLine())) {
        continue;
      }
      Optional<Boolean> doc = FileConvention.documented(decl);
      if (doc.isPresent()) {
        seen++;
        boolean fields = fieldsCommented(decl.findFirst(RecordDecl.class).orElseThrow());
        documented += doc.get() || fields ? 1 : 0;
      }
    }
    return new FileConvention.Count(seen, documented, file.partial());
  }

  /** A comment directly above the definition (kernel-doc included) or on its first line. */
  private static boolean documented(Node def) {
    return FileConvention.documented(def).orElse(false);
  }

  /**
   * Most fields carry a comment (on their line or directly above): the struct is documented where a
   * reader needs it, field by field.
   */
  static boolean fieldsCommented(RecordDecl r) {
    CompilationUnit cu = r.compilationUnit().orElseThrow();
    List<Declaration> fields = r.fields();
    if (fields.isEmpty()) {
      return false;
    }
    long commented =
        fields.stream()
            .filter(
                d -> {
                  int line = d.range().beginLine();
                  return cu.commentAbove(line)
                          .filter(c -> c.range().beginLine() > r.range().beginLine())
                          .isPresent()
                      || cu.comments().stream()
                          .map(Comment::range)
                          .anyMatch(
                              c -> c.beginLine() >= line && c.beginLine() <= d.range().endLine());
                })
            .count();
    return commented * 2 >= fields.size();
  }

  /**
   * The whole function is added and in view, closing brace included: a function a hunk cuts shows
   * only some of its calls, and a contract read from part of a body is a guess.
   */
  private static boolean wholeInView(FunctionDefinition f, RuleContext ctx) {
    int end = f.range().endLine();
    return ctx.file().isAdded(end)
        && ctx.file().lineText(end).map(t -> t.strip().startsWith("}")).orElse(false);
  }

  /**
   * Early returns and then one statement ({@code if (disabled || !p) return;
   * page_counter_uncharge(p, n);}): a guarded wrapper of the call it makes, whose name and that
   * call say what it does.
   */
  private static boolean isGuardedWrapper(FunctionDefinition f) {
    List<Statement> rest =
        f.body().statements().stream()
            .filter(
                s ->
                    !(s instanceof IfStatement i
                        && i.elseStatement().isEmpty()
                        && onlyReturns(i.thenStatement())))
            .filter(s -> !(s instanceof EmptyStatement))
            .toList();
    if (rest.size() == 2
        && rest.get(1) instanceof ReturnStatement r
        && r.value().filter(v -> v.findAll(CallExpression.class).isEmpty()).isPresent()) {
      return true; // the call, then a constant status
    }
    return rest.size() <= 1;
  }

  private static boolean onlyReturns(Statement s) {
    if (s instanceof ReturnStatement) {
      return true;
    }
    return s instanceof Block b
        && b.statements().size() == 1
        && b.statements().get(0) instanceof ReturnStatement;
  }

  /** One {@code return} of an expression and nothing else: it says what it does. */
  private static boolean isTinyPredicate(FunctionDefinition f) {
    List<Statement> s = f.body().statements();
    return s.size() == 1 && s.get(0) instanceof ReturnStatement;
  }

  /** A comment on the define's line, above it, or above the block of defines it belongs to. */
  private static boolean defineDocumented(PreprocessorLine pp) {
    if (pp.text().contains("/*") || pp.text().contains("//") || documented(pp)) {
      return true;
    }
    CompilationUnit cu = pp.compilationUnit().orElseThrow();
    int line = pp.range().beginLine() - 1;
    while (cu.lineText(line)
        .map(t -> t.strip().startsWith("#define") || t.strip().startsWith("# define"))
        .orElse(false)) {
      if (cu.commentAbove(line).isPresent()) {
        return true;
      }
      line--;
    }
    return cu.commentAbove(line + 1).isPresent();
  }

  /**
   * A comment of the file names the flag: the patch documents it where the file documents its kind
   * (the uAPI header's feature list above the defines, a kernel-doc of the struct that holds it).
   */
  private static boolean namedInComment(ReviewedFile file, String name) {
    for (CompilationUnit cu : file.units()) {
      for (Comment c : cu.comments()) {
        if (Words.contains(c.text(), name)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The define sits in a block of defines (no blank line between them) where a define the patch
   * does not add carries no comment: the file leaves this block's entries uncommented (uAPI feature
   * bits, hwcaps, PTE marker bits), and the new one follows it.
   */
  private static boolean followsUncommentedSiblings(PreprocessorLine pp, RuleContext ctx) {
    CompilationUnit cu = pp.compilationUnit().orElseThrow();
    for (int step : new int[] {-1, 1}) {
      int line = step < 0 ? pp.range().beginLine() - 1 : pp.range().endLine() + 1;
      while (true) {
        Optional<String> text = cu.lineText(line);
        if (text.isEmpty() || text.get().isBlank() || !isDefineLine(cu, line)) {
          break;
        }
        if (isDefineStart(text.get())
            && !ctx.file().isAdded(line)
            && !text.get().contains("/*")
            && !text.get().contains("//")
            && cu.commentAbove(line).isEmpty()) {
          return true;
        }
        line += step;
      }
    }
    return false;
  }

  /**
   * Of the other object-like defines the review sees in the file (the patch's included: a new file
   * sets its own convention), at least {@value #MIN_DEFINES_SEEN} and most carry no comment: the
   * file does not comment its defines (a selftest's constants mirroring the uAPI, a driver's bits),
   * and a new flag there is not singled out.
   */
  private static boolean fileLeavesDefinesUncommented(ReviewedFile file, PreprocessorLine pp) {
    int seen = 0;
    int documented = 0;
    for (CompilationUnit unit : file.units()) {
      for (PreprocessorLine other :
          unit.findAll(
              PreprocessorLine.class,
              p -> p != pp && p.directive() == PreprocessorLine.Directive.DEFINE)) {
        Matcher m = DEFINE.matcher(other.text());
        if (m.matches() && m.group(2).isEmpty() && !m.group(3).isBlank()) {
          seen++;
          documented += defineDocumented(other) ? 1 : 0;
        }
      }
    }
    return seen >= MIN_DEFINES_SEEN && documented * 2 < seen;
  }

  /** A {@code #define} line, or a continuation of one (the line above ends in a backslash). */
  private static boolean isDefineLine(CompilationUnit cu, int line) {
    if (cu.lineText(line).map(UndocumentedHelper::isDefineStart).orElse(false)) {
      return true;
    }
    return cu.lineText(line - 1).map(t -> t.stripTrailing().endsWith("\\")).orElse(false);
  }

  private static boolean isDefineStart(String text) {
    String t = text.strip();
    return t.startsWith("#") && t.substring(1).strip().startsWith("define");
  }

  /**
   * A flag: one bit ({@code BIT(3)}, {@code (1 << 3)}, {@code 1UL << SHIFT}), or a flags mask named
   * {@code *_FLAGS} or ORing two or more flag names. Plain constants, {@code *_MASK} masks of valid
   * values and function-like helper macros are left alone.
   */
  static boolean isFlag(String name, String body) {
    String b = body.strip();
    if (b.isEmpty()) {
      return false;
    }
    if (ONE_BIT.matcher(b).matches() || FLAGS_NAME.matcher(name).matches()) {
      return true;
    }
    long upper = UPPER_NAME.matcher(b).results().count();
    return b.contains("|") && upper >= 2 && !name.endsWith("_MASK");
  }

  /**
   * The value is an OR of two or more named flags and nothing else ({@code (O_CLOEXEC | O_NONBLOCK
   * | UFFD_USER_MODE_ONLY)}): its parts say what it holds, each documented where it is defined. A
   * mask of numbers ({@code 0x3c}), of shifts, or built by a helper ({@code append_vma_flags(...)})
   * does not say it.
   */
  static boolean orOfNamedFlags(String body) {
    String b = body.replace("\\", " ").strip();
    if (b.contains("/*") || b.contains("//")) {
      b = b.replaceAll("/\\*.*?\\*/|//.*", " ").strip();
    }
    String[] parts = b.replaceAll("[()\\s]", "").split("\\|", -1);
    if (parts.length < 2) {
      return false;
    }
    for (String part : parts) {
      if (!NAMED_FLAG.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  /** The definition's first line as the evidence: the line naming it, not its whole body. */
  private static Range firstLine(Node def) {
    Range r = def.range();
    return new Range(
        r.beginLine(),
        r.beginColumn(),
        r.beginLine(),
        r.beginColumn() + 1,
        r.beginOffset(),
        r.beginOffset() + 1);
  }

  /**
   * A function the file hands out as a value ({@code .store = low_store}, a function pointer passed
   * to a registration call), or a sysfs {@code _show}/{@code _store} that an {@code __ATTR_RW()}
   * table names by its prefix, implements a contract its framework documents.
   */
  private static boolean isCallback(FunctionDefinition f, ReviewedFile file) {
    if (CALLBACK_NAME.matcher(f.name()).matches()) {
      return true;
    }
    for (CompilationUnit cu : file.units()) {
      // a unit whose text lacks the name has no identifier of it (most hunks of a patch)
      if (cu.source().contains(f.name())
          && !cu.findAll(Identifier.class, id -> id.name().equals(f.name()) && !isCallee(id))
              .isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCallee(Identifier id) {
    return id.parent().filter(p -> p instanceof CallExpression c && c.callee() == id).isPresent();
  }

  /** Calls of {@code f} the review sees, outside {@code f} itself. */
  private static int callers(FunctionDefinition f, List<FunctionDefinition> all) {
    int n = 0;
    for (FunctionDefinition g : all) {
      if (g != f) {
        n +=
            g.body()
                .findAll(
                    CallExpression.class, c -> c.calleeName().filter(f.name()::equals).isPresent())
                .size();
      }
    }
    return n;
  }

  private static int statements(Block body) {
    List<Statement> all = body.findAll(Statement.class);
    return (int)
        all.stream()
            .filter(
                s ->
                    !(s instanceof Block)
                        && !(s instanceof EmptyStatement)
                        && !(s instanceof LabeledStatement))
            .count();
  }

  /** Added on the patch, and not a name the pre-image already defines. */
  private static boolean isNew(Node def, String name, RuleContext ctx) {
    if (!ctx.file().isAdded(def.range().beginLine())) {
      return false;
    }
    if (!ctx.file().preImageMayDefine(name)) {
      return true; // no definition of it there to find: spare the pre-image's parse
    }
    for (CompilationUnit pre : ctx.file().preImage().get()) {
      boolean defined =
          pre.function(name).isPresent()
              || pre.findAll(
                          RecordDecl.class,
                          r -> r.hasBody() && r.tag().filter(name::equals).isPresent())
                      .size()
                  > 0
              || pre.preprocessorLines().stream()
                  .anyMatch(p -> p.macroName().filter(name::equals).isPresent());
      if (defined) {
        return false;
      }
    }
    return true;
  }
}
