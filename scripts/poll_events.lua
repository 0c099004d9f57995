#!/usr/bin/env ovirtsh
-- poll_events.lua: print the engine's events that happened since the last run, remembering
-- where it stopped in a file, so a cron job or a loop sees every event once.
--
--   ovirtsh scripts/poll_events.lua [--max N] [INDEX_FILE]
--   go run ./cmd/ovirtsh scripts/poll_events.lua /tmp/ovirt-events.index   (the built-in simulator)
--
-- With INDEX_FILE (or $OVIRT_EVENTS_INDEX), the first run only records the newest event's
-- index there; later runs print the events after it, oldest first, and move the index on.
-- Without a file, prints the newest N events (--max, default 10) and the index to start from.
-- Lines are: index, time, severity, description. The Python SDK's poll_events.py, in Lua.
-- Exit codes: 0 polled, 1 engine error or unusable index file, 2 bad arguments.

local USAGE = [=[
usage: ovirtsh scripts/poll_events.lua [--max N] [INDEX_FILE]

Prints the events after the index stored in INDEX_FILE (default $OVIRT_EVENTS_INDEX) and
stores the new one; without a file, the newest N (default 10) events.
]=]
local function usage(msg)
  io.stderr:write('poll_events.lua: ' .. msg .. '\n' .. USAGE)
  os.exit(2)
end
local max, files = 10, {}
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == '-h' or a == '--help' then io.write(USAGE) return end
  if a == '--max' then
    max = tonumber(arg[i + 1] or '')
    if not max or max < 1 or max ~= math.floor(max) then usage('--max needs a positive whole number') end
    i = i + 1
  elseif a == '' or a:sub(1, 1) == '-' then
    usage('bad argument ' .. a)
  else
    files[#files + 1] = a
  end
  i = i + 1
end
if #files > 1 then usage('too many arguments') end
local index_file = files[1] or os.getenv('OVIRT_EVENTS_INDEX')
if index_file == '' then index_file = nil end

local events_service = system:events_service()

-- events are numbered in order; from= takes that number (the event's index, also its id)
local function number(ev) return tonumber(ev.index) or tonumber(ev.id) or 0 end

local function show(ev)
  print(string.format('%d  %s  %-7s  %s', number(ev), ev.time or '', ev.severity or '', ev.description or ''))
end

local function read_index(path)
  local f = io.open(path, 'r')
  if not f then return nil end
  local text = f:read('*a')
  f:close()
  local n = tonumber((text or ''):match('^%s*(%d+)%s*$'))
  if not n then error(string.format('%s does not hold an event index; remove it to start over', path), 0) end
  return n
end

local function write_index(path, n)
  local f, err = io.open(path, 'w')
  if not f then error('cannot write the index: ' .. tostring(err), 0) end
  f:write(string.format('%d\n', n))
  f:close()
end

if not index_file then
  local events = events_service:list{max = max} -- newest first
  for k = #events, 1, -1 do show(events[k]) end
  print(string.format('%d event(s); poll with an index file to see only newer ones', #events))
  return
end

local last = read_index(index_file)
if last == nil then
  -- first run: start after the newest event
  local newest = events_service:list{max = 1}[1]
  last = newest and number(newest) or 0
  write_index(index_file, last)
  print(string.format('starting at event %d; the next run prints newer events', last))
  return
end
local events = events_service:list{from = last, search = 'sortby time asc'}
local n = 0
for _, ev in ipairs(events) do
  if number(ev) > last then
    show(ev)
    n = n + 1
  end
end
local newest = last
for _, ev in ipairs(events) do newest = math.max(newest, number(ev)) end
write_index(index_file, newest)
print(string.format('%d new event(s); index %d', n, newest))
