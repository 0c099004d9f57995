#!/usr/bin/env ovirtsh
-- start_vm_with_cloud_init.lua: start a down VM once with cloud-init settings (host name, user,
-- eth0 static or DHCP), wait until it is up and print what its guest reports. The VM is left
-- running. Secrets come only from $OVIRT_CLOUD_INIT_PASSWORD and $OVIRT_CLOUD_INIT_SSH_KEY.
-- Without VM, starts a scratch VM with a NIC and removes it. The Python SDK's
-- start_vm_with_cloud_init.py, in Lua.
--
--   ovirtsh scripts/start_vm_with_cloud_init.lua [VM [HOSTNAME [ADDRESS/PREFIX [GATEWAY]]]]
--   ovirtsh scripts/start_vm_with_cloud_init.lua web1 web1.example.com 192.0.2.10/24 192.0.2.1

-- ipv4('192.0.2.10/24') is eth0's address and netmask, or nil and what is wrong.
local function ipv4(cidr)
  local o1, o2, o3, o4, p = cidr:match('^(%d+)%.(%d+)%.(%d+)%.(%d+)/(%d+)$')
  p = tonumber(p)
  if not p or p < 1 or p > 32 or math.max(o1, o2, o3, o4) > 255 then return nil, 'is not like 192.0.2.10/24' end
  local mask = {}
  for i = 1, 4 do mask[i] = 256 - 2 ^ (8 - math.min(8, math.max(0, p - 8 * (i - 1)))) end
  return {cidr = cidr, address = cidr:match('^[^/]+'), netmask = table.concat(mask, '.')}
end
local a = ovirt.args{prog = 'ovirtsh scripts/start_vm_with_cloud_init.lua', usage = 'Starts VM once with cloud-init.',
  {name = 'vm', help = 'a VM name or id (default: a scratch VM)'},
  {name = 'hostname', help = "the guest's host name (default: VM.example.com)"},
  {name = 'cidr', help = "eth0's static IPv4 address, 192.0.2.10/24 (default: DHCP)", check = ipv4},
  {name = 'gateway', help = "eth0's gateway",
    check = function(v) return v:match('^%d+%.%d+%.%d+%.%d+$') and v, 'is not like 192.0.2.1' end},
  {name = '--user', env = 'OVIRT_CLOUD_INIT_USER', default = 'cloud-user', help = 'the user cloud-init creates'},
  {name = '--dns', env = 'OVIRT_CLOUD_INIT_DNS', help = 'DNS servers, space separated'},
  {name = '--cluster', env = 'OVIRT_CLUSTER', default = 'Default', help = 'for the scratch VM'},
  {name = '--vnic-profile', env = 'OVIRT_VNIC_PROFILE', default = 'ovirtmgmt', help = "the scratch VM's NIC profile"},
}
local demo = a.vm == nil
local name = a.vm or 'ovirtsh-demo-cloud-init'
local host_name = a.hostname or name .. '.example.com'
if demo then a.cidr, a.gateway = ipv4('192.0.2.50/24'), '192.0.2.1' end
local vms_service = system:vms_service()

local vm
if demo then
  vm = vms_service:add(types.Vm{name = name, cluster = types.Cluster{name = a.cluster}, template = types.Template{name = 'Blank'}})
  local scratch = vms_service:vm_service(vm.id)
  ovirt.cleanup(function()
    if ovirt.wait_for(scratch, function(v) return v.status == 'down' or v.status == 'up' end).status == 'up' then
      scratch:stop()
      ovirt.wait_for(scratch, 'down')
    end
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('stopped and removed scratch VM ' .. name)
  end, 'remove ' .. name)
  vm = ovirt.wait_for(scratch, 'down')
  scratch:nics_service():add(types.Nic{name = 'nic1', vnic_profile = {id = ovirt.get('vnicprofiles', a.vnic_profile).id}})
else
  vm = ovirt.get('vms', name)
  if vm.status ~= 'down' then
    error(string.format('%s is %s: cloud-init settings apply when it starts from down', vm.name, vm.status), 0)
  end
end

local vm_service = vms_service:vm_service(vm.id)
vm_service:start{use_cloud_init = true, vm = types.Vm{initialization = types.Initialization{
  host_name = host_name,
  user_name = a.user,
  root_password = os.getenv('OVIRT_CLOUD_INIT_PASSWORD'), -- nil: not set
  authorized_ssh_keys = os.getenv('OVIRT_CLOUD_INIT_SSH_KEY'),
  dns_servers = a.dns,
  nic_configurations = {types.NicConfiguration{name = 'eth0', on_boot = true, boot_protocol = a.cidr and 'static' or 'dhcp',
    ip = a.cidr and types.Ip{version = 'v4', address = a.cidr.address, netmask = a.cidr.netmask, gateway = a.gateway}}},
}}}
print(string.format('starting %s with cloud-init: host %s, user %s, eth0 %s', vm.name, host_name, a.user,
  a.cidr and (a.cidr.cidr .. (a.gateway and (' via ' .. a.gateway) or '')) or 'dhcp'))
vm = ovirt.wait_for(vm_service, 'up', {timeout = 600})
print(string.format('%s is up: fqdn %s', vm.name, vm.fqdn or '(not reported yet)'))
for _, dev in ipairs(vm_service:reported_devices_service():list()) do
  for _, addr in ipairs(dev.ips or {}) do print('  ' .. dev.name .. ' ' .. addr.address) end
end
