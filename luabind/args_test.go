package luabind

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"
)

// argsSpec is the spec the ovirt.args tests parse with; argv comes in as the global argv.
const argsSpec = `
local ovirt = require('ovirt')
local a = ovirt.args{raise=true, arg=argv, prog='t.lua', usage='Does things.',
  {name='vm', help='the VM', required=true},
  {name='memory', type='size', default='1GiB'},
  {name='names', rest=true},
  {name='--cluster', default='Default', env='OVIRT_ARGS_TEST_CLUSTER'},
  {name='--wait', type='boolean', short='-w'},
  {name='--count', type='integer', default=1},
  {name='--format', choices={'raw', 'cow'}},
  {name='--dry-run', type='boolean', default=false},
  {name='--vlan', type='integer', check=function(v) if v >= 1 and v <= 4094 then return v end return nil, 'is not a VLAN id (1-4094)' end},
  {name='--grow', check=function(s) return ovirt.size(s:match('^%+(.*)$') or error('must start with +')) end},
}
return a.vm, a.memory, #a.names, a.cluster, a.wait, a.count, a.format, a.dry_run, a.names[1]`

func TestArgs(t *testing.T) {
	tests := []struct {
		argv []string
		env  string
		want []any
		err  string
	}{
		{argv: []string{"web1"}, want: []any{"web1", int64(1 << 30), int64(0), "Default", nil, int64(1), nil, false, nil}},
		{argv: []string{"web1", "2GiB", "a", "b", "--wait", "--count", "3", "--format=cow", "--cluster", "c2", "--dry-run"},
			want: []any{"web1", int64(2 << 30), int64(2), "c2", true, int64(3), "cow", true, "a"}},
		{argv: []string{"-w", "--no-dry-run", "--", "--odd-name"}, want: []any{"--odd-name", int64(1 << 30), int64(0), "Default", true, int64(1), nil, false, nil}},
		{argv: []string{"web1"}, env: "fromenv", want: []any{"web1", int64(1 << 30), int64(0), "fromenv", nil, int64(1), nil, false, nil}},
		{argv: []string{"web1", "--cluster", "flag"}, env: "fromenv", want: []any{"web1", int64(1 << 30), int64(0), "flag", nil, int64(1), nil, false, nil}},
		{argv: []string{}, err: "t.lua: VM is required"},
		{argv: []string{"web1", "lots"}, err: `t.lua: memory: size: invalid size "lots"`},
		{argv: []string{"web1", "--clustr", "x"}, err: "unknown option --clustr (did you mean --cluster?)"},
		{argv: []string{"web1", "--count", "1.5"}, err: "--count: expected a whole number, got '1.5'"},
		{argv: []string{"web1", "--format", "vmdk"}, err: "--format: 'vmdk' is not one of raw, cow"},
		{argv: []string{"web1", "--cluster"}, err: "--cluster needs a value"},
		{argv: []string{"web1", "--no-cluster"}, err: "unknown option --no-cluster"},
		{argv: []string{"web1", "--wait=maybe"}, err: "--wait: expected true or false, got 'maybe'"},
		{argv: []string{"--help"}, err: "usage: t.lua [options] VM [MEMORY [NAMES ...]]"},
		{argv: []string{"web1", "--vlan", "5000"}, err: "--vlan: '5000' is not a VLAN id (1-4094)"},
		{argv: []string{"web1", "--vlan", "12", "--grow", "+1GiB"}, want: []any{"web1", int64(1 << 30), int64(0), "Default", nil, int64(1), nil, false, nil}},
		{argv: []string{"web1", "--grow", "1GiB"}, err: "--grow: '1GiB' must start with +"},
		{argv: []string{"web1", "--grow", "+lots"}, err: `--grow: '+lots' size: invalid size "lots"`},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.argv, " "), func(t *testing.T) {
			t.Setenv("OVIRT_ARGS_TEST_CLUSTER", tc.env)
			rt, err := New(context.Background(), Options{Stdout: io.Discard})
			require.NoError(t, err)
			defer rt.Close()
			argv := rt.L.NewTable()
			for _, a := range tc.argv {
				argv.Append(lua.LString(a))
			}
			rt.L.SetGlobal("argv", argv)
			got, err := rt.Eval(t.Context(), argsSpec)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				var le *Error
				require.ErrorAs(t, err, &le)
				assert.Equal(t, KindUsage, le.Kind)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestArgsUsageText(t *testing.T) {
	rt, err := New(context.Background(), Options{Stdout: io.Discard})
	require.NoError(t, err)
	defer rt.Close()
	rt.L.SetGlobal("argv", rt.L.NewTable())
	_, err = rt.Eval(t.Context(), `local argv = {'-h'}`+argsSpec[len("\n"):])
	require.Error(t, err)
	for _, want := range []string{
		"usage: t.lua [options] VM [MEMORY [NAMES ...]]\n\nDoes things.\n",
		"  VM                 the VM\n",
		"  MEMORY             (default 1GiB)\n  NAMES\n\n",
		"  --cluster CLUSTER  (default Default; $OVIRT_ARGS_TEST_CLUSTER)\n",
		"  -w, --wait\n",
		"  --format FORMAT    (one of raw, cow)\n",
		"  -h, --help ",
	} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestArgsSpecMistakes(t *testing.T) {
	for src, want := range map[string]string{
		`ovirt.args{{name='--x', type='float'}}`:                "unknown type 'float'",
		`ovirt.args{{name='--x', defualt=1}}`:                   "has no option 'defualt'",
		`ovirt.args{{name='a', rest=true}, {name='b'}}`:         "nothing can follow the rest argument a",
		`ovirt.args{{name='--x'}, {name='x'}}`:                  "x is given twice",
		`ovirt.args{{name='flag', type='boolean'}}`:             "a positional argument cannot be boolean",
		`ovirt.args{{name='--n', type='size', default='lots'}}`: "default of --n",
		`ovirt.args(5)`:                     "expected a table of argument specs",
		`ovirt.args{{name='--x', check=5}}`: "--x: check must be a function",
	} {
		rt, err := New(context.Background(), Options{Stdout: io.Discard})
		require.NoError(t, err)
		_, err = rt.Eval(t.Context(), "local ovirt = require('ovirt'); "+src)
		require.Error(t, err, src)
		assert.Contains(t, err.Error(), want, src)
		rt.Close()
	}
}
