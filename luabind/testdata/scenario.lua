-- Beyond the surface block: names, conversions, links, futures and errors against the
-- simulator's seeded inventory (vm1 up with a disk, vm2 down).
local ovirt = require('ovirt')
local types = ovirt.types
local conn = ovirt.connect{url=URL, username='admin@internal', password=PW, ca_file=CA}
local vms = conn:system_service():vms_service()
print('test', conn:test())

local vm1 = ovirt.find(vms, 'vm1')
print(vm1.name, vm1.status, type(vm1.memory), vm1.cluster.id ~= nil)

local atts = conn:follow_link(vm1.disk_attachments)
print('attachments', #atts, ovirt.typeof(atts[1]))
local full = vms:vm_service(vm1.id):get{follow='disk_attachments'}
print('followed', #full.disk_attachments, full.disk_attachments[1].id == atts[1].id)

-- a plain table body, named, and a positional body with parameters
local web2 = vms:add{vm={name='web2', cluster={name='Default'}, template={name='Blank'}, memory=ovirt.GiB}}
local web3 = vms:add(types.Vm{name='web3', cluster={name='Default'}, template={name='Blank'}}, {clone=false})
print('added', web2.name, web3.name, web2.memory)

-- futures run together
local fs = {}
for i = 1, 5 do fs[i] = vms:list{search='name=web*', wait=false} end
local res = ovirt.wait_all(fs)
print('futures', #res, #res[1])

-- an engine fault is a structured error
local ok, err = pcall(vms.add, vms, types.Vm{name='incomplete'})
print('fault', ok, err.kind, err.code, err.where)

-- removal
local s = vms:vm_service(web2.id)
ovirt.wait_for(s, 'down', {interval=0.05})
s:remove()
print('removed', ovirt.wait_for(s, 'removed', {interval=0.05}))

-- JSON round trip of real data
local back = ovirt.from_json(ovirt.to_json(vm1), 'Vm')
print('json', back.id == vm1.id, back.name, back.memory == vm1.memory, back.disk_attachments.href == vm1.disk_attachments.href)
conn:close()
print('closed', pcall(conn.system_service, conn))
