/*
 * Lexer for kernel C, written for mmreview from C11 (ISO/IEC 9899:2011, 6.4) and the GNU
 * extensions the Linux kernel uses. See grammar/README.md.
 *
 * Preprocessor directives are not expanded: a directive (a '#' first on its line, with its
 * backslash continuations and any comment that runs past the end of the line) becomes one
 * Directive token on the PREPROC channel. The Java token passes in org.mmreview.cparse
 * decide which #if branch the parser sees and relabel identifiers (typedef names, kernel
 * annotation macros) into the extra token types declared below.
 */
lexer grammar KernelCLexer;

@header {package org.mmreview.cparse.grammar;}

channels { PREPROC, COMMENTS, SKIPPED }

// Token types produced by the Java relabelling passes, never by the lexer itself.
tokens { TypedefName, AttrMacro, AttrMacroArgs }

@members {
  /** True when only blanks precede the current token on its line. */
  private boolean atLineStart() {
    int begin = _tokenStartCharIndex - _tokenStartCharPositionInLine;
    if (begin >= _tokenStartCharIndex) {
      return true;
    }
    String before = _input.getText(org.antlr.v4.runtime.misc.Interval.of(begin, _tokenStartCharIndex - 1));
    return before.isBlank();
  }
}

// ---- preprocessor -------------------------------------------------------------------
Directive
  : '#' {atLineStart()}? DirectiveBody -> channel(PREPROC)
  ;
fragment DirectiveBody
  : ( ~[\\\r\n/] | '\\' '\r'? '\n' | '\\' | '/' '*' .*? '*/' | '/' ~[*\r\n] | '/' )*
  ;

// ---- comments and blanks ------------------------------------------------------------
BlockComment : '/*' .*? '*/' -> channel(COMMENTS) ;
// A '/*' that no '*/' closes runs to the end of the text. ChunkParser.lex keeps it so when
// only comment lines follow (a hunk ending inside a comment), else cuts it at its own line
// and lexes on from the next (see grammar/README.md).
UnterminatedComment : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF -> channel(COMMENTS) ;
LineComment  : '//' ( ~[\\\r\n] | '\\' '\r'? '\n' | '\\' )* -> channel(COMMENTS) ;
LineSplice   : '\\' '\r'? '\n' -> skip ;
Whitespace   : [ \t\f\u000B\r\n]+ -> skip ;

// ---- keywords (C11 6.4.1 plus GNU spellings) ------------------------------------------
Auto : 'auto' ;
Break : 'break' ;
Case : 'case' ;
Char : 'char' ;
Const : 'const' | '__const' | '__const__' ;
Continue : 'continue' ;
Default : 'default' ;
Do : 'do' ;
Double : 'double' ;
Else : 'else' ;
Enum : 'enum' ;
Extern : 'extern' ;
Float : 'float' ;
For : 'for' ;
Goto : 'goto' ;
If : 'if' ;
Inline : 'inline' | '__inline' | '__inline__' ;
Int : 'int' ;
Long : 'long' ;
Register : 'register' ;
Restrict : 'restrict' | '__restrict' | '__restrict__' ;
Return : 'return' ;
Short : 'short' ;
Signed : 'signed' | '__signed' | '__signed__' ;
Sizeof : 'sizeof' ;
Static : 'static' ;
Struct : 'struct' ;
Switch : 'switch' ;
Typedef : 'typedef' ;
Union : 'union' ;
Unsigned : 'unsigned' ;
Void : 'void' ;
Volatile : 'volatile' | '__volatile' | '__volatile__' ;
While : 'while' ;
Alignas : '_Alignas' ;
Alignof : '_Alignof' | '__alignof' | '__alignof__' ;
Atomic : '_Atomic' ;
Bool : '_Bool' ;
Complex : '_Complex' | '__complex__' ;
Noreturn : '_Noreturn' ;
StaticAssert : '_Static_assert' ;
ThreadLocal : '_Thread_local' | '__thread' ;
Int128 : '__int128' ;
AutoType : '__auto_type' ;
Typeof : 'typeof' | '__typeof' | '__typeof__' | 'typeof_unqual' | '__typeof_unqual__' ;
Asm : 'asm' | '__asm' | '__asm__' ;
Attribute : '__attribute__' | '__attribute' ;
Extension : '__extension__' ;
Label : '__label__' ;

// ---- punctuators (6.4.6) ----------------------------------------------------------
Ellipsis : '...' ;
LeftParen : '(' ;
RightParen : ')' ;
LeftBracket : '[' ;
RightBracket : ']' ;
LeftBrace : '{' ;
RightBrace : '}' ;
Arrow : '->' ;
PlusPlus : '++' ;
MinusMinus : '--' ;
Dot : '.' ;
AndAnd : '&&' ;
OrOr : '||' ;
LeftShiftAssign : '<<=' ;
RightShiftAssign : '>>=' ;
LeftShift : '<<' ;
RightShift : '>>' ;
LessEqual : '<=' ;
GreaterEqual : '>=' ;
Less : '<' ;
Greater : '>' ;
Equal : '==' ;
NotEqual : '!=' ;
StarAssign : '*=' ;
DivAssign : '/=' ;
ModAssign : '%=' ;
PlusAssign : '+=' ;
MinusAssign : '-=' ;
AndAssign : '&=' ;
XorAssign : '^=' ;
OrAssign : '|=' ;
Assign : '=' ;
Plus : '+' ;
Minus : '-' ;
Star : '*' ;
Div : '/' ;
Mod : '%' ;
And : '&' ;
Or : '|' ;
Caret : '^' ;
Not : '!' ;
Tilde : '~' ;
Question : '?' ;
Colon : ':' ;
Semi : ';' ;
Comma : ',' ;
// '#' and '##' only occur inside directives; outside one (a stray stringify in a macro
// argument) they are kept as a token the parser may accept inside macro arguments.
HashHash : '##' ;
Hash : '#' ;

// ---- identifiers and constants ------------------------------------------------------
Identifier : [a-zA-Z_$] [a-zA-Z_$0-9]* ;

// A pp-number (6.4.8) covers every integer and floating constant spelling and suffix.
Constant
  : ( [0-9] | '.' [0-9] ) ( [a-zA-Z0-9_.] | [eEpP] [+-] )*
  | [LuU]? '\'' ( ~['\\\r\n] | '\\' . )+ '\''
  | 'u8' '\'' ( ~['\\\r\n] | '\\' . )+ '\''
  ;

StringLiteral : ( 'u8' | [LuU] )? '"' ( ~["\\\r\n] | '\\' . | '\\' '\r'? '\n' )* '"' ;

// Anything else (a stray backquote, '@', a non-ASCII byte) is one token the parser rejects,
// so the lexer never fails.
Unknown : . ;
