#!/usr/bin/env ovirtsh
-- download_disk.lua: download a disk's image to a new local file through an image transfer; a
-- failure leaves no file and cancels the transfer, so the disk is not left locked. Without DISK,
-- uploads a demo disk, downloads it, compares the bytes and removes both. The Python SDK's
-- download_disk.py, in Lua.
--
--   ovirtsh scripts/download_disk.lua [DISK [FILE [cow|raw]]]
local a = ovirt.args{prog = 'ovirtsh scripts/download_disk.lua', usage = 'Downloads the image of DISK to FILE.',
  {name = 'disk', help = 'a disk name or id (default: a demo disk)'},
  {name = 'file', help = 'where to write (default: DISK.raw or DISK.qcow2)'},
  {name = 'format', choices = {'cow', 'raw'}, help = "the image's format (default: the disk's)"},
  {name = '--storage-domain', env = 'OVIRT_STORAGE_DOMAIN', help = 'for the demo disk (default: the first data domain)'},
}
local function check(path)
  local f = io.open(path, 'rb')
  if f then f:close() error(path .. ' already exists: remove it or give another FILE', 0) end
end

local disk, file, uploaded = nil, a.file, nil
if a.disk then
  if file then check(file) end -- before asking the engine
  disk = ovirt.get('disks', a.disk)
  file = file or disk.name .. ((a.format or disk.format) == 'cow' and '.qcow2' or '.raw')
  check(file)
  print(string.format('downloading disk %s (%s) to %s', disk.name, disk.id, file))
else -- the demo: a 3 MiB image of text and zeros, uploaded, then downloaded to a temporary file
  local image = os.tmpname()
  file = image .. '.out'
  ovirt.cleanup(function() os.remove(image) os.remove(file) end, 'remove the demo files')
  local f = assert(io.open(image, 'wb'))
  f:write(string.rep('ovirtsh!', 131072), string.rep('\0', ovirt.MiB), string.rep('ovirtsh!', 131072))
  f:close()
  local sd = a.storage_domain or assert(system:storage_domains_service():list{search = 'type=data'}[1],
    'there is no data storage domain: set OVIRT_STORAGE_DOMAIN').name
  local info
  disk, info = ovirt.upload_disk{file = image, storage_domain = sd, name = 'ovirtsh-demo-download', checksum = true, progress = false}
  uploaded = info.sha256
  ovirt.cleanup(function()
    local disk_service = system:disks_service():disk_service(disk.id)
    ovirt.wait_for(disk_service, function(d) return d == nil or d.status ~= 'locked' end)
    disk_service:remove()
    ovirt.wait_for(disk_service, 'removed')
    print('removed demo disk ovirtsh-demo-download')
  end, 'remove the demo disk')
  print(string.format('uploaded demo disk %s (%s): %s, sha256 %s', disk.name, disk.id, ovirt.format_size(info.size), uploaded))
end

local info
disk, info = ovirt.download_disk{disk = disk, file = file, format = a.format, checksum = true}
print(string.format('wrote %s: %s %s image of disk %s (%s fetched) in %.2fs through the %s; sha256 %s',
  a.disk and file or 'a temporary file', ovirt.format_size(info.size), info.format == 'cow' and 'qcow2' or 'raw',
  disk.name, ovirt.format_size(info.sent), info.seconds, info.endpoint, info.sha256))
if not a.disk then
  if info.sha256 ~= uploaded then error('the download differs from the upload', 0) end
  print('the download matches the upload')
end
