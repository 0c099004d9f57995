#!/usr/bin/env ovirtsh
-- extend_disk.lua: grow a virtual machine's disk and wait until the new size is in place.
--
--   ovirtsh scripts/extend_disk.lua [VM [SIZE [DISK]]]
--   go run ./cmd/ovirtsh scripts/extend_disk.lua vm2 +10      (the built-in simulator)
--
-- SIZE is the new size in GiB (40) or the growth (+10); the default is +1. DISK is the disk's
-- name; the default is the VM's bootable disk, else its first. Disks only grow: a smaller size
-- is refused by the engine. The size changes through the VM's disk attachment, as the engine
-- wants for attached disks. Without VM, the script shows the flow on a scratch VM with a 1 GiB
-- disk and removes it at the end.
-- Environment: OVIRT_CLUSTER, OVIRT_STORAGE_DOMAIN, OVIRT_DATA_CENTER for the scratch VM.
-- The Python SDK's extend_disk.py, in Lua.
-- Exit codes: 0 extended, 1 engine error (shrinking...), 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/extend_disk.lua [VM [SIZE [DISK]]]

Grows DISK (default: the bootable one) of VM to SIZE GiB, or by +SIZE GiB (default +1).
Without VM, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('extend_disk.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local vm_name, size_arg, disk_name = arg[1], arg[2] or '+1', arg[3]
local grow = size_arg:sub(1, 1) == '+'
local size = tonumber(grow and size_arg:sub(2) or size_arg)
if not size or size <= 0 then usage('SIZE must be GiB (40) or +GiB (+10), not ' .. size_arg) end
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'

local undo = {} -- what the demo created, undone in reverse order even when a step fails
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('extend_disk.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local vms_service = system:vms_service()
local disks_service = system:disks_service()

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
  local vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-extend', cluster = types.Cluster{name = CLUSTER},
    template = types.Template{name = 'Blank'}})
  local svc = vms_service:vm_service(vm.id)
  undo[#undo + 1] = function()
    for _, a in ipairs(svc:disk_attachments_service():list()) do
      ovirt.wait_for(disks_service:disk_service(a.disk.id), function(d) return d == nil or d.status ~= 'locked' end)
    end
    ovirt.wait_for(svc, 'down')
    svc:remove()
    ovirt.wait_for(svc, 'removed')
    print('removed scratch VM ' .. vm.name .. ' and its disk')
  end
  ovirt.wait_for(svc, 'down')
  local att = svc:disk_attachments_service():add(types.DiskAttachment{
    disk = types.Disk{name = vm.name .. '_Disk1', format = 'cow', provisioned_size = ovirt.GiB,
      storage_domains = {types.StorageDomain{name = data_domain()}}},
    interface = 'virtio_scsi', bootable = true, active = true,
  })
  ovirt.wait_for(disks_service:disk_service(att.disk.id), 'ok')
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
  local attachments_service = vms_service:vm_service(vm.id):disk_attachments_service()
  local chosen, disk
  for _, a in ipairs(attachments_service:list()) do
    local d = disks_service:disk_service(a.disk.id):get()
    if (disk_name and d.name == disk_name) or (not disk_name and (chosen == nil or (a.bootable and not chosen.bootable))) then
      chosen, disk = a, d
    end
  end
  if not chosen then
    error(string.format('%s has no disk%s', vm.name, disk_name and (" named '" .. disk_name .. "'") or ''), 0)
  end
  local old = disk.provisioned_size
  local new = grow and old + math.floor(size * ovirt.GiB) or math.floor(size * ovirt.GiB)
  attachments_service:attachment_service(chosen.id):update(types.DiskAttachment{
    disk = types.Disk{provisioned_size = new},
  })
  disk = ovirt.wait_for(disks_service:disk_service(disk.id), 'ok', {timeout = 1800})
  print(string.format('disk %s of %s: %g GiB -> %g GiB, status %s', disk.name, vm.name,
    old / ovirt.GiB, disk.provisioned_size / ovirt.GiB, disk.status))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
