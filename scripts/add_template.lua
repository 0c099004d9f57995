#!/usr/bin/env ovirtsh
-- add_template.lua: make a template from a (stopped) virtual machine, choosing the format of
-- the template's disks, and wait until it is ok.
--
--   ovirtsh scripts/add_template.lua [VM [TEMPLATE [cow|raw]]]
--   go run ./cmd/ovirtsh scripts/add_template.lua vm2 tpl1   (the built-in simulator)
--
-- With VM, the template (default name VM-template) is created from it and kept; FORMAT
-- (default cow, thin qcow2; raw is preallocated) applies to every disk. Without VM, the script
-- shows the flow on a scratch VM with a 1 GiB disk and removes the VM and the template at the end.
-- Environment: OVIRT_CLUSTER (default Default) for the scratch VM, OVIRT_STORAGE_DOMAIN for its
-- disk (default: the first active data domain of $OVIRT_DATA_CENTER, default Default).
-- The Python SDK's add_template.py, in Lua.
-- Exit codes: 0 created, 1 engine error (the VM is running...), 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_template.lua [VM [TEMPLATE [cow|raw]]]

Creates TEMPLATE (default VM-template) from the stopped VM, its disks in FORMAT (default cow).
Without VM, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('add_template.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local format = arg[3] or 'cow'
if format ~= 'cow' and format ~= 'raw' then usage("FORMAT must be cow or raw, not " .. format) end
local vm_name = arg[1]
local template_name = arg[2] or (vm_name or 'ovirtsh-demo') .. '-template'
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'

local undo = {} -- what the demo created, undone in reverse order even when a step fails
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('add_template.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local vms_service = system:vms_service()
local templates_service = system:templates_service()

-- the storage domain for the scratch VM's disk: $OVIRT_STORAGE_DOMAIN or the first active data domain
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

local function scratch_vm()
  local vm = vms_service:add(types.Vm{name = 'ovirtsh-demo', cluster = types.Cluster{name = CLUSTER},
    template = types.Template{name = 'Blank'}})
  local svc = vms_service:vm_service(vm.id)
  undo[#undo + 1] = function()
    ovirt.wait_for(svc, 'down')
    svc:remove()
    ovirt.wait_for(svc, 'removed')
    print('removed scratch VM ' .. vm.name)
  end
  ovirt.wait_for(svc, 'down')
  local att = svc:disk_attachments_service():add(types.DiskAttachment{
    disk = types.Disk{name = 'ovirtsh-demo_Disk1', format = 'cow', provisioned_size = ovirt.GiB,
      storage_domains = {types.StorageDomain{name = data_domain()}}},
    interface = 'virtio_scsi', bootable = true, active = true,
  })
  ovirt.wait_for(system:disks_service():disk_service(att.disk.id), 'ok')
  print(string.format('created scratch VM %s with a 1 GiB disk', vm.name))
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
  local vm_service = vms_service:vm_service(vm.id)
  -- ask for the format of each of the VM's disks in the template
  local attachments = {}
  for _, a in ipairs(vm_service:disk_attachments_service():list()) do
    attachments[#attachments + 1] = types.DiskAttachment{disk = types.Disk{id = a.disk.id, format = format,
      sparse = format == 'cow'}}
  end
  local template = templates_service:add(types.Template{
    name = template_name,
    description = 'made from ' .. vm.name .. ' by add_template.lua',
    vm = types.Vm{id = vm.id, disk_attachments = attachments},
  })
  local template_service = templates_service:template_service(template.id)
  if not vm_name then
    undo[#undo + 1] = function()
      ovirt.wait_for(template_service, function(t) return t == nil or t.status ~= 'locked' end)
      template_service:remove()
      ovirt.wait_for(template_service, 'removed')
      print('removed template ' .. template_name)
    end
  end
  print(string.format('creating template %s (%s) from %s', template.name, template.id, vm.name))
  template = ovirt.wait_for(template_service, 'ok', {timeout = 3600})
  local disks = template_service:disk_attachments_service():list()
  for _, a in ipairs(disks) do
    local disk = system:disks_service():disk_service(a.disk.id):get()
    print(string.format('template disk %s: %d GiB, format %s', disk.name, disk.provisioned_size / ovirt.GiB, disk.format))
  end
  print(string.format('template %s is %s with %d disk(s)', template.name, template.status, #disks))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
