#!/usr/bin/env ovirtsh
-- asynchronous_inventory.lua: fetch the whole inventory (data centers, clusters, hosts,
-- storage domains, networks, VMs, then every VM's disks and NICs) with requests that run in
-- parallel, and print it as an outline.
--
--   ovirtsh scripts/asynchronous_inventory.lua [--serial]
--   go run ./cmd/ovirtsh scripts/asynchronous_inventory.lua   (the built-in simulator)
--
-- Every call takes wait=false and returns a future at once; ovirt.wait_all collects the
-- results. The top-level lists go out together, then the per-VM disk attachment and NIC lists
-- go out together (two per VM), so the time is about two round trips instead of 5 + 2 x VMs.
-- --serial makes the same requests one after the other, to compare. Disks are resolved from
-- the one list of all disks, not one request per disk.
-- The Python SDK's asynchronous_inventory.py, in Lua.
-- Exit codes: 0 printed, 1 engine error, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/asynchronous_inventory.lua [--serial]

Prints data centers, clusters, hosts, storage domains, networks and VMs with their disks and
NICs, fetched with parallel requests (--serial: one at a time, for comparison).
]=]
local function usage(msg)
  io.stderr:write('asynchronous_inventory.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
local serial = false
for _, a in ipairs(arg) do
  if a == '-h' or a == '--help' then io.write(USAGE) return end
  if a == '--serial' then serial = true else usage('unexpected argument ' .. a) end
end

local started = ovirt.now()
local requests = 0

-- call(svc, 'list', params) starts the request and returns a future (or, with --serial, a
-- finished stand-in with the same wait method)
local function call(svc, params)
  requests = requests + 1
  params = params or {}
  if serial then
    local result = svc:list(params)
    return {wait = function() return result end}
  end
  params.wait = false
  return svc:list(params)
end

local function wait_all(futures)
  if serial then
    local out = {}
    for i, f in ipairs(futures) do out[i] = f.wait() end
    return out
  end
  return ovirt.wait_all(futures)
end

-- 1: the top-level collections, together
local top = wait_all({
  call(system:data_centers_service()),
  call(system:clusters_service()),
  call(system:hosts_service()),
  call(system:storage_domains_service()),
  call(system:networks_service()),
  call(system:vms_service()),
  call(system:disks_service()),
})
local dcs, clusters, hosts, sds, networks, vms, disks = unpack(top)

-- 2: each VM's disk attachments and NICs, together
local per_vm = {}
for _, vm in ipairs(vms) do
  local vm_service = system:vms_service():vm_service(vm.id)
  per_vm[#per_vm + 1] = call(vm_service:disk_attachments_service())
  per_vm[#per_vm + 1] = call(vm_service:nics_service())
end
local results = wait_all(per_vm)
local elapsed = ovirt.now() - started

local function by_id(list)
  local t = {}
  for _, x in ipairs(list) do t[x.id] = x end
  return t
end
local disk_by_id, cluster_by_id, host_by_id = by_id(disks), by_id(clusters), by_id(hosts)
local function name_of(index, ref) return ref and index[ref.id] and index[ref.id].name or '-' end

for _, dc in ipairs(dcs) do
  print(string.format('data center %s (%s)', dc.name, dc.status or '?'))
  for _, cl in ipairs(clusters) do
    if cl.data_center and cl.data_center.id == dc.id then print(string.format('  cluster %s', cl.name)) end
  end
  for _, net in ipairs(networks) do
    if net.data_center and net.data_center.id == dc.id then
      print(string.format('  network %s%s', net.name, net.vlan and (' vlan ' .. net.vlan.id) or ''))
    end
  end
end
for _, h in ipairs(hosts) do
  print(string.format('host %s %s (%s) in cluster %s', h.name, h.address or '', h.status or '?', name_of(cluster_by_id, h.cluster)))
end
for _, sd in ipairs(sds) do
  print(string.format('storage domain %s %s, %d GiB free', sd.name, sd.type or '?', (sd.available or 0) / ovirt.GiB))
end
for i, vm in ipairs(vms) do
  local atts, nics = results[2 * i - 1], results[2 * i]
  print(string.format('vm %s (%s) on %s', vm.name, vm.status, vm.host and name_of(host_by_id, vm.host) or '-'))
  for _, a in ipairs(atts) do
    local d = disk_by_id[a.disk.id]
    print(string.format('  disk %s %g GiB%s', d and d.name or a.disk.id, d and d.provisioned_size / ovirt.GiB or 0,
      a.bootable and ' (boot)' or ''))
  end
  for _, n in ipairs(nics) do
    print(string.format('  nic %s %s', n.name, n.mac and n.mac.address or ''))
  end
end
print(string.format('%d data centers, %d clusters, %d hosts, %d storage domains, %d VMs: %d requests in %.2fs (%s)',
  #dcs, #clusters, #hosts, #sds, #vms, requests, elapsed, serial and 'serial' or 'parallel'))
