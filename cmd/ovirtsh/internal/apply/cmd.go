package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
)

// Command is a parsed `ovirtsh apply` or `ovirtsh export` command line.
type Command struct {
	Verb     string // "apply" or "export"
	Check    bool   // apply --check
	Parallel int    // apply --parallel N
	Search   string // export --search
	Help     bool
}

// Flags writes the command's own flags back as a command line, for Parse.
func (c *Command) Flags() []string {
	var l []string
	if c.Help {
		l = append(l, "--help")
	}
	if c.Check {
		l = append(l, "--check")
	}
	if c.Parallel != DefaultParallel {
		l = append(l, "--parallel="+strconv.Itoa(c.Parallel))
	}
	if c.Search != "" {
		l = append(l, "--search="+c.Search)
	}
	return l
}

// DefaultParallel is how many resources apply changes at once without --parallel.
const DefaultParallel = 4

// UsageError is a bad command line.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Parse takes the verb's own flags out of args, wherever they are, and returns the rest (the
// connection flags of every ovirtsh run, then the site file or kinds) in their order.
func Parse(verb string, args []string) (*Command, []string, error) {
	c := &Command{Verb: verb, Parallel: DefaultParallel}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		flag, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" {
			rest = append(rest, a)
			continue
		}
		value := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", &UsageError{fmt.Sprintf("%s %s needs a value", verb, a)}
			}
			i++
			return args[i], nil
		}
		switch {
		case flag == "h" || flag == "help":
			c.Help = true
		case flag == "check" && verb == "apply" && !hasVal:
			c.Check = true
		case flag == "parallel" && verb == "apply":
			v, err := value()
			if err != nil {
				return nil, nil, err
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 64 {
				return nil, nil, &UsageError{fmt.Sprintf("--parallel: '%s' is not a whole number from 1 to 64", v)}
			}
			c.Parallel = n
		case flag == "search" && verb == "export":
			v, err := value()
			if err != nil {
				return nil, nil, err
			}
			c.Search = v
		default:
			rest = append(rest, a)
		}
	}
	return c, rest, nil
}

const applyUsage = `Usage:
  ovirtsh [flags] apply [--check] [--parallel N] site.lua [ARGS...]

Runs site.lua (ARGS are its arg[1], arg[2]...), whose ovirt.ensure.* calls (or the list of declarations it returns) say what the
engine should hold, orders the resources by their references (data center, cluster, network,
storage domain, template, VM...), prints the plan (+ add, ~ change, - remove), then makes the
changes, independent resources N at a time (default 4) over one connection, and prints each
result and a summary. A failure names the resource and what was already done for it; what
depends on it is skipped, the rest still runs.

  --check        print the plan and stop: exit 0 when nothing would change, 9 when changes are pending
  --parallel N   resources changed at once (1 to 64, default 4)

The connection flags of ovirtsh (--url, --profile...; see ovirtsh --help) go before the verb
or right after it, never after site.lua: ovirtsh --profile prod apply --check site.lua.
Exit codes: 0 done (or nothing to do), 1 a resource failed or the plan could not be made,
2 usage, 3 interrupted, 5 communication failure, 6 authentication failure, 9 changes pending
(--check).
`

const exportUsage = `Usage:
  ovirtsh [flags] export [--search QUERY] KIND... > site.lua

Writes ovirt.ensure.* declarations for the existing objects of each KIND (plural or not: vms,
clusters, data_centers...), sorted, sizes in units, so that ovirtsh apply of the file changes
nothing. --search narrows the objects with the engine's search query, e.g. 'name=web*'.

The connection flags of ovirtsh (--url, --profile...; see ovirtsh --help) go before the verb
or right after it, never after KIND.
`

// Usage writes the help of the verb.
func Usage(w io.Writer, verb string) {
	if verb == "export" {
		_, _ = io.WriteString(w, exportUsage)
		return
	}
	_, _ = io.WriteString(w, applyUsage)
}

// Env is what Main needs from the process and the command line around it.
type Env struct {
	Stdout, Stderr io.Writer
	// Connect opens the engine connection (ovirtsh's connection settings), once; the caller
	// closes it (Run closes it only when the site itself used conn or system).
	Connect func(ctx context.Context) (*engine.Connection, error)
}

// ExitCode maps an error of Run to the exit code of ovirtsh.
func ExitCode(err error) int {
	var ue *UsageError
	switch {
	case err == nil:
		return session.ExitOK
	case errors.Is(err, ErrChangesPending):
		return session.ExitChangesPending
	case errors.As(err, &ue):
		return session.ExitUsage
	}
	return session.ExitCode(err)
}

// Run runs the command: args are the site file and its arguments (apply) or the kinds (export).
// Its errors carry their exit code for session.ExitCode: ExitChangesPending (printing nothing)
// for a check that found changes, ExitUsage for a bad command line.
func Run(ctx context.Context, c *Command, args []string, env Env) error {
	err := run(ctx, c, args, env)
	var ue *UsageError
	var se *session.Error
	switch {
	case err != nil && ctx.Err() != nil && !errors.As(err, &se):
		return &session.Error{Code: session.ExitInterrupted, Message: "interrupted: " + err.Error(), Err: err}
	case errors.Is(err, ErrChangesPending):
		return &session.Error{Code: session.ExitChangesPending, Exit: true, Message: err.Error(), Err: err}
	case errors.As(err, &ue):
		return &session.Error{Code: session.ExitUsage, Message: fmt.Sprintf("%s\nRun 'ovirtsh %s --help' for its usage.", ue.Msg, c.Verb), Err: err}
	}
	return err
}

func run(ctx context.Context, c *Command, args []string, env Env) error {
	var conn *engine.Connection
	connect := func(ctx context.Context) (*engine.Connection, error) {
		if conn != nil {
			return conn, nil
		}
		var err error
		conn, err = env.Connect(ctx)
		return conn, err
	}
	if c.Verb == "export" {
		if len(args) == 0 {
			return &UsageError{"export needs a KIND: vms, clusters, networks..."}
		}
		kinds := make([]string, len(args))
		for i, a := range args {
			k, err := kindOf(a)
			if err != nil {
				return err
			}
			kinds[i] = k
		}
		if _, err := connect(ctx); err != nil {
			return err
		}
		return export(ctx, conn, env.Stdout, kinds, c.Search)
	}
	if len(args) == 0 {
		return &UsageError{"apply needs the site file: ovirtsh apply site.lua"}
	}
	sess, err := session.New(ctx, session.Options{Stdout: env.Stdout, Stderr: env.Stderr, Connect: connect})
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_ = sess.Cleanup(cctx) // the site's ovirt.cleanup steps; each failure is reported
		_ = sess.Close(cctx)
	}()
	rs, err := collect(ctx, sess, args[0], args[1:])
	if err != nil {
		return err
	}
	if _, err := connect(ctx); err != nil {
		return err
	}
	return site(ctx, newBackend(conn), rs, Config{Check: c.Check, Parallel: c.Parallel, Stdout: env.Stdout})
}
