package engine_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
)

func TestServiceByPath(t *testing.T) {
	conn := connectSim(t)
	for _, tc := range []struct {
		path, want, wantPath string
	}{
		{"", "*engine.SystemService", ""},
		{"vms", "*engine.VmsService", "vms"},
		{"/ovirt-engine/api/vms/123/nics", "*engine.VmNicsService", "vms/123/nics"},
		{"vms/123/diskattachments/9", "*engine.DiskAttachmentService", "vms/123/diskattachments/9"},
		{"datacenters/1/storagedomains", "*engine.AttachedStorageDomainsService", "datacenters/1/storagedomains"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			s, err := conn.Service(tc.path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, typeName(s))
			assert.Equal(t, tc.wantPath, s.(interface{ Path() string }).Path())
		})
	}
	vm, err := engine.ServiceOf[*engine.VmService](conn, "vms/42")
	require.NoError(t, err)
	assert.Equal(t, "vms/42", vm.Path())
	_, err = engine.ServiceOf[*engine.VmService](conn, "vms")
	assert.ErrorContains(t, err, "not *engine.VmService")
	_, err = conn.Service("/other/api/vms")
	assert.ErrorContains(t, err, "not under the API root")
	_, err = conn.Service("https://elsewhere.example/ovirt-engine/api/vms")
	assert.ErrorContains(t, err, "not on the engine")
	_, err = conn.Service("https://admin:S3CRET@elsewhere.example/ovirt-engine/api/vms")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "S3CRET", "a foreign href's credentials are never echoed")
	assert.NotContains(t, err.Error(), "admin@")
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }
