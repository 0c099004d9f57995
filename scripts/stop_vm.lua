#!/usr/bin/env ovirtsh
-- stop_vm.lua: stop (power off) a virtual machine, or shut it down gracefully, and wait until
-- it is down.
--
--   ovirtsh scripts/stop_vm.lua [--graceful] [VM]
--   go run ./cmd/ovirtsh scripts/stop_vm.lua vm1       (the built-in simulator has vm1 up)
--
-- With VM, stops that VM (already down: nothing to do). --graceful asks the guest OS to shut
-- down instead of cutting the power. Without VM, it shows the flow on a scratch VM
-- (ovirtsh-demo-stop) that it creates, starts, stops and removes.
-- Environment: OVIRT_CLUSTER (default Default), OVIRT_TEMPLATE (default Blank) for the scratch
-- VM. The Python SDK's stop_vm.py, in Lua.
-- Exit codes: 0 down, 1 engine error or timeout, 2 bad arguments.

local USAGE = [[
usage: ovirtsh scripts/stop_vm.lua [--graceful] [VM]

Stops VM (--graceful: shuts its guest OS down) and waits until it is down. Without VM,
demonstrates on a scratch VM.
]]
local function usage(msg)
  io.stderr:write('stop_vm.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
local graceful, names = false, {}
for _, a in ipairs(arg) do
  if a == '-h' or a == '--help' then io.write(USAGE) return end
  if a == '--graceful' then
    graceful = true
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

local undo = {} -- what this run created, undone in reverse order even when a step fails
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('stop_vm.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local vms_service = system:vms_service()

local function main()
  local vm
  if name then
    vm = ovirt.find(vms_service, name)
    if not vm then error(string.format("there is no VM named '%s'", name), 0) end
  else
    vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-stop', cluster = types.Cluster{name = CLUSTER},
      template = types.Template{name = TEMPLATE}})
    local scratch = vms_service:vm_service(vm.id)
    undo[#undo + 1] = function()
      ovirt.wait_for(scratch, 'down')
      scratch:remove()
      ovirt.wait_for(scratch, 'removed')
      print('removed scratch VM ovirtsh-demo-stop')
    end
    print(string.format('created scratch VM %s (%s)', vm.name, vm.id))
    ovirt.wait_for(scratch, 'down')
    scratch:start()
    vm = ovirt.wait_for(scratch, 'up')
    print(vm.name .. ' is up')
  end
  local vm_service = vms_service:vm_service(vm.id)
  if vm.status == 'down' then
    print(vm.name .. ' is already down')
    return
  end
  local started = ovirt.now()
  if graceful then
    vm_service:shutdown()
  else
    vm_service:stop()
  end
  vm = ovirt.wait_for(vm_service, 'down', {
    timeout = 600,
    on_change = function(_, status) print(string.format('%s: %s', vm.name, status)) end,
  })
  print(string.format('%s is down after %.1fs (%s)', vm.name, ovirt.now() - started, graceful and 'shut down' or 'powered off'))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
