#!/usr/bin/env ovirtsh
-- get_vm_ip.lua: print the IP addresses the guest agent of VM (default: of every running VM)
-- reports; a VM that reports none is a failure. The Python SDK's get_vm_ip.py, in Lua.
--
--   ovirtsh scripts/get_vm_ip.lua [VM]
local a = ovirt.args{prog = 'ovirtsh scripts/get_vm_ip.lua', usage = "Prints the IP addresses VM's guest reports.",
  {name = 'vm', help = 'a VM name or id (default: every running VM)'},
}

local vms = a.vm and {ovirt.get('vms', a.vm)} or system:vms_service():list{search = 'status=up sortby name asc'}
local rows = {}
for _, vm in ipairs(vms) do
  for _, dev in ipairs(ovirt.service('vms', vm.id):reported_devices_service():list()) do
    for _, ip in ipairs(dev.ips or {}) do
      rows[#rows + 1] = {vm = vm.name, device = dev.name, mac = dev.mac and dev.mac.address or '',
        address = ip.address, version = ip.version}
    end
  end
end
if a.vm and #rows == 0 then
  error(string.format('%s (%s) reports no IP address: only a running guest with its agent does',
    vms[1].name, vms[1].status), 0)
end
if #rows > 0 then ovirt.table(rows, {'vm', 'device', 'mac', 'address', 'version'}) end
print(string.format('%d address(es) of %d VM(s)', #rows, #vms))
