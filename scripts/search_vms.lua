#!/usr/bin/env ovirtsh
-- search_vms.lua: list the VMs that match a query in the web UI's search language
-- ('memory>2048 sortby name desc'). The Python SDK's search_vms.py, in Lua.
--
--   ovirtsh scripts/search_vms.lua 'name=web* and status=down' 10
local a = ovirt.args{prog = 'ovirtsh scripts/search_vms.lua', usage = 'Lists the VMs matching QUERY.',
  {name = 'query', default = 'status=up', help = "an engine search ('name=web*')"},
  {name = 'max', type = 'integer', help = 'at most this many'},
}

local vms = system:vms_service():list{search = a.query, max = a.max}
print(string.format("%d VM(s) match '%s'", #vms, a.query))
if #vms > 0 then ovirt.table(vms, {'name', 'status', 'id'}) end
