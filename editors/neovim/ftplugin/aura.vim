" Filetype settings for AURA: `#` comments and the four-space indentation that
" `aura fmt` prints (docs/language.md, §13).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s
setlocal comments=:#
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=4 softtabstop=4 tabstop=4
" `aura fmt` keeps lines within 100 characters where it can.
setlocal textwidth=100
" `print!` and `db.query!` are single names to the language: keep `!` in words
" for `*`, `w` and completion.
setlocal iskeyword+=!
setlocal suffixesadd=.aura

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth<'
      \ . ' softtabstop< tabstop< textwidth< iskeyword< suffixesadd<'
