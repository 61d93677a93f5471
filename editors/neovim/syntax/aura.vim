" Vim syntax file
" Language: AURA (docs/language.md)
" The keyword lists below are checked against the lexer's keyword table
" (Sources/AuraSyntax/Lexer/Keywords.swift) by AuraEditorTests.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match

" Keywords (the lexer's table, grouped by role).
syn keyword auraConditional if else match
syn keyword auraRepeat for in while
syn keyword auraStatement var with
syn keyword auraInclude use
syn keyword auraTest test
syn keyword auraBoolean true false
syn keyword auraNone none
syn keyword auraOperatorWord and or not
syn keyword auraPlaceholder _

" Operators first: of two matches at one position the later one wins, so the
" capability, number and effect matches below take precedence over `+`, `.`, `!`.
syn match auraOperator /=>\|->!\=\|??\|\.\.\||\|[=!<>]=\|[-+*\/%<>]/

" Comments: `#` to the end of the line. `#` lines directly above a definition are
" its documentation; they are comments to the language, so they share the group.
syn keyword auraTodo contained TODO FIXME XXX NOTE
syn match auraComment /#.*$/ contains=auraTodo,@Spell

" Numbers: 42, 1_000_000, 0xFF, 3.14, 2.0e-3. A float needs a digit after the
" point, so the range `0..3` stays two integers.
syn match auraNumber /\<0[xX][0-9A-Fa-f_]\+\>/
syn match auraNumber /\<\d[0-9_]*\>/
syn match auraFloat /\<\d[0-9_]*\.\d[0-9_]*\%([eE][+-]\=\d\+\)\=\>/
syn match auraFloat /\<\d[0-9_]*[eE][+-]\=\d\+\>/

" Strings: one line, escapes \n \t \r \\ \" \$, interpolation ${expr}.
syn region auraString start=/"/ skip=/\\\\\|\\"/ end=/"\|$/ oneline contains=auraEscape,auraEscapeError,auraInterpolation,@Spell
syn match auraEscapeError /\\./ contained
syn match auraEscape /\\[ntr\\"$]/ contained
syn region auraInterpolation matchgroup=auraInterpolationDelimiter start=/\${/ end=/}/ contained oneline contains=TOP,auraInterpolationBraces
syn region auraInterpolationBraces start=/{/ end=/}/ contained transparent oneline contains=TOP,auraInterpolationBraces

" Capabilities: a header line of `+name` words (`+db +http +json`). A line cannot
" start with a binary `+`, so a line that starts with `+` is a header line.
syn match auraCapabilities /^\s*+\h\w*\%(\s\++\h\w*\)*/ contains=auraCapability
syn match auraCapability /+\h\w*/ contained

" Records and sum types: `@User { ... }`, `@Shape = Circle { r:f } | Empty`;
" field tags such as `@pk` are lower case.
syn match auraRecordDeclaration /@\u\w*/
syn match auraTag /@\l\w*/

" Type, record and variant names are Capitalised by convention.
syn match auraTypeName /\<\u\w*\>/
" Built-in types, where a type is written: after `:` in an annotation, inside
" `[T]` and `{K:V}`, and after `->` or `->!`.
syn match auraType /\%(:\s*\|\[\|{\|->!\=\s*\)\@<=\<\%(i\|f\|s\|b\|uuid\|unit\|dyn\)\>/

" Effectful names end in `!` (print!, db.query!, save!); `!=` is an operator.
syn match auraEffect /\<\h\w*!\%(=\)\@!/

" A definition: `name(` or `name!(` at the start of a line.
syn match auraFunction /^\h\w*!\=\ze\s*(/


hi def link auraConditional Conditional
hi def link auraRepeat Repeat
hi def link auraStatement Statement
hi def link auraInclude Include
hi def link auraTest Keyword
hi def link auraBoolean Boolean
hi def link auraNone Constant
hi def link auraOperatorWord Operator
hi def link auraPlaceholder Special
hi def link auraTodo Todo
hi def link auraComment Comment
hi def link auraNumber Number
hi def link auraFloat Float
hi def link auraString String
hi def link auraEscape SpecialChar
hi def link auraEscapeError Error
hi def link auraInterpolationDelimiter Delimiter
hi def link auraCapability PreProc
hi def link auraRecordDeclaration Structure
hi def link auraTag PreProc
hi def link auraTypeName Type
hi def link auraType Type
hi def link auraEffect Special
hi def link auraFunction Function
hi def link auraOperator Operator

let b:current_syntax = 'aura'

let &cpo = s:cpo_save
unlet s:cpo_save
