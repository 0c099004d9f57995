package luabind

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLuaEnsureVMIssueExample runs the example of issue 15 as written (after making its tag).
func TestLuaEnsureVMIssueExample(t *testing.T) {
	rt, log, out := newTest(t)
	run(t, rt, `ovirt.ensure.tag{name='web'}`)
	n := log.Len()
	run(t, rt, `
local r = ovirt.ensure.vm{name='web1', cluster='Default', template='Blank', memory='2GiB',
  cpu={topology={cores=2}}, state='running',
  nics={{name='nic1', vnic_profile='ovirtmgmt'}},
  disks={{name='web1_os', size='20GiB', storage_domain='data1', format='cow', bootable=true}},
  tags={'web'}}
print(r.changed, r.op, table.concat(r.actions, ','), r.object.status, r.object.memory)
r = ovirt.ensure.vm{name='web1', memory='4GiB', check=true}
print(r.changed, r.diff.memory.from, r.diff.memory.to, r.diff.memory.next_run)
r = ovirt.ensure.vm{name='web1', state='absent', force=true}
print(r.changed, r.op, table.concat(r.actions, ','), r.object)`)
	assert.Equal(t, "true\tadd\tadd,add nic nic1,add disk web1_os,add tag web,start\tup\t2147483648\n"+
		"true\t2147483648\t4294967296\ttrue\n"+
		"true\tremove\tstop,remove\tnil\n", out.String())
	assert.Equal(t, 7, len(writesSince(log, n)), "%v", writesSince(log, n))
}
