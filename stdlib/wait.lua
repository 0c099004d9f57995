-- ovirt.wait_for(service, status | predicate, {timeout, interval, on_change})
--
-- Polls service:get() until the object has the status (a string such as 'up' or
-- types.VmStatus.UP), or until predicate(obj) returns true. The status is the member that
-- holds the state of the object's type, as engine/wait knows it: 'status' for most,
-- 'snapshot_status' for a snapshot, 'phase' for an image transfer or a backup. A status that
-- means failure (a disk's or template's 'illegal', a job's 'failed' or 'aborted', an image
-- transfer's 'finished_failure' or 'cancelled_*') ends the wait with an 'other' error unless
-- it is the one wanted. With the status 'removed', it waits until get() answers not found; a
-- predicate receives nil once the object is gone. Waiting for any other status of an object
-- that is not found raises a 'not_found' error: "was not found" when it never was, "was
-- removed" when it was. on_change(obj, status, previous) is called when the status changes.
-- Returns the last object read (nil after a removal). Raises a 'timeout' error that names the
-- last status seen; errors point at the caller's line, not this file's. Without an interval,
-- polls start at 0.1 s and double up to 2 s, so quick transitions are seen quickly without
-- hammering a slow engine.
local ovirt, priv = ...

local function usage(fmt, ...)
  error(ovirt.error{kind='usage', message=string.format(fmt, ...)}, 3)
end

local function describe_value(v)
  if type(v) == 'number' then
    return tostring(v)
  end
  return type(v)
end

local function describe(want)
  if type(want) == 'function' then
    return 'the condition'
  end
  return "'" .. tostring(want) .. "'"
end

-- check_status raises a usage error when obj's type has a status enum that lacks want: such a
-- wait could only end with the timeout. A value the object has right now is accepted even when
-- the model does not know it (a newer engine).
local function check_status(obj, want)
  if obj == nil then
    return
  end
  local member = priv.status_member(obj)
  if not member then
    usage('wait_for: %s has no status to wait for; pass a predicate function instead', ovirt.typeof(obj))
  end
  if obj[member] == want then
    return
  end
  local ok, err = pcall(ovirt.types[ovirt.typeof(obj)], {[member]=want})
  if not ok then
    local msg = type(err) == 'userdata' and err.message or tostring(err)
    usage('wait_for: %s', (msg:gsub('^[%w_.]+: ', '')))
  end
end

function ovirt.wait_for(service, want, opts)
  priv.check_options('wait_for', opts, {'timeout', 'interval', 'on_change'})
  opts = opts or {}
  if opts.timeout ~= nil and (type(opts.timeout) ~= 'number' or not (opts.timeout >= 0)) then
    usage('wait_for: timeout: expected a number of seconds (0 or more), got %s', describe_value(opts.timeout))
  end
  if opts.interval ~= nil and (type(opts.interval) ~= 'number' or not (opts.interval > 0)) then
    usage('wait_for: interval: expected a number of seconds (more than 0), got %s', describe_value(opts.interval))
  end
  if opts.on_change ~= nil and type(opts.on_change) ~= 'function' then
    usage('wait_for: on_change: expected a function, got %s', type(opts.on_change))
  end
  if ovirt.typeof(service):sub(-7) ~= 'Service' then
    error(ovirt.error{kind='usage', message='wait_for: expected a service, got ' .. ovirt.typeof(service)})
  end
  local wt = type(want)
  if wt ~= 'string' and wt ~= 'function' then
    error(ovirt.error{kind='usage', message='wait_for: expected a status or a predicate function, got ' .. wt})
  end
  local timeout = opts.timeout or 300
  local interval = opts.interval
  local delay = interval or 0.1
  local on_change = opts.on_change
  local removal = wt == 'string' and want:lower() == 'removed'
  local target = wt == 'string' and want:lower() or nil
  local deadline = ovirt.now() + timeout
  local last = nil -- the last status seen
  local seen = false
  local found = false -- get() returned the object at least once
  while true do
    local ok, obj = pcall(service.get, service)
    if not ok then
      if type(obj) ~= 'userdata' or obj.kind ~= 'not_found' then
        error(obj, 0)
      end
      obj = nil
    end
    if not seen and target and not removal then
      check_status(obj, target)
    end
    found = found or obj ~= nil
    local status = nil
    local member = obj ~= nil and priv.status_member(obj)
    if member then
      status = obj[member]
    elseif obj == nil then
      status = 'removed'
    end
    if not seen or status ~= last then
      if on_change then
        on_change(obj, status, last)
      end
      seen, last = true, status
    end
    local done
    if wt == 'function' then
      done = want(obj)
    elseif removal then
      done = obj == nil
    else
      if obj == nil and not found then
        error(ovirt.error{kind='not_found', code=404,
          message=string.format('wait_for: %s was not found (waiting for %s)', tostring(service), describe(want))})
      elseif obj == nil then
        error(ovirt.error{kind='not_found', code=404,
          message=string.format('wait_for: %s was removed while waiting for %s', tostring(service), describe(want))})
      end
      done = status == target
      if not done and status ~= nil and priv.failed_status(obj, status) then
        error(ovirt.error{kind='other', message=string.format(
          "wait_for: %s is '%s' while waiting for %s", tostring(service), tostring(status), describe(want))})
      end
    end
    if done then
      return obj
    end
    local now = ovirt.now()
    if now >= deadline then
      error(ovirt.error{kind='timeout', message=string.format(
        'wait_for: timed out after %gs waiting for %s to be %s; last status: %s',
        timeout, tostring(service), describe(want), last and ("'" .. tostring(last) .. "'") or 'none')})
    end
    ovirt.sleep(math.min(delay, deadline - now))
    if not interval then
      delay = math.min(delay * 2, 2)
    end
  end
end
