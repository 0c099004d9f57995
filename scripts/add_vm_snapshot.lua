#!/usr/bin/env ovirtsh
-- add_vm_snapshot.lua: take a snapshot of a virtual machine and wait until it is ready.
--
--   ovirtsh scripts/add_vm_snapshot.lua [--memory] [VM [DESCRIPTION]]
--   go run ./cmd/ovirtsh scripts/add_vm_snapshot.lua vm1 'before upgrade'   (the built-in simulator)
--
-- With VM, the snapshot (description default 'ovirtsh snapshot <date>') is taken and kept;
-- --memory also saves the memory of a running VM. Without VM, the script shows the flow on a
-- scratch VM with a 1 GiB disk and removes it (its snapshots go with it).
-- Environment: OVIRT_CLUSTER, OVIRT_STORAGE_DOMAIN, OVIRT_DATA_CENTER for the scratch VM.
-- The Python SDK's add_vm_snapshot.py, in Lua.
-- Exit codes: 0 snapshot ok, 1 engine error or timeout, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_vm_snapshot.lua [--memory] [VM [DESCRIPTION]]

Snapshots VM's disks (--memory: and its memory) and waits until the snapshot is ok.
Without VM, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('add_vm_snapshot.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
local memory, args = false, {}
for _, a in ipairs(arg) do
  if a == '-h' or a == '--help' then io.write(USAGE) return end
  if a == '--memory' then
    memory = true
  elseif a == '' or a:sub(1, 1) == '-' then
    usage('bad argument ' .. a)
  else
    args[#args + 1] = a
  end
end
if #args > 2 then usage('too many arguments (quote the description)') end
local vm_name = args[1]
local description = args[2] or ('ovirtsh snapshot ' .. os.date('!%Y-%m-%d %H:%M:%S'))
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'

local undo = {} -- what the demo created, undone in reverse order even when a step fails
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('add_vm_snapshot.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local vms_service = system:vms_service()

local function data_domain()
  local sd = os.getenv('OVIRT_STORAGE_DOMAIN')
  if sd and sd ~= '' then return sd end
  local dc = ovirt.find(system:data_centers_service(), DATA_CENTER)
  if not dc then error(string.format("there is no data center named '%s'", DATA_CENTER), 0) end
  for _, d in ipairs(system:data_centers_service():data_center_service(dc.id):storage_domains_service():list()) do
    if d.type == 'data' and d.status == 'active' then return d.name end
  end
  error('no active data storage domain in data center ' .. DATA_CENTER, 0)
end

local function scratch_vm()
  local vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-snapshot', cluster = types.Cluster{name = CLUSTER},
    template = types.Template{name = 'Blank'}})
  local svc = vms_service:vm_service(vm.id)
  undo[#undo + 1] = function()
    ovirt.wait_for(svc, 'down')
    svc:remove()
    ovirt.wait_for(svc, 'removed')
    print('removed scratch VM ' .. vm.name .. ' with its snapshots')
  end
  ovirt.wait_for(svc, 'down')
  local att = svc:disk_attachments_service():add(types.DiskAttachment{
    disk = types.Disk{name = vm.name .. '_Disk1', format = 'cow', provisioned_size = ovirt.GiB,
      storage_domains = {types.StorageDomain{name = data_domain()}}},
    interface = 'virtio_scsi', bootable = true, active = true,
  })
  ovirt.wait_for(system:disks_service():disk_service(att.disk.id), 'ok')
  print('created scratch VM ' .. vm.name .. ' with a 1 GiB disk')
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
  local snapshots_service = vms_service:vm_service(vm.id):snapshots_service()
  local snap = snapshots_service:add(types.Snapshot{description = description, persist_memorystate = memory})
  print(string.format("taking snapshot '%s' of %s (%s)", description, vm.name, snap.id))
  -- snapshots report snapshot_status, not status: wait with a predicate
  local snap_service = snapshots_service:snapshot_service(snap.id)
  snap = ovirt.wait_for(snap_service, function(s)
    if s == nil then error('the snapshot disappeared (the engine failed to take it; see its events)', 0) end
    return s.snapshot_status == types.SnapshotStatus.OK
  end, {timeout = 3600})
  local disks = snap_service:disks_service():list()
  print(string.format("snapshot '%s' of %s is %s: %d disk(s), memory %s, taken %s", snap.description, vm.name,
    snap.snapshot_status, #disks, snap.persist_memorystate and 'saved' or 'not saved', snap.date))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
