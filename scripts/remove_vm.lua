#!/usr/bin/env ovirtsh
-- remove_vm.lua: remove a virtual machine, with its disks unless told to keep them.
--
--   ovirtsh scripts/remove_vm.lua [--force] [--keep-disks] [VM]
--   go run ./cmd/ovirtsh scripts/remove_vm.lua vm2     (the built-in simulator has vm2 down)
--
-- With VM, removes that VM and waits until it is gone. A running VM is refused unless --force,
-- which stops it first. --keep-disks detaches the disks instead of removing them. Without VM,
-- it shows the flow on a scratch VM (ovirtsh-demo-remove) that it creates and then removes.
-- Environment: OVIRT_CLUSTER (default Default), OVIRT_TEMPLATE (default Blank) for the scratch
-- VM. The Python SDK's remove_vm.py, in Lua.
-- Exit codes: 0 removed, 1 engine error or VM running, 2 bad arguments.

local USAGE = [[
usage: ovirtsh scripts/remove_vm.lua [--force] [--keep-disks] [VM]

Removes VM (--force: stops it first if it runs; --keep-disks: keeps its disks, detached).
Without VM, demonstrates on a scratch VM.
]]
local function usage(msg)
  io.stderr:write('remove_vm.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
local force, keep_disks, names = false, false, {}
for _, a in ipairs(arg) do
  if a == '-h' or a == '--help' then io.write(USAGE) return end
  if a == '--force' then
    force = true
  elseif a == '--keep-disks' then
    keep_disks = true
  elseif a:sub(1, 1) == '-' then
    usage('unknown option ' .. a)
  else
    names[#names + 1] = a
  end
end
if #names > 1 then usage('too many arguments') end
local name = names[1]
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local TEMPLATE = os.getenv('OVIRT_TEMPLATE') or 'Blank'

local vms_service = system:vms_service()
local vm
if name then
  vm = ovirt.find(vms_service, name)
  if not vm then error(string.format("there is no VM named '%s'", name), 0) end
else
  vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-remove', cluster = types.Cluster{name = CLUSTER},
    template = types.Template{name = TEMPLATE}})
  print(string.format('created scratch VM %s (%s)', vm.name, vm.id))
  vm = ovirt.wait_for(vms_service:vm_service(vm.id), 'down')
end

local vm_service = vms_service:vm_service(vm.id)
if vm.status ~= 'down' then
  if not force then
    error(string.format('%s is %s: stop it first, or pass --force to stop it here', vm.name, vm.status), 0)
  end
  vm_service:stop()
  ovirt.wait_for(vm_service, 'down')
  print(vm.name .. ' stopped')
end
local disks = #vm_service:disk_attachments_service():list()
vm_service:remove{detach_only = keep_disks}
ovirt.wait_for(vm_service, 'removed')
if keep_disks then
  print(string.format('removed %s (%s); its %d disk(s) were kept', vm.name, vm.id, disks))
else
  print(string.format('removed %s (%s) and its %d disk(s)', vm.name, vm.id, disks))
end
