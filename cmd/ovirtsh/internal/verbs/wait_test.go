package verbs_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// TestWait: --wait shows each state on stderr (one line per change off a terminal) with the
// simulated time, prints the settled object after add, waits for the jobs of an update, and
// ends with the wait's error on a timeout.
func TestWait(t *testing.T) {
	f := start(t)
	out, status, err := f.run("add vm --name w1 --cluster Default --template Blank --wait -o csv --columns name,status")
	require.NoError(t, err)
	assert.Equal(t, "name,status\nw1,down\n", out, "the VM as it is once settled")
	assert.Equal(t, []string{"vm w1: image_locked (0s)", "vm w1: down (3s)"}, lines(status),
		"the last state ends the status: no 'done' line after it")

	_, status, err = f.run("action vm w1 start --wait")
	require.NoError(t, err)
	assert.Contains(t, status, "vm w1: up (")

	_, status, err = f.run("update vm w1 --description x --wait")
	require.NoError(t, err)
	assert.Equal(t, "vm w1: update: finished (0s)\n", status)

	_, _, err = f.run("remove vm w1 --wait")
	var ee *engine.Error
	require.ErrorAs(t, err, &ee, "a running VM cannot be removed")
	assert.Equal(t, engine.KindConflict, ee.Kind)

	_, _, err = f.run("action vm w1 stop --wait")
	require.NoError(t, err)
	_, status, err = f.run("action vm w1 start --wait --timeout 100ms")
	assert.True(t, strings.HasSuffix(status, "vm w1: timed out (0s)\n"), status)
	var we *wait.Error
	require.True(t, errors.As(err, &we), "%v", err)
	assert.Equal(t, wait.Timeout, we.Reason)

	_, _, err = f.run("action vm w1 stop --timeout 1m")
	assert.True(t, verbs.IsUsage(err))
	assert.Contains(t, err.Error(), "give --wait too")
	_, _, err = f.run("action vm w1 stop --wait --timeout soon")
	assert.True(t, verbs.IsUsage(err))
	assert.Contains(t, err.Error(), "'soon' is not a duration")
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
