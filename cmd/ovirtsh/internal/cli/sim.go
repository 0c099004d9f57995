package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/config"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// simFlags are the options of `ovirtsh sim`.
type simFlags struct {
	listen, passwordFile, state string
	keytab, principal           string // Kerberos: the HTTP service key and its principal
	vms                         int
	seed                        uint64
	latency                     time.Duration
}

const simUsage = `Usage: ovirtsh sim [flags]

Serve the built-in simulator over HTTPS for other tools (ovirtsh in another terminal, the Python
or Go SDK, curl) until interrupted. It prints the URL, the user, the CA file and the OVIRT_*
variables that point ovirtsh at it.

Flags:
  --listen ADDR          address to listen on (default 127.0.0.1:0, a free port); on an
                         address other machines reach, the password is random unless
                         --password-file gives one
  --vms N                seed N more VMs (vm-00001...) for scale tests
  --password-file FILE   admin@internal's password (default "` + sim.DefaultPassword + `" on loopback)
  --state FILE           load the inventory from FILE if it exists; save every change there
                         as it happens (FILE.journal, folded into FILE on exit)
  --seed N               reproducible entity ids: the same N gives the same ids (default:
                         random ids; tickets and tokens are always random)
  --latency DURATION     delay every API request, e.g. 2s, to try timeouts and Ctrl-C
  --keytab FILE          accept Kerberos logins (ovirtsh --kerberos) checked with the HTTP
                         service key in FILE; principal alice@REALM is user alice@realm
  --service-principal P  the key of the keytab to use, e.g. HTTP/127.0.0.1@EXAMPLE.COM
`

func parseSimFlags(args []string, stderr io.Writer) (*simFlags, error) {
	f := &simFlags{}
	fs := flag.NewFlagSet("ovirtsh sim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.listen, "listen", "127.0.0.1:0", "")
	fs.StringVar(&f.passwordFile, "password-file", "", "")
	fs.StringVar(&f.state, "state", "", "")
	fs.IntVar(&f.vms, "vms", 0, "")
	fs.Uint64Var(&f.seed, "seed", 0, "")
	fs.DurationVar(&f.latency, "latency", 0, "")
	fs.StringVar(&f.keytab, "keytab", "", "")
	fs.StringVar(&f.principal, "service-principal", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, _ = io.WriteString(stderr, simUsage)
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if f.vms < 0 {
		return nil, fmt.Errorf("--vms must not be negative")
	}
	return f, nil
}

// runSim serves the simulator until ctx ends or SIGINT/SIGTERM arrives.
func runSim(ctx context.Context, args []string, env Env) int {
	f, err := parseSimFlags(args, env.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		return session.ExitOK
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "ovirtsh sim: %v\nRun 'ovirtsh sim --help' for the flags.\n", err)
		return session.ExitUsage
	}
	opts := sim.Options{Addr: f.listen, ExtraVMs: f.vms, StateFile: f.state, Seed: f.seed, Faults: sim.Faults{Latency: f.latency},
		Keytab: f.keytab, ServicePrincipal: f.principal,
		Logger: slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if f.passwordFile != "" {
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			fmt.Fprintf(env.Stderr, "ovirtsh sim: password file: %v\n", err)
			return session.ExitUsage
		}
		opts.Password = strings.TrimRight(string(b), "\r\n")
	}
	generated := false
	if opts.Password == "" && !loopbackOnly(f.listen) {
		// The well-known default would let anyone on the network in.
		opts.Password, generated = randomPassword(), true
	}
	dir, err := os.MkdirTemp("", "ovirtsh-sim-")
	if err != nil {
		fmt.Fprintf(env.Stderr, "ovirtsh sim: %v\n", err)
		return session.ExitScript
	}
	defer os.RemoveAll(dir)
	srv, err := sim.Start(ctx, opts)
	if err != nil {
		fmt.Fprintf(env.Stderr, "ovirtsh sim: %v\n", err)
		return session.ExitScript
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, srv.CACertPEM(), 0o644); err != nil {
		_ = srv.Close()
		fmt.Fprintf(env.Stderr, "ovirtsh sim: %v\n", err)
		return session.ExitScript
	}
	host, _, _ := net.SplitHostPort(f.listen)
	url := reachableURL(srv.URL(), host != "::")
	if generated {
		fmt.Fprintf(env.Stdout, "# %s is not a loopback address: a random password (--password-file sets one)\n", f.listen)
	}
	printSimEnv(env.Stdout, srv, url, caFile, f.passwordFile)
	if f.keytab != "" {
		fmt.Fprintf(env.Stdout, "# Kerberos logins accepted: kinit, then ovirtsh --kerberos (or export %s=1)\n", config.EnvKerberos)
	}
	waitForStop(ctx, env)
	if err := srv.Close(); err != nil {
		fmt.Fprintf(env.Stderr, "ovirtsh sim: %v\n", err)
		return session.ExitScript
	}
	return session.ExitOK
}

// printSimEnv prints where the simulator is, as shell lines: comments for people, export lines
// to paste (or source) for ovirtsh. url is the simulator's URL with a host clients can use.
func printSimEnv(w io.Writer, srv *sim.Server, url, caFile, passwordFile string) {
	user, pw := srv.Credentials()
	fmt.Fprintf(w, "# ovirtsh simulator serving %s until interrupted\n", url)
	fmt.Fprintf(w, "# user %s, CA file %s\n", user, caFile)
	fmt.Fprintf(w, "export %s=%s\n", config.EnvURL, shellQuote(url))
	fmt.Fprintf(w, "export %s=%s\n", config.EnvUsername, shellQuote(user))
	if passwordFile != "" {
		fmt.Fprintf(w, "export %s=%s\n", config.EnvPasswordFile, shellQuote(passwordFile))
	} else {
		fmt.Fprintf(w, "export %s=%s\n", config.EnvPassword, shellQuote(pw))
	}
	fmt.Fprintf(w, "export %s=%s\n", config.EnvCAFile, shellQuote(caFile))
}

// waitForStop returns when ctx ends or a stop signal arrives.
func waitForStop(ctx context.Context, env Env) {
	var sigs chan os.Signal
	if env.Notify != nil {
		sigs = make(chan os.Signal, 1)
		env.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		defer env.Stop(sigs)
	}
	select {
	case <-ctx.Done():
	case <-sigs:
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
