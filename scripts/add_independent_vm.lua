#!/usr/bin/env ovirtsh
-- add_independent_vm.lua: create a virtual machine whose disks are full copies of its
-- template's (clone=true), so it does not depend on the template afterwards.
--
--   ovirtsh scripts/add_independent_vm.lua [NAME [TEMPLATE]]
--   go run ./cmd/ovirtsh scripts/add_independent_vm.lua web1 Blank   (the built-in simulator)
--
-- With NAME, the VM is created and kept; TEMPLATE defaults to $OVIRT_TEMPLATE, else Blank
-- (which has no disks: use a template made with add_template.lua to see disks copied). Without
-- NAME, the script creates ovirtsh-demo-independent and removes it at the end.
-- Environment: OVIRT_CLUSTER (default Default), OVIRT_TEMPLATE.
-- The Python SDK's add_independet_vm.py, in Lua.
-- Exit codes: 0 created, 1 engine error, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_independent_vm.lua [NAME [TEMPLATE]]

Creates VM NAME from TEMPLATE (default $OVIRT_TEMPLATE, else Blank) with cloned disks.
Without NAME, creates and then removes a demo VM.
]=]
local function usage(msg)
  io.stderr:write('add_independent_vm.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 2 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local demo = arg[1] == nil
local name = arg[1] or 'ovirtsh-demo-independent'
local template_name = arg[2] or os.getenv('OVIRT_TEMPLATE') or 'Blank'
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'

local vms_service = system:vms_service()
local demo_service -- the demo VM, removed at the end even when a step fails

local function main()
  local template = ovirt.find(system:templates_service(), template_name)
  if not template then error(string.format("there is no template named '%s'", template_name), 0) end
  local template_disks = {}
  for _, a in ipairs(system:templates_service():template_service(template.id):disk_attachments_service():list()) do
    template_disks[a.disk.id] = true
  end

  -- clone=true: copy the template's disks instead of layering thin disks on top of them
  local vm = vms_service:add(types.Vm{
    name = name,
    cluster = types.Cluster{name = CLUSTER},
    template = types.Template{id = template.id},
  }, {clone = true})
  print(string.format('created %s (%s) from template %s with cloned disks', vm.name, vm.id, template.name))
  local vm_service = vms_service:vm_service(vm.id)
  if demo then demo_service = vm_service end
  vm = ovirt.wait_for(vm_service, 'down', {timeout = 3600})

  local attachments = vm_service:disk_attachments_service():list()
  for _, a in ipairs(attachments) do
    local disk = system:disks_service():disk_service(a.disk.id):get()
    print(string.format('disk %s: %d GiB %s, %s, %s', disk.name, disk.provisioned_size / ovirt.GiB, disk.format,
      disk.status, template_disks[disk.id] and 'shared with the template' or 'independent copy'))
  end
  print(string.format('%s is %s with %d disk(s)', vm.name, vm.status, #attachments))
end

local ok, err = pcall(main)
if demo_service then
  local cok, cerr = pcall(function()
    ovirt.wait_for(demo_service, 'down')
    demo_service:remove()
    ovirt.wait_for(demo_service, 'removed')
    print('removed demo VM ' .. name)
  end)
  if not cok then io.stderr:write('add_independent_vm.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
