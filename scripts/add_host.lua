#!/usr/bin/env ovirtsh
-- add_host.lua: add a host to a cluster and wait until it is up, logging in as root with
-- $OVIRT_HOST_PASSWORD, else the engine's SSH public key. Without NAME, adds a demo host at
-- 192.0.2.200 and removes it. The Python SDK's add_host.py, in Lua.
--
--   OVIRT_HOST_PASSWORD=... ovirtsh scripts/add_host.lua [--cluster C] host3 192.0.2.13
local a = ovirt.args{prog = 'ovirtsh scripts/add_host.lua',
  {name = 'name', help = 'the host to add'},
  {name = 'address', help = 'its address (default NAME)',
    check = function(v) return v:match('^[%w%.%-:]+$') and v, 'is not a host name or IP address' end},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER'},
}
local name = a.name or 'ovirtsh-demo-host'
local address = a.address or (a.name or '192.0.2.200')
local password = os.getenv('OVIRT_HOST_PASSWORD')
if password == '' then password = nil end

local hosts_service = system:hosts_service()
local host = hosts_service:add(types.Host{
  name = name,
  description = 'added by add_host.lua',
  address = address,
  cluster = types.Cluster{name = a.cluster},
  root_password = password,
  ssh = password == nil and types.Ssh{authentication_method = types.SshAuthenticationMethod.PUBLICKEY} or nil,
})
local host_service = hosts_service:host_service(host.id)
if not a.name then
  ovirt.cleanup(function()
    local h = ovirt.wait_for(host_service, function(x) return x == nil or x.status ~= 'installing' end)
    if h and h.status ~= 'maintenance' then
      host_service:deactivate()
      ovirt.wait_for(host_service, 'maintenance')
    end
    host_service:remove()
    ovirt.wait_for(host_service, 'removed')
    print('removed demo host ' .. name)
  end, 'remove demo host ' .. name)
end
print(string.format('adding host %s (%s) at %s to cluster %s, %s', host.name, host.id, address, a.cluster,
  password and 'root password' or 'SSH public key'))

local last = host.status -- installing: print it from the answer, the host may be up by the first poll
print(name .. ': ' .. last)
host = ovirt.wait_for(host_service, function(h)
  if h.status == 'install_failed' or h.status == 'non_operational' then
    error(string.format('host %s is %s: see its events in the engine', h.name, h.status), 0)
  end
  return h.status == 'up'
end, {timeout = 1800, on_change = function(_, status)
  if status ~= last then last = status print(name .. ': ' .. status) end
end})
print(string.format('host %s is up: %s, %s memory', host.name, host.cpu and host.cpu.name or '?',
  ovirt.format_size(host.memory or 0)))
