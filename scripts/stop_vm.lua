#!/usr/bin/env ovirtsh
-- stop_vm.lua: power a VM off (or with --graceful, ask its guest OS to shut down) and wait until
-- it is down. Without VM, starts, stops and removes a scratch VM. The Python SDK's stop_vm.py.
--
--   ovirtsh scripts/stop_vm.lua [--graceful] [VM]
local a = ovirt.args{prog = 'ovirtsh scripts/stop_vm.lua', usage = 'Stops VM and waits until it is down.',
  {name = 'vm', help = 'a VM name or id (default: a scratch VM)'},
  {name = '--graceful', type = 'boolean', help = 'shut the guest OS down'},
  {name = '--cluster', env = 'OVIRT_CLUSTER', default = 'Default', help = 'for the scratch VM'},
  {name = '--template', env = 'OVIRT_TEMPLATE', default = 'Blank', help = 'for the scratch VM'},
}
local vms_service = system:vms_service()

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-stop', cluster = types.Cluster{name = a.cluster},
    template = types.Template{name = a.template}})
  local scratch = vms_service:vm_service(vm.id)
  ovirt.cleanup(function()
    ovirt.wait_for(scratch, 'down')
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ovirtsh-demo-stop')
  end, 'remove ovirtsh-demo-stop')
  print(string.format('created scratch VM %s (%s)', vm.name, vm.id))
  ovirt.wait_for(scratch, 'down')
  scratch:start()
  vm = ovirt.wait_for(scratch, 'up')
  print(vm.name .. ' is up')
end
if vm.status == 'down' then print(vm.name .. ' is already down') return end

local vm_service = vms_service:vm_service(vm.id)
local started = ovirt.now()
if a.graceful then vm_service:shutdown() else vm_service:stop() end
vm = ovirt.wait_for(vm_service, 'down', {timeout = 600,
  on_change = function(_, status) print(vm.name .. ': ' .. status) end})
print(string.format('%s is down after %.1fs (%s)', vm.name, ovirt.now() - started,
  a.graceful and 'shut down' or 'powered off'))
