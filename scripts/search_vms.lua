#!/usr/bin/env ovirtsh
-- search_vms.lua: list the virtual machines that match an engine search expression.
--
--   ovirtsh scripts/search_vms.lua [QUERY [MAX]]
--   go run ./cmd/ovirtsh scripts/search_vms.lua 'name=vm* and status=down'
--
-- QUERY is the engine's search language, as in the web UI's search bar: 'name=web*',
-- 'status=up and cluster=Default', 'memory>2048 sortby name desc'. The default is 'status=up'
-- (the running VMs). MAX bounds the number of results. The Python SDK's search_vms.py, in Lua.
-- Exit codes: 0 searched (even with no match), 1 engine error (a query it rejects), 2 bad
-- arguments.

local USAGE = [=[
usage: ovirtsh scripts/search_vms.lua [QUERY [MAX]]

Lists the VMs matching QUERY (default 'status=up'), at most MAX of them.
Examples: 'name=web*'  'status=down and cluster=Default'  'name=* sortby name desc'
]=]
local function usage(msg)
  io.stderr:write('search_vms.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 2 then usage('too many arguments (quote the query)') end
local query = arg[1] or 'status=up'
if query == '' then usage('empty query') end
local max
if arg[2] then
  max = tonumber(arg[2])
  if not max or max < 1 or max ~= math.floor(max) then usage('MAX must be a positive whole number, not ' .. arg[2]) end
end

local vms = system:vms_service():list{search = query, max = max}
print(string.format("%d VM(s) match '%s'", #vms, query))
if #vms > 0 then
  ovirt.table(vms, {'name', 'status', 'id'})
end
