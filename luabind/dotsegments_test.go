package luabind_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/luabind"
)

// TestDotSegmentsAreNeverSentFromLua: nic_service('..'):remove() would send DELETE
// vms/X/nics/.., which a path-normalising front end turns into DELETE vms/X. Every locator,
// conn:service and follow_link refuse such ids before anything is sent, naming the id.
func TestDotSegmentsAreNeverSentFromLua(t *testing.T) {
	var log enginetest.RequestLog
	conn, _ := enginetest.Start(t, enginetest.WithRequestLog(&log))
	rt, err := luabind.New(context.Background(), luabind.Options{Conn: conn})
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close() })
	require.NoError(t, rt.DoString(t.Context(), `conn = require('ovirt').connection
		vm = conn:system_service():vms_service():list{max=1}[1]
		vms = conn:system_service():vms_service()`))
	sent := log.Len()
	for _, tc := range []struct{ src, id string }{
		{`vms:vm_service(vm.id):nics_service():nic_service('..'):remove()`, ".."},
		{`vms:vm_service(vm.id):nics_service():nic_service('.'):remove()`, "."},
		{`vms:vm_service(vm.id):nics_service():nic_service('%2e%2e'):remove()`, "%2e%2e"},
		{`vms:vm_service(vm.id):nics_service():nic_service('%2E.'):remove()`, "%2E."},
		{`vms:vm_service('../vms/x'):remove()`, "../vms/x"},
		{`conn:service('vms/' .. vm.id .. '/nics/..'):remove()`, ".."},
		{`conn:service('vms/%2e%2e'):remove()`, ".."},
		{`conn:follow_link(require('ovirt').types.Vm{href='/ovirt-engine/api/vms/' .. vm.id .. '/..'})`, ".."},
		{`conn:follow_link(require('ovirt').types.Vm{href='/ovirt-engine/api/vms/%2E%2E'})`, ".."},
	} {
		t.Run(tc.src, func(t *testing.T) {
			err := rt.DoString(t.Context(), tc.src)
			var e *luabind.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, luabind.KindUsage, e.Kind, e.Message)
			assert.Contains(t, e.Message, `refusing the id "`+tc.id+`"`)
		})
	}
	assert.Equal(t, sent, log.Len(), "nothing was sent: %v", log.Requests()[sent:])
	require.NoError(t, rt.DoString(t.Context(), `assert(vms:vm_service(vm.id):get().id == vm.id)`), "the VM is still there")
}
