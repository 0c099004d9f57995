package luabind

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTypedJSON checks ovirt.to_json(v, {typed=true}): numbers, booleans, dates and lists keep
// their JSON types, the default form stays the engine's, and unknown options are refused.
func TestTypedJSON(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vm = types.Vm{name='web1', memory=ovirt.GiB, stateless=false, creation_time='2024-05-01T10:00:00Z',
			nics={{name='nic1'}}}
		print(ovirt.to_json({vm, {n=1.5, l={}}}, {typed=true, indent=0}))
		print(ovirt.to_json(vm, {indent=0}))
		print(ovirt.to_json(conn:system_service():vms_service():list(), {typed=true}))
	`)
	lines := strings.SplitN(out.String(), "\n", 3)
	assert.Equal(t, `[{"creation_time":"2024-05-01T10:00:00Z","memory":1073741824,"name":"web1","nics":[{"name":"nic1"}],"stateless":false},{"l":[],"n":1.5}]`, lines[0])
	assert.Contains(t, lines[1], `"memory":"1073741824"`)
	var vms []map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[2]), &vms))
	require.Len(t, vms, 2)
	assert.Equal(t, "vm1", vms[0]["name"])

	assert.Contains(t, runErr(t, rt, `ovirt.to_json(1, {typed=true, indnet=2})`).Message, "unknown option 'indnet'; did you mean 'indent'?")
	assert.Contains(t, runErr(t, rt, `local t = {}; t.t = t; ovirt.to_json(t, {typed=true})`).Message, "the table contains itself")
	assert.Contains(t, runErr(t, rt, `ovirt.to_json({0/0}, {typed=true})`).Message, "has no JSON form")
	assert.Contains(t, runErr(t, rt, `ovirt.to_json({f=print}, {typed=true})`).Message, "to_json: function has no JSON form")
}

// TestTableDefaults prints a service's list with the type's default columns and human units,
// an empty list as a note, and refuses an unknown column naming the closest.
func TestTableDefaults(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		ovirt.table(conn:system_service():vms_service():list())
		ovirt.table(conn:system_service():vms_service():list{search='name=none'})
		ovirt.table(types.Vm{nics={}}.nics)
	`)
	lines := strings.Split(out.String(), "\n")
	assert.Equal(t, []string{"name", "status", "cluster", "host", "memory", "cpu.topology.cores", "id"}, strings.Fields(lines[0]))
	assert.Contains(t, lines[1], "2 GiB")
	assert.Equal(t, "(no items)", lines[3], "a result is a plain table: its type is not known when empty")
	assert.Equal(t, "(no nics)", lines[4], "a list member knows its type")
	assert.Contains(t, runErr(t, rt, `ovirt.table({types.Vm{}}, {'nmae'})`).Message, `table: unknown column "nmae": Vm has no member 'nmae'; did you mean 'name'?`)
}
