package luabind_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/benchclock"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// startSim starts a simulator through enginetest (a fast clock unless opts say otherwise) and
// returns a runtime over its connection (ovirt.connection) whose scripts also see URL, PW and CA
// (the path of the simulator's CA file) for ovirt.connect, and the buffer its output goes to.
func startSim(t testing.TB, opts sim.Options) (*luabind.Runtime, *bytes.Buffer) {
	t.Helper()
	conn, srv := enginetest.Start(t, enginetest.WithSim(opts))
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, srv.CACertPEM(), 0o600))
	var out bytes.Buffer
	rt, err := luabind.New(context.Background(), luabind.Options{Conn: conn, Stdout: &out})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	_, pw := srv.Credentials()
	rt.SetGlobal("URL", srv.URL())
	rt.SetGlobal("PW", pw)
	rt.SetGlobal("CA", ca)
	return rt, &out
}

// TestSurfaceAgainstSimulator runs the surface block of issue 5 as written.
func TestSurfaceAgainstSimulator(t *testing.T) {
	rt, out := startSim(t, sim.Options{})
	require.NoError(t, rt.DoFile(t.Context(), "testdata/surface.lua"), "output so far:\n%s", out.String())
	assert.Empty(t, out.String(), "the seeded inventory has no web* VM and web1 no disk")
}

func TestScenarioAgainstSimulator(t *testing.T) {
	rt, out := startSim(t, sim.Options{})
	require.NoError(t, rt.DoFile(t.Context(), "testdata/scenario.lua"), "output so far:\n%s", out.String())
	assert.Equal(t, `test	true
vm1	up	number	true
attachments	1	DiskAttachment
followed	1	true
added	web2	web3	1073741824
futures	5	2
fault	false	invalid	400	testdata/scenario.lua:29
removed	nil
json	true	vm1	true	true
closed	false	testdata/scenario.lua:42: the connection is closed
`, out.String())
}

func TestErrorsAgainstSimulator(t *testing.T) {
	rt, _ := startSim(t, sim.Options{})
	const connect = `local ovirt = require('ovirt')
local conn = ovirt.connect{url=URL, username='admin@internal', password=PW, ca_file=CA}
`
	for _, tc := range []struct {
		name, src, kind, msg string
		code                 int
	}{
		{"not found", connect + `conn:system_service():vms_service():vm_service('junk'):get()`, luabind.KindNotFound, "Entity not found", 404},
		{"fault", connect + `conn:system_service():vms_service():add{vm={name='x'}}`, luabind.KindInvalid, "", 400},
		{"conflict", connect + `conn:system_service():vms_service():add{vm={name='vm1', cluster={name='Default'}, template={name='Blank'}}}`, luabind.KindConflict, "", 409},
		{"unknown parameter", connect + `conn:system_service():vms_service():list{serach='x'}`, luabind.KindUsage, "did you mean 'search'?", 0},
		{"wrong type", connect + `conn:system_service():vms_service():add{vm={name='x', cpu={topology={cores='4'}}}}`, luabind.KindUsage, "vm.cpu.topology.cores: expected integer, got string", 0},
		{"bad password", `require('ovirt').connect{url=URL, username='admin@internal', password='nope', ca_file=CA}`, luabind.KindAuth, "The username or password is incorrect", 400},
		{"untrusted", `require('ovirt').connect{url=URL, username='admin@internal', password=PW}`, luabind.KindConnection, "", 0},
		{"refused", `require('ovirt').connect{url='https://127.0.0.1:1/ovirt-engine/api', username='admin@internal', password=PW, ca_file=CA}`, luabind.KindConnection, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := rt.DoString(t.Context(), tc.src)
			var e *luabind.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.kind, e.Kind, e.Error())
			assert.Equal(t, tc.code, e.Code, e.Error())
			assert.Contains(t, e.Message, tc.msg)
			assert.Regexp(t, `^<string>:[1-3]$`, e.Where)
		})
	}
}

// TestCancellationAgainstSimulator cancels a script once its request is on its way (the
// simulator answers none: its manual clock never moves).
func TestCancellationAgainstSimulator(t *testing.T) {
	var log enginetest.RequestLog
	conn, _ := enginetest.Start(t, enginetest.WithRequestLog(&log),
		enginetest.WithSim(sim.Options{Clock: sim.NewManualClock(time.Time{}), Faults: sim.Faults{Latency: time.Hour}}))
	rt, err := luabind.New(context.Background(), luabind.Options{Conn: conn})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	for _, src := range []string{
		`conn:system_service():vms_service():list()`,
		`local f = conn:system_service():vms_service():list{wait=false}; f:wait()`,
	} {
		t.Run(src, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sent := log.Len()
			go func() {
				if log.Wait(ctx, sent+1) == nil {
					cancel()
				}
			}()
			_, err := rt.Run(ctx, "cancel.lua", "local conn = require('ovirt').connection\n"+src)
			var e *luabind.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, luabind.KindCanceled, e.Kind, e.Error())
			assert.Equal(t, "cancel.lua:2", e.Where)
		})
	}
}

// TestEmbedderConnection uses the connection the embedder passed in Options.Conn.
func TestEmbedderConnection(t *testing.T) {
	rt, _ := startSim(t, sim.Options{})
	vals, err := rt.Eval(t.Context(), `local ovirt = require('ovirt')
		local vms = ovirt.connection:system_service():vms_service():list{search='name=vm1'}
		return vms[1], #vms`)
	require.NoError(t, err)
	vm, ok := vals[0].(*types.Vm)
	require.True(t, ok)
	assert.Equal(t, "vm1", *vm.Name)
	assert.Equal(t, int64(1), vals[1])
}

const countByStatus = `
local counts = {}
for _, vm in ipairs(vms) do
  local s = vm.status
  counts[s] = (counts[s] or 0) + 1
end
return counts`

// BenchmarkLuaCountByStatus lists 10,000 VMs from the simulator (decoded by the engine's XML
// codec), then counts them by status in a Lua loop (through the typed-value binding, with the
// runtime's context checks on), in the same loop written in Go over the same values, and in the
// same Lua loop over plain Lua tables holding only the status (the interpreter's floor: what the
// loop costs with no binding at all), in the same run, and reports each per VM and the ratios
// lua/go (the goal) and lua/floor (what the binding adds to the interpreter), in wall
// time and (cpu-*) in the CPU time of the benchmark's thread (see benchclock).
func BenchmarkLuaCountByStatus(b *testing.B) {
	rt, _ := startSim(b, sim.Options{ExtraVMs: 10000})
	require.NoError(b, rt.DoString(b.Context(), `local ovirt = require('ovirt')
		local conn = ovirt.connect{url=URL, username='admin@internal', password=PW, ca_file=CA}
		vms = conn:system_service():vms_service():list()
		plain = {}
		for i, vm in ipairs(vms) do plain[i] = {status = vm.status} end`))
	var goVMs []*types.Vm
	for _, v := range rt.Global("vms").([]any) {
		goVMs = append(goVMs, v.(*types.Vm))
	}
	require.GreaterOrEqual(b, len(goVMs), 10000)
	L := rt.State()
	fn, err := L.LoadString(countByStatus)
	require.NoError(b, err)
	floorFn, err := L.LoadString(strings.ReplaceAll(countByStatus, "ipairs(vms)", "ipairs(plain)"))
	require.NoError(b, err)
	runLua := func(fn *lua.LFunction) *lua.LTable {
		L.Push(fn)
		L.Call(0, 1)
		counts := L.Get(-1).(*lua.LTable)
		L.Pop(1)
		return counts
	}

	clock := benchclock.Start()
	defer clock.Stop()
	var luaTime, goTime, floorTime benchclock.Times
	var counts, floor *lua.LTable
	gc := map[types.VmStatus]int{}
	for b.Loop() {
		clock.Time(&luaTime, func() { counts = runLua(fn) })
		clock.Time(&goTime, func() {
			clear(gc)
			for _, vm := range goVMs {
				gc[*vm.Status]++
			}
		})
		clock.Time(&floorTime, func() { floor = runLua(floorFn) })

		for st, n := range gc {
			for _, c := range []*lua.LTable{counts, floor} {
				if got := int(lua.LVAsNumber(c.RawGetString(string(st)))); got != n {
					b.Fatalf("%s: lua counted %d, go %d", st, got, n)
				}
			}
		}
	}
	per := float64(b.N * len(goVMs))
	b.ReportMetric(float64(luaTime.Wall.Nanoseconds())/per, "lua-ns/vm")
	b.ReportMetric(float64(goTime.Wall.Nanoseconds())/per, "go-ns/vm")
	b.ReportMetric(float64(floorTime.Wall.Nanoseconds())/per, "floor-ns/vm")
	wall, cpu := benchclock.Ratio(goTime, luaTime)
	b.ReportMetric(wall, "lua/go")
	b.ReportMetric(cpu, "cpu-lua/go")
	wall, cpu = benchclock.Ratio(floorTime, luaTime)
	b.ReportMetric(wall, "lua/floor")
	b.ReportMetric(cpu, "cpu-lua/floor")
}
