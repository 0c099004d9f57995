#!/usr/bin/env ovirtsh
-- start_vm_with_cloud_init.lua: start a virtual machine once with cloud-init settings (host
-- name, user, network) and wait until it is up, then print what its guest reports.
--
--   ovirtsh scripts/start_vm_with_cloud_init.lua [VM [HOSTNAME [ADDRESS/PREFIX [GATEWAY]]]]
--   OVIRT_CLOUD_INIT_PASSWORD=... ovirtsh scripts/start_vm_with_cloud_init.lua web1 web1.example.com 192.0.2.10/24 192.0.2.1
--   go run ./cmd/ovirtsh scripts/start_vm_with_cloud_init.lua vm2     (the built-in simulator)
--
-- HOSTNAME defaults to VM.example.com. With ADDRESS/PREFIX the first NIC (eth0) gets that
-- static IPv4 address (and GATEWAY); without, DHCP. The VM must be down; it is left running.
-- Without VM, the script shows the flow on a scratch VM with a NIC (static 192.0.2.50/24) and
-- stops and removes it at the end.
-- Environment: OVIRT_CLOUD_INIT_USER (default cloud-user), OVIRT_CLOUD_INIT_PASSWORD and
-- OVIRT_CLOUD_INIT_SSH_KEY (a public key line; passwords never go on the command line),
-- OVIRT_CLOUD_INIT_DNS (servers, space separated), OVIRT_CLUSTER for the scratch VM.
-- The Python SDK's start_vm_with_cloud_init.py, in Lua.
-- Exit codes: 0 up, 1 engine error, VM not down or timeout, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/start_vm_with_cloud_init.lua [VM [HOSTNAME [ADDRESS/PREFIX [GATEWAY]]]]

Starts VM once with cloud-init: host name HOSTNAME (default VM.example.com), user
$OVIRT_CLOUD_INIT_USER (default cloud-user) with $OVIRT_CLOUD_INIT_PASSWORD and/or
$OVIRT_CLOUD_INIT_SSH_KEY, eth0 static ADDRESS/PREFIX via GATEWAY (default DHCP).
Without VM, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('start_vm_with_cloud_init.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 4 then usage('too many arguments') end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end

-- parse_ipv4('192.0.2.10') is true for a dotted quad
local function parse_ipv4(s)
  local a, b, c, d = s:match('^(%d+)%.(%d+)%.(%d+)%.(%d+)$')
  if not a then return false end
  for _, o in ipairs({a, b, c, d}) do
    if tonumber(o) > 255 then return false end
  end
  return true
end

-- netmask(24) is '255.255.255.0'
local function netmask(prefix)
  local parts, bits = {}, prefix
  for i = 1, 4 do
    local n = math.min(8, math.max(0, bits))
    parts[i] = tostring(256 - 2 ^ (8 - n))
    bits = bits - 8
  end
  return table.concat(parts, '.')
end

local demo = arg[1] == nil
local vm_name = arg[1] or 'ovirtsh-demo-cloud-init'
local host_name = arg[2] or (vm_name .. '.example.com')
if not host_name:match('^[%w%.%-]+$') then usage('bad host name ' .. host_name) end
local cidr, gateway = arg[3], arg[4]
if demo then cidr, gateway = '192.0.2.50/24', '192.0.2.1' end
local address, prefix
if cidr then
  address, prefix = cidr:match('^([%d%.]+)/(%d+)$')
  prefix = tonumber(prefix)
  if not address or not parse_ipv4(address) or prefix < 1 or prefix > 32 then
    usage('ADDRESS/PREFIX must look like 192.0.2.10/24, not ' .. cidr)
  end
end
if gateway and not parse_ipv4(gateway) then usage('GATEWAY must be an IPv4 address, not ' .. gateway) end
local user = os.getenv('OVIRT_CLOUD_INIT_USER') or 'cloud-user'
local password = os.getenv('OVIRT_CLOUD_INIT_PASSWORD')
local ssh_key = os.getenv('OVIRT_CLOUD_INIT_SSH_KEY')
local dns = os.getenv('OVIRT_CLOUD_INIT_DNS')

local vms_service = system:vms_service()
local scratch -- the demo VM's service, stopped and removed at the end even when a step fails

local function main()
  local vm
  if demo then
    vm = vms_service:add(types.Vm{name = vm_name, cluster = types.Cluster{name = os.getenv('OVIRT_CLUSTER') or 'Default'},
      template = types.Template{name = 'Blank'}})
    scratch = vms_service:vm_service(vm.id)
    vm = ovirt.wait_for(scratch, 'down')
    local profile = ovirt.find(system:vnic_profiles_service(), os.getenv('OVIRT_VNIC_PROFILE') or 'ovirtmgmt')
    scratch:nics_service():add(types.Nic{name = 'nic1', vnic_profile = profile and types.VnicProfile{id = profile.id} or nil})
    print('created scratch VM ' .. vm.name .. ' with a NIC')
  else
    vm = ovirt.find(vms_service, vm_name)
    if not vm then error(string.format("there is no VM named '%s'", vm_name), 0) end
    if vm.status ~= 'down' then
      error(string.format('%s is %s: cloud-init settings apply when it starts from down', vm.name, vm.status), 0)
    end
  end

  local nic = types.NicConfiguration{name = 'eth0', on_boot = true, boot_protocol = types.BootProtocol.DHCP}
  if address then
    nic.boot_protocol = types.BootProtocol.STATIC
    nic.ip = types.Ip{version = types.IpVersion.V4, address = address, netmask = netmask(prefix), gateway = gateway}
  end
  local vm_service = vms_service:vm_service(vm.id)
  vm_service:start{
    use_cloud_init = true,
    vm = types.Vm{initialization = types.Initialization{
      host_name = host_name,
      user_name = user,
      root_password = password,       -- nil: not set
      authorized_ssh_keys = ssh_key,  -- nil: not set
      dns_servers = dns,
      nic_configurations = {nic},
    }},
  }
  print(string.format('starting %s with cloud-init: host %s, user %s, eth0 %s', vm.name, host_name, user,
    address and (address .. '/' .. prefix .. (gateway and (' via ' .. gateway) or '')) or 'dhcp'))
  vm = ovirt.wait_for(vm_service, 'up', {timeout = 600})
  -- what the guest agent reports once the guest runs: its name and addresses
  local ips = {}
  for _, dev in ipairs(vm_service:reported_devices_service():list()) do
    for _, ip in ipairs(dev.ips or {}) do
      ips[#ips + 1] = string.format('%s %s', dev.name or '?', ip.address)
    end
  end
  print(string.format('%s is up: fqdn %s', vm.name, vm.fqdn or '(not reported yet)'))
  for _, line in ipairs(ips) do print('  ' .. line) end
end

local ok, err = pcall(main)
if scratch then
  local cok, cerr = pcall(function()
    local vm = ovirt.wait_for(scratch, function(v) return v == nil or v.status == 'down' or v.status == 'up' end)
    if vm and vm.status ~= 'down' then
      scratch:stop()
      ovirt.wait_for(scratch, 'down')
    end
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('stopped and removed scratch VM ' .. vm_name)
  end)
  if not cok then io.stderr:write('start_vm_with_cloud_init.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
