package xmlcodec

import (
	"runtime"
	"testing"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadVmsAllocs: the structs of a list's items come from the reader's struct slabs (issue
// 17): the benchmark VM, about 30 structs, lists and an actions block, costs about 4
// allocations in a list, not one per struct and list (41 before).
func TestReadVmsAllocs(t *testing.T) {
	const n = 200
	doc := vmsDoc(n)
	allocs := testing.AllocsPerRun(3, func() { require.Len(t, readVmsDoc(t, doc), n) })
	assert.LessOrEqual(t, allocs/n, 5.0, "allocations per VM")
}

// TestSingleObjectBytes: the struct slabs start only at the second item of a list of structs,
// so a document of one VM (with lists of values and of one struct inside) costs what it did
// before them: 31 KB, the VM and the reader's first blocks of scalars and text, about 2.3 times
// a VM in a long list. Starting them at any list's second item made it 55 KB (4 times).
func TestSingleObjectBytes(t *testing.T) {
	perVM := func(doc []byte, n int) float64 {
		var before, after runtime.MemStats
		const runs = 5
		runtime.ReadMemStats(&before)
		for range runs {
			require.Len(t, readVmsDoc(t, doc), n)
		}
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc-before.TotalAlloc) / runs / float64(n)
	}
	one, many := perVM(vmsDoc(1), 1), perVM(vmsDoc(200), 200)
	assert.Less(t, one, 3*many, "bytes per VM: one %.0f, in a list of 200 %.0f", one, many)
}

// TestCarvedItemsIndependent: items carved from one slab are still their own: changing or
// appending to one leaves its neighbours alone, whether read as a list or one at a time.
func TestCarvedItemsIndependent(t *testing.T) {
	read := map[string]func(t *testing.T) []*types.Vm{
		"ReadVms": func(t *testing.T) []*types.Vm { return readVmsDoc(t, vmsDoc(3)) },
		"IterList": func(t *testing.T) []*types.Vm {
			var vms []*types.Vm
			for vm, err := range IterList[types.Vm](bytesReader(vmsDoc(3))) {
				require.NoError(t, err)
				vms = append(vms, vm)
			}
			return vms
		},
	}
	for name, read := range read {
		t.Run(name, func(t *testing.T) {
			vms := read(t)
			require.Len(t, vms, 3)
			want := read(t)[2]
			cores := int64(99)
			vms[1].Cpu.Topology.Cores = &cores
			vms[1].Template.Id = nil
			vms[1].Actions = append(vms[1].Actions, &types.Link{Rel: "extra"})
			vms[1].Actions[0] = &types.Link{Rel: "replaced"}
			vms[1].Os.Boot.Devices = append(vms[1].Os.Boot.Devices, types.BootDeviceCdrom)
			assert.Equal(t, want, vms[2])
			assert.Equal(t, "vm-00000", vms[0].GetName())
			assert.Len(t, vms[0].Actions, len(vmActions))
		})
	}
}

// TestEmptyListsSet: an empty list of structs, enums or values, in a list or not, is set and
// empty, and the lists of one VM are not those of the next.
func TestEmptyListsSet(t *testing.T) {
	one := `<vm><os><boot><devices/></boot></os><sso><methods/></sso><cpu><cpu_tune><vcpu_pins/></cpu_tune></cpu></vm>`
	vms := readVmsDoc(t, []byte(`<vms>`+one+one+one+`</vms>`))
	require.Len(t, vms, 3)
	for i, vm := range vms {
		assert.NotNil(t, vm.Os.Boot.Devices, "vm %d", i)
		assert.Empty(t, vm.Os.Boot.Devices, "vm %d", i)
		assert.NotNil(t, vm.Sso.Methods, "vm %d", i)
		assert.Empty(t, vm.Sso.Methods, "vm %d", i)
		assert.NotNil(t, vm.Cpu.CpuTune.VcpuPins, "vm %d", i)
	}
	vms[0].Sso.Methods = append(vms[0].Sso.Methods, &types.Method{})
	assert.Empty(t, vms[1].Sso.Methods)
}

// readVmsDoc reads a <vms> document with ReadVms.
func readVmsDoc(t *testing.T, doc []byte) []*types.Vm {
	r := xmlstream.NewReaderBytes(doc)
	_, err := r.Root()
	require.NoError(t, err)
	vms, err := ReadVms(r)
	require.NoError(t, err)
	return vms
}
