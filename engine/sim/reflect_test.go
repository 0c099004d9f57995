package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestCloneIsDeep(t *testing.T) {
	now := time.Now()
	vm := &types.Vm{Id: types.Ptr("1"), Name: types.Ptr("a"), CreationTime: &now,
		Cpu:  &types.Cpu{Topology: &types.CpuTopology{Cores: types.Ptr(int64(2))}},
		Nics: types.ListOf(&types.Nic{Name: types.Ptr("nic1")}), CustomProperties: []*types.CustomProperty{{Name: types.Ptr("x")}}}
	c := clone(vm)
	require.Equal(t, vm, c)
	*c.Cpu.Topology.Cores = 4
	c.Nics.Items[0].Name = types.Ptr("nic2")
	*c.CustomProperties[0].Name = "y"
	assert.Equal(t, int64(2), *vm.Cpu.Topology.Cores)
	assert.Equal(t, "nic1", *vm.Nics.Items[0].Name)
	assert.Equal(t, "x", *vm.CustomProperties[0].Name)
}

func TestMergeOnlySentMembers(t *testing.T) {
	vm := &types.Vm{Id: types.Ptr("1"), Name: types.Ptr("a"), Memory: types.Ptr(int64(1024)),
		Cpu: &types.Cpu{Topology: &types.CpuTopology{Cores: types.Ptr(int64(2)), Sockets: types.Ptr(int64(1))}}}
	upd := &types.Vm{Id: types.Ptr("other"), Description: types.Ptr("d"),
		Cpu:  &types.Cpu{Topology: &types.CpuTopology{Cores: types.Ptr(int64(8))}},
		Nics: types.ListOf(&types.Nic{})}
	merge(vm, upd, node("Vm"))
	assert.Equal(t, "1", *vm.Id)
	assert.Equal(t, "a", *vm.Name)
	assert.Equal(t, "d", *vm.Description)
	assert.Equal(t, int64(1024), *vm.Memory)
	assert.Equal(t, int64(8), *vm.Cpu.Topology.Cores)
	assert.Equal(t, int64(1), *vm.Cpu.Topology.Sockets)
	assert.Nil(t, vm.Nics)
}

func TestPathSet(t *testing.T) {
	vm := &types.Vm{Name: types.Ptr("a"), Cluster: &types.Cluster{Name: types.Ptr("Default")},
		Snapshots: types.ListOf(&types.Snapshot{Id: types.Ptr("s")})}
	tests := []struct {
		path string
		want bool
	}{
		{"vm.name", true},
		{"vm.cluster.name", true},
		{"vm.cluster.id", false},
		{"vm.template.id", false},
		{"vm.snapshots[].id", true},
		{"vm.snapshots[].description", false},
		{"vm.nosuch", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, pathSet(vm, tt.path), tt.path)
	}
}

func TestMeta(t *testing.T) {
	m := metaOf("Vm")
	vm := m.newValue()
	m.setID(vm, "x")
	assert.Equal(t, "x", m.getID(vm))
	assert.Equal(t, "", m.getName(vm))
	assert.Same(t, m, metaFor(&types.Vm{}))
	assert.Nil(t, metaOf("VmStatus"))
}
