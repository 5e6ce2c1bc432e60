/*
 * Parser for kernel C, written for mmreview from C11 (ISO/IEC 9899:2011, 6.5-6.9) and the
 * GNU extensions the Linux kernel relies on. It parses code WITHOUT running the
 * preprocessor, the way a reviewer reads it. See grammar/README.md for the idioms and why.
 *
 * Design points:
 *  - The input is one top-level chunk (a function, a declaration, a macro invocation) that
 *    org.mmreview.cparse.Chunker cut out of the file: one bad function never poisons the next.
 *  - Typedef names and annotation macros (__must_check, __acquires(x), ...) arrive already
 *    relabelled as TypedefName / AttrMacro / AttrMacroArgs by the Java token passes, so
 *    declarations and expressions are told apart with one or two tokens of lookahead and
 *    the grammar stays friendly to SLL prediction.
 *  - Decisions are left-factored where the C standard's grammar needs unbounded lookahead
 *    (function definition vs declaration, cast vs compound literal, assignment).
 *  - Macro invocations: any call argument may be a type (container_of(p, struct x, m)) or
 *    a balanced token soup (DEFINE_FREE(kfree, void *, if (_T) kfree(_T))); an unknown
 *    IDENT(...) followed by a statement is an iterator macro (list_for_each_entry);
 *    a top-level IDENT(...) is a macro declaration (EXPORT_SYMBOL_GPL(x);) or, followed by
 *    a body, a macro-defined function (SYSCALL_DEFINE3(...) { }).
 */
parser grammar KernelCParser;

options { tokenVocab = KernelCLexer; }

@header {package org.mmreview.cparse.grammar;}

// ---- entry points -------------------------------------------------------------------

/** One top-level chunk of a file. */
chunk
  : externalItem* EOF
  ;

/** Fragment mode: the statements and declarations a diff hunk shows. */
fragmentItems
  : blockItem* EOF
  ;

// ---- top level (6.9) ------------------------------------------------------------------

externalItem
  : declSpecifiers declarator declTrailer* compoundStatement                 # functionDefinition
  | declSpecifiers (initDeclarator (Comma initDeclarator)*)? Semi            # topDeclaration
  | declSpecifierNoType* macroHead attribute* compoundStatement              # macroFunctionDefinition
  | declSpecifierNoType* macroHead attribute* (Assign initializer)? Semi?    # macroDeclaration
  | staticAssert                                                             # topStaticAssert
  | asmStatement                                                             # topAsm
  | Semi                                                                     # topEmpty
  ;

macroHead
  : Identifier LeftParen macroArguments? RightParen
  ;

// ---- declarations (6.7) ------------------------------------------------------------

declaration
  : declSpecifiers (initDeclarator (Comma initDeclarator)*)? Semi            # plainDeclaration
  | declSpecifierNoType+ macroHead attribute* (Assign initializer)? Semi     # macroInvocationDeclaration
  | macroHead attribute* Assign initializerBlock Semi                        # macroInitDeclaration
  | staticAssert                                                             # staticAssertDeclaration
  | Label Identifier (Comma Identifier)* Semi                                # localLabelDeclaration
  ;

staticAssert
  : StaticAssert LeftParen balanced* RightParen Semi
  ;

declSpecifiers
  : declSpecifier+
  ;

declSpecifier
  : storageClass
  | typeSpecifier
  | typeQualifier
  | functionSpecifier
  | alignmentSpecifier
  | attribute
  ;

declSpecifierNoType
  : storageClass
  | typeQualifier
  | functionSpecifier
  | attribute
  ;

storageClass
  : Typedef | Extern | Static | ThreadLocal | Auto | Register
  ;

functionSpecifier
  : Inline | Noreturn
  ;

alignmentSpecifier
  : Alignas LeftParen (typeName | constantExpression) RightParen
  ;

typeSpecifier
  : Void | Char | Short | Int | Long | Float | Double | Signed | Unsigned
  | Bool | Complex | Int128 | AutoType
  | TypedefName
  | structOrUnionSpecifier
  | enumSpecifier
  | Typeof LeftParen (typeName | expression) RightParen
  | Atomic LeftParen typeName RightParen
  ;

typeQualifier
  : Const | Volatile | Restrict | Atomic
  ;

/** __attribute__((...)), or a kernel annotation macro (__must_check, __acquires(x)). */
attribute
  : Attribute LeftParen balanced* RightParen
  | AttrMacro
  | AttrMacroArgs LeftParen balanced* RightParen
  ;

structOrUnionSpecifier
  : (Struct | Union) attribute* (Identifier? LeftBrace structItem* RightBrace | Identifier)
  ;

structItem
  : declSpecifiers structDeclarator (Comma structDeclarator)* Semi
  | declSpecifiers Semi
  | staticAssert
  | macroHead attribute* Semi?
  | Semi
  ;

structDeclarator
  : declarator declTrailer* (Colon constantExpression)?
  | Colon constantExpression
  ;

enumSpecifier
  : Enum attribute* (Identifier? LeftBrace enumerator (Comma enumerator)* Comma? RightBrace | Identifier)
  ;

enumerator
  : Identifier (LeftParen macroArguments? RightParen)? attribute* (Assign constantExpression)?
  ;

initDeclarator
  : declarator declTrailer* (Assign initializer)?
  ;

/** What may follow a declarator: attributes, annotations, an asm label. */
declTrailer
  : attribute
  | Asm LeftParen balanced* RightParen
  ;

declarator
  : pointer* directDeclarator
  ;

pointer
  : Star (typeQualifier | attribute)*
  ;

/** The name may be a macro that pastes it: static int BTREE_FN(insert)(struct btree_head *h). */
directDeclarator
  : (Identifier | LeftParen attribute* declarator RightParen) declaratorSuffix*
  | macroHead declaratorSuffix+
  ;

declaratorSuffix
  : LeftBracket (typeQualifier | Static)* assignmentExpression? RightBracket
  | LeftBracket Star RightBracket
  | LeftParen parameterList? RightParen
  ;

parameterList
  : Ellipsis
  | parameterDeclaration (Comma parameterDeclaration)* (Comma Ellipsis)?
  ;

/** A parameter; or a macro that expands to parameters (DECL_BUCKET_PARAMS(size, b)). */

parameterDeclaration
  : declSpecifiers anyDeclarator? declTrailer*
  | macroHead
  ;

/** A declarator that may or may not name something (parameters, type names). */
anyDeclarator
  : pointer+ directAnyDeclarator?
  | directAnyDeclarator
  ;

directAnyDeclarator
  : (Identifier | LeftParen attribute* anyDeclarator RightParen) declaratorSuffix*
  | declaratorSuffix+
  ;

typeName
  : declSpecifiers anyDeclarator?
  ;

initializer
  : assignmentExpression
  | initializerBlock
  ;

initializerBlock
  : LeftBrace (initializerItem (Comma initializerItem | macroHead | stringSequence)* Comma?)? RightBrace
  ;

initializerItem
  : designation? initializer
  ;

designation
  : designator+ Assign
  | Identifier Colon
  ;

designator
  : LeftBracket constantExpression (Ellipsis constantExpression)? RightBracket
  | Dot Identifier
  ;

// ---- statements (6.8) ----------------------------------------------------------------

compoundStatement
  : LeftBrace blockItem* RightBrace
  ;

blockItem
  : declaration
  | labelItem
  | statement
  ;

/** Labels are block items; the AST builder gives each the statement that follows. */
labelItem
  : Identifier Colon attribute*                                       # plainLabel
  | Case constantExpression (Ellipsis constantExpression)? Colon      # caseLabel
  | Default Colon                                                     # defaultLabel
  ;

statement
  : compoundStatement                                                          # blockStatement
  | expression Semi                                                            # expressionStatement
  | Semi                                                                       # emptyStatement
  | If LeftParen expression RightParen statement (Else statement)?             # ifStatement
  | Switch LeftParen expression RightParen statement                           # switchStatement
  | While LeftParen expression RightParen statement                            # whileStatement
  | Do statement While LeftParen expression RightParen Semi                    # doWhileStatement
  | Do statement macroHead Semi                                                # doMacroStatement
  | For LeftParen (forDeclaration | forInit=expression? Semi)
        forCondition=expression? Semi forUpdate=expression? RightParen statement # forStatement
  | Goto (Identifier | Star expression) Semi                                   # gotoStatement
  | Continue Semi                                                              # continueStatement
  | Break Semi                                                                 # breakStatement
  | Return expression? Semi                                                    # returnStatement
  | asmStatement                                                               # asmStatementAlt
  | macroHead statement                                                        # macroLoopStatement
  ;

forDeclaration
  : declSpecifiers (initDeclarator (Comma initDeclarator)*)? Semi
  ;

asmStatement
  : Asm (typeQualifier | Goto | Inline)* LeftParen balanced* RightParen Semi
  ;

// ---- expressions (6.5) ------------------------------------------------------------

expression
  : assignmentExpression (Comma assignmentExpression)*
  ;

/** Permissive on the left side (any conditional expression), so the choice is LL(1). */
assignmentExpression
  : conditionalExpression (assignmentOperator assignmentExpression)?
  ;

assignmentOperator
  : Assign | StarAssign | DivAssign | ModAssign | PlusAssign | MinusAssign
  | LeftShiftAssign | RightShiftAssign | AndAssign | XorAssign | OrAssign
  ;

conditionalExpression
  : binaryExpression (Question expression? Colon conditionalExpression)?
  ;

constantExpression
  : conditionalExpression
  ;

binaryExpression
  : castExpression
  | binaryExpression op=(Star | Div | Mod) binaryExpression
  | binaryExpression op=(Plus | Minus) binaryExpression
  | binaryExpression op=(LeftShift | RightShift) binaryExpression
  | binaryExpression op=(Less | Greater | LessEqual | GreaterEqual) binaryExpression
  | binaryExpression op=(Equal | NotEqual) binaryExpression
  | binaryExpression op=And binaryExpression
  | binaryExpression op=Caret binaryExpression
  | binaryExpression op=Or binaryExpression
  | binaryExpression op=AndAnd binaryExpression
  | binaryExpression op=OrOr binaryExpression
  ;

/** (type) expr and the compound literal (type){...} share their prefix. */
castExpression
  : LeftParen typeName RightParen (castExpression | initializerBlock postfixSuffix*)
  | unaryExpression
  ;

unaryExpression
  : postfixExpression                                              # postfixUnary
  | op=(PlusPlus | MinusMinus) unaryExpression                     # prefixUnary
  | op=(And | Star | Plus | Minus | Tilde | Not) castExpression    # operatorUnary
  | AndAnd Identifier                                              # labelAddress
  | Sizeof LeftParen typeName RightParen                           # sizeofType
  | Sizeof unaryExpression                                         # sizeofExpression
  | Alignof LeftParen (typeName | expression) RightParen           # alignofExpression
  | Extension castExpression                                       # extensionExpression
  ;

postfixExpression
  : primaryExpression postfixSuffix*
  ;

postfixSuffix
  : LeftBracket expression RightBracket                            # indexSuffix
  | LeftParen macroArguments? RightParen                           # callSuffix
  | op=(Dot | Arrow) (Identifier | TypedefName)                    # memberSuffix
  | op=(PlusPlus | MinusMinus)                                     # postIncrementSuffix
  ;

primaryExpression
  : Identifier                                                     # identifierPrimary
  | Constant                                                       # constantPrimary
  | stringSequence                                                 # stringPrimary
  | LeftParen compoundStatement RightParen                         # statementExpression
  | LeftParen expression RightParen                                # parenPrimary
  ;

/** "a" "b", KERN_INFO "x", "%" PRIu64 "\n": adjacent strings with macro names between. */
stringSequence
  : Identifier* StringLiteral (StringLiteral | Identifier)*
  ;

/** Arguments of a call, which may be a macro: expressions, types, or balanced tokens. */
macroArguments
  : macroArgument? (Comma macroArgument?)*
  ;

macroArgument
  : assignmentExpression          // the usual case
  | typeName                      // container_of(p, struct foo, m), va_arg(ap, int)
  | compoundStatement             // a block passed to a macro
  | balancedNoComma+              // anything else: if (_T) kfree(_T), +=, return -EINTR
  ;

balancedNoComma
  : LeftParen balanced* RightParen
  | LeftBracket balanced* RightBracket
  | LeftBrace balanced* RightBrace
  | ~(LeftParen | RightParen | LeftBracket | RightBracket | LeftBrace | RightBrace | Comma)
  ;

balanced
  : LeftParen balanced* RightParen
  | LeftBracket balanced* RightBracket
  | LeftBrace balanced* RightBrace
  | ~(LeftParen | RightParen | LeftBracket | RightBracket | LeftBrace | RightBrace)
  ;
