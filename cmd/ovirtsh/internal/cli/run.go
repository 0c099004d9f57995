package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/repl"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/term"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// app is one run of the command.
type app struct {
	opts *options
	env  Env
	conn *connector
	sess *session.Session
}

// run runs what was asked (runModes), then the undo steps the chunks registered with
// ovirt.cleanup, however they ended. A failed step makes a successful run exit 1.
func (a *app) run(ctx context.Context) int {
	code := a.runModes(ctx)
	// The steps must reach the engine even after a Ctrl-C stopped the script; a signal now
	// stops them in turn.
	if _, stop := a.interruptible(context.WithoutCancel(ctx), a.sess.Cleanup); stop && code == session.ExitOK {
		code = session.ExitScript
	}
	return code
}

// runModes picks the mode: -e chunks, then the script (or stdin when it is not a terminal), then
// the REPL when asked for or when there was nothing else to do.
func (a *app) runModes(ctx context.Context) int {
	for _, chunk := range a.opts.chunks {
		if code, stop := a.runChunk(ctx, "(command line)", chunk); stop {
			return code
		}
	}
	tty := a.env.Stdin != nil && term.IsTerminal(a.env.Stdin)
	switch {
	case len(a.opts.args) > 0 && a.opts.args[0] != "-":
		if code, stop := a.runFile(ctx, a.opts.args[0], a.opts.args[1:]); stop {
			return code
		}
	case len(a.opts.args) > 0 || (len(a.opts.chunks) == 0 && !a.opts.interactive && !tty):
		if code, stop := a.runStdin(ctx); stop {
			return code
		}
	}
	if a.opts.interactive || (len(a.opts.chunks) == 0 && len(a.opts.args) == 0 && tty) {
		return a.repl(ctx, tty)
	}
	return session.ExitOK
}

// runChunk runs a -e chunk, as an expression whose value is printed when it is one. Like
// runFile and runStdin, it returns the exit code and whether ovirtsh stops there (a failure or
// os.exit).
func (a *app) runChunk(ctx context.Context, name, chunk string) (int, bool) {
	src := chunk
	if _, err := a.sess.Compile(name, "return "+chunk); err == nil {
		src = "return " + chunk
	}
	return a.interruptible(ctx, func(ctx context.Context) error {
		vals, err := a.sess.Run(ctx, name, src)
		if err != nil {
			return err
		}
		return a.sess.PrintResults(vals)
	})
}

func (a *app) runFile(ctx context.Context, path string, args []string) (int, bool) {
	return a.interruptible(ctx, func(ctx context.Context) error {
		vals, err := a.sess.RunFile(ctx, path, args)
		if err != nil {
			return err
		}
		return a.sess.PrintResults(vals)
	})
}

func (a *app) runStdin(ctx context.Context) (int, bool) {
	var args []string
	if len(a.opts.args) > 1 {
		args = a.opts.args[1:]
	}
	src, err := io.ReadAll(a.env.Stdin)
	if err != nil {
		fmt.Fprintf(a.env.Stderr, "ovirtsh: reading stdin: %v\n", err)
		return session.ExitUsage, true
	}
	return a.interruptible(ctx, func(ctx context.Context) error {
		vals, err := a.sess.Run(ctx, "stdin", string(src), args...)
		if err != nil {
			return err
		}
		return a.sess.PrintResults(vals)
	})
}

// interruptible runs f with a context that SIGINT and SIGTERM cancel; a second signal gets the
// default behaviour (the process ends). It reports f's error and returns the exit code and
// whether to stop: after any error, or os.exit.
func (a *app) interruptible(parent context.Context, f func(context.Context) error) (int, bool) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	if a.env.Notify != nil {
		ch := make(chan os.Signal, 1)
		a.env.Notify(ch, os.Interrupt, syscall.SIGTERM)
		defer a.env.Stop(ch)
		go func() {
			select {
			case <-ch:
				a.env.Stop(ch)
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	err := f(ctx)
	if err == nil {
		return session.ExitOK, false
	}
	reportError(a.env.Stderr, err)
	return session.ExitCode(err), true
}

// reportError prints a failure on stderr: the message with its position, and the traceback of
// script errors.
func reportError(w io.Writer, err error) {
	if text := session.ErrorText(err); text != "" {
		fmt.Fprintf(w, "ovirtsh: %s\n", text)
	}
}

// repl runs the interactive loop; SIGINT cancels the running chunk, SIGTERM ends the loop.
func (a *app) repl(ctx context.Context, tty bool) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ints := make(chan os.Signal, 1)
	if a.env.Notify != nil {
		a.env.Notify(ints, os.Interrupt)
		defer a.env.Stop(ints)
		terms := make(chan os.Signal, 1)
		a.env.Notify(terms, syscall.SIGTERM)
		defer a.env.Stop(terms)
		go func() {
			select {
			case <-terms:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	hist, err := a.history()
	if err != nil {
		fmt.Fprintf(a.env.Stderr, "ovirtsh: %v (history is not saved)\n", err)
	}
	eo := term.Options{Stdout: a.env.Stdout}
	if a.env.Stdin != os.Stdin {
		eo.Stdin = a.env.Stdin
	}
	if !tty {
		eo.Terminal = new(bool)
	}
	var banner string
	if tty {
		banner = fmt.Sprintf("ovirtsh %s (oVirt API model %s): help() for help, Ctrl-D to exit",
			engine.Version, types.ModelVersion)
	}
	return repl.Run(ctx, repl.Options{
		Session:    a.sess,
		Prompt:     luabind.Printable(fmt.Sprintf("%s@%s> ", a.conn.user(), a.conn.host()), false),
		History:    hist,
		Interrupts: ints,
		Editor:     eo,
		Stderr:     a.env.Stderr,
		Banner:     banner,
	})
}

// history opens the history file: --history, else OVIRT_HISTORY, else ~/.ovirtsh_history; an
// empty name keeps no file.
func (a *app) history() (*repl.History, error) {
	path := repl.DefaultHistoryFile(a.env.getenv("HOME"))
	if v, ok := a.env.LookupEnv(envHistory); ok {
		path = v
	}
	if a.opts.set["history"] {
		path = a.opts.history
	}
	if path == "" {
		return nil, nil
	}
	return repl.OpenHistory(path, 10000)
}
