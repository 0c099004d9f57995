package apply

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fake is a backend whose kinds and engine are tables: refs by kind (the spec's string members
// named in refKeys are references), plans by label, and a hook for the real run.
type fake struct {
	mu      sync.Mutex
	calls   []string                 // "check vm web1", "run vm web1", in the order made
	plans   map[string]*Result       // label (+ " absent" for state='absent') → check result (default: add)
	fail    map[string]error         // label → error of the run
	missing map[Ref]bool             // undeclared references that do not exist
	hook    func(label string)       // called at the start of each run (not checks)
	checkFn func(label string) error // error of a check
}

var refKeys = map[string]string{"data_center": "data_center", "cluster": "cluster", "network": "network", "template": "template", "vm": "vm"}

func (f *fake) Name(r Resource) string { return r.Spec.Name() }

func (f *fake) Refs(r Resource) ([]Ref, error) {
	if r.Kind == "bogus" {
		return nil, errors.New("unknown kind 'bogus'")
	}
	var l []Ref
	for k, kind := range refKeys {
		switch v := r.Spec[k].(type) {
		case string:
			l = append(l, Ref{Kind: kind, Name: v})
		case []any:
			for _, e := range v {
				l = append(l, Ref{Kind: kind, Name: e.(string)})
			}
		}
	}
	return l, nil
}

func (f *fake) Ensure(_ context.Context, r Resource, o Options) (*Result, error) {
	lbl := label(r.Kind, r.Spec.Name())
	verb := "run"
	if o.Check {
		verb = "check"
	}
	f.mu.Lock()
	f.calls = append(f.calls, verb+" "+lbl)
	p, err, hook, checkFn := f.plans[lbl], f.fail[lbl], f.hook, f.checkFn
	if a, ok := f.plans[lbl+" absent"]; ok && r.Spec.State() == "absent" {
		p = a
	}
	f.mu.Unlock()
	if p == nil {
		p = &Result{Op: "add", Changed: true, Actions: []string{"add"}}
	}
	res := *p
	res.Kind, res.Name = r.Kind, r.Spec.Name()
	if o.Check {
		if checkFn != nil {
			if err := checkFn(lbl); err != nil {
				return nil, err
			}
		}
		return &res, nil
	}
	if hook != nil {
		hook(lbl)
	}
	if err != nil {
		return &Result{Kind: r.Kind, Name: r.Spec.Name(), Op: "add", Actions: []string{"add"}}, fmt.Errorf("%s: %w", lbl, err)
	}
	return &res, nil
}

func (f *fake) Exists(_ context.Context, ref Ref) (bool, error) { return !f.missing[ref], nil }

func (f *fake) NameOf(_ context.Context, _ []string, id string) string { return id }

func (f *fake) ran() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var l []string
	for _, c := range f.calls {
		if s, ok := strings.CutPrefix(c, "run "); ok {
			l = append(l, s)
		}
	}
	return l
}

func res(kind string, kv ...any) Resource {
	s := Spec{}
	for i := 0; i < len(kv); i += 2 {
		s[kv[i].(string)] = kv[i+1]
	}
	return Resource{Kind: kind, Spec: s}
}

func labels(g *graph) []string {
	var l []string
	for _, i := range g.order {
		l = append(l, g.nodes[i].label)
	}
	return l
}

func TestOrder(t *testing.T) {
	f := &fake{}
	cases := []struct {
		name string
		rs   []Resource
		want []string
		err  string
	}{
		{name: "diamond: a VM on a network and a template, both in one cluster",
			rs: []Resource{
				res("vm", "name", "web1", "cluster", "c1", "template", "t1", "network", "n1"),
				res("template", "name", "t1", "cluster", "c1"),
				res("network", "name", "n1", "data_center", "dc1", "cluster", []any{"c1"}),
				res("cluster", "name", "c1", "data_center", "dc1"),
				res("data_center", "name", "dc1"),
			},
			want: []string{"data_center dc1", "cluster c1", "template t1", "network n1", "vm web1"}},
		{name: "independent ones keep the declared order",
			rs:   []Resource{res("vm", "name", "b"), res("vm", "name", "a"), res("vm", "name", "c")},
			want: []string{"vm b", "vm a", "vm c"}},
		{name: "removals turn round: the VM goes before its cluster",
			rs: []Resource{
				res("cluster", "name", "c1", "state", "absent"),
				res("vm", "name", "old", "cluster", "c1", "state", "absent"),
			},
			want: []string{"vm old", "cluster c1"}},
		{name: "the same object twice runs in the declared order",
			rs:   []Resource{res("vm", "name", "a", "cluster", "c1"), res("cluster", "name", "c1"), res("vm", "name", "a", "memory", "1GiB")},
			want: []string{"cluster c1", "vm a", "vm a"}},
		{name: "removed then declared again: a reference means the new one",
			rs:   []Resource{res("vm", "name", "a", "state", "absent"), res("nic", "name", "n", "vm", "a"), res("vm", "name", "a")},
			want: []string{"vm a", "vm a", "nic a/n"}},
		{name: "declared, then declared absent: it would never settle",
			rs:  []Resource{res("vm", "name", "a"), res("vm", "name", "b"), res("vm", "name", "a", "state", "absent")},
			err: "declaration #3: vm a is declared absent after being declared present (declaration #1): every apply would make it and remove it; drop one of the two"},
		{name: "cycle",
			rs:  []Resource{res("cluster", "name", "c1", "network", "n1"), res("network", "name", "n1", "cluster", []any{"c1"})},
			err: "the references form a cycle: cluster c1 → network n1 → cluster c1 (each needs the next)"},
		{name: "a present resource refers to an absent one",
			rs:  []Resource{res("cluster", "name", "c1", "state", "absent"), res("vm", "name", "web1", "cluster", "c1")},
			err: "vm web1 refers to cluster c1, which the site declares absent"},
		{name: "nested kinds are named in their parent",
			rs:   []Resource{res("nic", "name", "nic1", "vm", "a"), res("nic", "name", "nic1", "vm", "b"), res("vm", "name", "a")},
			want: []string{"nic b/nic1", "vm a", "nic a/nic1"}}, // not one object twice
		{name: "no name", rs: []Resource{res("vm", "memory", "1GiB")}, err: "declaration #1: the vm declaration has no name (nor id)"},
		{name: "unknown kind", rs: []Resource{res("bogus", "name", "x")}, err: "bogus x: unknown kind 'bogus'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := buildGraph(tc.rs, f)
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, labels(g))
		})
	}
}

func runSite(t *testing.T, f *fake, rs []Resource, c Config) (string, error) {
	t.Helper()
	var out bytes.Buffer
	c.Stdout = &out
	err := site(context.Background(), f, rs, c)
	return out.String(), err
}

func TestPlanOutput(t *testing.T) {
	f := &fake{plans: map[string]*Result{
		"cluster Default": {Op: "none"},
		"vm web2": {Op: "change", Changed: true, Diff: map[string]Change{
			"memory":                       {From: int64(2 << 30), To: int64(4 << 30), NextRun: true},
			"cpu.topology.cores":           {From: int64(1), To: int64(2)},
			"description":                  {From: "", To: "front end"},
			"initialization.root_password": {From: nil, To: "s3cret"},
		}},
		"vm old1": {Op: "remove", Changed: true},
		"vm web3": {Op: "none"},
		"vm web4": {Op: "change", Changed: true},
		"tag web": {Op: "change", Changed: true, Actions: []string{"move under parent ops"}},
	}}
	rs := []Resource{
		res("vm", "name", "web1", "cluster", "Default"),
		res("vm", "name", "web2", "cluster", "Default"),
		res("vm", "name", "old1", "state", "absent"),
		res("cluster", "name", "Default"),
		res("vm", "name", "web3", "cluster", "Default"),
		res("tag", "name", "web"),
		res("vm", "name", "web4"),
	}
	out, err := runSite(t, f, rs, Config{Check: true})
	require.ErrorIs(t, err, ErrChangesPending)
	assert.Equal(t, `- vm old1
+ vm web1 (cluster Default)
~ vm web2 cpu.topology.cores 1 → 2
~ vm web2 description "" → "front end"
~ vm web2 initialization.root_password (secret, not shown)
~ vm web2 memory 2 GiB → 4 GiB (next run)
~ tag web move under parent ops
~ vm web4
Plan: 1 to add, 3 to change, 1 to remove, 2 unchanged
`, out)
	assert.Empty(t, f.ran(), "a check run changes nothing")
	for _, c := range f.calls {
		assert.True(t, strings.HasPrefix(c, "check "), c)
	}
}

func TestApplyRunsOnlyChanges(t *testing.T) {
	f := &fake{plans: map[string]*Result{"cluster Default": {Op: "none"}, "vm web3": {Op: "none"},
		"vm web2": {Op: "change", Changed: true, Actions: []string{"update"}, Diff: map[string]Change{"memory": {From: int64(1 << 30), To: int64(2 << 30)}}},
		"vm old1": {Op: "remove", Changed: true, Actions: []string{"stop", "remove"}}}}
	rs := []Resource{res("cluster", "name", "Default"), res("vm", "name", "web1", "cluster", "Default"),
		res("vm", "name", "web2", "cluster", "Default"), res("vm", "name", "web3"), res("vm", "name", "old1", "state", "absent")}
	out, err := runSite(t, f, rs, Config{Parallel: 1})
	require.NoError(t, err)
	assert.Equal(t, `+ vm web1 (cluster Default)
~ vm web2 memory 1 GiB → 2 GiB
- vm old1
Plan: 1 to add, 1 to change, 1 to remove, 2 unchanged
+ vm web1: add
~ vm web2: update
- vm old1: stop, remove
1 added, 1 changed, 1 removed, 2 unchanged, 0 failed
`, out)
	assert.Equal(t, []string{"vm web1", "vm web2", "vm old1"}, f.ran())

	f = &fake{plans: map[string]*Result{"vm web1": {Op: "none"}}}
	out, err = runSite(t, f, rs[1:2], Config{})
	require.NoError(t, err)
	assert.Equal(t, "Plan: 0 to add, 0 to change, 0 to remove, 1 unchanged\n", out)
	assert.Empty(t, f.ran())
}

func TestFailureInTheMiddle(t *testing.T) {
	// dc1 → c1 → (vm a, vm b); c2 independent; vm c on c2. c1 fails: a and b are skipped, c2 and c run.
	f := &fake{fail: map[string]error{"cluster c1": errors.New("add disk: no space left")}}
	rs := []Resource{res("data_center", "name", "dc1"), res("cluster", "name", "c1", "data_center", "dc1"),
		res("vm", "name", "a", "cluster", "c1"), res("vm", "name", "b", "cluster", "c1"),
		res("cluster", "name", "c2"), res("vm", "name", "c", "cluster", "c2")}
	out, err := runSite(t, f, rs, Config{Parallel: 1})
	var fe *FailedError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, FailedError{Failed: 1, Skipped: 2}, *fe)
	assert.Contains(t, out, "! cluster c1 failed: add disk: no space left\n  already done: add\n")
	assert.Contains(t, out, "! vm a skipped: depends on cluster c1, which failed\n")
	assert.Contains(t, out, "! vm b skipped: depends on cluster c1, which failed\n")
	assert.Contains(t, out, "\n3 added, 0 changed, 0 removed, 0 unchanged, 1 failed, 2 skipped\n")
	assert.ElementsMatch(t, []string{"data_center dc1", "cluster c1", "cluster c2", "vm c"}, f.ran())
}

func TestParallel(t *testing.T) {
	// Two independent VMs in one cluster: both runs must be in flight at once. Each run reports
	// its arrival and waits until both have arrived; with one worker at a time this would hang,
	// so the test waits for the signal of the second, not for time.
	arrived := make(chan string, 4)
	release := make(chan struct{})
	f := &fake{plans: map[string]*Result{"cluster c1": {Op: "none"}}}
	f.hook = func(lbl string) {
		arrived <- lbl
		<-release
	}
	rs := []Resource{res("cluster", "name", "c1"), res("vm", "name", "a", "cluster", "c1"), res("vm", "name", "b", "cluster", "c1")}
	done := make(chan error, 1)
	go func() {
		_, err := runSite(t, f, rs, Config{Parallel: 2})
		done <- err
	}()
	got := []string{<-arrived, <-arrived} // both in flight: neither has been released
	close(release)
	require.NoError(t, <-done)
	assert.ElementsMatch(t, []string{"vm a", "vm b"}, got)
}

func TestPlanErrors(t *testing.T) {
	rs := []Resource{res("cluster", "name", "c1", "data_center", "dc1"), res("vm", "name", "web1", "cluster", "c1", "template", "gone"),
		res("vm", "name", "web2", "template", "gone")}
	f := &fake{missing: map[Ref]bool{{Kind: "template", Name: "gone"}: true}, checkFn: func(lbl string) error {
		if strings.HasPrefix(lbl, "vm ") {
			return errors.New(lbl + ": no template named 'gone'")
		}
		return nil
	}}
	_, err := runSite(t, f, rs, Config{})
	require.EqualError(t, err, "planning failed; nothing was changed: vm web1 (and 1 more) refers to template gone, which is neither declared in the site nor in the engine (no template named 'gone')")
	assert.Empty(t, f.ran())
	f.checkFn = nil // a loose reference the check resolves is no error
	_, err = runSite(t, f, rs, Config{})
	require.NoError(t, err)

	// A check that fails because what it refers to is still to be added is known only later;
	// another failure stops everything before any change.
	f = &fake{plans: map[string]*Result{"vm x": {Op: "none"}}, checkFn: func(lbl string) error {
		switch lbl {
		case "vm web1":
			return errors.New("vm web1: no cluster named 'c1'")
		case "vm x":
			return errors.New("vm x: memory: invalid size \"lots\"")
		}
		return nil
	}}
	out, err := runSite(t, f, rs[:2], Config{Check: true})
	require.ErrorIs(t, err, ErrChangesPending)
	assert.Contains(t, out, "? vm web1 (known once cluster c1 is done)\n")
	assert.Contains(t, out, ", 1 known once their references are done\n")
	f.missing = map[Ref]bool{{Kind: "vm", Name: "web1"}: true} // then it is to be added
	out, err = runSite(t, f, rs[:2], Config{Check: true})
	require.ErrorIs(t, err, ErrChangesPending)
	assert.Equal(t, "+ cluster c1 (data_center dc1)\n+ vm web1 (cluster c1, template gone)\nPlan: 2 to add, 0 to change, 0 to remove, 0 unchanged\n", out)
	_, err = runSite(t, f, []Resource{res("vm", "name", "x")}, Config{})
	require.EqualError(t, err, "planning failed; nothing was changed: vm x: memory: invalid size \"lots\"")
	assert.Empty(t, f.ran())
}

func TestInterrupted(t *testing.T) {
	// a, then b and c after it: canceling while a runs stops the rest from starting.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fake{}
	f.hook = func(string) { cancel() }
	rs := []Resource{res("cluster", "name", "a"), res("vm", "name", "b", "cluster", "a"), res("vm", "name", "c", "cluster", "a")}
	var out bytes.Buffer
	err := site(ctx, f, rs, Config{Parallel: 4, Stdout: &out})
	var fe *FailedError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []string{"cluster a"}, f.ran())
	assert.Contains(t, out.String(), "! vm b skipped: not started: interrupted\n")
	assert.Contains(t, out.String(), "\n1 added, 0 changed, 0 removed, 0 unchanged, 0 failed, 2 skipped\n")
}

// TestInterruptedInFlight: a resource whose request was canceled may have been changed all the
// same; its line says so rather than "nothing was done".
func TestInterruptedInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fake{fail: map[string]error{"vm b": fmt.Errorf("add: POST vms: the call was canceled: %w", context.Canceled)}}
	f.hook = func(lbl string) {
		if lbl == "vm b" {
			cancel()
		}
	}
	var out bytes.Buffer
	err := site(ctx, f, []Resource{res("vm", "name", "b")}, Config{Parallel: 1, Stdout: &out})
	var fe *FailedError
	require.ErrorAs(t, err, &fe)
	assert.Contains(t, out.String(), "! vm b interrupted: add: POST vms: the call was canceled: context canceled\n"+
		"  already done: add; the request in flight may have been made: apply --check tells\n")
}

func TestInterruptedPlan(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := &fake{checkFn: func(string) error { cancel(); return nil }}
	var out bytes.Buffer
	err := site(ctx, f, []Resource{res("vm", "name", "a"), res("vm", "name", "b")}, Config{Parallel: 1, Stdout: &out})
	require.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, out.String())
	assert.Empty(t, f.ran())
}

func TestReplacedObject(t *testing.T) {
	// Declared absent, then present again: at plan time the second declaration is satisfied, but
	// once the first has removed the VM it is not, so it runs. A declaration whose dependencies
	// changed nothing is not run again.
	f := &fake{plans: map[string]*Result{"vm a absent": {Op: "remove", Changed: true}, "vm a": {Op: "none"},
		"cluster c": {Op: "none"}, "vm b": {Op: "none"}}}
	rs := []Resource{res("vm", "name", "a", "state", "absent"), res("vm", "name", "a", "cluster", "c"),
		res("cluster", "name", "c"), res("vm", "name", "b", "cluster", "c")}
	_, err := runSite(t, f, rs, Config{Parallel: 1})
	require.NoError(t, err)
	assert.Equal(t, []string{"vm a", "vm a"}, f.ran())
}
