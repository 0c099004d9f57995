#!/usr/bin/env ovirtsh
-- clone_vm_from_snapshot.lua: create a VM from a snapshot of another one: its configuration
-- and copies of its disks as they were then. The Python SDK's clone_vm_from_snapshot.py, in
-- Lua. Without VM, snapshots a scratch VM (with a disk and a NIC), clones it, removes both.
--
--   ovirtsh scripts/clone_vm_from_snapshot.lua [VM [SNAPSHOT [NEW_NAME]]]
--   ovirtsh scripts/clone_vm_from_snapshot.lua vm2 'before upgrade' vm2-restored
local a = ovirt.args{prog = 'ovirtsh scripts/clone_vm_from_snapshot.lua',
  {name = 'vm', help = 'the VM'},
  {name = 'snapshot', help = "the snapshot's description (default: the newest)"},
  {name = 'new_name', help = 'default VM-clone'},
  {name = '--storage-domain', env = 'OVIRT_STORAGE_DOMAIN', help = 'for the copies (default: where the disks are)'},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER', help = 'of the scratch VM'},
}
local vms_service = system:vms_service()
local function remove_at_end(vm_service, what)
  ovirt.cleanup(function()
    ovirt.wait_for(vm_service, function(v) return v == nil or v.status == 'down' end)
    vm_service:remove()
    ovirt.wait_for(vm_service, 'removed')
    print('removed ' .. what)
  end, 'remove ' .. what)
end

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-origin', cluster = {name = a.cluster}, template = {name = 'Blank'}})
  local svc = ovirt.service('vms', vm.id)
  remove_at_end(svc, 'scratch VM ' .. vm.name)
  ovirt.wait_for(svc, 'down')
  local att = svc:disk_attachments_service():add(types.DiskAttachment{
    disk = {name = vm.name .. '_Disk1', format = 'cow', provisioned_size = ovirt.size('1GiB'),
      storage_domains = {{name = a.storage_domain or 'data1'}}},
    interface = 'virtio_scsi', bootable = true, active = true,
  })
  ovirt.wait_for(ovirt.service('disks', att.disk.id), 'ok')
  svc:nics_service():add(types.Nic{name = 'nic1'}) -- on no network: a clone keeps its NICs
  local snap = svc:snapshots_service():add(types.Snapshot{description = 'ovirtsh demo'})
  ovirt.wait_for(svc:snapshots_service():snapshot_service(snap.id), function(s) return s.snapshot_status == 'ok' end)
  print(string.format("created scratch VM %s with a disk, a NIC and snapshot 'ovirtsh demo'", vm.name))
end

local snapshots_service = ovirt.service('vms', vm.id):snapshots_service()
local snap -- the newest one with that description
for _, s in ipairs(snapshots_service:list()) do
  if s.snapshot_type ~= 'active' and (a.snapshot == nil or s.description == a.snapshot)
    and (snap == nil or (s.date or '') > (snap.date or '')) then snap = s end
end
if not snap then
  error(string.format('%s has no snapshot%s; take one with add_vm_snapshot.lua', vm.name,
    a.snapshot and (" described '" .. a.snapshot .. "'") or ''), 0)
end
local attachments = {}
for _, d in ipairs(snapshots_service:snapshot_service(snap.id):disks_service():list()) do
  attachments[#attachments + 1] = {disk = {id = d.id, format = 'cow',
    storage_domains = a.storage_domain and {{name = a.storage_domain}} or nil}}
end
local new_name = a.new_name or (a.vm and vm.name .. '-clone' or 'ovirtsh-demo-clone')
local clone = vms_service:add(types.Vm{name = new_name, cluster = {id = vm.cluster.id},
  snapshots = {{id = snap.id}}, disk_attachments = attachments})
local clone_service = ovirt.service('vms', clone.id)
if not a.vm then remove_at_end(clone_service, 'clone ' .. new_name) end
print(string.format("cloning %s from snapshot '%s' of %s", new_name, snap.description, vm.name))

clone = ovirt.wait_for(clone_service, 'down', {timeout = 3600})
local disks = clone_service:disk_attachments_service():list()
for _, att in ipairs(disks) do
  local disk = ovirt.get('disks', att.disk.id)
  print(string.format('  disk %s: %s %s, %s', disk.name, ovirt.format_size(disk.provisioned_size), disk.format, disk.status))
end
local nics = clone_service:nics_service():list()
for _, nic in ipairs(nics) do print(string.format('  nic %s: %s', nic.name, nic.mac and nic.mac.address or '?')) end
print(string.format('%s (%s) is %s with %d disk(s) and %d NIC(s)', clone.name, clone.id, clone.status, #disks, #nics))
