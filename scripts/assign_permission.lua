#!/usr/bin/env ovirtsh
-- assign_permission.lua: give a user a role on an object (a VM, a cluster...) or on the whole
-- system, adding the user from its directory first when the engine does not know it yet.
--
--   ovirtsh scripts/assign_permission.lua [USER ROLE KIND NAME | USER ROLE system]
--   go run ./cmd/ovirtsh scripts/assign_permission.lua jdoe@internal-authz UserVmManager vm vm1
--
-- USER is user@authz-domain as the engine's search knows it (jdoe@internal-authz,
-- jdoe@example.com-authz). ROLE is a role name (UserRole, UserVmManager, ClusterAdmin...).
-- KIND is vm, template, host, cluster, datacenter, storagedomain or network, NAME the object's
-- name; 'system' grants the role everywhere. The permission is kept. Without arguments, the
-- script gives the connected user UserRole on a scratch VM, lists the VM's permissions and
-- removes the VM (and with it the permission).
-- The Python SDK's assign_permission.py, in Lua.
-- Exit codes: 0 assigned, 1 engine error or unknown user, role or object, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/assign_permission.lua [USER ROLE KIND NAME | USER ROLE system]

Gives USER (user@authz-domain) the role ROLE on the object KIND NAME (KIND: vm, template,
host, cluster, datacenter, storagedomain, network) or on the whole system.
Without arguments, demonstrates on a scratch VM.
]=]
local function usage(msg)
  io.stderr:write('assign_permission.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
for _, a in ipairs(arg) do
  if a == '' or a:sub(1, 1) == '-' then usage('bad argument ' .. a) end
end
-- the collection each kind of object lives in, and how to reach one object's service
local KINDS = {
  vm = {'vms_service', 'vm_service'},
  template = {'templates_service', 'template_service'},
  host = {'hosts_service', 'host_service'},
  cluster = {'clusters_service', 'cluster_service'},
  datacenter = {'data_centers_service', 'data_center_service'},
  storagedomain = {'storage_domains_service', 'storage_domain_service'},
  network = {'networks_service', 'network_service'},
}
local demo = #arg == 0
local user_arg, role_name, kind, object_name = arg[1], arg[2], arg[3], arg[4]
if not demo then
  if #arg < 3 then usage('give USER ROLE and where: KIND NAME, or system') end
  if #arg > 4 then usage('too many arguments') end
  if not user_arg:match('^[^@]+@[^@]+$') then usage('USER must be user@authz-domain, not ' .. user_arg) end
  if kind == 'system' then
    if object_name then usage("'system' takes no NAME") end
  elseif not KINDS[kind] then
    usage('unknown KIND ' .. kind)
  elseif not object_name then
    usage('give the name of the ' .. kind)
  end
end

local users_service = system:users_service()
local scratch -- the demo VM's service, removed at the end even when a step fails

-- the engine's user for user@authz, added from the authz domain's directory when missing
local function find_or_add_user(spec)
  local principal, authz = spec:match('^(.+)@([^@]+)$')
  for _, u in ipairs(users_service:list{search = 'usrname=' .. spec}) do
    return u
  end
  local u = users_service:add(types.User{user_name = spec, domain = types.Domain{name = authz}})
  print(string.format('added user %s from directory %s', principal, authz))
  return u
end

local function main()
  local target_service, where
  if demo then
    local me = system:get().authenticated_user
    local u = users_service:user_service(me.id):get()
    local domain = u.domain and system:domains_service():domain_service(u.domain.id):get()
    user_arg = u.principal .. '@' .. (domain and domain.name or 'internal-authz')
    role_name = 'UserRole'
    local vms_service = system:vms_service()
    local vm = vms_service:add(types.Vm{name = 'ovirtsh-demo-perm', cluster = types.Cluster{name = os.getenv('OVIRT_CLUSTER') or 'Default'},
      template = types.Template{name = 'Blank'}})
    scratch = vms_service:vm_service(vm.id)
    print('created scratch VM ' .. vm.name)
    target_service, where = scratch, 'vm ' .. vm.name
  elseif kind == 'system' then
    target_service, where = system, 'the whole system'
  else
    local coll = system[KINDS[kind][1]](system)
    local obj = ovirt.find(coll, object_name)
    if not obj then error(string.format("there is no %s named '%s'", kind, object_name), 0) end
    target_service, where = coll[KINDS[kind][2]](coll, obj.id), kind .. ' ' .. obj.name
  end
  local role = ovirt.find(system:roles_service(), role_name)
  if not role then error(string.format("there is no role named '%s'", role_name), 0) end
  local user = find_or_add_user(user_arg)

  local permissions_service = target_service:permissions_service()
  local p = permissions_service:add(types.Permission{user = types.User{id = user.id}, role = types.Role{id = role.id}})
  print(string.format('gave %s the role %s on %s (permission %s)', user_arg, role.name, where, p.id))

  -- what the object's permissions are now
  local role_names, user_names = {}, {}
  for _, r in ipairs(system:roles_service():list()) do role_names[r.id] = r.name end
  for _, u in ipairs(users_service:list()) do user_names[u.id] = u.user_name end
  local rows = {}
  for _, perm in ipairs(permissions_service:list()) do
    rows[#rows + 1] = {role = role_names[perm.role.id] or perm.role.id,
      who = perm.user and (user_names[perm.user.id] or perm.user.id) or ('group ' .. (perm.group and perm.group.id or '?')),
      id = perm.id}
  end
  print('permissions on ' .. where .. ':')
  ovirt.table(rows, {'role', 'who', 'id'})
end

local ok, err = pcall(main)
if scratch then
  local cok, cerr = pcall(function()
    ovirt.wait_for(scratch, 'down')
    scratch:remove()
    ovirt.wait_for(scratch, 'removed')
    print('removed scratch VM ovirtsh-demo-perm and its permissions')
  end)
  if not cok then io.stderr:write('assign_permission.lua: cleanup: ' .. tostring(cerr) .. '\n') end
end
if not ok then error(err, 0) end
