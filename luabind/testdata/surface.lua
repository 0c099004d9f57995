-- The surface block of issue 5, as written. URL, PW and CA come from the Go test.
local ovirt = require('ovirt')
local types = ovirt.types
local conn = ovirt.connect{url=URL, username='admin@internal', password=PW, ca_file=CA}
local vms_service = conn:system_service():vms_service()
for _, vm in ipairs(vms_service:list{search='name=web*', max=10}) do
  print(vm.name, vm.status, vm.memory)
end
local vm = vms_service:add(types.Vm{name='web1', cluster=types.Cluster{name='Default'},
                                    template={name='Blank'}, memory=1073741824})
local vm_service = vms_service:vm_service(vm.id)
ovirt.wait_for(vm_service, types.VmStatus.DOWN)
vm_service:start{use_cloud_init=false}
ovirt.wait_for(vm_service, 'up', {timeout=300})
for _, a in ipairs(conn:follow_link(vm.disk_attachments)) do print(a.id) end
vm_service:update{vm=types.Vm{memory=2*ovirt.GiB}, next_run=true}
vm_service:stop(); ovirt.wait_for(vm_service, 'down')
vm_service:remove{detach_only=true}
local ok, err = pcall(function() return vms_service:vm_service('junk'):get() end)
assert(not ok and err.kind == 'not_found' and err.code == 404)
