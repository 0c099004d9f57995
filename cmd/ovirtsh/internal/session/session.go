package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/output"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// Options configure a Session.
type Options struct {
	// Stdout receives print, results and help; nil means os.Stdout.
	Stdout io.Writer
	// Stderr receives what the Lua helpers report to people (ovirt.args' usage errors); nil
	// means os.Stderr.
	Stderr io.Writer
	// Connect opens the engine connection the first time a chunk uses conn or system. A
	// failure is raised in the chunk; the next use tries again.
	Connect func(ctx context.Context) (*engine.Connection, error)
	// Target describes the engine before the connection exists, for tostring(conn), e.g.
	// "admin@internal at https://engine/ovirt-engine/api".
	Target string
	// JSON prints results as typed JSON (output.JSON) when Format is "".
	JSON bool
	// Format prints results through engine/output in that format (-o table|json|csv|api-json);
	// "" keeps the text form of results (scalars on a line, lists as tables, the nested form).
	Format output.Format
}

// Session is one Lua runtime with the ovirtsh globals. It is not safe for concurrent use; only
// Interrupt-style cancellation through the contexts given to Run may come from elsewhere.
type Session struct {
	rt   runtime
	opts Options

	mu   sync.Mutex // guards conn, read by Close from another goroutine
	conn *engine.Connection

	connProxy, sysProxy Value // the stand-ins luabind's SetGlobals made
}

// New creates the runtime and sets the globals: ovirt (the module), types, conn and system
// (connected on first use) and help.
func New(ctx context.Context, opts Options) (*Session, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	rt, err := newRuntime(ctx, opts.Stdout, opts.Stderr)
	if err != nil {
		return nil, fmt.Errorf("lua runtime: %w", err)
	}
	s := &Session{rt: rt, opts: opts}
	if err := rt.SetGlobals(luabind.Globals{Connect: s.connect, Target: opts.Target}); err != nil {
		_ = rt.Close()
		return nil, err
	}
	s.connProxy, s.sysProxy = rt.GlobalValue("conn"), rt.GlobalValue("system")
	rt.SetFunc("help", s.luaHelp)
	rt.SetFunc("os.exit", s.luaExit)
	return s, nil
}

// Connected reports whether the connection has been opened.
func (s *Session) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn != nil
}

// Close closes the connection the session opened (revoking its token) and the runtime.
// Cleanup runs the undo steps the chunks registered with ovirt.cleanup, last first, under ctx;
// each failure is reported on Stderr and the result joins them. Call it before Close, whether
// the chunks succeeded, failed or were interrupted.
func (s *Session) Cleanup(ctx context.Context) error { return s.rt.Cleanup(ctx) }

func (s *Session) Close(ctx context.Context) error {
	s.mu.Lock()
	c := s.conn
	s.conn = nil
	s.mu.Unlock()
	var errs []error
	if c != nil {
		errs = append(errs, c.Close(ctx))
	}
	errs = append(errs, s.rt.Close())
	return errors.Join(errs...)
}
