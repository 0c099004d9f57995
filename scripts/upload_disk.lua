#!/usr/bin/env ovirtsh
-- upload_disk.lua: upload a local disk image (raw or qcow2) to a new disk through an image
-- transfer, and wait until the disk is ok.
--
--   ovirtsh scripts/upload_disk.lua [--preallocated] [FILE [NAME [cow|raw]]]
--   go run ./cmd/ovirtsh scripts/upload_disk.lua fedora.qcow2 fedora   (the built-in simulator)
--
-- With FILE, the image becomes a new disk NAME (default: the file's name) on
-- $OVIRT_STORAGE_DOMAIN, which is kept. The disk's format follows the image (a qcow2 image
-- makes a cow disk, anything else a raw one) unless cow or raw is given: a raw image can become
-- a cow disk. The disk is thin-provisioned unless --preallocated. Without FILE, the script
-- writes a 3 MiB scratch image, uploads it as ovirtsh-demo-upload, then removes the disk and
-- the file. A progress bar shows on a terminal; the last line gives the image's SHA-256, to
-- compare with sha256sum. A failure cancels the transfer, so no disk is left locked.
-- Environment: OVIRT_STORAGE_DOMAIN (default: the first active data domain of
-- $OVIRT_DATA_CENTER, default Default). The Python SDK's upload_disk.py, in Lua.
-- Exit codes: 0 disk ok, 1 engine or transfer error, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/upload_disk.lua [--preallocated] [FILE [NAME [cow|raw]]]

Uploads the raw or qcow2 image FILE to a new disk NAME (default: the file's name) on
$OVIRT_STORAGE_DOMAIN. Without FILE, uploads and then removes a demo image.
]=]
local function usage(msg)
  io.stderr:write('upload_disk.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
local sparse, args = true, {}
for _, a in ipairs(arg) do
  if a == '-h' or a == '--help' then io.write(USAGE) return end
  if a == '--preallocated' then
    sparse = false
  elseif a == '' or a:sub(1, 1) == '-' then
    usage('unknown option ' .. a)
  else
    args[#args + 1] = a
  end
end
if #args > 3 then usage('too many arguments') end
local file, name, format = args[1], args[2], args[3]
if format and format ~= 'cow' and format ~= 'raw' then usage('the format is cow or raw, not ' .. format) end
local demo = file == nil
if demo then name = 'ovirtsh-demo-upload' end
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'

-- $OVIRT_STORAGE_DOMAIN, else the first active data domain of the data center
local function data_domain()
  local sd = os.getenv('OVIRT_STORAGE_DOMAIN')
  if sd and sd ~= '' then return sd end
  local dc = ovirt.find(system:data_centers_service(), DATA_CENTER)
  if not dc then error(string.format("there is no data center named '%s'", DATA_CENTER), 0) end
  for _, d in ipairs(system:data_centers_service():data_center_service(dc.id):storage_domains_service():list()) do
    if d.type == 'data' and d.status == 'active' then return d.name end
  end
  error('no active data storage domain in data center ' .. DATA_CENTER, 0)
end

local function size(n)
  for _, u in ipairs{{'GiB', ovirt.GiB}, {'MiB', ovirt.MiB}, {'KiB', ovirt.KiB}} do
    if n >= u[2] then return string.format('%g %s', math.floor(n / u[2] * 10 + 0.5) / 10, u[1]) end
  end
  return n .. ' bytes'
end

-- the demo image: 1 MiB of text, 1 MiB of zeros (zeroed, not sent), 1 MiB of text
local function write_demo_image()
  local path = os.tmpname()
  local f = assert(io.open(path, 'wb'))
  local text = string.rep('ovirtsh!', 131072)
  f:write(text, string.rep('\0', ovirt.MiB), text)
  f:close()
  return path
end

local demo_disk -- removed at the end even when a step fails

local function main()
  local sd = data_domain()
  if demo then file = write_demo_image() end
  print(string.format('uploading %s to %s as %s', demo and 'a 3 MiB demo image' or file, sd, name or file:match('[^/]+$')))
  local disk, info = ovirt.upload_disk{file = file, storage_domain = sd, name = name, format = format,
    sparse = sparse, checksum = true}
  if demo then demo_disk = disk end
  print(string.format('disk %s (%s) is ok: %s %s, %s', disk.name, disk.id, size(disk.provisioned_size), disk.format,
    disk.sparse and 'thin' or 'preallocated'))
  print(string.format('uploaded %s %s image (%s sent) in %.2fs through the %s; sha256 %s', size(info.size),
    info.format == 'cow' and 'qcow2' or 'raw', size(info.sent), info.seconds, info.endpoint, info.sha256))
end

local ok, err = pcall(main)
if demo then
  if demo_disk then
    local cok, cerr = pcall(function()
      local disk_service = system:disks_service():disk_service(demo_disk.id)
      disk_service:remove()
      ovirt.wait_for(disk_service, 'removed')
      print('removed demo disk ' .. name)
    end)
    if not cok then io.stderr:write('upload_disk.lua: cleanup: ' .. tostring(cerr) .. '\n') end
  end
  if file then os.remove(file) end
end
if not ok then error(err, 0) end
