#!/usr/bin/env ovirtsh
-- add_vm.lua: create a virtual machine from a template and wait until its disks are ready
-- (status down).
--
--   ovirtsh scripts/add_vm.lua [NAME [MEMORY_MIB]]
--   OVIRT_TEMPLATE=rhel9 ovirtsh scripts/add_vm.lua web1 4096
--   go run ./cmd/ovirtsh scripts/add_vm.lua web1        (the built-in simulator)
--
-- With NAME, the VM is created and kept. Without, the script creates ovirtsh-demo-vm and
-- removes it at the end. MEMORY_MIB defaults to the template's memory.
-- Environment: OVIRT_CLUSTER (default Default), OVIRT_TEMPLATE (default Blank).
-- The Python SDK's add_vm.py, in Lua.
-- Exit codes: 0 created, 1 engine error (a name in use, an unknown template...), 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_vm.lua [NAME [MEMORY_MIB]]

Creates VM NAME from $OVIRT_TEMPLATE (default Blank) in $OVIRT_CLUSTER (default Default).
Without NAME, creates and then removes a demo VM.
]=]
local function usage(msg)
  io.stderr:write('add_vm.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 2 then usage('too many arguments') end
local name, memory = arg[1], nil
if name and (name == '' or name:sub(1, 1) == '-') then usage('bad VM name ' .. name) end
if arg[2] then
  memory = tonumber(arg[2])
  if not memory or memory < 1 or memory ~= math.floor(memory) then usage('MEMORY_MIB must be a positive whole number, not ' .. arg[2]) end
  memory = memory * ovirt.MiB
end
local demo = name == nil
name = name or 'ovirtsh-demo-vm'
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local TEMPLATE = os.getenv('OVIRT_TEMPLATE') or 'Blank'

local vms_service = system:vms_service()
local demo_service -- the demo VM, removed at the end even when a step fails

local function main()
  local vm = vms_service:add(types.Vm{
    name = name,
    cluster = types.Cluster{name = CLUSTER},
    template = types.Template{name = TEMPLATE},
    memory = memory, -- nil: the template's
  })
  print(string.format('created %s (%s), status %s', vm.name, vm.id, vm.status))
  local vm_service = vms_service:vm_service(vm.id)
  if demo then demo_service = vm_service end
  -- the engine copies the template's disks first; the VM is image_locked until then
  vm = ovirt.wait_for(vm_service, 'down', {timeout = 1800})
  local disks = vm_service:disk_attachments_service():list()
  print(string.format('%s is down: %d MiB memory, %d disk(s), cluster %s, template %s',
    vm.name, vm.memory / ovirt.MiB, #disks, CLUSTER, TEMPLATE))
end

local ok, err = pcall(main)
if demo_service then
  local cok, cerr = pcall(function()
    ovirt.wait_for(demo_service, 'down')
    demo_service:remove()
    ovirt.wait_for(demo_service, 'removed')
    print('removed demo VM ' .. name)
  end)
  if not cok then io.stderr:write('add_vm.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
