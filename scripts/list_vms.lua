#!/usr/bin/env ovirtsh
-- list_vms.lua: print every VM with its status, memory, host and id. The Python SDK's list_vms.py.
-- The engine comes from OVIRT_URL... or ~/.config/ovirt.conf; without one, the built-in simulator:
--   ovirtsh scripts/list_vms.lua
ovirt.args{prog = 'ovirtsh scripts/list_vms.lua', usage = 'Prints every VM: name, status, memory, host, id.'}

-- follow=host inlines each running VM's host, so its name needs no extra request
local vms = system:vms_service():list{follow = 'host', search = 'sortby name asc'}
local rows = {}
for _, vm in ipairs(vms) do
  rows[#rows + 1] = {name = vm.name, status = vm.status, memory = ovirt.format_size(vm.memory or 0),
    host = vm.host and vm.host.name or '-', id = vm.id}
end
ovirt.table(rows, {'name', 'status', 'memory', 'host', 'id'})
print(string.format('%d VMs', #rows))
