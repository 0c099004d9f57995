#!/usr/bin/env ovirtsh
-- clone_vm_from_snapshot.lua: create a new virtual machine from a snapshot of another one:
-- its configuration, and copies of its disks as they were when the snapshot was taken.
--
--   ovirtsh scripts/clone_vm_from_snapshot.lua [VM [SNAPSHOT [NEW_NAME]]]
--   go run ./cmd/ovirtsh scripts/clone_vm_from_snapshot.lua vm2 'before upgrade' vm2-restored
--
-- SNAPSHOT is the snapshot's description; the default is VM's newest snapshot. NEW_NAME
-- defaults to VM-clone. The clone is kept. Without VM, the script takes a snapshot of a scratch
-- VM (with a disk and a NIC), clones it and removes both at the end.
-- Environment: OVIRT_STORAGE_DOMAIN puts the copied disks on that domain (default: where the
-- originals are); OVIRT_CLUSTER (default: the VM's) and OVIRT_DATA_CENTER for the scratch VM.
-- The Python SDK's clone_vm_from_snapshot.py, in Lua.
-- Exit codes: 0 cloned, 1 engine error or no snapshot, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/clone_vm_from_snapshot.lua [VM [SNAPSHOT [NEW_NAME]]]

Creates NEW_NAME (default VM-clone) from VM's snapshot SNAPSHOT (a description; default the
newest). Without VM, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('clone_vm_from_snapshot.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments (quote the snapshot description)') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local vm_name, snap_desc, new_name = arg[1], arg[2], arg[3]
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'
local TARGET_SD = os.getenv('OVIRT_STORAGE_DOMAIN')
if TARGET_SD == '' then TARGET_SD = nil end

local undo = {} -- what this run created for the demo, undone in reverse order even on failure
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('clone_vm_from_snapshot.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local vms_service = system:vms_service()
local disks_service = system:disks_service()

local function remove_later(vm_service, what)
  undo[#undo + 1] = function()
    ovirt.wait_for(vm_service, function(v) return v == nil or v.status == 'down' end)
    vm_service:remove()
    ovirt.wait_for(vm_service, 'removed')
    print('removed ' .. what)
  end
end

local function data_domain()
  if TARGET_SD then return TARGET_SD end
  local dc = ovirt.find(system:data_centers_service(), DATA_CENTER)
  if not dc then error(string.format("there is no data center named '%s'", DATA_CENTER), 0) end
  for _, d in ipairs(system:data_centers_service():data_center_service(dc.id):storage_domains_service():list()) do
    if d.type == 'data' and d.status == 'active' then return d.name end
  end
  error('no active data storage domain in data center ' .. DATA_CENTER, 0)
end

-- a scratch VM with a 1 GiB disk and a NIC, and a snapshot of it
local function scratch_vm()
  local vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-origin',
    cluster = types.Cluster{name = os.getenv('OVIRT_CLUSTER') or 'Default'}, template = types.Template{name = 'Blank'}})
  local svc = vms_service:vm_service(vm.id)
  remove_later(svc, 'scratch VM ' .. vm.name)
  ovirt.wait_for(svc, 'down')
  local att = svc:disk_attachments_service():add(types.DiskAttachment{
    disk = types.Disk{name = vm.name .. '_Disk1', format = 'cow', provisioned_size = ovirt.GiB,
      storage_domains = {types.StorageDomain{name = data_domain()}}},
    interface = 'virtio_scsi', bootable = true, active = true,
  })
  ovirt.wait_for(disks_service:disk_service(att.disk.id), 'ok')
  local profile = ovirt.find(system:vnic_profiles_service(), os.getenv('OVIRT_VNIC_PROFILE') or 'ovirtmgmt')
  svc:nics_service():add(types.Nic{name = 'nic1', vnic_profile = profile and types.VnicProfile{id = profile.id} or nil})
  local snap = svc:snapshots_service():add(types.Snapshot{description = 'ovirtsh demo'})
  ovirt.wait_for(svc:snapshots_service():snapshot_service(snap.id), function(s) return s.snapshot_status == 'ok' end)
  print(string.format("created scratch VM %s with a disk, a NIC and snapshot 'ovirtsh demo'", vm.name))
  return vm
end

local function main()
  local vm
  if vm_name then
    vm = ovirt.find(vms_service, vm_name)
    if not vm then error(string.format("there is no VM named '%s'", vm_name), 0) end
  else
    vm = scratch_vm()
  end
  new_name = new_name or (vm.name == 'ovirtsh-demo-origin' and 'ovirtsh-demo-clone' or vm.name .. '-clone')
  local snapshots_service = vms_service:vm_service(vm.id):snapshots_service()
  local snap
  for _, s in ipairs(snapshots_service:list()) do
    if s.snapshot_type ~= 'active' and (snap_desc == nil or s.description == snap_desc) then
      if snap == nil or (s.date or '') > (snap.date or '') then snap = s end
    end
  end
  if not snap then
    error(string.format('%s has no snapshot%s; take one with add_vm_snapshot.lua', vm.name,
      snap_desc and (" described '" .. snap_desc .. "'") or ''), 0)
  end
  -- the disks to copy: every disk of the snapshot, as qcow2, optionally to another domain
  local attachments = {}
  for _, d in ipairs(snapshots_service:snapshot_service(snap.id):disks_service():list()) do
    attachments[#attachments + 1] = types.DiskAttachment{disk = types.Disk{
      id = d.id, format = 'cow', storage_domains = TARGET_SD and {types.StorageDomain{name = TARGET_SD}} or nil}}
  end
  local clone = vms_service:add(types.Vm{
    name = new_name,
    cluster = types.Cluster{id = vm.cluster.id},
    snapshots = {types.Snapshot{id = snap.id}},
    disk_attachments = attachments,
  })
  local clone_service = vms_service:vm_service(clone.id)
  if not vm_name then remove_later(clone_service, 'clone ' .. new_name) end
  print(string.format("cloning %s from snapshot '%s' of %s", new_name, snap.description, vm.name))
  clone = ovirt.wait_for(clone_service, 'down', {timeout = 3600})
  local n = 0
  for _, a in ipairs(clone_service:disk_attachments_service():list()) do
    local disk = disks_service:disk_service(a.disk.id):get()
    n = n + 1
    print(string.format('  disk %s: %g GiB %s, %s', disk.name, disk.provisioned_size / ovirt.GiB, disk.format, disk.status))
  end
  local nics = clone_service:nics_service():list()
  for _, nic in ipairs(nics) do
    print(string.format('  nic %s: %s', nic.name, nic.mac and nic.mac.address or '?'))
  end
  print(string.format('%s (%s) is %s with %d disk(s) and %d NIC(s)', clone.name, clone.id, clone.status, n, #nics))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
