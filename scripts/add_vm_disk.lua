#!/usr/bin/env ovirtsh
-- add_vm_disk.lua: create a disk attached to a virtual machine and wait until it is ok.
--
--   ovirtsh scripts/add_vm_disk.lua [VM [SIZE_GIB [DISK_NAME]]]
--   go run ./cmd/ovirtsh scripts/add_vm_disk.lua vm2 10       (the built-in simulator)
--
-- With VM, a thin-provisioned (qcow2) disk of SIZE_GIB (default 10) is created on a storage
-- domain and attached to the VM, active, on virtio-scsi; it is kept. DISK_NAME defaults to
-- VM_DiskN. Without VM, the script shows the flow on a scratch VM and removes it (and the disk).
-- Environment: OVIRT_STORAGE_DOMAIN (default: the first active data domain of
-- $OVIRT_DATA_CENTER, default Default), OVIRT_CLUSTER (default Default) for the scratch VM.
-- The Python SDK's add_vm_disk.py, in Lua.
-- Exit codes: 0 disk ok, 1 engine error or timeout, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_vm_disk.lua [VM [SIZE_GIB [DISK_NAME]]]

Adds a SIZE_GIB (default 10) thin disk to VM on $OVIRT_STORAGE_DOMAIN and waits until it is ok.
Without VM, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('add_vm_disk.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local vm_name, size, disk_name = arg[1], 10, arg[3]
if arg[2] then
  size = tonumber(arg[2])
  if not size or size <= 0 then usage('SIZE_GIB must be a positive number, not ' .. arg[2]) end
end
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'

local undo = {} -- what the demo created, undone in reverse order even when a step fails
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('add_vm_disk.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local vms_service = system:vms_service()

-- $OVIRT_STORAGE_DOMAIN, else the first active data domain of the data center
local function data_domain()
  local name = os.getenv('OVIRT_STORAGE_DOMAIN')
  if name and name ~= '' then return name end
  local dc = ovirt.find(system:data_centers_service(), DATA_CENTER)
  if not dc then error(string.format("there is no data center named '%s'", DATA_CENTER), 0) end
  for _, sd in ipairs(system:data_centers_service():data_center_service(dc.id):storage_domains_service():list()) do
    if sd.type == 'data' and sd.status == 'active' then return sd.name end
  end
  error('no active data storage domain in data center ' .. DATA_CENTER, 0)
end

local function main()
  local vm
  if vm_name then
    vm = ovirt.find(vms_service, vm_name)
    if not vm then error(string.format("there is no VM named '%s'", vm_name), 0) end
  else
    vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-disk', cluster = types.Cluster{name = CLUSTER},
      template = types.Template{name = 'Blank'}})
    local scratch = vms_service:vm_service(vm.id)
    undo[#undo + 1] = function()
      ovirt.wait_for(scratch, function(v) return v == nil or v.status == 'down' end)
      scratch:remove() -- its disks go with it
      ovirt.wait_for(scratch, 'removed')
      print('removed scratch VM ' .. vm.name .. ' and its disks')
    end
    print('created scratch VM ' .. vm.name)
    ovirt.wait_for(scratch, 'down')
  end
  local attachments_service = vms_service:vm_service(vm.id):disk_attachments_service()
  disk_name = disk_name or string.format('%s_Disk%d', vm.name, #attachments_service:list() + 1)
  local sd = data_domain()
  local attachment = attachments_service:add(types.DiskAttachment{
    disk = types.Disk{
      name = disk_name,
      description = 'added by add_vm_disk.lua',
      format = types.DiskFormat.COW, -- thin: space is allocated as the guest writes
      provisioned_size = math.floor(size * ovirt.GiB),
      storage_domains = {types.StorageDomain{name = sd}},
    },
    interface = types.DiskInterface.VIRTIO_SCSI,
    bootable = false,
    active = true,
  })
  local disk_service = system:disks_service():disk_service(attachment.disk.id)
  local disk = ovirt.wait_for(disk_service, 'ok', {timeout = 1800})
  print(string.format('disk %s (%s): %g GiB %s on %s, attached to %s, status %s',
    disk.name, disk.id, disk.provisioned_size / ovirt.GiB, disk.format, sd, vm.name, disk.status))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
