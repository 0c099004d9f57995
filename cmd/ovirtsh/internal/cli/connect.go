package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/config"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/term"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// connector opens the connection the settings describe, starting the built-in simulator when
// they name no engine. It is used from the goroutine running Lua only.
type connector struct {
	s       *config.Settings
	stdin   *os.File // the terminal to prompt for a missing password on; nil: no prompt
	stderr  io.Writer
	srv     *sim.Server // the embedded simulator, once started
	simOpts sim.Options
}

// user and host name the engine for the prompt: "admin@internal", "engine.example.com".
func (c *connector) user() string {
	if c.s.Embedded {
		return sim.DefaultUser
	}
	if c.s.Kerberos {
		return "the Kerberos ticket's user"
	}
	return c.s.Username
}

func (c *connector) host() string {
	if c.s.Embedded {
		return "sim"
	}
	if u, err := url.Parse(c.s.URL); err == nil {
		return u.Hostname()
	}
	return c.s.URL
}

// target describes the engine for messages and tostring(conn).
func (c *connector) target() string {
	if c.s.Embedded {
		return c.user() + " at the built-in simulator"
	}
	return c.user() + " at " + c.s.URL
}

// connect is session.Options.Connect.
func (c *connector) connect(ctx context.Context) (*engine.Connection, error) {
	o := engine.Options{
		URL: c.s.URL, Username: c.s.Username, Password: c.s.Password, CAFile: c.s.CAFile,
		Insecure: c.s.Insecure, Timeout: c.s.Timeout, Logger: c.logger(),
		ClientCertFile: c.s.CertFile, ClientKeyFile: c.s.KeyFile,
	}
	if c.s.Kerberos && c.s.Embedded {
		return nil, &engine.Error{Kind: engine.KindAuth, Msg: fmt.Sprintf(
			"Kerberos needs an engine URL (--url, %s or the profile's engine_url); the built-in simulator takes a password",
			config.EnvURL)}
	}
	if c.s.Embedded {
		if err := c.startSim(); err != nil {
			return nil, err
		}
		o.URL, o.CACerts = c.srv.URL(), c.srv.CACertPEM()
		o.Username, o.Password = c.srv.Credentials()
		o.CAFile, o.Insecure = "", false
		o.ClientCertFile, o.ClientKeyFile = "", ""
	} else if c.s.Kerberos {
		o.Kerberos = true
	} else if o.Password == "" {
		pw, err := c.askPassword()
		if err != nil {
			return nil, err
		}
		c.s.Password, o.Password = pw, pw
	}
	return engine.Connect(ctx, o)
}

func (c *connector) startSim() error {
	if c.srv != nil {
		return nil
	}
	srv, err := sim.Start(context.Background(), c.simOpts)
	if err != nil {
		return fmt.Errorf("starting the built-in simulator: %w", err)
	}
	c.srv = srv
	if c.s.SimForced { // asked for: say where only with --debug
		if c.s.Debug {
			fmt.Fprintf(c.stderr, "ovirtsh: --sim: using the built-in simulator at %s\n", srv.URL())
		}
		return nil
	}
	fmt.Fprintf(c.stderr, "ovirtsh: no engine configured (--url, %s or ~/.config/ovirt.conf); using the built-in simulator at %s\n",
		config.EnvURL, srv.URL())
	return nil
}

// askPassword prompts on the terminal without echo, or fails with an authentication error. When
// the profile's password was withheld (another engine's URL was given), the message says why and
// the prompt names the whole URL the password will go to.
func (c *connector) askPassword() (string, error) {
	why := c.s.PasswordWithheld
	if c.stdin == nil || !term.IsTerminal(c.stdin) {
		if why != "" {
			return "", &engine.Error{Kind: engine.KindAuth, Msg: fmt.Sprintf(
				"no password for %s at %s: %s; set %s or use --password-file for that engine, or drop the URL to use the profile's",
				c.user(), c.s.URL, why, config.EnvPassword)}
		}
		return "", &engine.Error{Kind: engine.KindAuth, Msg: fmt.Sprintf(
			"no password for %s: set %s, use --password-file, or add password to the config profile",
			c.user(), config.EnvPassword)}
	}
	prompt := fmt.Sprintf("Password for %s at %s: ", c.user(), c.host())
	if why != "" {
		reportError(c.stderr, errors.New(why))
		prompt = fmt.Sprintf("Password for %s at %s: ", c.user(), c.s.URL)
	}
	pw, err := term.ReadPassword(c.stdin, c.stderr, luabind.Printable(prompt, false))
	if err != nil {
		return "", &engine.Error{Kind: engine.KindAuth, Msg: "reading the password", Err: err}
	}
	return pw, nil
}

// logger traces HTTP at debug level on stderr with --debug; otherwise it shows warnings only.
func (c *connector) logger() *slog.Logger {
	level := slog.LevelWarn
	if c.s.Debug {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: level}))
}

// close stops the embedded simulator.
func (c *connector) close() {
	if c.srv != nil {
		_ = c.srv.Close()
	}
}
