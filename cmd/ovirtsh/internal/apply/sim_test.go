package apply

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/gate"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// writes lists the requests of l from the from-th on that are not reads.
func writes(l *enginetest.RequestLog, from int) []string {
	var w []string
	for _, r := range l.Requests()[from:] {
		if r.Method != "GET" {
			w = append(w, r.String())
		}
	}
	return w
}

func TestSiteOnSimulator(t *testing.T) {
	ctx := testCtx(t)
	log := &enginetest.RequestLog{}
	conn, _ := enginetest.Start(t, enginetest.WithRequestLog(log))
	b := newBackend(conn)
	_, err := b.Ensure(ctx, Resource{Kind: "tag", Spec: Spec{"name": "legacy"}}, Options{})
	require.NoError(t, err)
	rs := []Resource{
		{Kind: "tag", Spec: Spec{"name": "web", "parent": "ops", "description": "front ends"}},
		{Kind: "tag", Spec: Spec{"name": "db", "parent": "ops"}},
		{Kind: "tag", Spec: Spec{"name": "ops"}},
		{Kind: "tag", Spec: Spec{"name": "legacy", "state": "absent"}},
		{Kind: "tag", Spec: Spec{"name": "root"}},
	}
	apply := func(check bool) (string, []string, error) {
		var out bytes.Buffer
		from := log.Len()
		err := site(ctx, b, rs, Config{Check: check, Parallel: 4, Stdout: &out})
		return out.String(), writes(log, from), err
	}

	out, w, err := apply(true)
	require.ErrorIs(t, err, ErrChangesPending)
	assert.Empty(t, w, "check mode sends no write request")
	assert.Equal(t, "+ tag ops\n+ tag web (description \"front ends\", parent ops)\n+ tag db (parent ops)\n- tag legacy\nPlan: 3 to add, 0 to change, 1 to remove, 1 unchanged\n", out)

	out, w, err = apply(false)
	require.NoError(t, err)
	assert.Len(t, w, 4, "three adds and a removal")
	assert.True(t, strings.HasPrefix(out, "+ tag ops\n+ tag web (description \"front ends\", parent ops)\n+ tag db (parent ops)\n- tag legacy\nPlan: 3 to add, 0 to change, 1 to remove, 1 unchanged\n"), out)
	assert.Contains(t, out, "+ tag web: add\n")
	assert.Contains(t, out, "- tag legacy: remove\n")
	assert.Contains(t, out, "\n3 added, 0 changed, 1 removed, 1 unchanged, 0 failed\n")
	web, err := names.Get(ctx, conn, "tags/web")
	require.NoError(t, err)
	ops, err := names.Get(ctx, conn, "tags/ops")
	require.NoError(t, err)
	assert.Equal(t, ops.ID, web.Value.(*types.Tag).GetParent().GetId())

	out, w, err = apply(false)
	require.NoError(t, err)
	assert.Empty(t, w, "a second apply changes nothing")
	assert.Equal(t, "Plan: 0 to add, 0 to change, 0 to remove, 5 unchanged\n", out)

	rs = append(rs, Resource{Kind: "tag", Spec: Spec{"name": "web", "description": "web servers", "parent": "root"}})
	out, _, err = apply(true)
	require.ErrorIs(t, err, ErrChangesPending)
	assert.Equal(t, "~ tag web description \"front ends\" → \"web servers\"\n~ tag web parent ops → root\n"+
		"Plan: 0 to add, 1 to change, 0 to remove, 5 unchanged\n", out, "references by name, not id")
}

// TestParallelOnSimulator proves that two independent resources are changed at once: the
// simulator holds every request until both have one in flight.
func TestParallelOnSimulator(t *testing.T) {
	ctx := testCtx(t)
	g := gate.New()
	conn, _ := enginetest.Start(t, enginetest.WithSim(g.Options()))
	t.Cleanup(g.Release)
	gr, err := buildGraph([]Resource{{Kind: "tag", Spec: Spec{"name": "a"}}, {Kind: "tag", Spec: Spec{"name": "b"}}}, newBackend(conn))
	require.NoError(t, err)
	plan := []*Result{{Op: "add", Changed: true}, {Op: "add", Changed: true}}
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() { done <- execute(ctx, newBackend(conn), gr, plan, Config{Parallel: 2, Stdout: &out}) }()
	for range 2 {
		select {
		case <-g.Arrived():
		case <-ctx.Done():
			t.Fatal("the two resources were not in flight at once")
		}
	}
	g.Release()
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "2 added, 0 changed, 0 removed, 0 unchanged, 0 failed")
}

// TestSnapshotByDescription: a snapshot is known by its description; a site need not repeat it
// as name=.
func TestSnapshotByDescription(t *testing.T) {
	ctx := testCtx(t)
	conn, _ := enginetest.Start(t)
	rs := []Resource{{Kind: "snapshot", Spec: Spec{"vm": "vm2", "description": "before upgrade"}}}
	var out bytes.Buffer
	require.NoError(t, site(ctx, newBackend(conn), rs, Config{Parallel: 2, Stdout: &out}))
	assert.Equal(t, "+ snapshot vm2/before upgrade\nPlan: 1 to add, 0 to change, 0 to remove, 0 unchanged\n"+
		"+ snapshot vm2/before upgrade: add\n1 added, 0 changed, 0 removed, 0 unchanged, 0 failed\n", out.String())
}
