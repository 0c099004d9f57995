#!/usr/bin/env ovirtsh
-- add_template.lua: make a template from a stopped VM, choosing the format of its disks (cow:
-- thin qcow2, raw: preallocated), and wait until it is ok. The Python SDK's add_template.py,
-- in Lua. Without VM, shows the flow on a scratch VM with a 1 GiB disk and removes both.
--
--   ovirtsh scripts/add_template.lua [--storage-domain SD] [VM [TEMPLATE [cow|raw]]]
local a = ovirt.args{prog = 'ovirtsh scripts/add_template.lua',
  {name = 'vm', help = 'a stopped VM'},
  {name = 'template', help = 'the template to create (default VM-template)'},
  {name = 'format', default = 'cow', choices = {'cow', 'raw'}},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER', help = 'of the scratch VM'},
  {name = '--storage-domain', default = 'data1', env = 'OVIRT_STORAGE_DOMAIN', help = 'of its disk'},
}

local vm_service
if a.vm then
  vm_service = ovirt.service('vms', a.vm)
else
  local vm = system:vms_service():add(types.Vm{name = 'ovirtsh-demo', cluster = {name = a.cluster}, template = {name = 'Blank'}})
  vm_service = ovirt.service('vms', vm.id)
  ovirt.cleanup(function()
    ovirt.wait_for(vm_service, 'down')
    vm_service:remove()
    ovirt.wait_for(vm_service, 'removed')
    print('removed scratch VM ' .. vm.name)
  end, 'remove scratch VM ' .. vm.name)
  ovirt.wait_for(vm_service, 'down')
  local att = vm_service:disk_attachments_service():add(types.DiskAttachment{
    disk = {name = 'ovirtsh-demo_Disk1', format = 'cow', provisioned_size = ovirt.size('1GiB'),
      storage_domains = {{name = a.storage_domain}}},
    interface = 'virtio_scsi', bootable = true, active = true,
  })
  ovirt.wait_for(ovirt.service('disks', att.disk.id), 'ok')
  print('created scratch VM ' .. vm.name .. ' with a 1 GiB disk')
end
local vm = vm_service:get()

-- the format of each of the VM's disks in the template
local attachments = {}
for _, att in ipairs(vm_service:disk_attachments_service():list()) do
  attachments[#attachments + 1] = {disk = {id = att.disk.id, format = a.format, sparse = a.format == 'cow'}}
end
local templates_service = system:templates_service()
local template = templates_service:add(types.Template{
  name = a.template or vm.name .. '-template',
  description = 'made from ' .. vm.name .. ' by add_template.lua',
  vm = {id = vm.id, disk_attachments = attachments},
})
local template_service = templates_service:template_service(template.id)
if not a.vm then
  ovirt.cleanup(function()
    ovirt.wait_for(template_service, function(t) return t == nil or t.status ~= 'locked' end)
    template_service:remove()
    ovirt.wait_for(template_service, 'removed')
    print('removed template ' .. template.name)
  end, 'remove template ' .. template.name)
end
print(string.format('creating template %s (%s) from %s', template.name, template.id, vm.name))
template = ovirt.wait_for(template_service, 'ok', {timeout = 3600})
local disks = template_service:disk_attachments_service():list()
for _, att in ipairs(disks) do
  local disk = ovirt.get('disks', att.disk.id)
  print(string.format('template disk %s: %s, format %s', disk.name, ovirt.format_size(disk.provisioned_size), disk.format))
end
print(string.format('template %s is %s with %d disk(s)', template.name, template.status, #disks))
