package cli

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
)

// TestOutputEscapesControlCharacters: values and errors printed for people show control
// characters as escapes; JSON keeps its own escaping.
func TestOutputEscapesControlCharacters(t *testing.T) {
	tests := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{name: "value", args: []string{"-e", `'a\027[2Jb', {x='\027]0;t\007'}`}, code: session.ExitOK,
			stdout: `a\x1b[2Jb` + "\ntable\n" + `  x: "\x1b]0;t\a"` + "\n"},
		{name: "error message", args: []string{"-e", `error('bad\027[2J\194\155')`}, code: session.ExitScript,
			stderr: `ovirtsh: (command line):1: bad\x1b[2J\u009b` + "\n"},
		{name: "error with a traceback", args: []string{"-e", "local function f() error('\\027[31mred') end f()"}, code: session.ExitScript,
			stderr: `ovirtsh: (command line):1: \x1b[31mred` + "\nstack traceback:"},
		{name: "json keeps its escapes", args: []string{"--json", "-e", `'a\027b'`}, code: session.ExitOK, stdout: `"a\u001bb"` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mainWith(t, context.Background(), nil, "", tt.args...)
			assert.Equal(t, tt.code, r.code, r.stderr)
			assert.Equal(t, tt.stdout, r.stdout)
			if tt.stderr == "" {
				assert.Empty(t, r.stderr)
			} else {
				assert.Contains(t, r.stderr, tt.stderr)
			}
			assert.NotContains(t, r.stdout+r.stderr, "\x1b")
			assert.NotContains(t, r.stdout+r.stderr, "\x07")
		})
	}
}
