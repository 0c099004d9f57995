package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
)

// History is the persistent history file: one entry per line, a multi-line chunk kept as one
// entry (newlines and backslashes escaped as \n and \\). The file is created with mode 0600 and
// tightened to 0600 if it is more open.
type History struct {
	path    string
	entries []string
	limit   int
}

// DefaultHistoryFile is .ovirtsh_history in the home directory ("" without one).
func DefaultHistoryFile(home string) string {
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".ovirtsh_history")
}

// OpenHistory reads the history file at path (a missing file is an empty history) and keeps at
// most limit entries, the newest.
func OpenHistory(path string, limit int) (*History, error) {
	h := &History{path: path, limit: limit}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer f.Close()
	if err := tighten(f); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			h.entries = append(h.entries, unescape(line))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("history %s: %w", path, err)
	}
	if len(h.entries) > limit {
		h.entries = h.entries[len(h.entries)-limit:]
		if err := h.rewrite(); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// tighten makes f owner-only when it is readable or writable by others.
func tighten(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		if err := f.Chmod(0o600); err != nil {
			return fmt.Errorf("history: %w", err)
		}
	}
	return nil
}

// Entries returns the entries, oldest first.
func (h *History) Entries() []string { return h.entries }

// Secret reports whether a chunk is kept out of the history file: it mentions a name that may
// hold a secret (engine.IsSecretName: pw, password, token, Ticket, Authorization,
// windows_license_key...).
func Secret(chunk string) bool { return engine.MentionsSecret(chunk) }

// Add appends a chunk to the file unless it is blank, repeats the previous entry or mentions a
// secret (see Secret). It reports whether the chunk was saved.
func (h *History) Add(chunk string) (bool, error) {
	if strings.TrimSpace(chunk) == "" || Secret(chunk) ||
		(len(h.entries) > 0 && h.entries[len(h.entries)-1] == chunk) {
		return false, nil
	}
	h.entries = append(h.entries, chunk)
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return false, fmt.Errorf("history: %w", err)
	}
	_, werr := fmt.Fprintln(f, escape(chunk))
	if err := errors.Join(werr, f.Close()); err != nil {
		return false, fmt.Errorf("history %s: %w", h.path, err)
	}
	if len(h.entries) > 2*h.limit {
		h.entries = h.entries[len(h.entries)-h.limit:]
		return true, h.rewrite()
	}
	return true, nil
}

// rewrite replaces the file with the entries kept, atomically and owner-only.
func (h *History) rewrite() error {
	tmp, err := os.CreateTemp(filepath.Dir(h.path), ".ovirtsh_history-*")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	w := bufio.NewWriter(tmp)
	for _, e := range h.entries {
		fmt.Fprintln(w, escape(e))
	}
	err = errors.Join(w.Flush(), tmp.Chmod(0o600), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), h.path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("history %s: %w", h.path, err)
	}
	return nil
}

var (
	escaper   = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	unescaper = strings.NewReplacer(`\\`, `\`, `\n`, "\n")
)

func escape(s string) string   { return escaper.Replace(s) }
func unescape(s string) string { return unescaper.Replace(s) }
