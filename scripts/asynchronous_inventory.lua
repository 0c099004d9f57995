#!/usr/bin/env ovirtsh
-- asynchronous_inventory.lua: fetch the whole inventory (data centers, clusters, hosts, storage
-- domains, networks, VMs, then every VM's disks and NICs) with requests that run in parallel,
-- and print it as an outline. The Python SDK's asynchronous_inventory.py, in Lua.
--
--   ovirtsh scripts/asynchronous_inventory.lua [--serial]
-- A call with wait=false returns a future at once; ovirt.wait_all collects the results: two
-- round trips instead of 7 + 2 x VMs.
local a = ovirt.args{prog = 'ovirtsh scripts/asynchronous_inventory.lua',
  {name = '--serial', type = 'boolean', help = 'one request at a time, to compare'},
}
local started, requests = ovirt.now(), 0

-- lists every service at once, or one after the other with --serial
local function list_all(services)
  requests = requests + #services
  local out = {}
  for i, svc in ipairs(services) do out[i] = a.serial and svc:list() or svc:list{wait = false} end
  return a.serial and out or ovirt.wait_all(out)
end

local dcs, clusters, hosts, sds, networks, vms, disks = unpack(list_all{
  system:data_centers_service(), system:clusters_service(), system:hosts_service(),
  system:storage_domains_service(), system:networks_service(), system:vms_service(), system:disks_service(),
})
local per_vm = {}
for _, vm in ipairs(vms) do
  local vm_service = ovirt.service('vms', vm.id) -- an id: no request
  per_vm[#per_vm + 1] = vm_service:disk_attachments_service()
  per_vm[#per_vm + 1] = vm_service:nics_service()
end
per_vm = list_all(per_vm)
local elapsed = ovirt.now() - started

local function names(list) local t = {} for _, x in ipairs(list) do t[x.id] = x end return t end
local disk_by_id, cluster_by_id, host_by_id = names(disks), names(clusters), names(hosts)
local function name_of(index, ref) return ref and index[ref.id] and index[ref.id].name or '-' end

for _, dc in ipairs(dcs) do
  print(string.format('data center %s (%s)', dc.name, dc.status or '?'))
  for _, cl in ipairs(clusters) do
    if cl.data_center and cl.data_center.id == dc.id then print('  cluster ' .. cl.name) end
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
  print(string.format('storage domain %s %s, %s free', sd.name, sd.type or '?', ovirt.format_size(sd.available or 0)))
end
for i, vm in ipairs(vms) do
  print(string.format('vm %s (%s) on %s', vm.name, vm.status, name_of(host_by_id, vm.host)))
  for _, att in ipairs(per_vm[2 * i - 1]) do
    local d = disk_by_id[att.disk.id]
    print(string.format('  disk %s %s%s', d and d.name or att.disk.id, d and ovirt.format_size(d.provisioned_size) or '?',
      att.bootable and ' (boot)' or ''))
  end
  for _, n in ipairs(per_vm[2 * i]) do print(string.format('  nic %s %s', n.name, n.mac and n.mac.address or '')) end
end
print(string.format('%d data centers, %d clusters, %d hosts, %d storage domains, %d VMs: %d requests in %.2fs (%s)',
  #dcs, #clusters, #hosts, #sds, #vms, requests, elapsed, a.serial and 'serial' or 'parallel'))
