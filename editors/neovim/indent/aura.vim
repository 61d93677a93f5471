" Indentation for AURA, as `aura fmt` prints it (docs/language.md, §13): four
" spaces inside `{ }`, `[ ]` and `( )`, and pipeline stages (lines starting
" with `|`) one level inside the statement they continue.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetAuraIndent(v:lnum)
setlocal indentkeys=0},0],0),0\|,!^F,o,O
setlocal autoindent

let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent<'

if exists('*GetAuraIndent')
  finish
endif

" Brackets inside strings and comments do not count.
let s:skip = 'synIDattr(synID(line("."), col("."), 0), "name") =~? "string\\|comment"'
let s:pairs = {'}': ['{', '}'], ']': ['\[', '\]'], ')': ['(', ')']}

" The line without its strings and comment.
function! s:Code(lnum) abort
  let line = substitute(getline(a:lnum), '"\%(\\.\|[^"\\]\)*"', '""', 'g')
  return substitute(line, '#.*$', '', '')
endfunction

" Opening minus closing brackets on a line, after the closers it starts with
" (`} else {` opens a block).
function! s:Balance(lnum) abort
  let code = substitute(s:Code(a:lnum), '^\s*[}\])]\+', '', '')
  return len(substitute(code, '[^{[(]', '', 'g')) - len(substitute(code, '[^}\])]', '', 'g'))
endfunction

function! s:IsStage(lnum) abort
  return getline(a:lnum) =~# '^\s*|'
endfunction

" The line that opened the bracket line lnum starts with, or lnum itself.
function! s:Anchor(lnum) abort
  let closer = matchstr(getline(a:lnum), '^\s*\zs[}\])]')
  if closer ==# ''
    return a:lnum
  endif
  let pair = s:pairs[closer]
  call cursor(a:lnum, 1)
  let open = searchpair(pair[0], '', pair[1], 'bnW', s:skip)
  return open > 0 ? open : a:lnum
endfunction

" The first line of the statement a pipeline stage belongs to.
function! s:StatementStart(lnum) abort
  let lnum = a:lnum
  while lnum > 1 && s:IsStage(lnum)
    let lnum = s:Anchor(prevnonblank(lnum - 1))
  endwhile
  return lnum
endfunction

function! GetAuraIndent(lnum) abort
  " A closing bracket lines up with the line that opened it.
  let opener = s:Anchor(a:lnum)
  if opener != a:lnum
    return indent(opener)
  endif
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let anchor = s:Anchor(prev)
  if s:IsStage(a:lnum)
    return s:IsStage(anchor) ? indent(anchor) : indent(anchor) + shiftwidth()
  endif
  if s:Balance(prev) > 0
    return indent(prev) + shiftwidth()
  endif
  " After the last stage of a pipeline, back to its statement's level.
  return indent(s:StatementStart(anchor))
endfunction
