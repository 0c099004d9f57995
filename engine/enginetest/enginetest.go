package enginetest

import (
	"context"
	"testing"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// Config is what Start builds from its options.
type Config struct {
	// Sim configures the simulator; a nil Clock means sim.NewFastClock(100).
	Sim sim.Options
	// Conn configures the connection; URL, CA and credentials are filled in when empty.
	Conn engine.Options
}

// Option changes the Config of Start.
type Option func(*Config)

// WithSim sets the simulator options (clock, users, faults, extra VMs, ...).
func WithSim(o sim.Options) Option { return func(c *Config) { c.Sim = o } }

// WithConn edits the connection options after the defaults are filled in.
func WithConn(f func(*engine.Options)) Option {
	return func(c *Config) {
		prev := c.Conn
		f(&prev)
		c.Conn = prev
	}
}

// WithManualClock runs the simulator on a manual clock the test advances.
func WithManualClock(clock *sim.ManualClock) Option { return func(c *Config) { c.Sim.Clock = clock } }

// Start starts a simulator on a loopback port and connects to it (the SSO login happens here,
// so a failure is reported at once). The connection and the simulator are closed by t.Cleanup.
func Start(t testing.TB, opts ...Option) (*engine.Connection, *sim.Server) {
	t.Helper()
	var cfg Config
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Sim.Clock == nil {
		cfg.Sim.Clock = sim.NewFastClock(100)
	}
	srv, err := sim.Start(context.Background(), cfg.Sim)
	if err != nil {
		t.Fatalf("enginetest: start simulator: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("enginetest: close simulator: %v", err)
		}
	})
	c := cfg.Conn
	if c.URL == "" {
		c.URL = srv.URL()
	}
	if c.CAFile == "" && len(c.CACerts) == 0 && !c.Insecure {
		c.CACerts = srv.CACertPEM()
	}
	if c.Username == "" && c.Token == "" {
		c.Username, c.Password = srv.Credentials()
	}
	if c.Timeout == 0 {
		c.Timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := engine.Connect(ctx, c)
	if err != nil {
		t.Fatalf("enginetest: connect to simulator: %v", err)
	}
	if _, err := conn.Authenticate(ctx); err != nil {
		t.Fatalf("enginetest: log into simulator: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = conn.Close(ctx)
	})
	return conn, srv
}
