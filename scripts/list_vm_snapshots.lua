#!/usr/bin/env ovirtsh
-- list_vm_snapshots.lua: list the snapshots of every VM (or of one) with the disks each holds,
-- 'Active VM' being its current state. The Python SDK's list_vm_snapshots.py, in Lua.
--
--   ovirtsh scripts/list_vm_snapshots.lua [VM]
local a = ovirt.args{prog = 'ovirtsh scripts/list_vm_snapshots.lua', usage = 'Lists the snapshots of VM, or of every VM.',
  {name = 'vm', help = 'a VM name or id (default: every VM)'},
}

local vms = a.vm and {ovirt.get('vms', a.vm)} or system:vms_service():list{search = 'sortby name asc'}
local sd_names = {} -- storage domain names by id, to say where each disk is
for _, sd in ipairs(system:storage_domains_service():list()) do sd_names[sd.id] = sd.name end

local count = 0
for _, vm in ipairs(vms) do
  print(string.format('%s (%s)', vm.name, vm.status))
  local snapshots_service = system:vms_service():vm_service(vm.id):snapshots_service()
  for _, snap in ipairs(snapshots_service:list()) do
    count = count + 1
    print(string.format('  %-30s %-8s %-10s %s', snap.description or '', snap.snapshot_type or '',
      snap.snapshot_status or '', snap.date or ''))
    if snap.snapshot_type ~= 'active' then
      for _, disk in ipairs(snapshots_service:snapshot_service(snap.id):disks_service():list()) do
        local where = {}
        for _, sd in ipairs(disk.storage_domains or {}) do where[#where + 1] = sd_names[sd.id] or sd.id end
        print(string.format('    disk %s: %s %s on %s', disk.name, ovirt.format_size(disk.provisioned_size),
          disk.format, table.concat(where, ', ')))
      end
    end
  end
end
print(string.format('%d snapshot(s) of %d VM(s)', count, #vms))
