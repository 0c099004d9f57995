#!/usr/bin/env ovirtsh
-- add_floating_disk.lua: create a disk attached to no VM and wait until it is ok. The Python
-- SDK's add_floating_disk.py, in Lua. Without NAME, creates a demo disk and removes it.
--
--   ovirtsh scripts/add_floating_disk.lua [--storage-domain SD] [NAME [SIZE [cow|raw]]]
--   ovirtsh scripts/add_floating_disk.lua scratch 20GiB raw
local a = ovirt.args{prog = 'ovirtsh scripts/add_floating_disk.lua',
  {name = 'name', help = 'the disk to create'},
  {name = 'size', type = 'size', default = '1GiB'},
  {name = 'format', default = 'cow', choices = {'cow', 'raw'}, help = 'cow is thin, raw preallocated'},
  {name = '--storage-domain', default = 'data1', env = 'OVIRT_STORAGE_DOMAIN'},
}

local sd = ovirt.get('storagedomains', a.storage_domain)
local disks_service = system:disks_service()
local disk = disks_service:add(types.Disk{
  name = a.name or 'ovirtsh-demo-floating',
  description = 'added by add_floating_disk.lua',
  format = a.format,
  sparse = a.format == 'cow',
  provisioned_size = a.size, -- bytes
  storage_domains = {types.StorageDomain{id = sd.id}},
})
local disk_service = disks_service:disk_service(disk.id)
if not a.name then
  ovirt.cleanup(function()
    ovirt.wait_for(disk_service, function(d) return d == nil or d.status ~= 'locked' end)
    disk_service:remove()
    ovirt.wait_for(disk_service, 'removed')
    print('removed demo disk ' .. disk.name)
  end, 'remove demo disk ' .. disk.name)
end
print(string.format('creating disk %s (%s) on %s', disk.name, disk.id, sd.name))
disk = ovirt.wait_for(disk_service, 'ok', {timeout = 1800})
print(string.format('disk %s is %s: %s, %s, %s', disk.name, disk.status, ovirt.format_size(disk.provisioned_size),
  disk.format, disk.sparse and 'thin' or 'preallocated'))
