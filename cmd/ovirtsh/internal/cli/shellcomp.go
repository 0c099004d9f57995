package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/config"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/shellcomp"
)

// runCompletion is `ovirtsh completion bash|zsh|fish`: it prints the shell's script.
func runCompletion(args []string, env Env) int {
	if len(args) != 1 {
		fmt.Fprintf(env.Stderr, "ovirtsh: usage: ovirtsh completion %s\n", strings.Join(shellcomp.Shells, "|"))
		return session.ExitUsage
	}
	if err := shellcomp.Script(env.Stdout, args[0]); err != nil {
		reportError(env.Stderr, err)
		return session.ExitUsage
	}
	return session.ExitOK
}

// runComplete is the hidden `ovirtsh __complete [--] WORDS...` the scripts call: the candidates
// for the last word, one a line. It never prompts and never fails: no candidates at worst.
func runComplete(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	cands := shellcomp.Complete(ctx, args, shellcomp.Env{
		Globals:  globalFlags(),
		Commands: []shellcomp.Candidate{{Value: "sim", Help: "serve the simulator to other tools"}, {Value: "version", Help: "print the version"}},
		Names: func(ctx context.Context, globals []string, path string) ([]string, error) {
			return completionNames(ctx, globals, path, env)
		},
	})
	_ = shellcomp.Write(env.Stdout, cands)
	return session.ExitOK
}

// globalFlags lists ovirtsh's own flags for completion, from the table --help prints.
func globalFlags() []shellcomp.GlobalFlag {
	var out []shellcomp.GlobalFlag
	for _, d := range flagDefs {
		for _, n := range d.names {
			out = append(out, shellcomp.GlobalFlag{Name: n, Value: d.arg != "", Help: d.help})
		}
	}
	return out
}

// completionNames lists entity names at path through the engine the global flags select, the
// way a command would connect but without a password prompt (stdin is not used) and without
// notices on stderr.
func completionNames(ctx context.Context, globals []string, path string, env Env) ([]string, error) {
	o, err := parseFlags(globals)
	if err != nil {
		return nil, err
	}
	settings, err := config.Resolve(config.Input{Flags: o.conn, Getenv: env.getenv, ConfigFile: config.DefaultConfigFile(env.getenv)})
	if err != nil {
		return nil, err
	}
	c := &connector{s: settings, stderr: io.Discard}
	defer c.close()
	conn, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	return shellcomp.ListNames(ctx, conn, path)
}
