// Package term is the terminal side of ovirtsh: a line editor (prompt, editing, history
// navigation, Ctrl-R search, tab completion) behind the small LineEditor interface, and the
// no-echo password prompt.
//
// Only readline.go imports github.com/chzyer/readline, so that its maintained fork
// (github.com/ergochat/readline, the same API) or another editor can replace it by changing one
// file.
//
// Import rule: term imports only the standard library and the readline package.
package term
