#!/usr/bin/env ovirtsh
-- attach_storage_domain.lua: attach a storage domain to a data center and wait until it is
-- active there.
--
--   ovirtsh scripts/attach_storage_domain.lua [DOMAIN [DATA_CENTER]]
--   go run ./cmd/ovirtsh scripts/attach_storage_domain.lua nfs2 Default   (the built-in simulator)
--
-- With DOMAIN, attaches it to DATA_CENTER (default $OVIRT_DATA_CENTER, else Default); a domain
-- already attached there is activated if it is in maintenance, and reported otherwise. Without
-- DOMAIN, the script adds a scratch NFS domain, attaches it, and then detaches and removes it.
-- Environment: OVIRT_DATA_CENTER; OVIRT_HOST (default: the first host up) for the scratch domain.
-- The Python SDK's attach_nfs_data_storage_domain.py, in Lua.
-- Exit codes: 0 active, 1 engine error, attached elsewhere or timeout, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/attach_storage_domain.lua [DOMAIN [DATA_CENTER]]

Attaches storage domain DOMAIN to DATA_CENTER (default Default) and waits until it is active.
Without DOMAIN, demonstrates on a scratch NFS domain.
]=]
local function usage(msg)
  io.stderr:write('attach_storage_domain.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 2 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local sd_name = arg[1]
local dc_name = arg[2] or os.getenv('OVIRT_DATA_CENTER') or 'Default'

local sds_service = system:storage_domains_service()
local dcs_service = system:data_centers_service()
local undo = {} -- what the demo created, undone in reverse order even when a step fails
local function cleanup()
  for i = #undo, 1, -1 do
    local ok, err = pcall(undo[i])
    if not ok then io.stderr:write('attach_storage_domain.lua: cleanup: ' .. tostring(err) .. '\n') end
  end
end

local function pick_host()
  local name = os.getenv('OVIRT_HOST')
  if name and name ~= '' then return name end
  local up = system:hosts_service():list{search = 'status=up'}
  if #up == 0 then error('no host is up; set OVIRT_HOST', 0) end
  return up[1].name
end

-- a scratch NFS data domain, unattached
local function scratch_domain()
  local host = pick_host()
  local sd = sds_service:add(types.StorageDomain{
    name = 'ovirtsh-demo-attach', type = 'data', host = types.Host{name = host},
    storage = types.HostStorage{type = 'nfs', address = 'nfs.example.com', path = '/exports/ovirtsh-demo-attach'},
  })
  local svc = sds_service:storage_domain_service(sd.id)
  undo[#undo + 1] = function()
    svc:remove{host = host, format = true}
    ovirt.wait_for(svc, 'removed')
    print('removed scratch storage domain ' .. sd.name)
  end
  ovirt.wait_for(svc, 'unattached')
  print('created scratch storage domain ' .. sd.name)
  return sd
end

local function main()
  local dc = ovirt.find(dcs_service, dc_name)
  if not dc then error(string.format("there is no data center named '%s'", dc_name), 0) end
  local sd
  if sd_name then
    sd = ovirt.find(sds_service, sd_name)
    if not sd then error(string.format("there is no storage domain named '%s'", sd_name), 0) end
  else
    sd = scratch_domain()
  end
  local attached_sds = dcs_service:data_center_service(dc.id):storage_domains_service()
  local attached_service = attached_sds:storage_domain_service(sd.id)
  local here = false
  for _, d in ipairs(sd.data_centers or {}) do
    if d.id == dc.id then
      here = true
    else
      local other = dcs_service:data_center_service(d.id):get()
      error(string.format('%s is attached to data center %s; detach it there first', sd.name, other.name), 0)
    end
  end

  if here then
    local att = attached_service:get()
    if att.status == 'maintenance' then
      attached_service:activate()
      print(string.format('%s is attached to %s, in maintenance: activating', sd.name, dc.name))
    else
      print(string.format('%s is already attached to %s (%s)', sd.name, dc.name, att.status))
    end
  else
    attached_sds:add(types.StorageDomain{id = sd.id})
    print(string.format('attaching %s to data center %s', sd.name, dc.name))
    if not sd_name then
      undo[#undo + 1] = function()
        attached_service:deactivate()
        ovirt.wait_for(attached_service, 'maintenance')
        attached_service:remove() -- detach
        ovirt.wait_for(sds_service:storage_domain_service(sd.id), 'unattached')
        print(string.format('detached %s from %s', sd.name, dc.name))
      end
    end
  end
  local att = ovirt.wait_for(attached_service, 'active', {
    timeout = 600,
    on_change = function(_, status) print(string.format('%s in %s: %s', sd.name, dc.name, status)) end,
  })
  print(string.format('%s is %s in data center %s%s', sd.name, att.status, dc.name, att.master and ' (master)' or ''))
end

local ok, err = pcall(main)
cleanup()
if not ok then error(err, 0) end
