package apply

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// TestHundredVMs exports a site of 100 VMs, checks that applying it changes nothing, and logs
// the time of that no-op apply against the same 100 ovirt.ensure.vm calls run one by one in a
// script (the closing note of issue 15): on the simulator as it is, and with 2 ms of latency
// per request, as an engine across a LAN.
func TestHundredVMs(t *testing.T) {
	if testing.Short() {
		t.Skip("100 VMs, three rounds")
	}
	for _, latency := range []time.Duration{0, 2 * time.Millisecond} {
		t.Run(latency.String(), func(t *testing.T) {
			o := sim.Options{ExtraVMs: 100}
			if latency > 0 {
				o.Clock, o.Faults.Latency = sim.NewRealClock(), latency
			}
			hundredVMs(t, o)
		})
	}
}

func hundredVMs(t *testing.T, o sim.Options) {
	c := newCLI(t, o)
	out, errOut, code, _ := c.run("export", "vms", "--search", "name=vm-*")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, 100, strings.Count(out, "\novirt.ensure.vm{\n"))
	site := siteFile(t, out)

	for round := 1; round <= 3; round++ {
		start, before := time.Now(), c.log.Len()
		plan, errOut, code, w := c.run("apply", site)
		applied, sent := time.Since(start), c.log.Len()-before
		require.Equal(t, 0, code, errOut)
		assert.Empty(t, w, "an exported site changes nothing")
		assert.Equal(t, "Plan: 0 to add, 0 to change, 0 to remove, 100 unchanged\n", plan)

		// The script as ovirtsh runs it: a new Lua runtime (apply makes one too), then the calls.
		from := c.log.Len()
		start = time.Now()
		sess, err := session.New(context.Background(), session.Options{Stdout: io.Discard,
			Connect: func(context.Context) (*engine.Connection, error) { return c.conn, nil }})
		require.NoError(t, err)
		_, err = sess.RunFile(testCtx(t), site, nil)
		oneByOne, sentOneByOne := time.Since(start), c.log.Len()-from
		require.NoError(t, err)
		t.Cleanup(func() { _ = sess.Close(context.Background()) }) // closes the shared connection: at the end
		assert.Empty(t, writes(c.log, from))
		t.Logf("round %d: no-op apply of 100 VMs %v, %d requests (--parallel %d); the same 100 ovirt.ensure.vm calls one by one %v, %d requests; ratio %.2f",
			round, applied.Round(time.Millisecond), sent, DefaultParallel, oneByOne.Round(time.Millisecond), sentOneByOne, float64(oneByOne)/float64(applied))
	}
}
