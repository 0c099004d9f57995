#!/usr/bin/env ovirtsh
-- remove_vm.lua: remove a VM with its disks (--keep-disks: detached, kept). A running VM is
-- refused unless --force, which stops it first. Without VM, removes a scratch VM it creates.
-- The Python SDK's remove_vm.py, in Lua.
--
--   ovirtsh scripts/remove_vm.lua [--force] [--keep-disks] [VM]
local a = ovirt.args{prog = 'ovirtsh scripts/remove_vm.lua', usage = 'Removes VM and waits until it is gone.',
  {name = 'vm', help = 'a VM name or id (default: a scratch VM)'},
  {name = '--force', type = 'boolean', help = 'stop VM first if it runs'},
  {name = '--keep-disks', type = 'boolean', help = 'keep its disks, detached'},
  {name = '--cluster', env = 'OVIRT_CLUSTER', default = 'Default', help = 'for the scratch VM'},
  {name = '--template', env = 'OVIRT_TEMPLATE', default = 'Blank', help = 'for the scratch VM'},
}
local vms_service = system:vms_service()

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-remove', cluster = types.Cluster{name = a.cluster},
    template = types.Template{name = a.template}})
  print(string.format('created scratch VM %s (%s)', vm.name, vm.id))
  vm = ovirt.wait_for(vms_service:vm_service(vm.id), 'down')
end

local vm_service = vms_service:vm_service(vm.id)
if vm.status ~= 'down' then
  if not a.force then
    error(string.format('%s is %s: stop it first, or pass --force to stop it here', vm.name, vm.status), 0)
  end
  vm_service:stop()
  ovirt.wait_for(vm_service, 'down')
  print(vm.name .. ' stopped')
end
local disks = #vm_service:disk_attachments_service():list()
vm_service:remove{detach_only = a.keep_disks}
ovirt.wait_for(vm_service, 'removed')
print(string.format('removed %s (%s) %s %d disk(s)', vm.name, vm.id, a.keep_disks and 'but kept its' or 'and its', disks))
