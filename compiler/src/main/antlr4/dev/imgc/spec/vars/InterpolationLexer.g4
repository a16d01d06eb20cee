/*
 * Variables in a spec scalar: ${NAME}, ${NAME:-default}, ${NAME:?message}, and $$ for a literal '$'.
 * A '$' followed by anything else stays a literal '$', so that shell text such as "echo $HOME" in a
 * LinuxKit command reads as it always has.
 */
lexer grammar InterpolationLexer;

ESCAPED_DOLLAR : '$$' ;
OPEN : '${' -> pushMode(EXPRESSION) ;
LONE_DOLLAR : '$' ;
TEXT : ~'$'+ ;

mode EXPRESSION;
NAME : [A-Za-z_] [A-Za-z0-9_]* ;
DEFAULT : ':-' -> mode(ARGUMENT) ;
REQUIRED : ':?' -> mode(ARGUMENT) ;
CLOSE : '}' -> popMode ;
// Anything else inside ${...} is a token the parser rejects, so the error has its offset.
INVALID : . ;

mode ARGUMENT;
ARGUMENT_TEXT : ~'}'+ ;
ARGUMENT_CLOSE : '}' -> popMode ;
