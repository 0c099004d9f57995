#!/usr/bin/env ovirtsh
-- add_vm_nic.lua: add a virtio network interface to a VM on a vNIC profile. The Python SDK's
-- add_vm_nic.py, in Lua. Without VM, adds it to a scratch VM and removes the VM.
--
--   ovirtsh scripts/add_vm_nic.lua [VM [NIC [PROFILE]]]
--   ovirtsh scripts/add_vm_nic.lua web1 nic2 prod
local a = ovirt.args{prog = 'ovirtsh scripts/add_vm_nic.lua',
  {name = 'vm', help = 'the VM'},
  {name = 'nic', help = 'the NIC to add (default nicN)'},
  {name = 'profile', default = 'ovirtmgmt', env = 'OVIRT_VNIC_PROFILE', help = 'the vNIC profile'},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER', help = 'of the scratch VM'},
}

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  vm = system:vms_service():add(types.Vm{name = 'ovirtsh-demo-nic', cluster = {name = a.cluster}, template = {name = 'Blank'}})
  local scratch = ovirt.service('vms', vm.id)
  ovirt.cleanup(function()
    ovirt.wait_for(scratch, function(v) return v == nil or v.status ~= 'image_locked' end)
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ' .. vm.name)
  end, 'remove scratch VM ' .. vm.name)
  print('created scratch VM ' .. vm.name)
  ovirt.wait_for(scratch, 'down')
end

-- the profile of that name on a network of the VM's cluster (each data center has an ovirtmgmt)
local networks, profile = {}, nil
for _, n in ipairs(ovirt.service('clusters', vm.cluster.id):networks_service():list()) do networks[n.id] = n end
for _, p in ipairs(system:vnic_profiles_service():list()) do
  if p.name == a.profile and networks[p.network.id] then profile = p end
end
if not profile then error(string.format("there is no vNIC profile '%s' on the networks of the VM's cluster", a.profile), 0) end
local nics_service = ovirt.service('vms', vm.id):nics_service()
local count = #nics_service:list()
local nic = nics_service:add(types.Nic{name = a.nic or 'nic' .. (count + 1), interface = 'virtio',
  vnic_profile = {id = profile.id}, plugged = true, linked = true})
print(string.format('added %s to %s: MAC %s, profile %s on network %s', nic.name, vm.name,
  nic.mac and nic.mac.address or '?', profile.name, networks[profile.network.id].name))
print(string.format('%s has %d NIC(s)', vm.name, count + 1))
