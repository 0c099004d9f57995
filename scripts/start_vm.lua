#!/usr/bin/env ovirtsh
-- start_vm.lua: start a VM and wait until it is up. Without VM, starts a scratch VM and removes
-- it at the end, even when a step fails. The Python SDK's start_vm.py, in Lua.
--
--   ovirtsh scripts/start_vm.lua [VM]
local a = ovirt.args{prog = 'ovirtsh scripts/start_vm.lua', usage = 'Starts VM and waits until it is up.',
  {name = 'vm', help = 'a VM name or id (default: a scratch VM)'},
  {name = '--cluster', env = 'OVIRT_CLUSTER', default = 'Default', help = 'for the scratch VM'},
  {name = '--template', env = 'OVIRT_TEMPLATE', default = 'Blank', help = 'for the scratch VM'},
}
local vms_service = system:vms_service()

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-start', cluster = types.Cluster{name = a.cluster},
    template = types.Template{name = a.template}})
  local scratch = vms_service:vm_service(vm.id)
  ovirt.cleanup(function()
    if ovirt.wait_for(scratch, function(v) return v.status ~= 'image_locked' end).status ~= 'down' then
      scratch:stop()
      ovirt.wait_for(scratch, 'down')
    end
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ovirtsh-demo-start')
  end, 'remove ovirtsh-demo-start')
  print(string.format('created scratch VM %s (%s)', vm.name, vm.id))
  vm = ovirt.wait_for(scratch, 'down')
end
if vm.status == 'up' then print(vm.name .. ' is already up') return end

local vm_service = vms_service:vm_service(vm.id)
local started = ovirt.now()
vm_service:start()
vm = ovirt.wait_for(vm_service, 'up', {timeout = 600,
  on_change = function(_, status) print(vm.name .. ': ' .. status) end})
print(string.format('%s is up on %s after %.1fs', vm.name, conn:follow_link(vm.host).name, ovirt.now() - started))
