package luabind_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// namesPrelude finds the ids the chunks compare with.
const namesPrelude = `local ovirt = require('ovirt'); local sys = ovirt.connection:system_service()
local vm1 = sys:vms_service():list{search='name=vm1'}[1]
local nic1 = sys:vms_service():vm_service(vm1.id):nics_service():list()[1]
`

func TestLuaGetAndService(t *testing.T) {
	rt, out := startSim(t, sim.Options{})
	cases := []struct{ name, src, want string }{
		{"path form", `local v = ovirt.get('vms/vm1'); print(ovirt.typeof(v), v.id == vm1.id, v.name)`, "Vm\ttrue\tvm1\n"},
		{"by id", `print(ovirt.get('vms/' .. vm1.id).name)`, "vm1\n"},
		{"nested", `local n = ovirt.get('vms/vm1/nics/nic1'); print(ovirt.typeof(n), n.id == nic1.id)`, "Nic\ttrue\n"},
		{"data center cluster", `print(ovirt.get('datacenters/Default/clusters/Default').name)`, "Default\n"},
		{"collection service and name", `print(ovirt.get(sys:vms_service(), 'vm2').name)`, "vm2\n"},
		{"collection path and name", `print(ovirt.get('vms/vm1/nics', 'nic1').name)`, "nic1\n"},
		{"collection service and id", `print(ovirt.get(sys:vms_service(), vm1.id).name)`, "vm1\n"},
		{"service is the locator's service", `print(ovirt.service('vms/vm1') == sys:vms_service():vm_service(vm1.id))`, "true\n"},
		{"service of a nic", `print(tostring(ovirt.service(sys:vms_service():vm_service(vm1.id):nics_service(), 'nic1')) ==
			tostring(sys:vms_service():vm_service(vm1.id):nics_service():nic_service(nic1.id)))`, "true\n"},
		{"service works", `print(ovirt.service('hosts', 'host1'):get().name)`, "host1\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out.Reset()
			require.NoError(t, rt.DoString(t.Context(), namesPrelude+tc.src))
			assert.Equal(t, tc.want, out.String())
		})
	}
}

func TestLuaGetErrors(t *testing.T) {
	rt, _ := startSim(t, sim.Options{})
	cases := []struct{ name, src, kind, msg string }{
		{"missing name", `ovirt.get('vms/vm3')`, luabind.KindNotFound, "ovirt.get: no VM named 'vm3' in vms; did you mean 'vm1' or 'vm2'?"},
		{"missing id", `ovirt.get('vms/11111111-2222-3333-4444-555555555555')`, luabind.KindNotFound, "no VM with id '11111111-2222-3333-4444-555555555555'"},
		{"missing in a service", `ovirt.service(sys:hosts_service(), 'hots1')`, luabind.KindNotFound, "ovirt.service: no host named 'hots1' in hosts; did you mean 'host1'"},
		{"unknown collection", `ovirt.get('vmz/vm1')`, luabind.KindUsage, "did you mean 'vms'?"},
		{"odd path", `ovirt.get('vms')`, luabind.KindUsage, "ends with the collection 'vms'"},
		{"dot dot", `ovirt.get('vms/../vms/vm1')`, luabind.KindUsage, "dot segment"},
		{"not a collection service", `ovirt.get(sys:vms_service():vm_service(vm1.id), 'x')`, luabind.KindUsage, "is not a collection"},
		{"path of an entity as collection", `ovirt.get('vms/vm1', 'x')`, luabind.KindUsage, "ends with the entity 'vm1'"},
		{"service without name", `ovirt.get(sys:vms_service())`, luabind.KindUsage, "the name or id is missing"},
		{"bad first argument", `ovirt.get(42)`, luabind.KindUsage, "expected a path such as 'vms/web1'"},
		{"bad second argument", `ovirt.get('vms', {})`, luabind.KindUsage, "expected a name or id"},
		{"empty name", `ovirt.get('vms', '')`, luabind.KindUsage, "the name or id is empty"},
		{"too many arguments", `ovirt.get('vms', 'vm1', 3)`, luabind.KindUsage, "got 3 arguments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := rt.DoString(t.Context(), namesPrelude+tc.src)
			var e *luabind.Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, tc.kind, e.Kind, e.Message)
			assert.Contains(t, e.Message, tc.msg)
		})
	}
	err := rt.DoString(t.Context(), namesPrelude+`local ok, e = pcall(ovirt.get, 'vms/nope'); assert(not ok and e.kind == 'not_found', tostring(e))`)
	require.NoError(t, err, "scripts see the kind")
}

func TestLuaGetRequestCount(t *testing.T) {
	log := &enginetest.RequestLog{}
	conn, _ := enginetest.Start(t, enginetest.WithRequestLog(log))
	rt, err := luabind.New(context.Background(), luabind.Options{Conn: conn})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	n := len(log.Requests())
	require.NoError(t, rt.DoString(t.Context(), `local ovirt = require('ovirt'); assert(ovirt.get('vms/vm1').name == 'vm1')`))
	reqs := log.Requests()[n:]
	require.Len(t, reqs, 1, "one search")
	assert.Equal(t, "GET /ovirt-engine/api/vms?search=name%3D%22vm1%22", reqs[0].String())
}
