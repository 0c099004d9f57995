package luabind

import (
	"context"
	"errors"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// TestEmbedderMethods checks that the Go methods give what the module's functions give scripts,
// for each kind of value.
func TestEmbedderMethods(t *testing.T) {
	rt, _, out := newTest(t)
	for _, tc := range []struct {
		name, expr string
		list       bool
		desc       Desc
	}{
		{name: "list result", expr: `conn:system_service():vms_service():list()`, list: true},
		{name: "list member", expr: `types.Vm{nics={{id='1', name='nic1'}}}.nics`, list: true,
			desc: Desc{Type: types.Type("Nic"), List: true}},
		{name: "table of values", expr: `{types.Vm{id='1', name='a'}, types.Vm{id='2'}}`, list: true},
		{name: "typed value", expr: `types.Vm{id='1', name='web1', memory=ovirt.GiB}`, desc: Desc{Type: types.Type("Vm")}},
		{name: "plain table", expr: `{a=1, b={true, 'x'}}`},
		{name: "string", expr: `'text'`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals, err := rt.Run(t.Context(), "t", prelude+"local v = "+tc.expr+"\n"+
				"return v, ovirt.to_json(v, 0), ovirt.to_json(v), ovirt.format(v)")
			require.NoError(t, err)
			v := vals[0]
			got, err := rt.JSON(v, 0)
			require.NoError(t, err)
			assert.Equal(t, vals[1].String(), got)
			got, err = rt.JSON(v, 2)
			require.NoError(t, err)
			assert.Equal(t, vals[2].String(), got)
			assert.Equal(t, vals[3].String(), rt.Format(v))
			assert.Equal(t, tc.list, rt.IsList(v))
			assert.Equal(t, tc.desc.Type, rt.Describe(v).Type)
			assert.Equal(t, tc.desc.List, rt.Describe(v).List)
			if tc.list {
				out.Reset()
				_, err := rt.Run(t.Context(), "t", prelude+"ovirt.table("+tc.expr+")")
				require.NoError(t, err)
				got, err := rt.Table(v)
				require.NoError(t, err)
				assert.Equal(t, out.String(), got)
			}
			out.Reset()
			_, err = rt.Run(t.Context(), "t", prelude+"ovirt.help("+tc.expr+")")
			require.NoError(t, err)
			assert.Equal(t, out.String(), rt.Help(v))
		})
	}
}

func TestEmbedderDescribe(t *testing.T) {
	rt, _, _ := newTest(t)
	vals, err := rt.Run(t.Context(), "t", prelude+"return conn, conn:system_service():vms_service(), print")
	require.NoError(t, err)
	d := rt.Describe(vals[0])
	assert.True(t, d.Conn)
	assert.Contains(t, d.Methods, "system_service")
	assert.Equal(t, rt.ConnMethods(), d.Methods)
	assert.Equal(t, types.Service("Vms"), rt.Describe(vals[1]).Service)
	assert.Equal(t, Desc{}, rt.Describe(vals[2]))
	assert.Equal(t, "function", rt.Tostring(vals[2])[:8])
}

func TestEmbedderErrors(t *testing.T) {
	rt, _, _ := newTest(t)
	vals, err := rt.Run(t.Context(), "t", prelude+"local t = {}; t.self = t; return t, conn, 1/0")
	require.NoError(t, err)
	_, err = rt.JSON(vals[0], 0)
	assert.ErrorContains(t, err, "to_json: the table contains itself")
	_, err = rt.JSON(vals[2], 0)
	assert.ErrorContains(t, err, "has no JSON form")
	_, err = rt.Table(vals[1])
	assert.ErrorContains(t, err, "table: expected a list, got")
	var e *Error
	assert.ErrorAs(t, err, &e)
	assert.Equal(t, KindUsage, e.Kind)
}

func TestEmbedderFuncs(t *testing.T) {
	rt, _, out := newTest(t)
	mod, err := rt.Require("ovirt")
	require.NoError(t, err)
	rt.SetGlobal("O", mod)
	assert.Equal(t, rt.GlobalValue("O"), mod)
	assert.Equal(t, rt.Field(mod, "types"), rt.Field(rt.GlobalValue("O"), "types"))
	_, err = rt.Require("no_such_module")
	assert.ErrorContains(t, err, "no_such_module")

	stop := errors.New("stop here")
	rt.SetFunc("twice", func(_ context.Context, args []lua.LValue) ([]lua.LValue, error) {
		if len(args) == 0 {
			return nil, stop
		}
		return []lua.LValue{args[0], args[0]}, nil
	})
	rt.SetFunc("os.exit", func(context.Context, []lua.LValue) ([]lua.LValue, error) { return nil, nil })
	run(t, rt, `print(twice('a')); os.exit(3); print(select('#', twice(nil)))`)
	assert.Equal(t, "a\ta\n2\n", out.String())
	err = rt.DoString(t.Context(), `twice()`)
	assert.ErrorIs(t, err, stop)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "<string>:1", e.Where)
}

// TestSetGlobals: conn and system from an open connection, from Options.Conn, or connected on
// first use (a failure raised, the next use trying again); without a connection only ovirt and
// types.
func TestSetGlobals(t *testing.T) {
	conn, _ := enginetest.Start(t)
	const script = `return ovirt.typeof(types.Vm{}), conn:url(), #system:vms_service():list() > 0, ovirt.typeof(conn)`
	t.Run("open connection", func(t *testing.T) {
		rt := newBare(t)
		require.NoError(t, rt.SetGlobals(Globals{Conn: conn}))
		vals, err := rt.Eval(t.Context(), script)
		require.NoError(t, err)
		assert.Equal(t, []any{"Vm", conn.URL(), true, "connection"}, vals)
	})
	t.Run("Options.Conn", func(t *testing.T) {
		rt, err := New(t.Context(), Options{Conn: conn})
		require.NoError(t, err)
		t.Cleanup(func() { _ = rt.Close() })
		require.NoError(t, rt.SetGlobals(Globals{}))
		vals, err := rt.Eval(t.Context(), `return #system:vms_service():list() > 0`)
		require.NoError(t, err)
		assert.Equal(t, []any{true}, vals)
	})
	t.Run("connected on first use", func(t *testing.T) {
		rt := newBare(t)
		calls := 0
		require.NoError(t, rt.SetGlobals(Globals{Target: "the sim", Connect: func(context.Context) (*engine.Connection, error) {
			calls++
			if calls == 1 {
				return nil, errors.New("engine down")
			}
			return conn, nil
		}}))
		vals, err := rt.Eval(t.Context(), `return tostring(conn), tostring(system)`)
		require.NoError(t, err)
		assert.Equal(t, []any{"connection to the sim (opened on first use)", "system service of the sim (connects on first use)"}, vals)
		assert.Zero(t, calls, "printing them does not connect")
		_, err = rt.Eval(t.Context(), `return system:vms_service():list()`)
		require.ErrorContains(t, err, "engine down")
		vals, err = rt.Eval(t.Context(), script)
		require.NoError(t, err)
		assert.Equal(t, []any{"Vm", conn.URL(), true, "connection"}, vals)
		assert.Equal(t, 2, calls)
	})
	t.Run("no connection", func(t *testing.T) {
		rt := newBare(t)
		require.NoError(t, rt.SetGlobals(Globals{}))
		vals, err := rt.Eval(t.Context(), `return ovirt.typeof(types.Vm{}), conn, system`)
		require.NoError(t, err)
		assert.Equal(t, []any{"Vm", nil, nil}, vals)
	})
}
