#!/usr/bin/env ovirtsh
-- add_nfs_data_storage_domain.lua: add an NFS data storage domain through a host and wait until it
-- is unattached (then attach_storage_domain.lua). Without NAME, adds a demo domain and removes it.
-- The Python SDK's add_nfs_data_storage_domain.py, in Lua.
--
--   ovirtsh scripts/add_nfs_data_storage_domain.lua [--host H] [NAME [SERVER:/PATH]]
--   ovirtsh scripts/add_nfs_data_storage_domain.lua nfs2 10.0.0.1:/srv/nfs2
local a = ovirt.args{prog = 'ovirtsh scripts/add_nfs_data_storage_domain.lua',
  {name = 'name', help = 'the storage domain to add'},
  {name = 'export', help = 'SERVER:/PATH (default nfs.example.com:/exports/NAME)',
    check = function(v) return v:match('^[^/]+:/') and v, 'is not SERVER:/PATH' end},
  {name = '--host', env = 'OVIRT_HOST', help = 'the host that mounts the export (default: the first up)'},
}
local name = a.name or 'ovirtsh-demo-nfs'
local export = a.export or ('nfs.example.com:/exports/' .. name)
local server, path = export:match('^([^/]+):(/.*)$')
a.host = a.host or (system:hosts_service():list{search = 'status=up', max = 1}[1] or error('no host is up; pass --host', 0)).name
local sds_service = system:storage_domains_service()
local sd = sds_service:add(types.StorageDomain{
  name = name,
  description = 'added by add_nfs_data_storage_domain.lua',
  type = types.StorageDomainType.DATA,
  host = types.Host{name = a.host},
  storage = types.HostStorage{type = types.StorageType.NFS, address = server, path = path},
})
local sd_service = sds_service:storage_domain_service(sd.id)
if not a.name then
  ovirt.cleanup(function()
    sd_service:remove{host = a.host, format = true}
    ovirt.wait_for(sd_service, 'removed')
    print('removed demo storage domain ' .. name)
  end, 'remove demo storage domain ' .. name)
end
print(string.format('adding NFS data domain %s (%s) from %s:%s through host %s', sd.name, sd.id, server, path, a.host))
sd = ovirt.wait_for(sd_service, 'unattached', {timeout = 600})
print(string.format('storage domain %s is %s: %s available', sd.name, sd.status, ovirt.format_size(sd.available or 0)))
