#!/usr/bin/env ovirtsh
-- add_independent_vm.lua: create a VM whose disks are full copies of its template's
-- (clone=true), so it does not depend on the template afterwards. The Python SDK's
-- add_independet_vm.py, in Lua. Without NAME, creates ovirtsh-demo-independent and removes it.
--
--   ovirtsh scripts/add_independent_vm.lua [--cluster C] [NAME [TEMPLATE]]
--   (Blank has no disks: make a template with add_template.lua to see disks copied)
local a = ovirt.args{prog = 'ovirtsh scripts/add_independent_vm.lua',
  {name = 'name', help = 'the VM to create'},
  {name = 'template', default = 'Blank', env = 'OVIRT_TEMPLATE'},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER'},
}

local template = ovirt.get('templates', a.template)
local template_disks = {} -- to tell a shared disk from a copy
for _, att in ipairs(ovirt.service('templates', template.id):disk_attachments_service():list()) do template_disks[att.disk.id] = true end

local vms_service = system:vms_service()
local vm = vms_service:add(types.Vm{name = a.name or 'ovirtsh-demo-independent', cluster = types.Cluster{name = a.cluster},
  template = types.Template{id = template.id}}, {clone = true})
print(string.format('created %s (%s) from template %s with cloned disks', vm.name, vm.id, template.name))
local vm_service = vms_service:vm_service(vm.id)
if not a.name then
  ovirt.cleanup(function()
    ovirt.wait_for(vm_service, 'down')
    vm_service:remove()
    ovirt.wait_for(vm_service, 'removed')
    print('removed demo VM ' .. vm.name)
  end, 'remove demo VM ' .. vm.name)
end

vm = ovirt.wait_for(vm_service, 'down', {timeout = 3600})
local attachments = vm_service:disk_attachments_service():list()
for _, att in ipairs(attachments) do
  local disk = ovirt.get('disks', att.disk.id)
  print(string.format('disk %s: %s %s, %s, %s', disk.name, ovirt.format_size(disk.provisioned_size), disk.format,
    disk.status, template_disks[disk.id] and 'shared with the template' or 'independent copy'))
end
print(string.format('%s is %s with %d disk(s)', vm.name, vm.status, #attachments))
