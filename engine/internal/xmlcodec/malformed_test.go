package xmlcodec

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestMalformedNamesPathAndPosition(t *testing.T) {
	vm := func(body string) string { return "<vm><name>x</name>" + body + "</vm>" }
	tests := []struct {
		name, doc, want string
	}{
		{"bad integer in third vm",
			"<vms>\n" + vm("") + "\n" + vm("") + "\n<vm>\n  <cpu><topology><cores>x</cores></topology></cpu>\n</vm>\n</vms>",
			`line 5 col 25: vms/vm[3]/cpu/topology/cores: invalid integer "x"`},
		{"bad boolean", "<vms>" + vm("<stateless>maybe</stateless>") + "</vms>",
			`line 1 col 35: vms/vm/stateless: invalid boolean "maybe"`},
		{"bad date", "<vms>" + vm("<creation_time>yesterday</creation_time>") + "</vms>",
			`line 1 col 39: vms/vm/creation_time: invalid date "yesterday"`},
		{"bad decimal", "<vms><vm><cpu><speed>fast</speed></cpu></vm></vms>",
			`line 1 col 22: vms/vm/cpu/speed: invalid decimal "fast"`},
		{"bad integer in list item", "<vms><vm><nics><nic/><nic><linked>1</linked><mac/></nic><nic><plugged>no</plugged></nic></nics></vm></vms>",
			`line 1 col 71: vms/vm/nics/nic[3]/plugged: invalid boolean "no"`},
		{"mismatched end tag", "<vms>" + vm("<cpu></memory>") + "</vms>",
			`line 1 col 29: vms/vm/cpu: end tag </memory> does not match <cpu>`},
		{"child element in text", "<vms>" + vm("<memory>1<b/></memory>") + "</vms>",
			`line 1 col 33: vms/vm/memory: unexpected child element in text`},
		{"truncated inside vm", "<vms><vm><name>x</name><cpu><topology><cores>2</cores>",
			`line 1 col 55: vms/vm/cpu/topology: unexpected end of input inside an element`},
		{"truncated after vm", "<vms>" + vm(""),
			`line 1 col 29: vms: unexpected end of input inside an element`},
		{"bad entity", "<vms>" + vm("<description>&nbsp;</description>") + "</vms>",
			`line 1 col 37: vms/vm/description: invalid reference &nbsp;`},
		{"bad vlan id", "<vms><vm><nics><nic><network><vlan id=\"x\"/></network></nic></nics></vm></vms>",
			`line 1 col 30: vms/vm/nics/nic/network/vlan: invalid integer "x" in attribute id`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Whole list.
			r := xmlstream.NewReader(strings.NewReader(tc.doc))
			_, err := r.Root()
			require.NoError(t, err)
			vms, err := ReadVms(r)
			require.Error(t, err)
			assert.Nil(t, vms, "no half-read list")
			assert.Equal(t, tc.want, err.Error())
			var xe *xmlstream.Error
			assert.True(t, errors.As(err, &xe))

			// One at a time: the error comes at the end, after the good VMs.
			var last error
			for vm, err := range IterList[types.Vm](strings.NewReader(tc.doc)) {
				if err != nil {
					assert.Nil(t, vm)
					last = err
				}
			}
			require.Error(t, last)
			assert.Equal(t, tc.want, last.Error())
		})
	}
}

func TestTruncatedNeverSucceeds(t *testing.T) {
	doc := readTestdata(t, "vm.xml")
	end := bytes.LastIndex(doc, []byte("</vm>")) + len("</vm>")
	for i := 0; i < end; i++ {
		r := xmlstream.NewReaderBytes(doc[:i])
		if _, err := r.Root(); err != nil {
			continue
		}
		v, err := ReadVm(r)
		require.Error(t, err, "prefix of %d bytes read as success", i)
		require.Nil(t, v)
	}
}

func TestIterListWrongRoot(t *testing.T) {
	for _, err := range IterList[types.Vm](strings.NewReader("<hosts><host/></hosts>")) {
		assert.EqualError(t, err, "line 1 col 1: hosts: expected <vms>, found <hosts>")
	}
	n := 0
	for _, err := range IterList[types.Vm](strings.NewReader("<vms>\n<vm/><junk><vm/></junk><vm id='2'/></vms>")) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 2, n, "non-item children are skipped")
}

func TestEnumsKeepUnknownValues(t *testing.T) {
	r := xmlstream.NewReaderBytes([]byte(`<vm><status> Quantum_Entangled </status><type>SERVER</type>` +
		`<os><boot><devices><device>HD</device><device>Floppy</device></devices></boot></os></vm>`))
	_, err := r.Root()
	require.NoError(t, err)
	vm, err := ReadVm(r)
	require.NoError(t, err)
	assert.Equal(t, types.VmStatus("quantum_entangled"), *vm.Status)
	assert.False(t, vm.Status.IsKnown())
	assert.Equal(t, types.VmTypeServer, *vm.Type)
	assert.Equal(t, []types.BootDevice{types.BootDeviceHd, "floppy"}, vm.Os.Boot.Devices)
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := testdataFS.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}
