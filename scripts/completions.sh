#!/usr/bin/env bash
# Writes bash, zsh and fish completions for the git-deploy binary $1 into folder $2, generated
# from the argument definitions it parses with (used by install.sh and build-deb.sh).
set -euo pipefail
bin=$1 out=$2
{
    "$bin" --generate-completion-script bash
    cat <<'BASH'
# `git deploy …` completes like `git-deploy …` (git's completion calls _git_deploy).
_git_deploy() {
    local -a words=("git-deploy" "${COMP_WORDS[@]:2}")
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((COMP_CWORD - 1))
    _git-deploy
}
BASH
} > "$out/git-deploy.bash"
"$bin" --generate-completion-script zsh > "$out/_git-deploy"
"$bin" --generate-completion-script fish > "$out/git-deploy.fish"
