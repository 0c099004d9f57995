-- ovirt.find(collection_service, name)
--
-- Returns the object named exactly name, or nil. It asks the engine with a
-- search when the collection supports one, and compares names itself, since
-- searches match patterns and ignore case.
local ovirt = ...

local function quote(s)
  if s:find('[%s"]') then
    return '"' .. s:gsub('"', '\\"') .. '"'
  end
  return s
end

function ovirt.find(service, name)
  if type(name) ~= 'string' then
    error(ovirt.error{kind='usage', message='find: expected a name (string), got ' .. type(name)})
  end
  local items
  if ovirt.has_param(service, 'list', 'search') then
    items = service:list{search='name=' .. quote(name)}
  else
    items = service:list()
  end
  for _, item in ipairs(items) do
    if item.name == name then
      return item
    end
  end
  return nil
end
