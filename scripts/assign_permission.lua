#!/usr/bin/env ovirtsh
-- assign_permission.lua: give a user (added from its directory if the engine does not know it
-- yet) a role on an object or on the whole system. Without arguments, gives the connected user
-- UserRole on a scratch VM and removes it. The Python SDK's assign_permission.py, in Lua.
--
--   ovirtsh scripts/assign_permission.lua [USER ROLE [system | KIND NAME]]
--   ovirtsh scripts/assign_permission.lua jdoe@internal-authz UserVmManager vm vm1
local KINDS = {vm = 'vms', template = 'templates', host = 'hosts', cluster = 'clusters',
  datacenter = 'datacenters', storagedomain = 'storagedomains', network = 'networks'}
local a = ovirt.args{prog = 'ovirtsh scripts/assign_permission.lua',
  {name = 'user', help = 'user@authz-domain, as the engine searches it (jdoe@internal-authz)'},
  {name = 'role', default = 'UserRole', help = 'UserRole, UserVmManager, ClusterAdmin...'},
  {name = 'kind', default = 'system', choices = {'system', 'vm', 'template', 'host', 'cluster', 'datacenter', 'storagedomain', 'network'}},
  {name = 'object', help = 'the name of the vm, cluster...'},
  {name = '--cluster', default = 'Default', env = 'OVIRT_CLUSTER', help = 'of the scratch VM'},
}
local users_service = system:users_service()

local target, where, user
if not a.user then
  user = ovirt.get('users', system:get().authenticated_user.id)
  local domain = user.domain and ovirt.get('domains', user.domain.id)
  a.user = user.principal .. '@' .. (domain and domain.name or 'internal-authz')
  local vm = system:vms_service():add(types.Vm{name = 'ovirtsh-demo-perm', cluster = {name = a.cluster}, template = {name = 'Blank'}})
  target, where = ovirt.service('vms', vm.id), 'vm ' .. vm.name
  ovirt.cleanup(function()
    ovirt.wait_for(target, 'down')
    target:remove()
    ovirt.wait_for(target, 'removed')
    print('removed scratch VM ' .. vm.name .. ' and its permissions')
  end, 'remove scratch VM ' .. vm.name)
  print('created scratch VM ' .. vm.name)
elseif a.kind == 'system' then
  target, where = system, 'the whole system'
else
  if not a.object then error('give the name of the ' .. a.kind .. ' after ' .. a.kind, 0) end
  local obj = ovirt.get(KINDS[a.kind], a.object)
  target, where = ovirt.service(KINDS[a.kind], obj.id), a.kind .. ' ' .. obj.name
end
local role = ovirt.get('roles', a.role)
if not user then
  user = users_service:list{search = 'usrname=' .. a.user}[1]
  if not user then -- the engine does not know the user yet: add it from its directory
    local principal, authz = a.user:match('^(.+)@([^@]+)$')
    if not authz then error('USER must be user@authz-domain, not ' .. a.user, 0) end
    user = users_service:add(types.User{user_name = a.user, domain = {name = authz}})
    print(string.format('added user %s from directory %s', principal, authz))
  end
end

local permissions_service = target:permissions_service()
local p = permissions_service:add(types.Permission{user = {id = user.id}, role = {id = role.id}})
print(string.format('gave %s the role %s on %s (permission %s)', a.user, role.name, where, p.id))

local rows = {}
for _, perm in ipairs(permissions_service:list()) do
  rows[#rows + 1] = {role = ovirt.get('roles', perm.role.id).name, id = perm.id,
    who = perm.user and ovirt.get('users', perm.user.id).user_name or ('group ' .. (perm.group and perm.group.id or '?'))}
end
print('permissions on ' .. where .. ':')
ovirt.table(rows, {'role', 'who', 'id'})
