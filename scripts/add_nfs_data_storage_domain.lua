#!/usr/bin/env ovirtsh
-- add_nfs_data_storage_domain.lua: add an NFS export as a data storage domain and wait until
-- the engine has it (status unattached); attach_storage_domain.lua then attaches it to a data
-- center.
--
--   ovirtsh scripts/add_nfs_data_storage_domain.lua [NAME [SERVER:/PATH]]
--   go run ./cmd/ovirtsh scripts/add_nfs_data_storage_domain.lua nfs2 nfs.example.com:/exports/nfs2
--
-- With NAME, the domain is created and kept (SERVER:/PATH defaults to nfs.example.com:/exports/NAME);
-- a host mounts the export to format it: $OVIRT_HOST, default the first host that is up.
-- Without NAME, the script adds ovirtsh-demo-nfs and removes it at the end.
-- The Python SDK's add_nfs_data_storage_domain.py, in Lua.
-- Exit codes: 0 unattached, 1 engine error or timeout, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_nfs_data_storage_domain.lua [NAME [SERVER:/PATH]]

Adds NFS data domain NAME from SERVER:/PATH (default nfs.example.com:/exports/NAME), through
$OVIRT_HOST (default the first host up). Without NAME, adds and then removes a demo domain.
]=]
local function usage(msg)
  io.stderr:write('add_nfs_data_storage_domain.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 2 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local demo = arg[1] == nil
local name = arg[1] or 'ovirtsh-demo-nfs'
local export = arg[2] or ('nfs.example.com:/exports/' .. name)
local server, path = export:match('^([%w%.%-%[%]:]-):(/.*)$')
if not server or server == '' then usage('the export must look like SERVER:/PATH, not ' .. export) end

local sds_service = system:storage_domains_service()
local demo_service, demo_host -- the demo domain, removed at the end even when a step fails

-- $OVIRT_HOST, else the first host that is up
local function pick_host()
  local name = os.getenv('OVIRT_HOST')
  if name and name ~= '' then return name end
  local up = system:hosts_service():list{search = 'status=up'}
  if #up == 0 then error('no host is up to mount the export; set OVIRT_HOST', 0) end
  return up[1].name
end

local function main()
  local host = pick_host()
  local sd = sds_service:add(types.StorageDomain{
    name = name,
    description = 'added by add_nfs_data_storage_domain.lua',
    type = types.StorageDomainType.DATA,
    host = types.Host{name = host},
    storage = types.HostStorage{type = types.StorageType.NFS, address = server, path = path},
  })
  local sd_service = sds_service:storage_domain_service(sd.id)
  if demo then demo_service, demo_host = sd_service, host end
  print(string.format('adding NFS data domain %s (%s) from %s:%s through host %s', sd.name, sd.id, server, path, host))
  sd = ovirt.wait_for(sd_service, 'unattached', {timeout = 600})
  print(string.format('storage domain %s is %s: %d GiB available', sd.name, sd.status, (sd.available or 0) / ovirt.GiB))
end

local ok, err = pcall(main)
if demo_service then
  local cok, cerr = pcall(function()
    -- host: the host that unmounts it; format: wipe the domain's metadata from the export
    demo_service:remove{host = demo_host, format = true}
    ovirt.wait_for(demo_service, 'removed')
    print('removed demo storage domain ' .. name)
  end)
  if not cok then io.stderr:write('add_nfs_data_storage_domain.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
