package shellcomp

import (
	"fmt"
	"io"
	"strings"
)

// The scripts call back `PROGRAM __complete -- WORDS... CURRENT`, where PROGRAM is the command
// as typed (so ./ovirtsh completes with itself), and read one candidate a line.

const bashScript = `# bash completion for ovirtsh. Load it with: source <(ovirtsh completion bash)
_ovirtsh_complete() {
    local cur=${COMP_WORDS[COMP_CWORD]} line q
    local -a words=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
    # bash splits --opt=value at '=': completing right after it, the word is "=".
    if [[ $cur == "=" ]]; then
        words+=("=")
        cur=""
    fi
    COMPREPLY=()
    while IFS= read -r line; do
        printf -v q '%q' "${line%%$'\t'*}"
        COMPREPLY+=("$q")
    done < <("${COMP_WORDS[0]}" __complete -- "${words[@]}" "$cur" 2>/dev/null)
}
complete -o default -F _ovirtsh_complete ovirtsh
`

const zshScript = `#compdef ovirtsh
# zsh completion for ovirtsh. Load it with: source <(ovirtsh completion zsh) (after compinit)
_ovirtsh() {
    local -a lines cands descs
    local line
    lines=("${(@f)$("${words[1]}" __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    for line in "${lines[@]}"; do
        [[ -z $line ]] && continue
        cands+=("${line%%$'\t'*}")
        if [[ $line == *$'\t'* ]]; then
            descs+=("${line%%$'\t'*}  -- ${line#*$'\t'}")
        else
            descs+=("$line")
        fi
    done
    if (( ${#cands} == 0 )); then
        _files
        return
    fi
    compadd -l -d descs -a cands
}
if [[ $funcstack[1] == _ovirtsh ]]; then
    _ovirtsh "$@"
else
    compdef _ovirtsh ovirtsh
fi
`

const fishScript = `# fish completion for ovirtsh. Load it with: ovirtsh completion fish | source
function __ovirtsh_complete
    set -l tokens (commandline -opc)
    $tokens[1] __complete -- $tokens[2..-1] (commandline -ct) 2>/dev/null
end
complete -c ovirtsh -f -a '(__ovirtsh_complete)'
# scripts and files: when the word looks like a path
complete -c ovirtsh -n 'string match -q -r -- "[/.]" (commandline -ct)' -F
`

// Script writes the completion script of shell ("bash", "zsh" or "fish") to w.
func Script(w io.Writer, shell string) error {
	var s string
	switch shell {
	case "bash":
		s = bashScript
	case "zsh":
		s = zshScript
	case "fish":
		s = fishScript
	default:
		return fmt.Errorf("completion: no script for shell '%s' (shells: %s)", shell, strings.Join(Shells, ", "))
	}
	_, err := io.WriteString(w, s)
	return err
}

// Write writes the candidates one a line: the value, then a tab and the help when there is one.
func Write(w io.Writer, cands []Candidate) error {
	var b strings.Builder
	for _, c := range cands {
		b.WriteString(c.Value)
		if c.Help != "" {
			b.WriteString("\t" + c.Help)
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
