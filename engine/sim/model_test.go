package sim

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		path     string
		services []string
		id       string
		action   string
		elem     string
	}{
		{"", []string{"System"}, "", "", "Api"},
		{"vms", []string{"System", "Vms"}, "", "", "Vm"},
		{"vms/123", []string{"System", "Vms", "Vm"}, "123", "", "Vm"},
		{"vms/123/start", []string{"System", "Vms", "Vm"}, "123", "start", "Vm"},
		{"vms/123/nics/9", []string{"System", "Vms", "Vm", "VmNics", "VmNic"}, "9", "", "Nic"},
		{"vms/123/diskattachments", []string{"System", "Vms", "Vm", "DiskAttachments"}, "", "", "DiskAttachment"},
		{"datacenters/1/storagedomains/2/activate", []string{"System", "DataCenters", "DataCenter",
			"AttachedStorageDomains", "AttachedStorageDomain"}, "2", "activate", "StorageDomain"},
		{"storagedomains/5/isattached", []string{"System", "StorageDomains", "StorageDomain"}, "5", "isattached", "StorageDomain"},
		{"vms/start", []string{"System", "Vms", "Vm"}, "start", "", "Vm"}, // an id named like an action
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r, ok := resolve(tt.path)
			require.True(t, ok)
			var got []string
			for _, f := range r.frames {
				got = append(got, f.node.info.Name)
			}
			assert.Equal(t, tt.services, got)
			assert.Equal(t, tt.id, r.last().id)
			if tt.action != "" {
				require.NotNil(t, r.action)
				assert.Equal(t, tt.action, r.action.Path)
			} else {
				assert.Nil(t, r.action)
			}
			assert.Equal(t, tt.elem, r.last().node.elem)
			assert.Equal(t, strings.TrimSuffix(tt.path, "/"+tt.action), r.last().path)
		})
	}
	for _, bad := range []string{"nosuch", "vms/1/nosuch/2", "vms//x"} {
		_, ok := resolve(bad)
		assert.False(t, ok, bad)
	}
}

func TestEveryReachableServiceHasAnEntityType(t *testing.T) {
	var missing []string
	for name, n := range nodesForTest() {
		if n.isCollection() && n.elem == "" {
			missing = append(missing, name)
		}
	}
	assert.Empty(t, missing)
}

func nodesForTest() map[string]*svcNode {
	node("System")
	return nodes
}
