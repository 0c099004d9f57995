#!/usr/bin/env ovirtsh
-- add_vm_snapshot.lua: take a snapshot of a VM (with its memory if --memory) and wait until
-- it is ok. The Python SDK's add_vm_snapshot.py, in Lua. Without VM, snapshots a scratch VM
-- with a 1 GiB disk and removes it.
--
--   ovirtsh scripts/add_vm_snapshot.lua [--memory] [VM [DESCRIPTION]]
--   ovirtsh scripts/add_vm_snapshot.lua --memory web1 'before upgrade'
local a = ovirt.args{prog = 'ovirtsh scripts/add_vm_snapshot.lua',
  {name = 'vm', help = 'the VM'},
  {name = 'description', default = 'ovirtsh snapshot ' .. os.date('!%Y-%m-%d %H:%M:%S')},
  {name = '--memory', type = 'boolean', help = 'save the memory of a running VM'},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER', help = 'of the scratch VM'},
  {name = '--storage-domain', default = 'data1', env = 'OVIRT_STORAGE_DOMAIN', help = 'of its disk'},
}

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  vm = system:vms_service():add(types.Vm{name = 'ovirtsh-demo-snapshot', cluster = {name = a.cluster}, template = {name = 'Blank'}})
  local scratch = ovirt.service('vms', vm.id)
  ovirt.cleanup(function()
    ovirt.wait_for(scratch, 'down')
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ' .. vm.name .. ' with its snapshots')
  end, 'remove scratch VM ' .. vm.name)
  ovirt.wait_for(scratch, 'down')
  local att = scratch:disk_attachments_service():add(types.DiskAttachment{
    disk = {name = vm.name .. '_Disk1', format = 'cow', provisioned_size = ovirt.size('1GiB'),
      storage_domains = {{name = a.storage_domain}}},
    interface = 'virtio_scsi', bootable = true, active = true,
  })
  ovirt.wait_for(ovirt.service('disks', att.disk.id), 'ok')
  print('created scratch VM ' .. vm.name .. ' with a 1 GiB disk')
end

local snapshots_service = ovirt.service('vms', vm.id):snapshots_service()
local snap = snapshots_service:add(types.Snapshot{description = a.description, persist_memorystate = a.memory})
print(string.format("taking snapshot '%s' of %s (%s)", a.description, vm.name, snap.id))
local snap_service = snapshots_service:snapshot_service(snap.id)
snap = ovirt.wait_for(snap_service, function(s)
  if s == nil then error('the snapshot disappeared (the engine failed to take it; see its events)', 0) end
  return s.snapshot_status == types.SnapshotStatus.OK
end, {timeout = 3600})
print(string.format("snapshot '%s' of %s is %s: %d disk(s), memory %s, taken %s", snap.description, vm.name,
  snap.snapshot_status, #snap_service:disks_service():list(), snap.persist_memorystate and 'saved' or 'not saved', snap.date))
