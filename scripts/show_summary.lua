#!/usr/bin/env ovirtsh
-- show_summary.lua: print the engine's product, version and how many VMs, hosts, users and
-- storage domains it has, from the API's entry point (one request). The Python SDK's show_summary.py:
--   ovirtsh scripts/show_summary.lua
ovirt.args{prog = 'ovirtsh scripts/show_summary.lua', usage = "Prints the engine's version and object counts."}

local api = system:get()
local info = api.product_info
print(string.format('%s %s (%s)', info.name, info.version.full_version, info.vendor))
print('engine time ' .. tostring(api.time))
print('logged in as ' .. conn:follow_link(api.authenticated_user).user_name)
local rows = {}
for _, kind in ipairs{'vms', 'hosts', 'users', 'storage_domains'} do
  local item = api.summary[kind]
  rows[#rows + 1] = {kind = kind, active = item.active or 0, total = item.total or 0}
end
ovirt.table(rows, {'kind', 'active', 'total'})
