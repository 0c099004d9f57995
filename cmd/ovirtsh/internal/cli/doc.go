// Package cli is the ovirtsh command: it parses the command line (every flag with its
// environment fallback), resolves the connection settings, and runs a script, -e chunks, the
// REPL, `ovirtsh sim` or `ovirtsh version`, returning the exit code.
//
// With no engine configured anywhere it starts the built-in simulator (engine/sim) on first use
// of conn and says so on stderr, so a script runs on a fresh machine.
//
// Import rule: cli imports config, session, repl, term, engine and engine/sim; main imports cli.
package cli
