package repl

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/luabind/luabindtest"
)

// In the REPL, a Python habit gets its hint at once: a Python block header (`for vm in vms:`)
// is reported on its line instead of waiting for more input that cannot complete it.
func TestREPLPythonHabitsGetHints(t *testing.T) {
	for _, c := range luabindtest.PythonHabits() {
		t.Run(c.Chunk, func(t *testing.T) {
			res := runREPL(t, c.Chunk+"print('still here')\n", sim.Options{}, nil)
			assert.Contains(t, res.stderr, c.Want)
			assert.Contains(t, res.stdout, "still here\n")
		})
	}
	res := runREPL(t, "for vm in vms:\nprint('next chunk')\n", sim.Options{}, nil)
	assert.Equal(t, 1, strings.Count(res.stderr, "hint: Lua loops over a list with ipairs"), res.stderr)
	assert.Contains(t, res.stdout, "next chunk\n")
}
