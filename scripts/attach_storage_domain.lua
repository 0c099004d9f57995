#!/usr/bin/env ovirtsh
-- attach_storage_domain.lua: attach a storage domain to a data center (or activate it there if in
-- maintenance) and wait until it is active. Without DOMAIN, adds a scratch NFS domain, attaches,
-- detaches and removes it. The Python SDK's attach_nfs_data_storage_domain.py, in Lua.
--
--   ovirtsh scripts/attach_storage_domain.lua [--host H] [DOMAIN [DATA_CENTER]]
local a = ovirt.args{prog = 'ovirtsh scripts/attach_storage_domain.lua',
  {name = 'domain', help = 'the storage domain'},
  {name = 'data_center', default = 'Default', env = 'OVIRT_DATA_CENTER'},
  {name = '--host', env = 'OVIRT_HOST', help = 'that mounts the scratch domain (default: the first up)'},
}

local dc = ovirt.get('datacenters', a.data_center)
local sd
if a.domain then
  sd = ovirt.get('storagedomains', a.domain)
else
  a.host = a.host or (system:hosts_service():list{search = 'status=up', max = 1}[1] or error('no host is up; pass --host', 0)).name
  sd = system:storage_domains_service():add(types.StorageDomain{
    name = 'ovirtsh-demo-attach', type = 'data', host = {name = a.host},
    storage = {type = 'nfs', address = 'nfs.example.com', path = '/exports/ovirtsh-demo-attach'},
  })
  local sd_service = ovirt.service('storagedomains', sd.id)
  ovirt.cleanup(function()
    sd_service:remove{host = a.host, format = true}
    ovirt.wait_for(sd_service, 'removed')
    print('removed scratch storage domain ' .. sd.name)
  end, 'remove scratch storage domain ' .. sd.name)
  ovirt.wait_for(sd_service, 'unattached')
  print('created scratch storage domain ' .. sd.name)
end
for _, d in ipairs(sd.data_centers or {}) do
  if d.id ~= dc.id then
    error(string.format('%s is attached to data center %s; detach it there first', sd.name, ovirt.get('datacenters', d.id).name), 0)
  end
end

-- the domain as seen from the data center: datacenters/DC/storagedomains/SD
local attached_sds = ovirt.service('datacenters', dc.id):storage_domains_service()
local attached = attached_sds:storage_domain_service(sd.id)
if sd.data_centers and #sd.data_centers > 0 then
  local status = attached:get().status
  if status == 'maintenance' then
    attached:activate()
    print(string.format('%s is attached to %s, in maintenance: activating', sd.name, dc.name))
  else
    print(string.format('%s is already attached to %s (%s)', sd.name, dc.name, status))
  end
else
  attached_sds:add(types.StorageDomain{id = sd.id})
  print(string.format('attaching %s to data center %s', sd.name, dc.name))
  if not a.domain then
    ovirt.cleanup(function()
      attached:deactivate()
      ovirt.wait_for(attached, 'maintenance')
      attached:remove() -- detach
      ovirt.wait_for(ovirt.service('storagedomains', sd.id), 'unattached')
      print(string.format('detached %s from %s', sd.name, dc.name))
    end, 'detach ' .. sd.name)
  end
end
local att = ovirt.wait_for(attached, 'active', {timeout = 600,
  on_change = function(_, status) print(string.format('%s in %s: %s', sd.name, dc.name, status)) end})
print(string.format('%s is %s in data center %s%s', sd.name, att.status, dc.name, att.master and ' (master)' or ''))
