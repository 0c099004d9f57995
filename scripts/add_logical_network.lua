#!/usr/bin/env ovirtsh
-- add_logical_network.lua: create a logical VM network in a data center, optionally on a VLAN,
-- and assign it to a cluster.
--
--   ovirtsh scripts/add_logical_network.lua [NAME [VLAN [MTU]]]
--   go run ./cmd/ovirtsh scripts/add_logical_network.lua prod-net 100 9000   (the built-in simulator)
--
-- With NAME, the network is created in $OVIRT_DATA_CENTER (default Default), tagged with VLAN
-- (default: none) and MTU (default: the engine's), assigned to $OVIRT_CLUSTER (default Default)
-- as not required, and kept; the engine gives it a vNIC profile of the same name, which
-- add_vm_nic.lua can use. Without NAME, the script creates ovirtsh-net on VLAN 10 and
-- removes it at the end. Hosts still need the network on a NIC (setup networks) to run VMs on it.
-- The Python SDK's add_logical_network.py, in Lua.
-- Exit codes: 0 created, 1 engine error (name in use...), 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_logical_network.lua [NAME [VLAN [MTU]]]

Creates VM network NAME (VLAN 1-4094, MTU 68-9216) in $OVIRT_DATA_CENTER and assigns it to
$OVIRT_CLUSTER. Without NAME, creates and then removes a demo network.
]=]
local function usage(msg)
  io.stderr:write('add_logical_network.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local function whole(s, what, lo, hi)
  local n = tonumber(s)
  if not n or n ~= math.floor(n) or n < lo or n > hi then
    usage(string.format('%s must be a whole number from %d to %d, not %s', what, lo, hi, s))
  end
  return n
end
local demo = arg[1] == nil
local name = arg[1] or 'ovirtsh-net'
if #name > 15 then usage('network names have at most 15 characters: ' .. name) end
local vlan = arg[2] and whole(arg[2], 'VLAN', 1, 4094) or (demo and 10 or nil)
local mtu = arg[3] and whole(arg[3], 'MTU', 68, 9216) or nil
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'

local networks_service = system:networks_service()
local demo_service -- the demo network, removed at the end even when a step fails

local function main()
  local network = networks_service:add(types.Network{
    name = name,
    description = 'added by add_logical_network.lua',
    data_center = types.DataCenter{name = DATA_CENTER},
    usages = {types.NetworkUsage.VM},
    vlan = vlan and types.Vlan{id = vlan} or nil,
    mtu = mtu,
  })
  if demo then demo_service = networks_service:network_service(network.id) end
  print(string.format('created network %s (%s) in data center %s, VLAN %s, MTU %s', network.name, network.id,
    DATA_CENTER, vlan or 'none', (mtu and mtu > 0) and mtu or 'default'))

  local cluster = ovirt.find(system:clusters_service(), CLUSTER)
  if not cluster then error(string.format("there is no cluster named '%s'", CLUSTER), 0) end
  system:clusters_service():cluster_service(cluster.id):networks_service():add(types.Network{
    id = network.id,
    required = false, -- hosts without it stay operational
  })
  print(string.format('assigned %s to cluster %s (not required)', network.name, cluster.name))

  local profiles = {}
  for _, p in ipairs(networks_service:network_service(network.id):vnic_profiles_service():list()) do
    profiles[#profiles + 1] = p.name
  end
  print(string.format('vNIC profiles of %s: %s', network.name, #profiles > 0 and table.concat(profiles, ', ') or 'none'))
end

local ok, err = pcall(main)
if demo_service then
  local cok, cerr = pcall(function()
    demo_service:remove()
    print('removed demo network ' .. name)
  end)
  if not cok then io.stderr:write('add_logical_network.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
