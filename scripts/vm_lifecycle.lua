#!/usr/bin/env ovirtsh
-- vm_lifecycle.lua: the VMs as a table, then a VM added, started, stopped and removed,
-- waiting for each status the way the Python SDK examples do.
-- conn and system are ovirtsh's globals: the connection, opened on first use, and its system service.
--
--   ovirtsh scripts/vm_lifecycle.lua [NAME]        (no engine configured: the built-in simulator)
local name = arg[1] or 'ovirtsh-demo'
local vms_service = system:vms_service()

-- follow: the engine sends each VM's cluster and host along, so the table names them
ovirt.table(vms_service:list{max = 10, follow = 'cluster,host'})

local vm = vms_service:add(types.Vm{name = name, cluster = types.Cluster{name = 'Default'},
  template = types.Template{name = 'Blank'}, memory = ovirt.size('1GiB')})
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
