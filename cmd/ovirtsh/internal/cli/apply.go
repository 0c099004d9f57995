package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/apply"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/config"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
)

// runApply runs `ovirtsh apply` and `ovirtsh export` (package apply): their own flags, then the
// connection flags and settings of every run, before the site file or the kinds.
func runApply(ctx context.Context, verb string, args []string, env Env) int {
	cmd, rest, err := apply.Parse(verb, args)
	if err == nil && !cmd.Help {
		var o *options
		if o, err = parseFlags(rest); err == nil {
			switch {
			case o.help:
				cmd.Help = true
			case len(o.chunks) > 0 || o.interactive:
				err = &apply.UsageError{Msg: fmt.Sprintf("-e and -i do not go with ovirtsh %s", verb)}
			case slices.ContainsFunc(o.args, func(a string) bool { return strings.HasPrefix(a, "-") }):
				err = &apply.UsageError{Msg: fmt.Sprintf("the flags of ovirtsh go before the %s arguments: %s", verb, strings.Join(o.args, " "))}
			default:
				return runApplyWith(ctx, cmd, o, env)
			}
		}
	}
	if cmd != nil && cmd.Help {
		apply.Usage(env.Stdout, verb)
		return session.ExitOK
	}
	reportError(env.Stderr, err)
	fmt.Fprintf(env.Stderr, "Run 'ovirtsh %s --help' for its usage.\n", verb)
	return session.ExitUsage
}

func runApplyWith(ctx context.Context, cmd *apply.Command, o *options, env Env) int {
	settings, err := config.Resolve(config.Input{Flags: o.conn, Getenv: env.getenv, ConfigFile: config.DefaultConfigFile(env.getenv)})
	if err != nil {
		reportError(env.Stderr, err)
		return session.ExitUsage
	}
	for _, w := range settings.Warnings {
		reportError(env.Stderr, fmt.Errorf("warning: %s", w))
	}
	c := &connector{s: settings, stdin: env.Stdin, stderr: env.Stderr}
	defer c.close()
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
		conn, err = c.connect(ctx)
		return conn, err
	}
	a := &app{env: env}
	code, _ := a.interruptible(ctx, func(ctx context.Context) error {
		return apply.Run(ctx, cmd, o.args, apply.Env{Stdout: env.Stdout, Stderr: env.Stderr, Connect: connect})
	})
	return code
}
