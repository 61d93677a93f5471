" AURA source files (docs/language.md, §1: source files end in .aura).
autocmd BufRead,BufNewFile *.aura setfiletype aura
