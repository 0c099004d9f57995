package config

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Settings are the resolved connection settings.
type Settings struct {
	URL      string // API URL, always ending in the API path, e.g. https://e/ovirt-engine/api
	Username string
	Password string // "" when no source gave one: prompt for it or fail at connect time
	CAFile   string
	Insecure bool
	// CertFile and KeyFile are a PEM client certificate and its key presented to the engine;
	// both or neither.
	CertFile, KeyFile string
	Timeout           time.Duration
	Debug             bool
	// Kerberos logs in with the Kerberos ticket cache (KRB5CCNAME, KRB5_CONFIG) instead of a
	// user name and password, which are then left empty.
	Kerberos bool
	Profile  string // the config file section that was used, "" for none

	// Embedded is true when no source names an engine, or with --sim: ovirtsh then runs its
	// simulator.
	Embedded bool
	// SimForced is true with --sim: the simulator was asked for, whatever else is configured.
	SimForced bool
	// URLFrom and PasswordFrom say where the URL and the password came from, for messages
	// ("--url", "OVIRT_URL", "/home/u/.config/ovirt.conf [engine1]"); "" when unset.
	URLFrom, PasswordFrom string
	// PasswordWithheld, when not "", says why the chosen profile's password was left out: the
	// URL given by a flag or variable is not the profile's engine. Ask for a password naming the
	// URL, or fail with this reason.
	PasswordWithheld string
	// Warnings are problems worth a line on stderr that do not stop ovirtsh (a config file
	// readable by others).
	Warnings []string

	unchosen string // the warning for a config file whose profiles are neither chosen nor marked
}

// DefaultUsername is used when a URL is known but no source gives a user.
const DefaultUsername = "admin@internal"

// APIPath is appended to a URL that has no path, as the SDK examples do with engine_url.
const APIPath = "/ovirt-engine/api"

// Flags are the values given on the command line. Empty strings and nil pointers are "not given".
type Flags struct {
	URL, Username, PasswordFile, CAFile, CertFile, KeyFile, Profile, ConfigFile string
	Insecure, Debug, Kerberos                                                   *bool
	Timeout                                                                     *time.Duration
	// Sim forces the built-in simulator: URL, credentials, profile and config file are ignored.
	Sim bool
}

// Env variables read by Resolve, shown in --help next to the flags they back.
const (
	EnvURL          = "OVIRT_URL"
	EnvUsername     = "OVIRT_USERNAME"
	EnvPassword     = "OVIRT_PASSWORD"
	EnvPasswordFile = "OVIRT_PASSWORD_FILE"
	EnvCAFile       = "OVIRT_CAFILE"
	EnvInsecure     = "OVIRT_INSECURE"
	EnvCertFile     = "OVIRT_CERTFILE"
	EnvKeyFile      = "OVIRT_KEYFILE"
	EnvProfile      = "OVIRT_PROFILE"
	EnvTimeout      = "OVIRT_TIMEOUT"
	EnvDebug        = "OVIRT_DEBUG"
	EnvConfig       = "OVIRT_CONFIG"
	EnvKerberos     = "OVIRT_KERBEROS"
)

// layer is one source's view of the settings; empty fields are unset.
type layer struct {
	name                                  string // "flags", "environment" or the file's label
	profile                               string // the config file section, "" for flags and environment
	url, username, password, passwordFrom string
	caFile, insecure, timeout, debug      string
	certFile, keyFile                     string
	kerberos                              string
}

// pick returns the first non-empty value of field across layers, and the layer's name.
func pick(layers []layer, field func(*layer) string) (string, string) {
	for i := range layers {
		if v := field(&layers[i]); v != "" {
			return v, layers[i].name
		}
	}
	return "", ""
}

// normalizeURL appends APIPath to a URL without a path and drops a trailing slash. Errors quote
// the URL only when it cannot hold a secret (no '@', no query): they end up on the terminal.
func normalizeURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		shown := fmt.Sprintf("%q", raw)
		if strings.ContainsAny(raw, "@?") {
			shown = "(not shown: it holds credentials or a query)"
		}
		return "", fmt.Errorf("invalid engine URL %s: want https://host[:port][%s]", shown, APIPath)
	}
	if u.User != nil {
		return "", fmt.Errorf("the engine URL must not hold credentials: use --username and --password-file, " +
			"OVIRT_USERNAME and OVIRT_PASSWORD, or the profile's username and password")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	if u.Path == "" {
		u.Path = APIPath
	}
	return u.String(), nil
}

// parseBool accepts the spellings of configparser and of shells: 1/0, yes/no, true/false, on/off.
func parseBool(what, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "yes", "true", "on", "y":
		return true, nil
	case "0", "no", "false", "off", "n":
		return false, nil
	}
	return false, fmt.Errorf("%s: %q is not a boolean (use yes or no)", what, v)
}

// ParseTimeout accepts a Go duration ("90s", "2m") or a number of seconds ("90"), from zero up
// to the longest time.Duration (about 292 years). what names where the value came from (--timeout,
// OVIRT_TIMEOUT, a config file's key) and starts the error; the flag, the variable and the config
// file all go through here, so they accept and refuse the same values.
func ParseTimeout(what, v string) (time.Duration, error) {
	bad := func(why string) error { return fmt.Errorf("%s: invalid timeout %q: %s", what, v, why) }
	tooLong := bad("longer than the maximum, " + time.Duration(math.MaxInt64).Truncate(time.Second).String())
	if d, err := time.ParseDuration(strings.TrimSpace(v)); err == nil {
		if d < 0 {
			return 0, bad("it is negative")
		}
		return d, nil
	} else if durationSyntax.MatchString(strings.TrimSpace(v)) {
		return 0, tooLong // well-formed, so time.ParseDuration refused it for overflowing
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, bad("use a duration such as 90s or 2m, or a number of seconds")
	}
	switch ns := secs * float64(time.Second); {
	case math.IsNaN(secs) || math.IsInf(secs, 0) && err == nil:
		return 0, bad("not a finite number")
	case secs < 0:
		return 0, bad("it is negative")
	case ns >= 1<<63: // float64(math.MaxInt64) rounds up to 2^63
		return 0, tooLong
	default:
		return time.Duration(ns), nil
	}
}

// durationSyntax is the grammar of time.ParseDuration: a duration it matches but that
// time.ParseDuration refuses is one too long to represent.
var durationSyntax = regexp.MustCompile(`^[-+]?(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`)

// fillKerberos sets Kerberos from the layers; with it, no user name or password is used.
func (s *Settings) fillKerberos(layers []layer) error {
	v, from := pick(layers, func(l *layer) string { return l.kerberos })
	if v == "" {
		return nil
	}
	b, err := parseBool(from+" kerberos", v)
	if err != nil {
		return err
	}
	s.Kerberos = b
	if b {
		s.Username, s.Password, s.PasswordFrom = "", "", ""
	}
	return nil
}
