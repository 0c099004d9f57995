#!/usr/bin/env ovirtsh
-- show_summary.lua: print what the engine is (product, version) and how many VMs, hosts,
-- users and storage domains it has, from the API's entry point.
--
--   ovirtsh scripts/show_summary.lua
--   go run ./cmd/ovirtsh scripts/show_summary.lua     (the built-in simulator)
--
-- One request: GET of the API root. The Python SDK's show_summary.py, in Lua.
-- Exit codes: 0 shown, 1 engine error, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/show_summary.lua

Prints the engine's product and version and the counts of VMs, hosts, users and storage domains.
]=]
local function usage(msg)
  io.stderr:write('show_summary.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 0 then usage('unexpected argument ' .. arg[1]) end

local api = system:get()
local info = api.product_info
print(string.format('%s %s (%s)', info and info.name or 'engine', info and info.version and info.version.full_version or '?',
  info and info.vendor or '?'))
print(string.format('engine time %s', api.time or '?'))
if api.authenticated_user then
  local u = conn:follow_link(api.authenticated_user)
  print(string.format('logged in as %s', u.user_name or u.name or u.id))
end
local rows = {}
local s = api.summary
for _, kind in ipairs({'vms', 'hosts', 'users', 'storage_domains'}) do
  local item = s and s[kind]
  rows[#rows + 1] = {kind = kind, active = item and item.active or 0, total = item and item.total or 0}
end
ovirt.table(rows, {'kind', 'active', 'total'})
