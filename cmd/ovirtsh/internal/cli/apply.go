package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/apply"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
)

// isApply reports whether a word is a verb of package apply.
func isApply(word string) bool { return word == "apply" || word == "export" }

// runApply runs `ovirtsh apply ...` and `ovirtsh export ...` (package apply): their own flags
// anywhere, the connection flags of every run before the site file or the kinds. It checks the
// command line, then runs it as `ovirtsh [flags] apply ...` (app.runApplyVerb).
func runApply(ctx context.Context, verb string, args []string, env Env) int {
	cmd, rest, err := apply.Parse(verb, args)
	var o *options
	if err == nil && !cmd.Help {
		if o, err = parseFlags(rest); err == nil {
			switch {
			case o.help:
				cmd.Help = true
			case len(o.chunks) > 0 || o.interactive:
				err = &apply.UsageError{Msg: fmt.Sprintf("-e and -i do not go with ovirtsh %s", verb)}
			default:
				err = flagsAfter(verb, o.args)
			}
		}
	}
	if code, done := applyUsage(verb, cmd, err, env); done {
		return code
	}
	flags := rest[:len(rest)-len(o.args)] // parsing stopped at the first argument
	// "--" ends the flags, so that Main takes the verb for an argument, not for this form.
	return Main(ctx, slices.Concat(flags, []string{"--", verb}, cmd.Flags(), o.args), env)
}

// runApplyVerb runs `ovirtsh [flags] apply|export ...`: the connection flags came first.
func (a *app) runApplyVerb(ctx context.Context) int {
	verb := a.opts.args[0]
	cmd, rest, err := apply.Parse(verb, a.opts.args[1:])
	if err == nil {
		err = flagsAfter(verb, rest)
	}
	if code, done := applyUsage(verb, cmd, err, a.env); done {
		return code
	}
	return a.applyWith(ctx, cmd, rest)
}

// flagsAfter refuses flags among the site file and its arguments (or the kinds).
func flagsAfter(verb string, args []string) error {
	if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-") }) {
		return &apply.UsageError{Msg: fmt.Sprintf("the flags of ovirtsh go before the %s arguments: %s", verb, strings.Join(args, " "))}
	}
	return nil
}

// applyUsage prints the help or the usage error, if that is what the command line asks.
func applyUsage(verb string, cmd *apply.Command, err error, env Env) (int, bool) {
	switch {
	case err != nil:
		reportError(env.Stderr, err)
		fmt.Fprintf(env.Stderr, "Run 'ovirtsh %s --help' for its usage.\n", verb)
		return session.ExitUsage, true
	case cmd.Help:
		apply.Usage(env.Stdout, verb)
		return session.ExitOK, true
	}
	return 0, false
}

// applyWith runs the command on a connection opened on first use and closed at the end; SIGINT
// and SIGTERM stop it.
func (a *app) applyWith(ctx context.Context, cmd *apply.Command, args []string) int {
	var conn *engine.Connection
	defer func() {
		if conn != nil {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = conn.Close(cctx) // revokes the token; a failure changes nothing for the user
		}
	}()
	connect := func(ctx context.Context) (*engine.Connection, error) {
		var err error
		conn, err = a.conn.connect(ctx)
		return conn, err
	}
	code, _ := a.interruptible(ctx, func(ctx context.Context) error {
		return apply.Run(ctx, cmd, args, apply.Env{Stdout: a.env.Stdout, Stderr: a.env.Stderr, Connect: connect})
	})
	return code
}
