
# git's own bash completion completes `git aura <TAB>` by calling _git_aura (after loading
# this file as "git-aura" through bash-completion's loader). It hands over to _git-aura,
# the function swift-argument-parser generated above, with the words as if `git-aura` had
# been typed.
_git_aura() {
    local -i at=1
    while ((at < COMP_CWORD)) && [[ "${COMP_WORDS[at]}" != aura ]]; do ((at++)); done
    local -a COMP_WORDS=(git-aura "${COMP_WORDS[@]:at+1}")
    local -i COMP_CWORD=$((COMP_CWORD - at))
    _git-aura git-aura "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}
