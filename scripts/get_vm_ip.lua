#!/usr/bin/env ovirtsh
-- get_vm_ip.lua: print the IP addresses a virtual machine's guest agent reports, per device.
--
--   ovirtsh scripts/get_vm_ip.lua [VM]
--   go run ./cmd/ovirtsh scripts/get_vm_ip.lua vm1          (the built-in simulator has vm1 up)
--
-- The addresses come from the VM's reported devices, which only a running guest with its agent
-- reports. With VM, prints that VM's addresses (none reported is a failure, exit 1); without,
-- those of every running VM. Output lines: VM, device, MAC, address, IP version.
-- The Python SDK's get_vm_ip.py, in Lua.
-- Exit codes: 0 printed, 1 engine error or no address reported, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/get_vm_ip.lua [VM]

Prints the IP addresses reported by VM's guest, or by every running VM's.
]=]
local function usage(msg)
  io.stderr:write('get_vm_ip.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 1 then usage('too many arguments') end
local vm_name = arg[1]
if vm_name and (vm_name == '' or vm_name:sub(1, 1) == '-') then usage('bad VM name ' .. vm_name) end

local vms_service = system:vms_service()
local vms
if vm_name then
  local vm = ovirt.find(vms_service, vm_name)
  if not vm then error(string.format("there is no VM named '%s'", vm_name), 0) end
  vms = {vm}
else
  vms = vms_service:list{search = 'status=up sortby name asc'}
end

local rows = {}
for _, vm in ipairs(vms) do
  local found = 0
  for _, dev in ipairs(vms_service:vm_service(vm.id):reported_devices_service():list()) do
    for _, ip in ipairs(dev.ips or {}) do
      found = found + 1
      rows[#rows + 1] = {vm = vm.name, device = dev.name or '', mac = dev.mac and dev.mac.address or '',
        address = ip.address or '', version = ip.version or ''}
    end
  end
  if found == 0 and vm_name then
    error(string.format('%s (%s) reports no IP address%s', vm.name, vm.status,
      vm.status == 'up' and ': is its guest agent running?' or ': only a running guest reports them'), 0)
  end
end
if #rows > 0 then
  ovirt.table(rows, {'vm', 'device', 'mac', 'address', 'version'})
end
print(string.format('%d address(es) of %d VM(s)', #rows, #vms))
