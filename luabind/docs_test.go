package luabind

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"
)

// TestEveryModuleFunctionHasHelp walks the ovirt module: every function (Go- or Lua-written,
// in sub-tables too) must have a FuncDoc with a signature, a summary and an example, and every
// FuncDoc must name something in the module. A function added without help fails here.
func TestEveryModuleFunctionHasHelp(t *testing.T) {
	rt := newBare(t)
	mod, err := rt.Require("ovirt")
	require.NoError(t, err)
	seen := map[string]bool{}
	funcs := 0
	moduleEntries(mod.(*lua.LTable), "", func(path string, v lua.LValue) bool {
		seen[path] = true
		if _, ok := v.(*lua.LFunction); !ok {
			return true
		}
		funcs++
		d := funcDoc(path)
		if !assert.NotNil(t, d, "ovirt.%s has no FuncDoc in luabind/docs.go", path) {
			return true
		}
		assert.NotEmpty(t, d.Sig, path)
		assert.NotEmpty(t, d.Summary, path)
		assert.NotEmpty(t, d.Example, path)
		assert.Contains(t, rt.Help(v), "ovirt."+d.Sig[:len(path)], path)
		return true
	})
	assert.GreaterOrEqual(t, funcs, 26, "the walk found the module's functions")
	for _, table := range docTables {
		for _, d := range table {
			assert.True(t, seen[strings.TrimSuffix(d.Name, ".*")], "FuncDoc %q names nothing in the module", d.Name)
		}
	}
}

func TestModuleHelp(t *testing.T) {
	rt, _, out := newTest(t)
	tests := []struct {
		src  string
		want []string
	}{
		{`ovirt.help(ovirt)`, []string{"ovirt: the module", "\n  get  ", "an entity by a path of names or ids", "\n  wait_for  ", "poll service:get()", "KiB, MiB, GiB, TiB"}},
		{`ovirt.help(ovirt.get)`, []string{"ovirt.get(path) -> object\novirt.get(collection, name_or_id) -> object\n", "example:\n  local vm = ovirt.get('vms/web1')\n"}},
		{`ovirt.help(ovirt.wait_for)`, []string{"ovirt.wait_for(service, status | predicate", "options:\n  timeout  seconds (default 300)\n"}},
		{`ovirt.help(ovirt.connect)`, []string{"options:\n  url  the API URL"}},
		{`local vms = conn:system_service():vms_service(); ovirt.help(vms.add)`, []string{
			"mandatory inputs (one of each group separated by ';'):\n",
			"  as from_scratch: vm.name; vm.cluster.id or vm.cluster.name; vm.template.id or vm.template.name\n",
			"  as from_snapshot: vm.name; vm.cluster.id or vm.cluster.name; vm.template.id or vm.template.name; vm.snapshots[].id\n"}},
		{`ovirt.help(conn:system_service():vms_service().list)`, []string{"VmsService:list{"}},
	}
	for _, tt := range tests {
		out.Reset()
		run(t, rt, tt.src)
		for _, w := range tt.want {
			assert.Contains(t, out.String(), w, tt.src)
		}
	}
	out.Reset()
	run(t, rt, `ovirt.help(conn:system_service():vms_service().list)`)
	assert.NotContains(t, out.String(), "mandatory inputs", "list has none")
}

// TestHelpOfAFunctionAddedWithoutDocs: a function set into the module later (as the REPL or
// another package does) is found, and its help says where the doc goes.
func TestHelpOfAFunctionAddedWithoutDocs(t *testing.T) {
	var out bytes.Buffer
	rt, err := New(context.Background(), Options{Stdout: &out})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	require.NoError(t, rt.DoString(t.Context(), `local o = require('ovirt'); o.extra = {f = function() end}; o.help(o.extra.f); o.help(o.extra)`))
	assert.Contains(t, out.String(), "ovirt.extra.f: no help yet (its FuncDoc belongs in luabind/docs.go)\n")
	assert.Contains(t, out.String(), "ovirt.extra\nfunctions (help(ovirt.NAME) for one):\n  extra.f  (no help yet)\n")
}

// TestHelpOfRegistryFunctions: an entry "extra.*" documents every function of ovirt.extra,
// NAME standing for each one's name.
func TestHelpOfRegistryFunctions(t *testing.T) {
	saved := docTables
	t.Cleanup(func() { docTables = saved })
	docTables = append(append([][]FuncDoc{}, saved...), []FuncDoc{{Name: "extra.*", Sig: "extra.NAME{name=...} -> result",
		Summary: "make the NAME exist", Example: "ovirt.extra.NAME{name='x'}"}})
	var out bytes.Buffer
	rt, err := New(context.Background(), Options{Stdout: &out})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	require.NoError(t, rt.DoString(t.Context(), `local o = require('ovirt'); o.extra = {vm = function() end}; o.help(o.extra.vm); o.help(o)`))
	assert.Contains(t, out.String(), "ovirt.extra.vm{name=...} -> result\n  make the vm exist\nexample:\n  ovirt.extra.vm{name='x'}\n")
	assert.Regexp(t, `\n  extra\.vm +make the vm exist\n`, out.String()) // the column is as wide as the longest name
}
