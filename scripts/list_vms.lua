#!/usr/bin/env ovirtsh
-- list_vms.lua: print every virtual machine with its status, memory, host and id.
--
--   ovirtsh scripts/list_vms.lua
--   go run ./cmd/ovirtsh scripts/list_vms.lua       (no engine configured: the built-in simulator)
--
-- The engine comes from --url/OVIRT_URL, OVIRT_USERNAME, OVIRT_PASSWORD, OVIRT_CAFILE or a profile
-- of ~/.config/ovirt.conf (see ovirtsh --help). The Python SDK's list_vms.py, in Lua.
-- Exit codes: 0 listed, 1 engine error, 2 bad arguments.

local USAGE = [[
usage: ovirtsh scripts/list_vms.lua

Prints a table of every VM: name, status, memory, the host it runs on, id.
]]
local function usage(msg)
  io.stderr:write('list_vms.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
if arg[1] == '-h' or arg[1] == '--help' then io.write(USAGE) return end
if #arg > 0 then usage('unexpected argument ' .. arg[1]) end

-- follow=host inlines each running VM's host, so its name needs no extra request
local vms = system:vms_service():list{follow = 'host'}
local rows = {}
for _, vm in ipairs(vms) do
  rows[#rows + 1] = {
    name = vm.name,
    status = vm.status,
    memory = string.format('%d MiB', (vm.memory or 0) / ovirt.MiB),
    host = vm.host and vm.host.name or '-',
    id = vm.id,
  }
end
table.sort(rows, function(a, b) return a.name < b.name end)
ovirt.table(rows, {'name', 'status', 'memory', 'host', 'id'})
print(string.format('%d VMs', #rows))
