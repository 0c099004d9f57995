// Package shellcomp is ovirtsh's shell completion: `ovirtsh completion bash|zsh|fish` prints a
// script for the shell, and the script calls back the hidden `ovirtsh __complete WORDS...`,
// which answers one candidate a line ("value" or "value<TAB>help").
//
// Candidates come from the verbs' grammar (cmd/ovirtsh/internal/verbs: verbs, nouns, options
// and actions, all from the model) and, for entity names, from a list request to the engine
// the global flags before the verb select, under a short timeout; a failure there offers no
// names rather than an error, so that completion never hangs or prompts.
package shellcomp
