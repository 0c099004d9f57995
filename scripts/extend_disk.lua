#!/usr/bin/env ovirtsh
-- extend_disk.lua: grow a VM's disk (the bootable one by default) through its disk attachment
-- and wait until the new size is in place. Without VM, grows the 1 GiB disk of a scratch VM.
-- The Python SDK's extend_disk.py, in Lua.
--
--   ovirtsh scripts/extend_disk.lua [VM [SIZE [DISK]]]
--   ovirtsh scripts/extend_disk.lua web1 +10GiB
local a = ovirt.args{prog = 'ovirtsh scripts/extend_disk.lua', usage = 'Grows DISK of VM to SIZE, or by +SIZE.',
  {name = 'vm', help = 'a VM name or id (default: a scratch VM)'},
  {name = 'size', help = 'the new size (40GiB) or the growth (+10GiB; default +1GiB); a bare number is GiB',
    check = function(v)
      local text = v:gsub('^%+', '')
      local ok, n = pcall(function() return tonumber(text) and tonumber(text) * ovirt.GiB or ovirt.size(text) end)
      if not ok or n <= 0 then return nil, 'is not 40GiB or +10GiB' end
      return {grow = text ~= v, bytes = math.floor(n)}
    end},
  {name = 'disk', help = "the disk's name (default: the bootable one)"},
  {name = '--cluster', env = 'OVIRT_CLUSTER', default = 'Default', help = 'for the scratch VM'},
  {name = '--storage-domain', env = 'OVIRT_STORAGE_DOMAIN', help = 'for the scratch disk (default: the first data domain)'},
}
local size = a.size or {grow = true, bytes = ovirt.GiB}
local vms_service, disks_service = system:vms_service(), system:disks_service()

local vm
if a.vm then
  vm = ovirt.get('vms', a.vm)
else
  local sd = a.storage_domain or assert(system:storage_domains_service():list{search = 'type=data'}[1],
    'there is no data storage domain: set OVIRT_STORAGE_DOMAIN').name
  vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-extend', cluster = types.Cluster{name = a.cluster},
    template = types.Template{name = 'Blank'}})
  local scratch = vms_service:vm_service(vm.id)
  ovirt.cleanup(function()
    for _, att in ipairs(scratch:disk_attachments_service():list()) do
      ovirt.wait_for(disks_service:disk_service(att.disk.id), function(d) return d == nil or d.status ~= 'locked' end)
    end
    ovirt.wait_for(scratch, 'down')
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ovirtsh-demo-extend and its disk')
  end, 'remove ovirtsh-demo-extend')
  ovirt.wait_for(scratch, 'down')
  local att = scratch:disk_attachments_service():add(types.DiskAttachment{interface = 'virtio_scsi', bootable = true,
    active = true, disk = types.Disk{name = vm.name .. '_Disk1', format = 'cow', provisioned_size = ovirt.size('1GiB'),
      storage_domains = {types.StorageDomain{name = sd}}}})
  ovirt.wait_for(disks_service:disk_service(att.disk.id), 'ok')
end

local attachments_service = vms_service:vm_service(vm.id):disk_attachments_service()
local chosen, disk
for _, att in ipairs(attachments_service:list()) do
  local d = disks_service:disk_service(att.disk.id):get()
  if (a.disk and d.name == a.disk) or (not a.disk and (not chosen or (att.bootable and not chosen.bootable))) then
    chosen, disk = att, d
  end
end
if not chosen then error(string.format('%s has no disk%s', vm.name, a.disk and (" named '" .. a.disk .. "'") or ''), 0) end

local old = disk.provisioned_size
attachments_service:attachment_service(chosen.id):update(types.DiskAttachment{
  disk = types.Disk{provisioned_size = size.grow and old + size.bytes or size.bytes}})
disk = ovirt.wait_for(disks_service:disk_service(disk.id), 'ok', {timeout = 1800})
print(string.format('disk %s of %s: %s -> %s, status %s', disk.name, vm.name, ovirt.format_size(old),
  ovirt.format_size(disk.provisioned_size), disk.status))
