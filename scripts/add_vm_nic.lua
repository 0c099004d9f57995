#!/usr/bin/env ovirtsh
-- add_vm_nic.lua: add a network interface to a virtual machine, on a vNIC profile (the logical
-- network and its settings).
--
--   ovirtsh scripts/add_vm_nic.lua [VM [NIC_NAME [PROFILE]]]
--   go run ./cmd/ovirtsh scripts/add_vm_nic.lua vm2 nic2 ovirtmgmt   (the built-in simulator)
--
-- With VM, the NIC (default name nicN, the next free number) is added, virtio, plugged and
-- linked, and kept. PROFILE defaults to $OVIRT_VNIC_PROFILE, else ovirtmgmt; when several
-- networks have a profile of that name, the one of the VM's data center is used. Without VM,
-- the script shows the flow on a scratch VM and removes it at the end.
-- Environment: OVIRT_VNIC_PROFILE, OVIRT_CLUSTER (default Default) for the scratch VM.
-- The Python SDK's add_vm_nic.py, in Lua.
-- Exit codes: 0 added, 1 engine error or unknown profile, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_vm_nic.lua [VM [NIC_NAME [PROFILE]]]

Adds NIC_NAME (default nicN) on vNIC profile PROFILE (default ovirtmgmt) to VM.
Without VM, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('add_vm_nic.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local vm_name, nic_name = arg[1], arg[2]
local profile_name = arg[3] or os.getenv('OVIRT_VNIC_PROFILE') or 'ovirtmgmt'

local vms_service = system:vms_service()
local scratch -- the demo VM's service, removed at the end even when a step fails

-- the vNIC profile named profile_name whose network is in the data center of cluster_id
local function find_profile(cluster_id)
  local cluster = system:clusters_service():cluster_service(cluster_id):get()
  local candidates = {}
  for _, p in ipairs(system:vnic_profiles_service():list()) do
    if p.name == profile_name then candidates[#candidates + 1] = p end
  end
  for _, p in ipairs(candidates) do
    local net = system:networks_service():network_service(p.network.id):get()
    if net.data_center and cluster.data_center and net.data_center.id == cluster.data_center.id then
      return p, net
    end
  end
  error(string.format("there is no vNIC profile '%s' in the data center of cluster %s", profile_name, cluster.name), 0)
end

local function main()
  local vm
  if vm_name then
    vm = ovirt.find(vms_service, vm_name)
    if not vm then error(string.format("there is no VM named '%s'", vm_name), 0) end
  else
    vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-nic', cluster = types.Cluster{name = os.getenv('OVIRT_CLUSTER') or 'Default'},
      template = types.Template{name = 'Blank'}})
    scratch = vms_service:vm_service(vm.id)
    print('created scratch VM ' .. vm.name)
    ovirt.wait_for(scratch, 'down')
  end
  local nics_service = vms_service:vm_service(vm.id):nics_service()
  local existing = nics_service:list()
  if not nic_name then
    local taken = {}
    for _, n in ipairs(existing) do taken[n.name] = true end
    local i = 1
    while taken['nic' .. i] do i = i + 1 end
    nic_name = 'nic' .. i
  end
  local profile, network = find_profile(vm.cluster.id)
  local nic = nics_service:add(types.Nic{
    name = nic_name,
    interface = types.NicInterface.VIRTIO,
    vnic_profile = types.VnicProfile{id = profile.id},
    plugged = true,
    linked = true,
  })
  print(string.format('added %s to %s: MAC %s, profile %s on network %s', nic.name, vm.name,
    nic.mac and nic.mac.address or '?', profile.name, network.name))
  print(string.format('%s has %d NIC(s)', vm.name, #existing + 1))
end

local ok, err = pcall(main)
if scratch then
  local cok, cerr = pcall(function()
    ovirt.wait_for(scratch, function(v) return v == nil or v.status ~= 'image_locked' end)
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ovirtsh-demo-nic')
  end)
  if not cok then io.stderr:write('add_vm_nic.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
