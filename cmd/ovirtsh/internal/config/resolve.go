package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Input is what Resolve reads: the flags, the environment and the file system.
type Input struct {
	Flags  Flags
	Getenv func(string) string // os.Getenv in production
	// ConfigFile is the default config file path, used unless --config or OVIRT_CONFIG names
	// another; see DefaultConfigFile.
	ConfigFile string
}

// DefaultConfigFile returns ~/.config/ovirt.conf ($XDG_CONFIG_HOME/ovirt.conf when that is
// set), reading the variables through getenv; "" when there is no home directory.
func DefaultConfigFile(getenv func(string) string) string {
	if dir := getenv("XDG_CONFIG_HOME"); dir != "" {
		return filepath.Join(dir, "ovirt.conf")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".config", "ovirt.conf")
	}
	return ""
}

// Resolve merges the sources, each setting taken from the first of flags, environment and config
// file that sets it. A profile of the config file applies only when it was chosen (--profile,
// OVIRT_PROFILE), or when it is marked as the default (see chooseSection) and no flag or variable
// gives another engine's URL, or when a flag or variable gives its own engine_url. Its
// password is never sent to an engine it does not describe: with a URL from a flag or variable
// that is not the profile's engine_url (see sameEngine), the password is left out and
// Settings.PasswordWithheld says why. Errors are usage errors: an
// unreadable password file, an unknown profile, a malformed file or value.
func Resolve(in Input) (*Settings, error) {
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	f := in.Flags
	if f.Sim {
		return simSettings(f, getenv)
	}
	s := &Settings{}
	flags := layer{name: "flags", url: f.URL, username: f.Username, caFile: f.CAFile,
		certFile: f.CertFile, keyFile: f.KeyFile,
		insecure: boolString(f.Insecure), debug: boolString(f.Debug), kerberos: boolString(f.Kerberos)}
	if f.Timeout != nil {
		flags.timeout = f.Timeout.String()
	}
	if f.PasswordFile != "" {
		pw, err := readPasswordFile(f.PasswordFile)
		if err != nil {
			return nil, err
		}
		flags.password, flags.passwordFrom = pw, "--password-file "+f.PasswordFile
	}
	env := layer{name: "environment", url: getenv(EnvURL), username: getenv(EnvUsername),
		caFile: getenv(EnvCAFile), insecure: getenv(EnvInsecure), timeout: getenv(EnvTimeout),
		certFile: getenv(EnvCertFile), keyFile: getenv(EnvKeyFile),
		debug: getenv(EnvDebug), kerberos: getenv(EnvKerberos)}
	if pw := getenv(EnvPassword); pw != "" {
		env.password, env.passwordFrom = pw, EnvPassword
	} else if pf := getenv(EnvPasswordFile); pf != "" {
		pw, err := readPasswordFile(pf)
		if err != nil {
			return nil, err
		}
		env.password, env.passwordFrom = pw, EnvPasswordFile+"="+pf
	}
	layers := []layer{flags, env}

	path := firstNonEmpty(f.ConfigFile, getenv(EnvConfig), in.ConfigFile)
	profile := firstNonEmpty(f.Profile, getenv(EnvProfile))
	givenURL, from := pick(layers, func(l *layer) string { return l.url })
	file, err := loadProfile(path, profile, givenURL, s)
	if err != nil {
		return nil, err
	}
	if file != nil {
		same := givenURL == "" || sameEngine(givenURL, file.url)
		if profile != "" || same {
			if !same && file.password != "" {
				s.PasswordWithheld = withheld(file, givenURL, from)
				file.password, file.passwordFrom = "", ""
			}
			layers = append(layers, *file)
			s.Profile = file.profile
		}
	}
	if err := s.fill(layers); err != nil {
		return nil, err
	}
	if s.Password != "" {
		s.PasswordWithheld = "" // a flag or the environment gave one: nothing was held back
	}
	if s.Embedded && file == nil && s.unchosen != "" {
		s.Warnings = append(s.Warnings, s.unchosen)
	}
	return s, nil
}

// fill sets s from the layers.
func (s *Settings) fill(layers []layer) error {
	raw, from := pick(layers, func(l *layer) string { return l.url })
	if raw == "" {
		s.Embedded = true
	} else {
		u, err := normalizeURL(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", from, err)
		}
		s.URL, s.URLFrom = u, from
	}
	s.Username, _ = pick(layers, func(l *layer) string { return l.username })
	if s.Username == "" && !s.Embedded {
		s.Username = DefaultUsername
	}
	s.Password, _ = pick(layers, func(l *layer) string { return l.password })
	s.PasswordFrom, _ = pick(layers, func(l *layer) string { return l.passwordFrom })
	s.CAFile, _ = pick(layers, func(l *layer) string { return l.caFile })
	var certFrom, keyFrom string
	s.CertFile, certFrom = pick(layers, func(l *layer) string { return l.certFile })
	s.KeyFile, keyFrom = pick(layers, func(l *layer) string { return l.keyFile })
	if (s.CertFile == "") != (s.KeyFile == "") {
		return fmt.Errorf("%s: a client certificate needs its key and a key its certificate "+
			"(--cert-file/%s and --key-file/%s)", firstNonEmpty(certFrom, keyFrom), EnvCertFile, EnvKeyFile)
	}
	if v, from := pick(layers, func(l *layer) string { return l.insecure }); v != "" {
		b, err := parseBool(from+" insecure", v)
		if err != nil {
			return err
		}
		s.Insecure = b
	}
	if v, from := pick(layers, func(l *layer) string { return l.debug }); v != "" {
		b, err := parseBool(from+" debug", v)
		if err != nil {
			return err
		}
		s.Debug = b
	}
	if v, from := pick(layers, func(l *layer) string { return l.timeout }); v != "" {
		what := from + " timeout"
		switch from {
		case "flags":
			what = "--timeout"
		case "environment":
			what = EnvTimeout
		}
		d, err := ParseTimeout(what, v)
		if err != nil {
			return err
		}
		s.Timeout = d
	}
	return s.fillKerberos(layers)
}

// simSettings are the settings of --sim: the built-in simulator whatever flags, environment and
// config file name; only the timeout and debug settings of flags and environment still apply.
func simSettings(f Flags, getenv func(string) string) (*Settings, error) {
	s := &Settings{SimForced: true}
	flags := layer{name: "flags", debug: boolString(f.Debug)}
	if f.Timeout != nil {
		flags.timeout = f.Timeout.String()
	}
	env := layer{name: "environment", debug: getenv(EnvDebug), timeout: getenv(EnvTimeout)}
	if err := s.fill([]layer{flags, env}); err != nil {
		return nil, err
	}
	return s, nil
}

// loadProfile reads the chosen section of the config file (see chooseSection). A missing file is
// no error unless a profile was asked for.
func loadProfile(path, profile, givenURL string, s *Settings) (*layer, error) {
	if path == "" {
		return nil, nil
	}
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if profile != "" {
			return nil, fmt.Errorf("profile %q: the config file %s does not exist", profile, path)
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	defer fh.Close()
	sections, err := ParseINI(fh, path)
	if err != nil {
		return nil, err
	}
	sec, err := chooseSection(sections, profile, givenURL, path)
	if err != nil {
		return nil, err
	}
	if sec == nil {
		if len(sections) > 0 && givenURL == "" {
			s.unchosen = unchosenWarning(sections, path)
		}
		return nil, nil
	}
	if st, err := fh.Stat(); err == nil && st.Mode().Perm()&0o044 != 0 && sec.Values["password"] != "" {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%s holds a password and is readable by others "+
			"(mode %04o); run: chmod 600 %s", path, st.Mode().Perm(), path))
	}
	v := sec.Values
	label := fmt.Sprintf("%s [%s]", path, sec.Name)
	l := &layer{name: label, profile: sec.Name, url: v["engine_url"], username: v["username"], password: v["password"],
		caFile: v["cafile"], timeout: v["timeout"], debug: v["debug"], certFile: v["cert_file"], keyFile: v["key_file"],
		kerberos: v["kerberos"]}
	if l.password != "" {
		l.passwordFrom = label
	}
	if sv, ok := v["secure"]; ok {
		b, err := parseBool(label+" secure", sv)
		if err != nil {
			return nil, err
		}
		l.insecure = boolString(&[]bool{!b}[0])
	}
	if iv, ok := v["insecure"]; ok {
		l.insecure = iv
	}
	return l, nil
}

// DefaultKey is the key that marks a profile as the one to use when none is chosen:
// `default = yes` in its section. A section named "default" is marked too.
const DefaultKey = "default"

// chooseSection picks the profile: the one named (an unknown name is an error), else the one
// marked as the default (two marked are an error), else the one whose engine_url is givenURL,
// else none: a profile is never used only because it is the file's only one.
func chooseSection(sections []*Section, profile, givenURL, path string) (*Section, error) {
	names := make([]string, len(sections))
	var marked []*Section
	for i, sec := range sections {
		names[i] = sec.Name
		if profile != "" && sec.Name == profile {
			return sec, nil
		}
		v, ok := sec.Values[DefaultKey]
		if !ok {
			if sec.Name == DefaultKey {
				marked = append(marked, sec)
			}
			continue
		}
		b, err := parseBool(fmt.Sprintf("%s [%s] %s", path, sec.Name, DefaultKey), v)
		if err != nil {
			return nil, err
		}
		if b {
			marked = append(marked, sec)
		}
	}
	switch {
	case profile != "":
		return nil, fmt.Errorf("profile %q is not in %s (it has: %s)", profile, path, strings.Join(names, ", "))
	case len(marked) > 1:
		var m []string
		for _, sec := range marked {
			m = append(m, sec.Name)
		}
		return nil, fmt.Errorf("%s marks several profiles as the default (%s): keep %s = yes in one",
			path, strings.Join(m, ", "), DefaultKey)
	case len(marked) == 1:
		return marked[0], nil
	}
	if givenURL != "" {
		for _, sec := range sections {
			if u := sec.Values["engine_url"]; u != "" && sameEngine(givenURL, u) {
				return sec, nil
			}
		}
	}
	return nil, nil
}

// unchosenWarning says why no profile of the file applies.
func unchosenWarning(sections []*Section, path string) string {
	names := make([]string, len(sections))
	for i, sec := range sections {
		names[i] = sec.Name
	}
	return fmt.Sprintf("%s has profiles (%s) but none is chosen or marked as the default: "+
		"pick one with --profile or %s, or add %s = yes to its section", path, strings.Join(names, ", "), EnvProfile, DefaultKey)
}

func readPasswordFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("password file: %w", err)
	}
	pw := strings.TrimRight(string(b), "\r\n")
	if pw == "" {
		return "", fmt.Errorf("password file %s is empty", path)
	}
	return pw, nil
}

// withheld says why the profile's password is not used for givenURL, which the layer named from
// gave: it may only go to the profile's own engine_url.
func withheld(file *layer, givenURL, from string) string {
	shown, err := normalizeURL(givenURL)
	if err != nil {
		shown = "that URL" // Resolve fails on it anyway
	}
	by := map[string]string{"flags": "--url", "environment": EnvURL}[from]
	own := "it has no engine_url"
	if file.url != "" {
		own = "its engine_url is " + file.url
	}
	return fmt.Sprintf("the password of %s is only sent to that profile's own engine (%s), not to %s given by %s",
		file.name, own, shown, by)
}

func boolString(b *bool) string {
	if b == nil {
		return ""
	}
	if *b {
		return "true"
	}
	return "false"
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
