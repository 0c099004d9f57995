#!/usr/bin/env ovirtsh
-- site_example.lua: a small site declared with ovirt.ensure.*: a data center, its cluster, a VM
-- network with a vNIC profile, a tag and a few web VMs. ovirtsh apply orders the declarations by
-- their references, prints the plan, then makes only the changes; run again, it changes nothing.
--
--   ovirtsh apply --check scripts/site_example.lua [PREFIX [VMS]]   the plan; exit 9 when changes are pending
--   ovirtsh apply scripts/site_example.lua lab 5     data center lab-dc, cluster lab-cluster, VMs lab-web1 to lab-web5
--   ovirtsh scripts/site_example.lua                 the same declarations made one by one, without a plan
local a = ovirt.args{prog = 'ovirtsh apply scripts/site_example.lua',
  {name = 'prefix', default = 'site', help = 'the first part of every name'},
  {name = 'vms', type = 'integer', default = 2, help = 'how many web VMs, 1 to 50',
    check = function(v) return v >= 1 and v <= 50 and v or nil, 'is not from 1 to 50' end},
}
local p = a.prefix

-- Under ovirtsh apply each call returns its declaration ({kind=, name=}) and apply does the rest;
-- run directly, it makes the change at once and returns what it did (r.op: add, change, none...).
local function say(r)
  if r.op then print(('%s %s: %s'):format(r.kind, r.name, r.op)) end
end

say(ovirt.ensure.data_center{name = p .. '-dc', description = 'declared by site_example.lua'})
say(ovirt.ensure.cluster{name = p .. '-cluster', data_center = p .. '-dc', cpu = {type = 'Intel Nehalem Family'}})
say(ovirt.ensure.network{name = p .. '-net', data_center = p .. '-dc', vlan = {id = 100}, usages = {'vm'},
  vnic_profiles = {p .. '-net'}, clusters = {p .. '-cluster'}})
say(ovirt.ensure.tag{name = p .. '-web', description = 'web servers of ' .. p})

for i = 1, a.vms do
  say(ovirt.ensure.vm{name = ('%s-web%d'):format(p, i), cluster = p .. '-cluster', template = 'Blank',
    memory = '1GiB', cpu = {topology = {cores = 2}}, tags = {p .. '-web'},
    nics = {{name = 'nic1', vnic_profile = p .. '-net'}}})
end
