#!/usr/bin/env ovirtsh
-- add_logical_network.lua: create a VM network in a data center and assign it to a cluster. Without
-- NAME, creates ovirtsh-net (VLAN 10) and removes it. The Python SDK's add_logical_network.py, in Lua.
--
--   ovirtsh scripts/add_logical_network.lua [--data-center DC] [--cluster C] [NAME [VLAN [MTU]]]
--   ovirtsh scripts/add_logical_network.lua prod 100 9000
local a = ovirt.args{prog = 'ovirtsh scripts/add_logical_network.lua',
  {name = 'name', help = 'the network (at most 15 characters)'},
  {name = 'vlan', type = 'integer', help = 'VLAN tag, 1 to 4094',
    check = function(v) return v >= 1 and v <= 4094 and v or nil, 'is not from 1 to 4094' end},
  {name = 'mtu', type = 'integer', help = '68 to 9216'},
  {name = '--data-center', default = 'Default', env = 'OVIRT_DATA_CENTER'},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER'},
}
local vlan = a.vlan or (a.name == nil and 10 or nil)

local networks_service = system:networks_service()
local network = networks_service:add(types.Network{
  name = a.name or 'ovirtsh-net',
  description = 'added by add_logical_network.lua',
  data_center = types.DataCenter{name = a.data_center},
  usages = {types.NetworkUsage.VM},
  vlan = vlan and types.Vlan{id = vlan} or nil,
  mtu = a.mtu,
})
local network_service = networks_service:network_service(network.id)
if not a.name then
  ovirt.cleanup(function()
    network_service:remove()
    print('removed demo network ' .. network.name)
  end, 'remove demo network ' .. network.name)
end
print(string.format('created network %s (%s) in data center %s, VLAN %s, MTU %s', network.name, network.id,
  a.data_center, vlan or 'none', a.mtu or 'default'))

ovirt.service('clusters', a.cluster):networks_service():add(types.Network{
  id = network.id,
  required = false, -- hosts without it stay operational
})
print(string.format('assigned %s to cluster %s (not required)', network.name, a.cluster))

local profiles = {}
for _, p in ipairs(network_service:vnic_profiles_service():list()) do profiles[#profiles + 1] = p.name end
print(string.format('vNIC profiles of %s: %s', network.name, #profiles > 0 and table.concat(profiles, ', ') or 'none'))
