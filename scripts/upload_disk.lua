#!/usr/bin/env ovirtsh
-- upload_disk.lua: upload a raw or qcow2 image to a new disk through an image transfer and wait
-- until the disk is ok; a failure cancels the transfer, so no disk is left locked. Without FILE,
-- uploads a 3 MiB demo image and removes the disk. The Python SDK's upload_disk.py, in Lua.
--
--   ovirtsh scripts/upload_disk.lua [--preallocated] [FILE [NAME [cow|raw]]]
local a = ovirt.args{prog = 'ovirtsh scripts/upload_disk.lua', usage = 'Uploads the raw or qcow2 image FILE to a new disk NAME.',
  {name = 'file', help = 'a raw or qcow2 image (default: a demo image)'},
  {name = 'name', help = "the disk's name (default: the file's)"},
  {name = 'format', choices = {'cow', 'raw'}, help = "the disk's format (default: the image's)"},
  {name = '--preallocated', type = 'boolean', help = 'not thin-provisioned'},
  {name = '--storage-domain', env = 'OVIRT_STORAGE_DOMAIN', help = 'where the disk goes (default: the first data domain)'},
}
local sd = a.storage_domain or assert(system:storage_domains_service():list{search = 'type=data'}[1],
  'there is no data storage domain: set OVIRT_STORAGE_DOMAIN').name

local file, name = a.file, a.name
if not file then -- the demo image: 1 MiB of text, 1 MiB of zeros (not sent), 1 MiB of text
  file, name = os.tmpname(), 'ovirtsh-demo-upload'
  ovirt.cleanup(function() os.remove(file) end, 'remove the demo image')
  local f = assert(io.open(file, 'wb'))
  f:write(string.rep('ovirtsh!', 131072), string.rep('\0', ovirt.MiB), string.rep('ovirtsh!', 131072))
  f:close()
end
print(string.format('uploading %s to %s as %s', a.file or 'a 3 MiB demo image', sd, name or file:match('[^/]+$')))

local disk, info = ovirt.upload_disk{file = file, storage_domain = sd, name = name, format = a.format,
  sparse = not a.preallocated, checksum = true}
if not a.file then
  ovirt.cleanup(function()
    local disk_service = system:disks_service():disk_service(disk.id)
    disk_service:remove()
    ovirt.wait_for(disk_service, 'removed')
    print('removed demo disk ' .. name)
  end, 'remove the demo disk')
end
print(string.format('disk %s (%s) is ok: %s %s, %s', disk.name, disk.id, ovirt.format_size(disk.provisioned_size),
  disk.format, disk.sparse and 'thin' or 'preallocated'))
print(string.format('uploaded %s %s image (%s sent) in %.2fs through the %s; sha256 %s', ovirt.format_size(info.size),
  info.format == 'cow' and 'qcow2' or 'raw', ovirt.format_size(info.sent), info.seconds, info.endpoint, info.sha256))
