#!/usr/bin/env ovirtsh
-- add_vm_disk.lua: add a thin (cow) disk to a VM and wait until it is ok. The Python SDK's
-- add_vm_disk.py, in Lua. Without VM, adds it to a scratch VM and removes the VM.
--
--   ovirtsh scripts/add_vm_disk.lua [--storage-domain SD] [VM [SIZE [DISK_NAME]]]
--   ovirtsh scripts/add_vm_disk.lua web1 20GiB web1_data
local a = ovirt.args{prog = 'ovirtsh scripts/add_vm_disk.lua',
  {name = 'vm', help = 'the VM'},
  {name = 'size', type = 'size', default = '10GiB'},
  {name = 'disk_name', help = 'default VM_DiskN'},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER', help = 'of the scratch VM'},
  {name = '--storage-domain', default = 'data1', env = 'OVIRT_STORAGE_DOMAIN'},
}

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  vm = system:vms_service():add(types.Vm{name = 'ovirtsh-demo-disk', cluster = {name = a.cluster}, template = {name = 'Blank'}})
  local scratch = ovirt.service('vms', vm.id)
  ovirt.cleanup(function()
    ovirt.wait_for(scratch, function(v) return v == nil or v.status == 'down' end)
    scratch:remove() -- its disks go with it
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ' .. vm.name .. ' and its disks')
  end, 'remove scratch VM ' .. vm.name)
  print('created scratch VM ' .. vm.name)
  ovirt.wait_for(scratch, 'down')
end

local attachments_service = ovirt.service('vms', vm.id):disk_attachments_service()
local attachment = attachments_service:add(types.DiskAttachment{
  disk = {name = a.disk_name or string.format('%s_Disk%d', vm.name, #attachments_service:list() + 1),
    format = 'cow', -- thin: space is allocated as the guest writes
    provisioned_size = a.size, storage_domains = {{name = a.storage_domain}}},
  interface = 'virtio_scsi', bootable = false, active = true,
})
local disk = ovirt.wait_for(ovirt.service('disks', attachment.disk.id), 'ok', {timeout = 1800})
print(string.format('disk %s (%s): %s %s on %s, attached to %s, status %s', disk.name, disk.id,
  ovirt.format_size(disk.provisioned_size), disk.format, a.storage_domain, vm.name, disk.status))
