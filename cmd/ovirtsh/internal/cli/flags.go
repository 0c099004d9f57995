package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/config"
	"github.com/ovirtsh/ovirtsh/engine/output"
)

// options are the parsed command line.
type options struct {
	chunks      []string // -e, -E, in order
	interactive bool     // -i
	json        bool
	format      output.Format // -o, parsed from formatText
	formatText  string
	history     string
	help        bool
	kerberos    bool // --kerberos, copied to conn when given
	version     bool
	conn        config.Flags
	set         map[string]bool // flags given explicitly
	args        []string        // script and its arguments
}

// flagDef documents one flag for --help; the FlagSet holds its value.
type flagDef struct {
	names []string // "e", "E" or "url"
	arg   string   // metavariable, "" for booleans
	env   string   // environment fallback, shown in brackets
	help  string
}

var flagDefs = []flagDef{
	{[]string{"e", "E"}, "CHUNK", "", "run the Lua CHUNK (repeatable); an expression's value is printed"},
	{[]string{"i"}, "", "", "enter the REPL after the script or -e chunks"},
	{[]string{"url"}, "URL", config.EnvURL, "engine API URL, e.g. https://engine.example.com/ovirt-engine/api"},
	{[]string{"username", "u"}, "USER", config.EnvUsername, "user name with profile (default " + config.DefaultUsername + ")"},
	{[]string{"password-file"}, "FILE", config.EnvPasswordFile, "read the password from FILE (or set " + config.EnvPassword + ")"},
	{[]string{"ca-file"}, "FILE", config.EnvCAFile, "PEM file of the CA that signed the engine's certificate"},
	{[]string{"insecure"}, "", config.EnvInsecure, "do not verify the engine's TLS certificate"},
	{[]string{"kerberos"}, "", config.EnvKerberos, "log in with the Kerberos ticket of kinit (KRB5CCNAME), no password"},
	{[]string{"cert-file"}, "FILE", config.EnvCertFile, "PEM client certificate presented to the engine (with --key-file)"},
	{[]string{"key-file"}, "FILE", config.EnvKeyFile, "PEM key of the client certificate"},
	{[]string{"profile"}, "NAME", config.EnvProfile, "section of the config file to use (else the one with default = yes)"},
	{[]string{"sim"}, "", "", "use the built-in simulator, whatever flags, environment and config file name"},
	{[]string{"config"}, "FILE", config.EnvConfig, "config file (default ~/.config/ovirt.conf)"},
	{[]string{"timeout"}, "DURATION", config.EnvTimeout, "bound each API call, e.g. 90s, 2m or 90 (seconds) (default none)"},
	{[]string{"debug"}, "", config.EnvDebug, "trace HTTP requests on stderr, secrets redacted"},
	{[]string{"json"}, "", envJSON, "print results as typed JSON (-o json)"},
	{[]string{"output", "o"}, "FORMAT", "", "print results as table, json, csv or api-json (default: text)"},
	{[]string{"history"}, "FILE", envHistory, "REPL history file (default ~/.ovirtsh_history; empty: none)"},
	{[]string{"version", "v"}, "", "", "print the version and exit"},
	{[]string{"help", "h"}, "", "", "show this help"},
}

const (
	envJSON    = "OVIRT_JSON"
	envHistory = "OVIRT_HISTORY"
)

// chunkList is the -e/-E flag value.
type chunkList struct{ chunks *[]string }

func (c chunkList) String() string     { return "" }
func (c chunkList) Set(v string) error { *c.chunks = append(*c.chunks, v); return nil }

// parseFlags parses args (without the program name). Parsing stops at the script name, so the
// script's own arguments are left alone.
func parseFlags(args []string) (*options, error) {
	o := &options{set: map[string]bool{}}
	var insecure, debug bool
	var timeout string
	fs := newFlagSet(o, &insecure, &debug, &timeout)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			o.help = true
			return o, nil
		}
		return nil, err
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.set["insecure"] {
		o.conn.Insecure = &insecure
	}
	if o.set["debug"] {
		o.conn.Debug = &debug
	}
	if o.set["kerberos"] {
		o.conn.Kerberos = &o.kerberos
	}
	if o.set["timeout"] {
		// The parser of OVIRT_TIMEOUT, so that both take the same values.
		d, err := config.ParseTimeout("--timeout", timeout)
		if err != nil {
			return nil, err
		}
		o.conn.Timeout = &d
	}
	if o.formatText != "" {
		f, err := output.ParseFormat(o.formatText)
		if err != nil {
			return nil, fmt.Errorf("-o: %w", err)
		}
		o.format = f
	}
	o.args = fs.Args()
	return o, nil
}

// newFlagSet binds every flag of flagDefs to o.
func newFlagSet(o *options, insecure, debug *bool, timeout *string) *flag.FlagSet {
	fs := flag.NewFlagSet("ovirtsh", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	bind := func(names []string, f func(name string)) {
		for _, n := range names {
			f(n)
		}
	}
	bind([]string{"e", "E"}, func(n string) { fs.Var(chunkList{&o.chunks}, n, "") })
	fs.BoolVar(&o.interactive, "i", false, "")
	fs.StringVar(&o.conn.URL, "url", "", "")
	bind([]string{"username", "u"}, func(n string) { fs.StringVar(&o.conn.Username, n, "", "") })
	fs.StringVar(&o.conn.PasswordFile, "password-file", "", "")
	fs.StringVar(&o.conn.CAFile, "ca-file", "", "")
	fs.StringVar(&o.conn.CertFile, "cert-file", "", "")
	fs.StringVar(&o.conn.KeyFile, "key-file", "", "")
	fs.BoolVar(insecure, "insecure", false, "")
	fs.BoolVar(&o.kerberos, "kerberos", false, "")
	fs.StringVar(&o.conn.Profile, "profile", "", "")
	fs.BoolVar(&o.conn.Sim, "sim", false, "")
	fs.StringVar(&o.conn.ConfigFile, "config", "", "")
	fs.StringVar(timeout, "timeout", "", "")
	fs.BoolVar(debug, "debug", false, "")
	fs.BoolVar(&o.json, "json", false, "")
	bind([]string{"output", "o"}, func(n string) { fs.StringVar(&o.formatText, n, "", "") })
	fs.StringVar(&o.history, "history", "", "")
	bind([]string{"version", "v"}, func(n string) { fs.BoolVar(&o.version, n, false, "") })
	bind([]string{"help", "h"}, func(n string) { fs.BoolVar(&o.help, n, false, "") })
	return fs
}

const usageHead = `ovirtsh: the oVirt Engine API in Lua, with a REPL.

Usage:
  ovirtsh [flags]                        the REPL (stdin is run as a script when not a terminal)
  ovirtsh [flags] script.lua [args...]   run a script ("-" reads stdin); arg and ... hold args
  ovirtsh [flags] -e 'chunk' [-i]        run a chunk, printing its value; -i then enters the REPL
  ovirtsh [flags] VERB NOUN [NAME] ...   list, show, add, update, remove, action, console (ovirt-shell's);
                                         flags go before the verb; 'ovirtsh help' lists the nouns
  ovirtsh sim [--listen ADDR] [--vms N] [--password-file F] [--state FILE] [--latency D]
                                         serve the simulator to other tools
  ovirtsh [flags] apply [--check] [--parallel N] site.lua [ARGS...]
                                         plan, then make the engine match the site's
                                         ovirt.ensure.* declarations (ovirtsh apply --help)
  ovirtsh [flags] export [--search QUERY] KIND...
                                         write declarations of existing objects (vms, clusters...)
  ovirtsh version
  ovirtsh completion bash|zsh|fish       print the shell's completion script, e.g.
                                         source <(ovirtsh completion bash)

Flags (environment fallback in brackets; precedence: flags, environment, config file profile):
`

const usageTail = `
With no engine URL from flags, environment or config file, or with --sim, ovirtsh starts its
built-in simulator on first use of conn and says so on stderr. A profile of the config file is
used when --profile or OVIRT_PROFILE names it, when its section has default = yes (or is named
[default]), or when --url or OVIRT_URL is its engine_url; never only for being the only one.

Exit codes: 0 ok, 1 script error, 2 usage, 3 interrupted, 5 communication failure,
6 authentication failure, 7 not found (a name, id or path), 8 conflict (the engine's 409),
9 changes pending (apply --check).
`

// usage writes the help text: every flag with its environment fallback.
func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString(usageHead)
	for _, d := range flagDefs {
		var names []string
		for _, n := range d.names {
			dash := "--"
			if len(n) == 1 {
				dash = "-"
			}
			names = append(names, dash+n)
		}
		left := strings.Join(names, ", ")
		if d.arg != "" {
			left += " " + d.arg
		}
		line := fmt.Sprintf("  %-26s %s", left, d.help)
		if d.env != "" {
			line += " [" + d.env + "]"
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(usageTail)
	_, _ = io.WriteString(w, b.String())
}
