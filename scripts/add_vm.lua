#!/usr/bin/env ovirtsh
-- add_vm.lua: create a VM from a template and wait until its disks are ready (status down).
-- The Python SDK's add_vm.py, in Lua. Without NAME, creates ovirtsh-demo-vm and removes it.
--
--   ovirtsh scripts/add_vm.lua [--cluster C] [--template T] [NAME [MEMORY]]
--   OVIRT_TEMPLATE=rhel9 ovirtsh scripts/add_vm.lua web1 4GiB
local a = ovirt.args{prog = 'ovirtsh scripts/add_vm.lua',
  usage = 'Creates VM NAME from a template. Without NAME, creates and then removes a demo VM.',
  {name = 'name', help = 'the VM to create'},
  {name = 'memory', type = 'size', help = "e.g. 4GiB (default: the template's)"},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER'},
  {name = '--template', default = 'Blank', env = 'OVIRT_TEMPLATE'},
}

local vms_service = system:vms_service()
local vm = vms_service:add(types.Vm{
  name = a.name or 'ovirtsh-demo-vm',
  cluster = types.Cluster{name = a.cluster},
  template = types.Template{name = a.template},
  memory = a.memory, -- nil: the template's
})
print(string.format('created %s (%s), status %s', vm.name, vm.id, vm.status))
local vm_service = vms_service:vm_service(vm.id)
if not a.name then
  ovirt.cleanup(function()
    ovirt.wait_for(vm_service, 'down')
    vm_service:remove()
    ovirt.wait_for(vm_service, 'removed')
    print('removed demo VM ' .. vm.name)
  end, 'remove demo VM ' .. vm.name)
end

-- the engine copies the template's disks first; the VM is image_locked until then
vm = ovirt.wait_for(vm_service, 'down', {timeout = 1800})
print(string.format('%s is down: %s memory, %d disk(s), cluster %s, template %s', vm.name,
  ovirt.format_size(vm.memory), #vm_service:disk_attachments_service():list(), a.cluster, a.template))
