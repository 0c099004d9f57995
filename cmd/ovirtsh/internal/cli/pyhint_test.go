package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/luabind/luabindtest"
)

// A script or -e chunk written with a Python habit fails with gopher-lua's message and one more
// line that says the Lua form.
func TestScriptPythonHabitsGetHints(t *testing.T) {
	srv := startSim(t, sim.Options{})
	vars := simVars(t, srv, sim.DefaultPassword)
	for _, c := range luabindtest.PythonHabits() {
		t.Run(c.Chunk, func(t *testing.T) {
			file := mainWith(t, context.Background(), vars, "", writeScript(t, c.Chunk))
			assert.Equal(t, 1, file.code, file.stderr)
			assert.Contains(t, file.stderr, c.Want)
			inline := mainWith(t, context.Background(), vars, "", "-e", strings.TrimSuffix(c.Chunk, "\n"))
			assert.Equal(t, 1, inline.code, inline.stderr)
			assert.Contains(t, inline.stderr, c.Want)
		})
	}
	// A method of a service called with a dot says the colon form.
	dot := mainWith(t, context.Background(), vars, "", "-e", "local vms = system.vms_service()")
	assert.Equal(t, 1, dot.code)
	assert.Contains(t, dot.stderr, "with a colon: svc:vms_service(...)")
}
