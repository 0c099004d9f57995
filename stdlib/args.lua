-- ovirt.args(spec): the command line of a script, parsed before it connects.
--
--   local a = ovirt.args{
--     usage = 'Creates VM NAME from a template.',       -- optional: a line under "usage:"
--     {name='name', help='the VM to create', default='ovirtsh-demo-vm'},
--     {name='memory', type='size', help='memory, e.g. 2GiB'},
--     {name='--cluster', default='Default', env='OVIRT_CLUSTER', help='the cluster'},
--     {name='--wait', type='boolean', short='-w', help='wait until it is up'},
--   }
--   print(a.name, a.memory, a.cluster, a.wait)
--
-- Arguments without dashes are positional, in order; options start with --. A spec entry takes
-- type ('string' (default), 'number', 'integer', 'size' (bytes from 2GiB...), 'boolean'), default,
-- env (a variable that overrides the default), required, choices (a list), check (a function
-- given the converted value that returns the value to use, or nil and what is wrong), rest (the last
-- positional gathers the remaining arguments into a list), short (-w) and help.
-- Boolean options take --wait, --no-wait and --wait=false. -h/--help prints the usage and exits
-- 0; a bad argument prints what was wrong and the usage on stderr and exits 2. With raise=true
-- (for embedders) both raise a usage error instead of exiting.
local ovirt, priv = ...

local TYPES = {string = true, number = true, integer = true, size = true, boolean = true}
local FIELDS = {'name', 'type', 'default', 'env', 'required', 'choices', 'check', 'rest', 'short', 'help'}

local function spec_error(fmt, ...)
  error(ovirt.error{kind = 'usage', message = 'args: ' .. string.format(fmt, ...)}, 3)
end

-- key turns '--dry-run' into 'dry_run', the field of the result.
local function key(name)
  return (name:gsub('^%-+', ''):gsub('%-', '_'))
end

local function check_spec(spec)
  if type(spec) ~= 'table' then spec_error('expected a table of argument specs, got %s', type(spec)) end
  local opts, pos, seen = {}, {}, {}
  for i, a in ipairs(spec) do
    if type(a) ~= 'table' or type(a.name) ~= 'string' or a.name == '' or a.name == '-' or a.name == '--' then
      spec_error('entry %d: expected {name=..., ...}', i)
    end
    priv.check_options('args: ' .. a.name, a, FIELDS)
    if a.check ~= nil and type(a.check) ~= 'function' then spec_error('%s: check must be a function', a.name) end
    local t = a.type or 'string'
    if not TYPES[t] then
      spec_error("%s: unknown type '%s' (types: string, number, integer, size, boolean)", a.name, tostring(t))
    end
    local k = key(a.name)
    if seen[k] then spec_error('%s is given twice', a.name) end
    seen[k] = true
    if a.name:sub(1, 2) == '--' then
      opts[a.name] = a
      if a.short then opts[a.short] = a end
    else
      if t == 'boolean' then spec_error('%s: a positional argument cannot be boolean', a.name) end
      if #pos > 0 and pos[#pos].rest then spec_error('%s: nothing can follow the rest argument %s', a.name, pos[#pos].name) end
      pos[#pos + 1] = a
    end
  end
  return opts, pos
end

local function metavar(a)
  return key(a.name):upper()
end

local function usage_text(spec, prog, opts, pos)
  local line = 'usage: ' .. prog
  if next(opts) then line = line .. ' [options]' end
  local closing = ''
  for _, a in ipairs(pos) do
    local m = metavar(a) .. (a.rest and ' ...' or '')
    if a.required then
      line = line .. ' ' .. m
    else
      line, closing = line .. ' [' .. m, closing .. ']'
    end
  end
  local out = {line .. closing}
  if type(spec.usage) == 'string' then out[#out + 1] = '\n' .. spec.usage end
  local function describe(a)
    local extra = {}
    if a.default ~= nil then extra[#extra + 1] = 'default ' .. tostring(a.default) end
    if a.env then extra[#extra + 1] = '$' .. a.env end
    if a.choices then extra[#extra + 1] = 'one of ' .. table.concat(a.choices, ', ') end
    local help = a.help or ''
    if #extra > 0 then help = help .. (help ~= '' and ' ' or '') .. '(' .. table.concat(extra, '; ') .. ')' end
    return help
  end
  local rows = {}
  for _, a in ipairs(pos) do rows[#rows + 1] = {metavar(a), describe(a)} end
  if #rows > 0 then rows[#rows + 1] = false end
  for _, a in ipairs(spec) do
    if a.name:sub(1, 2) == '--' then
      local flag = (a.short and a.short .. ', ' or '') .. a.name
      if (a.type or 'string') ~= 'boolean' then flag = flag .. ' ' .. metavar(a) end
      rows[#rows + 1] = {flag, describe(a)}
    end
  end
  rows[#rows + 1] = {'-h, --help', 'show this help'}
  local width = 0
  for _, r in ipairs(rows) do if r and #r[1] > width then width = #r[1] end end
  out[#out + 1] = ''
  for _, r in ipairs(rows) do
    if not r then
      out[#out + 1] = ''
    elseif r[2] == '' then
      out[#out + 1] = '  ' .. r[1]
    else
      out[#out + 1] = '  ' .. r[1] .. string.rep(' ', width - #r[1] + 2) .. r[2]
    end
  end
  return table.concat(out, '\n') .. '\n'
end

-- convert turns the text of an argument into its type; nil and a message when it cannot.
local function convert(a, text)
  local t = a.type or 'string'
  local v = text
  if t == 'number' or t == 'integer' then
    v = tonumber(text)
    if v == nil or (t == 'integer' and v ~= math.floor(v)) then
      return nil, string.format("%s: expected %s, got '%s'", a.name, t == 'integer' and 'a whole number' or 'a number', text)
    end
  elseif t == 'size' then
    local ok, n = pcall(ovirt.size, text)
    if not ok then return nil, string.format('%s: %s', a.name, tostring(n.message or n)) end
    v = n
  elseif t == 'boolean' then
    local b = ({['true'] = true, yes = true, ['1'] = true, on = true,
      ['false'] = false, no = false, ['0'] = false, off = false})[text:lower()]
    if b == nil then return nil, string.format("%s: expected true or false, got '%s'", a.name, text) end
    v = b
  end
  if a.choices then
    local found = false
    for _, c in ipairs(a.choices) do if c == v then found = true end end
    if not found then
      return nil, string.format("%s: '%s' is not one of %s", a.name, text, table.concat(a.choices, ', '))
    end
  end
  if a.check then
    -- check(v) returns the value to use, or nil and what is wrong; an error it raises says it too
    local ok, checked, why = pcall(a.check, v)
    if not ok then why, checked = checked, nil end
    if checked == nil then
      if type(why) == 'userdata' and why.message then why = why.message end
      if type(why) == 'string' then why = why:gsub('^[^:\n]*:%d+: ', '') end -- error()'s position
      return nil, string.format("%s: '%s' %s", a.name, text, why and tostring(why) or 'is not valid')
    end
    v = checked
  end
  return v
end

function ovirt.args(spec)
  local opts, pos = check_spec(spec)
  local argv = spec.arg or arg or {}
  local prog = spec.prog or (type(argv[0]) == 'string' and argv[0]:match('[^/]+$')) or 'script'
  local function finish(code, text)
    if spec.raise then
      error(ovirt.error{kind = 'usage', message = text}, 3)
    end
    if code == 0 then io.write(text) else priv.write_stderr(text) end
    if type(os) ~= 'table' or type(os.exit) ~= 'function' then -- a sandboxed runtime
      error(ovirt.error{kind = 'usage', message = text}, 3)
    end
    os.exit(code)
  end
  local function fail(fmt, ...)
    finish(2, prog .. ': ' .. string.format(fmt, ...) .. '\n' .. usage_text(spec, prog, opts, pos))
  end

  local result, given, positional = {}, {}, {}
  local i, only_positional = 1, false
  while argv[i] ~= nil do
    local s = tostring(argv[i])
    if only_positional or s == '-' or s:sub(1, 1) ~= '-' then
      positional[#positional + 1] = s
    elseif s == '--' then
      only_positional = true
    elseif s == '-h' or s == '--help' then
      finish(0, usage_text(spec, prog, opts, pos))
    else
      local name, value = s:match('^(%-%-?[^=]+)=(.*)$')
      name = name or s
      local a, negated = opts[name], false
      if not a and name:sub(1, 5) == '--no-' then
        a = opts['--' .. name:sub(6)]
        negated = a ~= nil and a.type == 'boolean'
        if not negated then a = nil end
      end
      if not a then
        local names = {}
        for n in pairs(opts) do names[#names + 1] = n end
        local near = priv.closest(name, names)
        fail('unknown option %s%s', name, near and (" (did you mean " .. near .. "?)") or '')
      end
      if (a.type or 'string') == 'boolean' then
        if negated then
          if value ~= nil then fail('%s takes no value', name) end
          value = 'false'
        end
        value = value or 'true'
      elseif value == nil then
        i = i + 1
        value = argv[i]
        if value == nil then fail('%s needs a value', name) end
        value = tostring(value)
      end
      local v, err = convert(a, value)
      if err then fail('%s', err) end
      result[key(a.name)], given[a] = v, true
    end
    i = i + 1
  end

  local n = 1
  for _, a in ipairs(pos) do
    if a.rest then
      local list = {}
      for j = n, #positional do
        local v, err = convert(a, positional[j])
        if err then fail('%s', err) end
        list[#list + 1] = v
      end
      n = #positional + 1
      if #list > 0 then result[key(a.name)], given[a] = list, true end
    elseif positional[n] ~= nil then
      local v, err = convert(a, positional[n])
      if err then fail('%s', err) end
      result[key(a.name)], given[a] = v, true
      n = n + 1
    end
  end
  if positional[n] ~= nil then
    fail("too many arguments: '%s'", positional[n])
  end
  for _, a in ipairs(spec) do
    if not given[a] then
      local env = a.env and os.getenv and os.getenv(a.env)
      if env ~= nil and env ~= '' then
        local v, err = convert(a, env)
        if err then fail('$%s: %s', a.env, err) end
        result[key(a.name)] = v
      elseif a.required then
        fail('%s is required', a.name:sub(1, 2) == '--' and a.name or metavar(a))
      elseif type(a.default) == 'string' and (a.type or 'string') ~= 'string' then
        local v, err = convert(a, a.default)
        if err then spec_error('default of %s', err) end
        result[key(a.name)] = v
      elseif a.default ~= nil then
        result[key(a.name)] = a.default
      elseif a.rest then
        result[key(a.name)] = {}
      end
    end
  end
  return result
end
