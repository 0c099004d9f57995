// Package repl is the interactive loop of ovirtsh: read a chunk (several lines while it is
// incomplete), run it with Ctrl-C canceling it and its HTTP requests, print the values of
// expressions, and keep a persistent history of whole chunks, leaving out the ones that mention
// secrets.
//
// Import rule: repl imports session, complete and term; only the cli package imports repl.
package repl
