-- ovirt.retry(fn, {attempts=3, delay=1, backoff=2, retry_if=function(err) ... end})
--
-- Calls fn until it returns without raising, at most attempts times, sleeping delay
-- seconds after the first failure and multiplying the delay by backoff after each
-- one. Returns what fn returns; raises the last error.
--
-- What is retried: usage errors, cancellations and internal errors never are. Without
-- retry_if, neither are the engine's answers that the same request would get again:
-- 'invalid' (400, the content is refused), 'not_found' (404) and 'auth' (a wrong password
-- retried could lock the account). 'conflict' (409) is retried: the engine answers 409 for
-- "the VM is locked", "a related operation is in progress, try again later" as well as for
-- a name in use; a caller who knows which it is passes retry_if. retry_if(err) decides
-- for every error but the three that never are retried.
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

-- never: kinds no retry_if can retry. lasting: kinds not retried unless retry_if says so.
local never = {usage=true, canceled=true, internal=true}
local lasting = {invalid=true, not_found=true, auth=true}

local function kind_of(err)
  if type(err) == 'userdata' then
    return err.kind
  end
end

local function retryable(err)
  return not lasting[kind_of(err)]
end

function ovirt.retry(fn, opts)
  if type(fn) ~= 'function' then
    error(ovirt.error{kind='usage', message='retry: expected a function, got ' .. type(fn)})
  end
  priv.check_options('retry', opts, {'attempts', 'delay', 'backoff', 'retry_if'})
  opts = opts or {}
  local a = opts.attempts
  if a ~= nil and (type(a) ~= 'number' or a < 1 or a ~= math.floor(a)) then
    usage('retry: attempts: expected an integer (1 or more), got %s', describe_value(a))
  end
  for name, what in pairs{delay='a number of seconds', backoff='a factor'} do
    local v = opts[name]
    if v ~= nil and (type(v) ~= 'number' or not (v >= 0)) then
      usage('retry: %s: expected %s (0 or more), got %s', name, what, describe_value(v))
    end
  end
  if opts.retry_if ~= nil and type(opts.retry_if) ~= 'function' then
    usage('retry: retry_if: expected a function, got %s', type(opts.retry_if))
  end
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
    if n >= attempts or never[kind_of(err)] or not retry_if(err) then
      error(err, 0)
    end
    ovirt.sleep(delay)
    delay = delay * backoff
  end
end
