#!/usr/bin/env ovirtsh
-- list_vm_snapshots.lua: list the snapshots of every virtual machine (or of one), with the
-- disks each snapshot holds and the storage domains they are on.
--
--   ovirtsh scripts/list_vm_snapshots.lua [VM]
--   go run ./cmd/ovirtsh scripts/list_vm_snapshots.lua     (the built-in simulator)
--
-- Every VM has its 'Active VM' snapshot (its current state); the others were taken by users
-- (add_vm_snapshot.lua) or by the engine. The Python SDK's list_vm_snapshots.py, in Lua.
-- Exit codes: 0 listed, 1 engine error or unknown VM, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/list_vm_snapshots.lua [VM]

Lists the snapshots of VM, or of every VM, with their disks and storage domains.
]=]
local function usage(msg)
  io.stderr:write('list_vm_snapshots.lua: ' .. msg .. '\n' .. USAGE)
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
  vms = vms_service:list{search = 'sortby name asc'}
end

-- storage domain names by id, to say where each disk is
local sd_names = {}
for _, sd in ipairs(system:storage_domains_service():list()) do
  sd_names[sd.id] = sd.name
end

local count = 0
for _, vm in ipairs(vms) do
  print(string.format('%s (%s)', vm.name, vm.status))
  local snapshots_service = vms_service:vm_service(vm.id):snapshots_service()
  for _, snap in ipairs(snapshots_service:list()) do
    count = count + 1
    print(string.format('  %-30s %-8s %-10s %s', snap.description or '', snap.snapshot_type or '',
      snap.snapshot_status or '', snap.date or ''))
    if snap.snapshot_type ~= 'active' then
      for _, disk in ipairs(snapshots_service:snapshot_service(snap.id):disks_service():list()) do
        local where = {}
        for _, sd in ipairs(disk.storage_domains or {}) do
          where[#where + 1] = sd_names[sd.id] or sd.id
        end
        print(string.format('    disk %s: %g GiB %s on %s', disk.name or disk.id,
          (disk.provisioned_size or 0) / ovirt.GiB, disk.format or '', table.concat(where, ', ')))
      end
    end
  end
end
print(string.format('%d snapshot(s) of %d VM(s)', count, #vms))
