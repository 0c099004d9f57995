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
// file that sets it. The config file's profile applies only when it was chosen (--profile,
// OVIRT_PROFILE), when no flag or variable gives a URL, or when it names the same engine. Its
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
	file, err := loadProfile(path, profile, s)
	if err != nil {
		return nil, err
	}
	if file != nil {
		givenURL, from := pick(layers, func(l *layer) string { return l.url })
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

// loadProfile reads the chosen section of the config file. A missing file is no error unless a
// profile was asked for. With no profile named, the section "default" is used, or the only one.
func loadProfile(path, profile string, s *Settings) (*layer, error) {
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
	sec, err := chooseSection(sections, profile, path)
	if err != nil {
		return nil, err
	}
	if sec == nil {
		s.unchosen = fmt.Sprintf("%s has several profiles and none is chosen: "+
			"pick one with --profile or %s", path, EnvProfile)
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

func chooseSection(sections []*Section, profile, path string) (*Section, error) {
	names := make([]string, len(sections))
	for i, sec := range sections {
		names[i] = sec.Name
		if sec.Name == profile || (profile == "" && sec.Name == "default") {
			return sec, nil
		}
	}
	switch {
	case profile != "":
		return nil, fmt.Errorf("profile %q is not in %s (it has: %s)", profile, path, strings.Join(names, ", "))
	case len(sections) == 1:
		return sections[0], nil
	}
	return nil, nil // several sections and none chosen: the file does not apply
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
