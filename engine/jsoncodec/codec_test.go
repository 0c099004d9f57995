package jsoncodec_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/jsoncodec"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func write(v any) string {
	var buf bytes.Buffer
	jsoncodec.WriteValue(&buf, v)
	return buf.String()
}

func TestWriteValue(t *testing.T) {
	vm := &types.Vm{
		Href: types.Ptr("/ovirt-engine/api/vms/1"), Id: types.Ptr("1"), Memory: types.Ptr(int64(1 << 30)),
		Status: types.Ptr(types.VmStatusUp), Stateless: types.Ptr(false),
		CreationTime:    types.Ptr(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)),
		Nics:            types.ListOf(&types.Nic{Name: types.Ptr("nic1")}),
		DiskAttachments: &types.List[types.DiskAttachment]{Href: "/ovirt-engine/api/vms/1/diskattachments"},
		Actions:         []*types.Link{{Href: "/ovirt-engine/api/vms/1/start", Rel: "start"}},
	}
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"object", vm, `{"href":"/ovirt-engine/api/vms/1","creation_time":1714557600000,"id":"1","memory":"1073741824",` +
			`"nics":{"nic":[{"name":"nic1"}]},"stateless":"false","status":"up",` +
			`"link":[{"href":"/ovirt-engine/api/vms/1/diskattachments","rel":"diskattachments"}],` +
			`"actions":{"link":[{"href":"/ovirt-engine/api/vms/1/start","rel":"start"}]}}`},
		{"collection", []*types.Host{{Id: types.Ptr("h")}}, `{"host":[{"id":"h"}]}`},
		{"empty collection", []*types.Host{}, `{"host":[]}`},
		{"nil object", (*types.Vm)(nil), `null`},
		{"nil", nil, `null`},
		{"scalar", "a\"b", `"a\"b"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, write(tc.v))
		})
	}
	assert.True(t, jsoncodec.IsModel(vm))
	assert.False(t, jsoncodec.IsModel("vm"))
	assert.False(t, jsoncodec.IsModel(nil))
}

func TestDecodeRoundTrip(t *testing.T) {
	vm := &types.Vm{Id: types.Ptr("1"), Name: types.Ptr("web1"), Memory: types.Ptr(int64(5)),
		Cpu:             &types.Cpu{Topology: &types.CpuTopology{Cores: types.Ptr(int64(2))}},
		DiskAttachments: &types.List[types.DiskAttachment]{Href: "/vms/1/diskattachments"},
		Actions:         []*types.Link{{Href: "/vms/1/start", Rel: "start"}}}
	text := write(vm)
	back, err := jsoncodec.Decode([]byte(text), "Vm")
	require.NoError(t, err)
	assert.Equal(t, vm, back)
	assert.Equal(t, text, write(back))
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name, text, typ string
		want            any
	}{
		{"numbers and booleans", `{"memory": 5, "stateless": true}`, "Vm",
			&types.Vm{Memory: types.Ptr(int64(5)), Stateless: types.Ptr(true)}},
		{"strings", `{"memory": "5", "stateless": "true", "status": "UP"}`, "Vm",
			&types.Vm{Memory: types.Ptr(int64(5)), Stateless: types.Ptr(true), Status: types.Ptr(types.VmStatusUp)}},
		{"date as text", `{"creation_time": "2024-05-01T10:00:00Z"}`, "Vm",
			&types.Vm{CreationTime: types.Ptr(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC))}},
		{"unknown names skipped", `{"id": "1", "colour": "red"}`, "Vm", &types.Vm{Id: types.Ptr("1")}},
		{"collection", `{"vm": [{"id": "1"}, {"id": "2"}]}`, "Vm",
			[]*types.Vm{{Id: types.Ptr("1")}, {Id: types.Ptr("2")}}},
		{"null", `null`, "Vm", (*types.Vm)(nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := jsoncodec.Decode([]byte(tc.text), tc.typ)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, typ, want string
		shape                 bool
	}{
		{"wrong scalar", `{"memory": "lots"}`, "Vm", "vm.memory: expected integer, got string", true},
		{"wrong struct", `{"cpu": 3}`, "Vm", "vm.cpu: expected Cpu, got number", true},
		{"list item", `{"nics": {"nic": [{"name": 1}, 2]}}`, "Vm", "vm.nics[2]: expected Nic, got number", true},
		{"bad date", `{"creation_time": true}`, "Vm", "vm.creation_time: expected date, got boolean", true},
		{"malformed", `{"memory": `, "Vm", "unexpected EOF", false},
		{"unknown type", `{}`, "Vmm", `no such struct type: "Vmm"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := jsoncodec.Decode([]byte(tc.text), tc.typ)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Equal(t, tc.want, err.Error())
			var pe *jsoncodec.Error
			assert.Equal(t, tc.shape, errors.As(err, &pe))
		})
	}
	_, err := jsoncodec.Decode(nil, "VmStatus")
	assert.ErrorIs(t, err, jsoncodec.ErrUnknownType)
}
