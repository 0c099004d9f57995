#!/usr/bin/env ovirtsh
-- start_vm.lua: start a virtual machine and wait until it is up.
--
--   ovirtsh scripts/start_vm.lua [VM]
--   go run ./cmd/ovirtsh scripts/start_vm.lua vm2      (the built-in simulator has vm1 up, vm2 down)
--
-- With VM, starts that VM (already up: nothing to do) and prints where it runs. Without, it
-- shows the flow on a scratch VM (ovirtsh-demo-start) that it creates, starts, stops and removes.
-- Environment: OVIRT_CLUSTER (default Default) and OVIRT_TEMPLATE (default Blank) for the
-- scratch VM. The Python SDK's start_vm.py, in Lua.
-- Exit codes: 0 up, 1 engine error or timeout, 2 bad arguments.

local USAGE = [[
usage: ovirtsh scripts/start_vm.lua [VM]

Starts VM and waits until it is up. Without VM, demonstrates on a scratch VM.
]]
local function usage(msg)
  io.stderr:write('start_vm.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 1 then usage('too many arguments') end
local name = arg[1]
if name and (name == '' or name:sub(1, 1) == '-') then usage('bad VM name ' .. name) end
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local TEMPLATE = os.getenv('OVIRT_TEMPLATE') or 'Blank'

-- what this run created, undone in reverse order even when a step fails
local undo = {}
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('start_vm.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local vms_service = system:vms_service()

local function remove_vm(vm_service)
  local vm = ovirt.wait_for(vm_service, function(vm) return vm == nil or vm.status ~= 'image_locked' end)
  if vm == nil then return end
  if vm.status ~= 'down' then
    vm_service:stop()
    ovirt.wait_for(vm_service, 'down')
  end
  vm_service:remove()
  ovirt.wait_for(vm_service, 'removed')
  print('removed scratch VM ' .. vm.name)
end

local function main()
  local vm
  if name then
    vm = ovirt.find(vms_service, name)
    if not vm then error(string.format("there is no VM named '%s'", name), 0) end
  else
    vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-start', cluster = types.Cluster{name = CLUSTER},
      template = types.Template{name = TEMPLATE}})
    local scratch = vms_service:vm_service(vm.id)
    undo[#undo + 1] = function() remove_vm(scratch) end
    print(string.format('created scratch VM %s (%s)', vm.name, vm.id))
    vm = ovirt.wait_for(scratch, 'down')
  end
  local vm_service = vms_service:vm_service(vm.id)
  if vm.status == 'up' then
    print(string.format('%s is already up', vm.name))
    return
  end
  local started = ovirt.now()
  vm_service:start()
  vm = ovirt.wait_for(vm_service, 'up', {
    timeout = 600,
    on_change = function(_, status) print(string.format('%s: %s', vm.name, status)) end,
  })
  local host = vm.host and conn:follow_link(vm.host)
  print(string.format('%s is up on %s after %.1fs', vm.name, host and host.name or '?', ovirt.now() - started))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
