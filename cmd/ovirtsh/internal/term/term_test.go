package term

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLineEditorOverPipes(t *testing.T) {
	complete := func(before string) (string, []string) {
		word := before[strings.LastIndexAny(before, " (")+1:]
		var out []string
		for _, c := range []string{"print", "pairs", "pcall"} {
			if strings.HasPrefix(c, word) {
				out = append(out, c)
			}
		}
		return word, out
	}
	tests := []struct {
		name    string
		input   string
		lines   []string
		errs    []error
		display string
		history []string
	}{
		{name: "plain lines then EOF", input: "a\nb\n", lines: []string{"a", "b", ""}, errs: []error{nil, nil, io.EOF}},
		{name: "unique completion is inserted", input: "pri\t(1)\n", lines: []string{"print(1)", ""}, errs: []error{nil, io.EOF}},
		{name: "ambiguous completion lists candidates", input: "p\t\n", lines: []string{"p", ""}, errs: []error{nil, io.EOF}, display: "pcall"},
		{name: "Ctrl-R finds a multi-line entry", input: "\x12fou\n", history: []string{"for i = 1, 2 do\n  print('found')\nend", "x = 1"},
			lines: []string{"for i = 1, 2 do\n  print('found')\nend"}, errs: []error{nil}},
		{name: "Ctrl-C discards the line", input: "junk\x03ok\n", lines: []string{"", "ok", ""}, errs: []error{ErrInterrupt, nil, io.EOF}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			off := false
			ed, err := NewLineEditor(Options{Prompt: "> ", Stdin: io.NopCloser(strings.NewReader(tt.input)),
				Stdout: &out, Terminal: &off, Complete: complete})
			require.NoError(t, err)
			defer ed.Close()
			for _, h := range tt.history {
				ed.AddHistory(h)
			}
			for i := range tt.lines {
				line, err := ed.Readline()
				assert.Equal(t, tt.errs[i], err, "read %d", i)
				assert.Equal(t, tt.lines[i], line, "read %d", i)
			}
			assert.Contains(t, out.String(), tt.display)
		})
	}
}
