#!/usr/bin/env ovirtsh
-- vm_lifecycle.lua [name]: the VMs as a table, then a VM added, started, stopped and removed,
-- waiting for each status the way the Python SDK examples do.
--
--   go run ./cmd/ovirtsh scripts/vm_lifecycle.lua            (the built-in simulator)
--   OVIRT_URL=https://engine/ovirt-engine/api ovirtsh scripts/vm_lifecycle.lua my-test-vm
--
-- conn and system are ovirtsh's globals: the connection, opened on first use, and
-- conn:system_service().
local name = arg[1] or 'ovirtsh-demo'
local vms_service = system:vms_service()

ovirt.table(vms_service:list{max = 10})

local vm = vms_service:add(types.Vm{
  name = name,
  cluster = types.Cluster{name = 'Default'},
  template = types.Template{name = 'Blank'},
  memory = 1 * ovirt.GiB,
})
print(string.format('added %s (%s)', vm.name, vm.id))

local vm_service = vms_service:vm_service(vm.id)
ovirt.wait_for(vm_service, types.VmStatus.DOWN)
vm_service:start()
vm = ovirt.wait_for(vm_service, types.VmStatus.UP, {timeout = 120})
print(vm.name .. ' is ' .. vm.status)

vm_service:stop()
ovirt.wait_for(vm_service, 'down')
vm_service:remove()
ovirt.wait_for(vm_service, 'removed')
print('removed ' .. name)
