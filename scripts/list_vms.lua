#!/usr/bin/env ovirtsh
-- list_vms.lua: print every virtual machine with its status, memory, host and id.
--
--   ovirtsh scripts/list_vms.lua
--
-- The engine comes from OVIRT_URL... or ~/.config/ovirt.conf (ovirtsh --help); without one,
-- the built-in simulator. The Python SDK's list_vms.py, in Lua.
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
