package luabind

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrintable(t *testing.T) {
	tests := []struct {
		name, in, want, multiline string // multiline "" means the same as want
	}{
		{name: "plain", in: "web1 é ü 日本", want: "web1 é ü 日本"},
		{name: "OSC title and clear screen", in: "evil\x1b]0;PWNED\x07\x1b[2J", want: `evil\x1b]0;PWNED\x07\x1b[2J`},
		{name: "newline and tab", in: "a\nb\tc", want: `a\x0ab\x09c`, multiline: "a\nb\tc"},
		{name: "carriage return and backspace", in: "ok\r\bX", want: `ok\x0d\x08X`},
		{name: "NUL and DEL", in: "a\x00b\x7f", want: `a\x00b\x7f`},
		{name: "C1 CSI", in: "a\u009b2Jb\u0085", want: `a\u009b2Jb\u0085`},
		{name: "bidi override", in: "txt\u202egnp.exe\u2066x\u200f", want: `txt\u202egnp.exe\u2066x\u200f`},
		{name: "invalid UTF-8", in: "a\xffb\xc3", want: `a\xffb\xc3`},
		{name: "raw 8-bit C1 byte", in: "\x9b2J", want: `\x9b2J`},
		{name: "replacement character stays", in: "\ufffd", want: "\ufffd"},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Printable(tt.in, false))
			ml := tt.multiline
			if ml == "" {
				ml = tt.want
			}
			assert.Equal(t, ml, Printable(tt.in, true))
		})
	}
}

// TestPrintersEscapeControls shows an API object whose members and list href hold terminal
// escapes through ovirt.dump, ovirt.format and ovirt.table: nothing reaches the output raw.
func TestPrintersEscapeControls(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local evil = 'evil\027]0;PWNED\007\027[2J'
		local vm = types.Vm{name=evil, description='x\155y', status='up',
			nics={href='/vms/1/nics\027[2J'}}
		ovirt.dump(vm)
		io.write(ovirt.format({[evil]=evil}))
		ovirt.table({vm}, {'name', 'description', 'status'})
		ovirt.table({{[evil]='row'}}, {evil})
	`)
	assert.NotContains(t, out.String(), "\x1b")
	assert.NotContains(t, out.String(), "\x07")
	assert.NotContains(t, out.String(), "\x9b")
	assert.Equal(t, `Vm
  description: "x\x9by"
  name: "evil\x1b]0;PWNED\a\x1b[2J"
  nics: link /vms/1/nics\x1b[2J
  status: up
table
  evil\x1b]0;PWNED\x07\x1b[2J: "evil\x1b]0;PWNED\a\x1b[2J"
name                         description  status
evil\x1b]0;PWNED\x07\x1b[2J  x\x9by       up
evil\x1b]0;PWNED\x07\x1b[2J
row
`, out.String())
}
