#!/usr/bin/env ovirtsh
-- download_disk.lua: download a disk's image to a local file through an image transfer.
--
--   ovirtsh scripts/download_disk.lua [DISK [FILE [cow|raw]]]
--   go run ./cmd/ovirtsh scripts/download_disk.lua vm1_Disk1 vm1.raw raw   (the built-in simulator)
--
-- DISK is the disk's name or id; FILE defaults to DISK.raw or DISK.qcow2 in the current
-- directory, and must not exist. The image comes in the disk's format (a cow disk as its qcow2
-- file) unless raw (the guest's data) or cow is given. The file is written under a temporary
-- name and renamed when complete, with holes where the disk reads as zeros; a failure leaves
-- no file and cancels the transfer, so the disk is not left locked. Without DISK, the script
-- uploads a scratch image as ovirtsh-demo-download, downloads it, checks that the bytes are the
-- same, and removes the disk and the files. A progress bar shows on a terminal; the last line
-- gives the image's SHA-256, to compare with sha256sum.
-- Environment: OVIRT_STORAGE_DOMAIN for the demo disk (default: the first active data domain
-- of $OVIRT_DATA_CENTER, default Default). The Python SDK's download_disk.py, in Lua.
-- Exit codes: 0 file written, 1 engine or transfer error, or FILE exists, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/download_disk.lua [DISK [FILE [cow|raw]]]

Downloads the image of DISK (a name or an id) to FILE (default: DISK.raw or DISK.qcow2).
Without DISK, uploads a demo disk, downloads it, compares and removes both.
]=]
local function usage(msg)
  io.stderr:write('download_disk.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local disk_name, file, format = arg[1], arg[2], arg[3]
if format and format ~= 'cow' and format ~= 'raw' then usage('the format is cow or raw, not ' .. format) end
local demo = disk_name == nil
local DATA_CENTER = os.getenv('OVIRT_DATA_CENTER') or 'Default'

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

-- the disk named key, or whose id is key
local function find_disk(key)
  local disks_service = system:disks_service()
  if key:match('^%x+%-%x+%-%x+%-%x+%-%x+$') then
    local ok, d = pcall(function() return disks_service:disk_service(key):get() end)
    if ok then return d end
  end
  local found = {}
  for _, d in ipairs(disks_service:list{search = 'name=' .. key}) do
    if d.name == key then found[#found + 1] = d end
  end
  if #found == 0 then error(string.format("there is no disk with the id or name '%s'", key), 0) end
  if #found > 1 then error(string.format("%d disks are named '%s': give the id", #found, key), 0) end
  return found[1]
end

local function exists(path)
  local f = io.open(path, 'rb')
  if f then f:close() end
  return f ~= nil
end

local demo_disk, demo_files = nil, {} -- removed at the end even when a step fails

-- the demo disk: a 3 MiB image of text and zeros, uploaded
local function upload_demo()
  local path = os.tmpname()
  demo_files[#demo_files + 1] = path
  local f = assert(io.open(path, 'wb'))
  local text = string.rep('ovirtsh!', 131072)
  f:write(text, string.rep('\0', ovirt.MiB), text)
  f:close()
  local disk, info = ovirt.upload_disk{file = path, storage_domain = data_domain(), name = 'ovirtsh-demo-download',
    checksum = true, progress = false}
  demo_disk = disk
  print(string.format('uploaded demo disk %s (%s): %s, sha256 %s', disk.name, disk.id, size(info.size), info.sha256))
  return disk, info.sha256
end

local function main()
  local disk, uploaded
  if demo then
    disk, uploaded = upload_demo()
    file = os.tmpname()
    os.remove(file) -- only its name: the download makes the file
    demo_files[#demo_files + 1] = file
  else
    local function check(f) if exists(f) then error(f .. ' already exists: remove it or give another FILE', 0) end end
    if file then check(file) end -- before asking the engine
    disk = find_disk(disk_name)
    file = file or disk.name .. ((format or disk.format) == 'cow' and '.qcow2' or '.raw')
    check(file)
    print(string.format('downloading disk %s (%s) to %s', disk.name, disk.id, file))
  end
  local info
  disk, info = ovirt.download_disk{disk = disk, file = file, format = format, checksum = true}
  print(string.format('wrote %s: %s %s image of disk %s (%s fetched) in %.2fs through the %s; sha256 %s',
    demo and 'a temporary file' or file, size(info.size), info.format == 'cow' and 'qcow2' or 'raw', disk.name,
    size(info.sent), info.seconds, info.endpoint, info.sha256))
  if demo then
    if info.sha256 ~= uploaded then error('the download differs from the upload', 0) end
    print('the download matches the upload')
  end
end

local ok, err = pcall(main)
if demo then
  if demo_disk then
    local cok, cerr = pcall(function()
      local disk_service = system:disks_service():disk_service(demo_disk.id)
      ovirt.wait_for(disk_service, function(d) return d == nil or d.status ~= 'locked' end)
      disk_service:remove()
      ovirt.wait_for(disk_service, 'removed')
      print('removed demo disk ovirtsh-demo-download')
    end)
    if not cok then io.stderr:write('download_disk.lua: cleanup: ' .. tostring(cerr) .. '\n') end
  end
  for _, f in ipairs(demo_files) do os.remove(f) end
end
if not ok then error(err, 0) end
