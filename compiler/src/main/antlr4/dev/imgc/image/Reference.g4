/*
 * An image reference in the OCI distribution syntax:
 *
 *   reference := [domain '/'] path [':' tag] ['@' digest]
 *   domain    := host [':' port]
 *
 * The grammar accepts any leading component that looks like a host as a domain; ImageReference then
 * applies Docker's rule (a domain contains '.' or ':' or is 'localhost') and otherwise treats it as the
 * first path component. Lowercase paths, lengths, hex digits and digest sizes are checked there too.
 * The lexer has one token per character so that the parser decides what each character means in its
 * place (a 'sha256' is an algorithm after '@', a path component before it).
 */
grammar Reference;

reference : (domain SLASH)? path (COLON tag)? (AT digest)? EOF ;

domain : host (COLON port)? ;
host : domainComponent (DOT domainComponent)*
     | LBRACKET ipv6 RBRACKET
     ;
domainComponent : letterOrDigit+ (DASH+ letterOrDigit+)* ;
ipv6 : (letterOrDigit | COLON | DOT)+ ;
port : DIGIT+ ;

path : pathComponent (SLASH pathComponent)* ;
// Uppercase letters are parsed here and rejected by ImageReference, which can then say exactly why.
pathComponent : letterOrDigit+ (separator letterOrDigit+)* ;
separator : DOT | UNDERSCORE UNDERSCORE? | DASH+ ;

tag : wordChar (wordChar | DOT | DASH)* ;

digest : algorithm COLON encoded ;
algorithm : algorithmComponent (algorithmSeparator algorithmComponent)* ;
algorithmComponent : letter (letter | DIGIT)* ;
algorithmSeparator : PLUS | DOT | DASH | UNDERSCORE ;
encoded : letterOrDigit+ ;

letter : LOWER | UPPER ;
letterOrDigit : LOWER | UPPER | DIGIT ;
wordChar : LOWER | UPPER | DIGIT | UNDERSCORE ;

LOWER : [a-z] ;
UPPER : [A-Z] ;
DIGIT : [0-9] ;
DOT : '.' ;
DASH : '-' ;
UNDERSCORE : '_' ;
PLUS : '+' ;
COLON : ':' ;
SLASH : '/' ;
AT : '@' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
// Any other character becomes a token the parser rejects, so the error names its offset.
OTHER : . ;
