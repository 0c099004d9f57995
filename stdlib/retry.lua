-- ovirt.retry(fn, {attempts=3, delay=1, backoff=2, retry_if=function(err) ... end})
--
-- Calls fn until it returns without raising, at most attempts times, sleeping delay
-- seconds after the first failure and multiplying the delay by backoff after each
-- one. Returns what fn returns; raises the last error. Usage errors and
-- cancellations are not retried; retry_if(err) can narrow what is.
local ovirt = ...

local function retryable(err)
  if type(err) == 'userdata' then
    local kind = err.kind
    return kind ~= 'usage' and kind ~= 'canceled' and kind ~= 'internal'
  end
  return true
end

function ovirt.retry(fn, opts)
  if type(fn) ~= 'function' then
    error(ovirt.error{kind='usage', message='retry: expected a function, got ' .. type(fn)})
  end
  opts = opts or {}
  local attempts = opts.attempts or 3
  local delay = opts.delay or 1
  local backoff = opts.backoff or 2
  local retry_if = opts.retry_if or retryable
  local n = 0
  while true do
    n = n + 1
    local res = {pcall(fn)}
    if res[1] then
      return select(2, unpack(res))
    end
    local err = res[2]
    if n >= attempts or not retryable(err) or not retry_if(err) then
      error(err, 0)
    end
    ovirt.sleep(delay)
    delay = delay * backoff
  end
end
