parser grammar InterpolationParser;

options { tokenVocab = InterpolationLexer; }

template : part* EOF ;

part : TEXT # literalText
     | ESCAPED_DOLLAR # escapedDollar
     | LONE_DOLLAR # loneDollar
     | variable # variablePart
     ;

variable : OPEN NAME CLOSE # plainVariable
         | OPEN NAME DEFAULT ARGUMENT_TEXT? ARGUMENT_CLOSE # defaultedVariable
         | OPEN NAME REQUIRED ARGUMENT_TEXT? ARGUMENT_CLOSE # requiredVariable
         ;
