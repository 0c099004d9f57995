package complete

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func newCompleter(t *testing.T) *Completer {
	t.Helper()
	s, err := session.New(context.Background(), session.Options{Target: "test"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	L := s.State()
	vm := L.NewUserData()
	vm.Value = &types.Vm{Name: types.Ptr("web1")}
	L.SetGlobal("vm", vm)
	vms := L.NewUserData()
	vms.Value = []*types.Vm{{}}
	L.SetGlobal("vms", vms)
	_, err = s.Run(context.Background(), "setup", "greeting = 'hello'")
	require.NoError(t, err)
	return New(s)
}

func TestComplete(t *testing.T) {
	c := newCompleter(t)
	tests := []struct {
		name   string
		before string
		word   string
		want   []string // exactly these, when exact
		has    []string // at least these
		hasnt  []string
		exact  bool
	}{
		{name: "global", before: "pri", word: "pri", want: []string{"print"}, exact: true},
		{name: "globals of ovirtsh", before: "sy", word: "sy", want: []string{"system"}, exact: true},
		{name: "global after an operator", before: "x = 1 + ty", word: "ty", has: []string{"type", "types"}},
		{name: "locator on system", before: "system:vms_ser", word: "vms_ser", want: []string{"vms_service"}, exact: true},
		{name: "locator along the chain", before: "system:vms_service():vm_se", word: "vm_se", want: []string{"vm_service"}, exact: true},
		{name: "methods of an entity service", before: "system:vms_service():vm_service('123'):st", word: "st", has: []string{"start", "stop"}},
		{name: "every member after a colon", before: "system:vms_service():", has: []string{"add", "list", "vm_service"}, hasnt: []string{"print"}},
		{name: "field-call form", before: "system.vms_service(system):li", word: "li", want: []string{"list"}, exact: true},
		{name: "list result item members", before: "system:vms_service():list()[1].memo", word: "memo", has: []string{"memory", "memory_policy"}},
		{name: "get result members", before: "system:vms_service():vm_service('x'):get().cpu.topo", word: "topo", want: []string{"topology"}, exact: true},
		{name: "conn methods", before: "conn:", has: []string{"url", "close"}},
		{name: "conn system_service chain", before: "conn:system_service():vms_ser", word: "vms_ser", want: []string{"vms_service"}, exact: true},
		{name: "type names", before: "types.VmSt", word: "VmSt", has: []string{"VmStatus"}},
		{name: "enum values", before: "types.VmStatus.DO", word: "DO", want: []string{"DOWN"}, exact: true},
		{name: "members of a typed global", before: "vm.na", word: "na", want: []string{"name"}, exact: true},
		{name: "items of a list global", before: "vms[1].stat", word: "stat", has: []string{"status"}},
		{name: "table item by literal key", before: "package['loaded'].str", word: "str", want: []string{"string"}, exact: true},
		{name: "table fields", before: "string.fo", word: "fo", want: []string{"format"}, exact: true},
		{name: "string methods", before: "greeting:up", word: "up", want: []string{"upper"}, exact: true},
		{name: "type members inside braces", before: "types.Vm{me", word: "me", has: []string{"memory", "memory_policy"}},
		{name: "nested member table", before: "types.Vm{name='x', cpu={to", word: "to", want: []string{"topology"}, exact: true},
		{name: "nested over lines", before: "types.Vm{\n  name = 'a',\n  cpu = types.Cpu{\n    topology = {co", word: "co", want: []string{"cores"}, exact: true},
		{name: "named parameters", before: "system:vms_service():list{se", word: "se", want: []string{"search"}, exact: true},
		{name: "second parameter", before: "system:vms_service():list{search='x', ma", word: "ma", want: []string{"max"}, exact: true},
		{name: "body type in add", before: "system:vms_service():add(types.Vm{clu", word: "clu", want: []string{"cluster"}, exact: true},
		{name: "boolean value", before: "system:vms_service():list{case_sensitive=", has: []string{"true", "false", "print"}},
		{name: "enum value in quotes", before: "types.Vm{status='d", word: "'d", want: []string{"'down'"}, exact: true},
		{name: "enum value in double quotes", before: `types.Vm{status="`, word: `"`, has: []string{`"up"`, `"down"`}, hasnt: []string{"print"}},
		{name: "struct value", before: "types.Vm{cluster=ty", word: "ty", has: []string{"types.Cluster", "types"}},
		{name: "nothing in a string", before: "x = 'abc", word: "'abc"},
		{name: "nothing in a comment", before: "-- pri"},
		{name: "nothing in a long string", before: "x = [[pri"},
		{name: "unknown chain", before: "foo():ba", word: "ba"},
		{name: "unknown member", before: "system:nope():", hasnt: []string{"list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			word, got := c.Complete(tt.before)
			assert.Equal(t, tt.word, word)
			if tt.exact {
				assert.Equal(t, tt.want, got)
			}
			for _, h := range tt.has {
				assert.Contains(t, got, h)
			}
			for _, h := range tt.hasnt {
				assert.NotContains(t, got, h)
			}
			if !tt.exact && tt.has == nil && tt.hasnt == nil {
				assert.Empty(t, got)
			}
		})
	}
}

// TestCompleteBindingValues completes on values the binding made: a service, a list and an
// object held in globals.
func TestCompleteBindingValues(t *testing.T) {
	srv, err := sim.Start(context.Background(), sim.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	s, err := session.New(context.Background(), session.Options{Connect: func(ctx context.Context) (*engine.Connection, error) {
		user, pw := srv.Credentials()
		return engine.Connect(ctx, engine.Options{URL: srv.URL(), Username: user, Password: pw, CACerts: srv.CACertPEM()})
	}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	_, err = s.Run(context.Background(), "setup", "svc = system:vms_service(); vms = svc:list(); vm = vms[1]")
	require.NoError(t, err)
	c := New(s)
	tests := []struct{ before, word, want string }{
		{"svc:vm_se", "vm_se", "vm_service"},
		{"vms[2].cpu.topo", "topo", "topology"},
		{"vms[#vms].na", "na", "name"},
		{"vm.memory_po", "memory_po", "memory_policy"},
		{"conn:system_ser", "system_ser", "system_service"},
		{"conn:follow_li", "follow_li", "follow_link"},
		{"system:vms_service():list{ma", "ma", "max"},
	}
	for _, tt := range tests {
		word, got := c.Complete(tt.before)
		assert.Equal(t, tt.word, word, tt.before)
		assert.Equal(t, []string{tt.want}, got, tt.before)
	}
}
