#!/usr/bin/env ovirtsh
-- add_floating_disk.lua: create a disk that belongs to no virtual machine (a floating disk)
-- and wait until it is ok.
--
--   ovirtsh scripts/add_floating_disk.lua [NAME [SIZE_GIB [cow|raw]]]
--   go run ./cmd/ovirtsh scripts/add_floating_disk.lua scratch1 5   (the built-in simulator)
--
-- With NAME, the disk (default 1 GiB, cow: thin qcow2; raw: preallocated) is created and kept;
-- attach it later to any VM. Without NAME, the script creates ovirtsh-demo-floating and
-- removes it at the end.
-- Environment: OVIRT_STORAGE_DOMAIN (default: the first active data domain of
-- $OVIRT_DATA_CENTER, default Default). The Python SDK's add_floating_disk.py, in Lua.
-- Exit codes: 0 disk ok, 1 engine error or timeout, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_floating_disk.lua [NAME [SIZE_GIB [cow|raw]]]

Creates an unattached disk NAME of SIZE_GIB (default 1) on $OVIRT_STORAGE_DOMAIN.
Without NAME, creates and then removes a demo disk.
]=]
local function usage(msg)
  io.stderr:write('add_floating_disk.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 3 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local demo = arg[1] == nil
local name, size, format = arg[1] or 'ovirtsh-demo-floating', 1, arg[3] or 'cow'
if arg[2] then
  size = tonumber(arg[2])
  if not size or size <= 0 then usage('SIZE_GIB must be a positive number, not ' .. arg[2]) end
end
if format ~= 'cow' and format ~= 'raw' then usage('the format is cow or raw, not ' .. format) end
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

local disks_service = system:disks_service()
local demo_service -- the demo disk, removed at the end even when a step fails

local function main()
  local sd = data_domain()
  local disk = disks_service:add(types.Disk{
    name = name,
    description = 'added by add_floating_disk.lua',
    format = format,
    sparse = format == 'cow',
    provisioned_size = math.floor(size * ovirt.GiB), -- bytes
    storage_domains = {types.StorageDomain{name = sd}},
  })
  local disk_service = disks_service:disk_service(disk.id)
  if demo then demo_service = disk_service end
  print(string.format('creating disk %s (%s) on %s', disk.name, disk.id, sd))
  disk = ovirt.wait_for(disk_service, 'ok', {timeout = 1800})
  print(string.format('disk %s is %s: %g GiB, %s, %s', disk.name, disk.status, disk.provisioned_size / ovirt.GiB,
    disk.format, disk.sparse and 'thin' or 'preallocated'))
end

local ok, err = pcall(main)
if demo_service then
  local cok, cerr = pcall(function()
    ovirt.wait_for(demo_service, function(d) return d == nil or d.status ~= 'locked' end)
    demo_service:remove()
    ovirt.wait_for(demo_service, 'removed')
    print('removed demo disk ' .. name)
  end)
  if not cok then io.stderr:write('add_floating_disk.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
