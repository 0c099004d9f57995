package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/config"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/term"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Env is the process around Main, replaceable in tests.
type Env struct {
	Stdin          *os.File
	Stdout, Stderr io.Writer
	LookupEnv      func(string) (string, bool)
	// Notify and Stop subscribe to signals (os/signal's); nil Notify means no signal handling.
	Notify func(c chan<- os.Signal, sig ...os.Signal)
	Stop   func(c chan<- os.Signal)
}

// OSEnv is the real process environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, LookupEnv: os.LookupEnv,
		Notify: signal.Notify, Stop: signal.Stop}
}

func (e Env) getenv(k string) string {
	v, _ := e.LookupEnv(k)
	return v
}

// Main runs ovirtsh with args (without the program name) and returns the exit code. Canceling
// ctx stops it as SIGTERM would.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) > 0 {
		switch args[0] {
		case "sim":
			return runSim(ctx, args[1:], env)
		case "apply", "export":
			return runApply(ctx, args[0], args[1:], env)
		case "version":
			fmt.Fprintln(env.Stdout, versionLine())
			return session.ExitOK
		case "completion": // shell completion scripts (shellcomp.go)
			return runCompletion(args[1:], env)
		case "__complete":
			return runComplete(ctx, args[1:], env)
		}
	}
	o, err := parseFlags(args)
	if err != nil {
		reportError(env.Stderr, err)
		fmt.Fprintln(env.Stderr, "Run 'ovirtsh --help' for the flags.")
		return session.ExitUsage
	}
	switch {
	case o.help:
		usage(env.Stdout)
		return session.ExitOK
	case o.version:
		fmt.Fprintln(env.Stdout, versionLine())
		return session.ExitOK
	}
	settings, err := config.Resolve(config.Input{Flags: o.conn, Getenv: env.getenv, ConfigFile: config.DefaultConfigFile(env.getenv)})
	if err != nil {
		reportError(env.Stderr, err)
		return session.ExitUsage
	}
	for _, w := range settings.Warnings {
		reportError(env.Stderr, fmt.Errorf("warning: %s", w))
	}
	a := &app{opts: o, env: env, conn: &connector{s: settings, stdin: env.Stdin, stderr: env.Stderr}}
	defer a.conn.close()
	if v := env.getenv(envJSON); v != "" && !o.set["json"] {
		o.json = v != "0" && !strings.EqualFold(v, "false") && !strings.EqualFold(v, "no")
	}
	if len(o.args) > 0 && verbs.IsVerb(o.args[0]) && len(o.chunks) == 0 {
		return a.runVerb(ctx)
	}
	if len(o.args) > 0 && isApply(o.args[0]) && len(o.chunks) == 0 {
		return a.runApplyVerb(ctx)
	}
	if len(o.args) > 0 && len(o.chunks) == 0 {
		if near := verbs.NearVerb(o.args[0]); near != "" {
			if _, err := os.Stat(o.args[0]); errors.Is(err, os.ErrNotExist) {
				reportError(env.Stderr, fmt.Errorf("no script or verb '%s'; did you mean '%s'?", o.args[0], near))
				return session.ExitUsage
			}
		}
	}
	a.sess, err = session.New(ctx, session.Options{Stdout: env.Stdout, Stderr: env.Stderr, Connect: a.conn.connect,
		Target: a.conn.target(), JSON: o.json, Format: o.format})
	if err != nil {
		reportError(env.Stderr, err)
		return session.ExitScript
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = a.sess.Close(cctx) // revokes the token; a failure there changes nothing for the user
	}()
	return a.run(ctx)
}

func versionLine() string {
	return fmt.Sprintf("ovirtsh %s (oVirt API model %s, %s)", engine.Version, types.ModelVersion, runtime.Version())
}

// runVerb runs `ovirtsh VERB ...` (list, show, add...): the global flags came before the verb.
// Help needs no engine; anything else connects first.
func (a *app) runVerb(ctx context.Context) int {
	args := a.opts.args
	env := verbs.Env{Stdout: a.env.Stdout, Stderr: a.env.Stderr}
	if f, ok := a.env.Stdout.(*os.File); ok {
		env.IsTTY = term.IsTerminal(f)
	}
	if f, ok := a.env.Stderr.(*os.File); ok {
		env.StatusTTY = term.IsTerminal(f)
	}
	if a.opts.json {
		env.Output = "json"
	}
	if a.opts.format != "" {
		env.Output = string(a.opts.format) // ovirtsh -o csv list vms
	}
	code, _ := a.interruptible(ctx, func(ctx context.Context) error {
		var conn *engine.Connection
		if !verbs.IsHelp(args) {
			var err error
			if conn, err = a.conn.connect(ctx); err != nil {
				return err
			}
			defer func() {
				cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
				defer cancel()
				_ = conn.Close(cctx) // revokes the token; a failure there changes nothing for the user
			}()
		}
		err := verbs.Run(ctx, conn, args, env)
		if verbs.IsUsage(err) {
			return &session.Error{Code: session.ExitUsage, Message: err.Error(), Err: err}
		}
		return err
	})
	return code
}
