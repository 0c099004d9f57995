#!/usr/bin/env ovirtsh
-- poll_events.lua: print the engine's events since the last run, oldest first, keeping the last
-- index seen in INDEX_FILE so a cron job sees every event once (the first run only records it).
-- Without a file, prints the newest N events. The Python SDK's poll_events.py, in Lua.
--
--   ovirtsh scripts/poll_events.lua [--max N] [INDEX_FILE]
local a = ovirt.args{prog = 'ovirtsh scripts/poll_events.lua', usage = 'Prints the events after the index stored in INDEX_FILE.',
  {name = 'index_file', env = 'OVIRT_EVENTS_INDEX', help = 'where the last index seen is kept'},
  {name = '--max', type = 'integer', default = 10, help = 'without INDEX_FILE: how many events'},
}
local events_service = system:events_service()

local function show(ev)
  print(string.format('%d  %s  %-7s  %s', ev.index, ev.time, ev.severity, ev.description))
end

if not a.index_file then
  local events = events_service:list{max = a.max} -- newest first
  for i = #events, 1, -1 do show(events[i]) end
  print(string.format('%d event(s); poll with an index file to see only newer ones', #events))
  return
end

local f = io.open(a.index_file, 'r')
local last = f and tonumber(f:read('*a'):match('^%s*(%d+)%s*$'))
if f then f:close() end
if f and not last then error(a.index_file .. ' does not hold an event index; remove it to start over', 0) end
local newest, n = last or 0, 0
local events = last and events_service:list{from = last, search = 'sortby time asc'} or events_service:list{max = 1}
for _, ev in ipairs(events) do
  if last and ev.index > last then show(ev) n = n + 1 end
  newest = math.max(newest, ev.index)
end
f = assert(io.open(a.index_file, 'w'))
f:write(newest, '\n')
f:close()
if last then
  print(string.format('%d new event(s); index %d', n, newest))
else
  print(string.format('starting at event %d; the next run prints newer events', newest))
end
