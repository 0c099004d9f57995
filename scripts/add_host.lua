#!/usr/bin/env ovirtsh
-- add_host.lua: add a hypervisor host to a cluster and wait until the engine has installed it
-- and it is up.
--
--   OVIRT_HOST_PASSWORD=... ovirtsh scripts/add_host.lua [NAME [ADDRESS]]
--   go run ./cmd/ovirtsh scripts/add_host.lua host3 192.0.2.13   (the built-in simulator)
--
-- With NAME, the host (reached at ADDRESS, default NAME) joins $OVIRT_CLUSTER (default Default)
-- and is kept. The engine logs in as root over SSH with $OVIRT_HOST_PASSWORD, or, when it is
-- not set, with the engine's SSH public key (put it in the host's authorized_keys first).
-- Installation takes minutes on real hosts. Without NAME, the script adds ovirtsh-demo-host
-- (192.0.2.200), then moves it to maintenance and removes it.
-- The Python SDK's add_host.py, in Lua.
-- Exit codes: 0 up, 1 engine error, install failure or timeout, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/add_host.lua [NAME [ADDRESS]]

Adds host NAME at ADDRESS (default NAME) to $OVIRT_CLUSTER and waits until it is up; root's
password comes from $OVIRT_HOST_PASSWORD (else SSH public key). Without NAME, adds and then
removes a demo host.
]=]
local function usage(msg)
  io.stderr:write('add_host.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 2 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
local demo = arg[1] == nil
local name = arg[1] or 'ovirtsh-demo-host'
local address = arg[2] or (demo and '192.0.2.200' or name)
if not address:match('^[%w%.%-:]+$') then usage('bad address ' .. address) end
local CLUSTER = os.getenv('OVIRT_CLUSTER') or 'Default'
local password = os.getenv('OVIRT_HOST_PASSWORD')
if password == '' then password = nil end

local hosts_service = system:hosts_service()
local demo_service -- the demo host, removed at the end even when a step fails

local function main()
  local host = hosts_service:add(types.Host{
    name = name,
    description = 'added by add_host.lua',
    address = address,
    cluster = types.Cluster{name = CLUSTER},
    root_password = password,
    ssh = password == nil and types.Ssh{authentication_method = types.SshAuthenticationMethod.PUBLICKEY} or nil,
  })
  local host_service = hosts_service:host_service(host.id)
  if demo then demo_service = host_service end
  print(string.format('adding host %s (%s) at %s to cluster %s, %s', host.name, host.id, address, CLUSTER,
    password and 'root password' or 'SSH public key'))
  host = ovirt.wait_for(host_service, function(h)
    if h.status == 'install_failed' or h.status == 'non_operational' then
      error(string.format('host %s is %s: see its events in the engine', h.name, h.status), 0)
    end
    return h.status == 'up'
  end, {
    timeout = 1800,
    on_change = function(_, status) print(string.format('%s: %s', name, status)) end,
  })
  print(string.format('host %s is up: %s, %d MiB memory', host.name,
    host.cpu and host.cpu.name or '?', (host.memory or 0) / ovirt.MiB))
end

local ok, err = pcall(main)
if demo_service then
  local cok, cerr = pcall(function()
    local h = ovirt.wait_for(demo_service, function(x) return x == nil or x.status ~= 'installing' end)
    if h and h.status ~= 'maintenance' then
      demo_service:deactivate()
      ovirt.wait_for(demo_service, 'maintenance')
    end
    demo_service:remove()
    ovirt.wait_for(demo_service, 'removed')
    print('removed demo host ' .. name)
  end)
  if not cok then io.stderr:write('add_host.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
