package luabind

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestServiceCalls(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vms_service = conn:system_service():vms_service()
		for _, vm in ipairs(vms_service:list{search='name=vm*', max=10}) do
			print(vm.name, vm.status, vm.memory)
		end
		local new = {cluster=types.Cluster{name='Default'}, template={name='Blank'}}
		local vm = vms_service:add(types.Vm{name='web1', cluster=new.cluster, template=new.template, memory=1073741824})
		print(vm.name, vm.memory, tostring(vms_service), tostring(vms_service:vm_service(vm.id)) == 'VmService(vms/' .. vm.id .. ')')
		local vm2 = vms_service:add{vm={name='web2', cluster=new.cluster, template=new.template}, clone=true}
		local vm3 = vms_service:add({name='web3', cluster=new.cluster, template=new.template}, {clone_permissions=false})
		print(vm2.name, vm3.name, #vms_service:list(), #vms_service:list{max=1})
		local vm_service = vms_service:vm_service(vm.id)
		ovirt.wait_for(vm_service, 'down') -- a new VM is image_locked for a while: an engine refuses to edit it
		print(vm_service:update{vm=types.Vm{memory=2*ovirt.GiB}}.memory)
		vm_service:start{use_cloud_init=false}
		print(vm_service:get().status ~= 'down')
		local vm1 = vms_service:vm_service(VM1):get()
		for _, a in ipairs(conn:follow_link(vm1.disk_attachments)) do print(ovirt.typeof(a), a.bootable) end
		print(conn:follow_link(vm).name, conn:follow_link(vm1.cluster).name)
		print(tostring(conn:service('vms/' .. vm.id .. '/diskattachments')) == 'DiskAttachmentsService(vms/' .. vm.id .. '/diskattachments)')
		ovirt.wait_for(vms_service:vm_service(vm3.id), 'down')
		print(vms_service:vm_service(vm3.id):remove())
		local ok, err = pcall(function() return vms_service:vm_service('junk'):get() end)
		assert(not ok and err.kind == 'not_found' and err.code == 404)
		print(conn:test(), tostring(conn) == 'engine.Connection{URL: "' .. conn:url() .. '", Username: "admin@internal"}')
	`)
	assert.Equal(t, "vm1\tup\t2147483648\nvm2\tdown\t2147483648\n"+
		"web1\t1073741824\tVmsService(vms)\ttrue\n"+
		"web2\tweb3\t5\t1\n"+
		"2147483648\n"+
		"true\n"+
		"DiskAttachment\ttrue\n"+
		"web1\tDefault\n"+
		"true\n"+
		"\n"+
		"true\ttrue\n", out.String())
}

// TestCallParametersAreSent: named parameters, query= and headers= reach the request.
func TestCallParametersAreSent(t *testing.T) {
	rt, log, _ := newTest(t)
	run(t, rt, `conn:system_service():vms_service():list{search='name=x', max=3, case_sensitive=false,
		query={correlation_id='abc', n=1}, headers={['X-Test']='yes'}}`)
	req := log.Last()
	assert.Equal(t, "GET /ovirt-engine/api/vms?case_sensitive=false&correlation_id=abc&max=3&n=1&search=name%3Dx", req.String())
	assert.Contains(t, req.Headers, "X-Test: yes")

	run(t, rt, `conn:system_service():vms_service():vm_service(VM2):start{vm={custom_cpu_model='x'}, pause=true}`)
	req = log.Last()
	assert.Regexp(t, `^POST /ovirt-engine/api/vms/[^/]+/start$`, req.String())
	assert.Contains(t, req.Body, "<custom_cpu_model>x</custom_cpu_model>")
	assert.Contains(t, req.Body, "<pause>true</pause>")
}

func TestCallErrors(t *testing.T) {
	rt, _, _ := newTest(t)
	const vms = `local vms = conn:system_service():vms_service() `
	for _, tc := range []struct{ src, msg string }{
		{vms + `vms:list{serach='x'}`, "VmsService:list has no parameter 'serach'; did you mean 'search'?"},
		{vms + `vms:list{max='10'}`, "max: expected integer, got string"},
		{vms + `vms:add{vm={name='a', cpu={topology={cores='4'}}}}`, "vm.cpu.topology.cores: expected integer, got string"},
		{vms + `vms:add(types.Vm{name='a'}, {clnoe=true})`, "VmsService:add has no parameter 'clnoe'; did you mean 'clone'?"},
		{vms + `vms:add{clone=true}`, "VmsService:add needs the vm: pass it alone (add(vm)) or as vm=..."},
		{vms + `vms:add(types.Vm{}, {vm=types.Vm{}})`, "VmsService:add: the vm is given twice"},
		{vms + `vms:lst()`, "VmsService has no method 'lst'; did you mean 'list'?"},
		{vms + `vms:vm_servce('x')`, "VmsService has no method 'vm_servce'; did you mean 'vm_service'?"},
		{vms + `vms.list{}`, "list must be called on a VmsService with a colon: svc:list(...)"},
		{vms + `vms:list(types.Vm{})`, "VmsService:list takes named parameters in a table, got Vm"},
		{vms + `vms:list({}, {})`, "VmsService:list takes at most 1 argument(s), got 2"},
		{vms + `vms:list{wait='no'}`, "wait: expected boolean, got string"},
		{vms + `vms:vm_service({})`, "expected the id (a string), got table"},
		{vms + `vms:vm_service(''):remove()`, "VmsService:vm_service: the id is empty"},
		{vms + `vms:vm_service(nil)`, "VmsService:vm_service: expected the id (a string), got nil"},
		{`conn:service('vms/1/nothing')`, `no service at 'vms/1/nothing': VmService has no locator for "nothing"`},
		{`conn:follow_link(types.Vm{})`, "can't follow the link: it has no href"},
		{`conn:follow_link(types.Vm{href='/elsewhere/vms/1'})`, "'/elsewhere/vms/1' is not under the API root /ovirt-engine/api"},
		{`conn:follow_link(types.Vm{href='https://admin:S3CRET@evil.example/x'})`, "'https://evil.example/x' is not on the connection's engine"},
		{`ovirt.connect{url='x', pasword='y'}`, "connect has no option 'pasword'; did you mean 'password'?"},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			e := runErr(t, rt, tc.src)
			assert.Equal(t, KindUsage, e.Kind, e.Message)
			assert.Contains(t, e.Message, tc.msg)
			assert.Equal(t, "<string>:1", e.Where)
		})
	}
}

// TestFollowLinkSendsNothingOffTheAPI: follow_link and conn:service check hrefs in the engine
// (TestServiceNamesForeignAddresses there has the cases): off the API, nothing is sent.
func TestFollowLinkSendsNothingOffTheAPI(t *testing.T) {
	rt, log, out := newTest(t)
	sent := log.Len()
	for _, href := range []string{"http://evil.example/x", "https://u:S3CRET@evil.example/%zz", "/elsewhere/vms/1"} {
		e := runErr(t, rt, `conn:follow_link(types.Vm{href=`+luaQuote(href)+`})`)
		assert.Equal(t, KindUsage, e.Kind, e.Message)
		assert.NotContains(t, e.Error(), "S3CRET")
	}
	assert.Equal(t, sent, log.Len(), "nothing was asked of the engine")

	// A full URL on the connection's engine is followed, the scheme in any case.
	run(t, rt, `local vm = conn:system_service():vms_service():vm_service(VM1):get()
		print(conn:follow_link(types.Vm{href=conn:url():gsub('^https', 'HTTPS') .. '/vms/' .. VM1}).name)`)
	assert.Equal(t, "vm1\n", out.String())
}

// luaQuote returns s as a Lua string literal.
func luaQuote(s string) string { return strconv.Quote(s) }

func TestEngineErrorsAreStructured(t *testing.T) {
	rt, _, _ := newTest(t)
	e := runErr(t, rt, "\n\nconn:system_service():vms_service():vm_service('junk'):remove()")
	assert.Equal(t, KindNotFound, e.Kind)
	assert.Equal(t, 404, e.Code)
	assert.NotEmpty(t, e.Detail)
	assert.Equal(t, "<string>:3", e.Where)
	assert.Regexp(t, `^<string>:3: DELETE https://127\.0\.0\.1:\d+/ovirt-engine/api/vms/junk: Fault reason is "Operation Failed"\.`, e.Error())
	var ee *engine.Error
	require.ErrorAs(t, e, &ee, "the engine error stays reachable")
	assert.Equal(t, engine.KindNotFound, ee.Kind)
}

func TestFutures(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vms = conn:system_service():vms_service()
		local f1 = vms:list{search='name=vm1', wait=false}
		local f2 = vms:vm_service(VM2):get{wait=false}
		local f3 = vms:add({name='web9', cluster={name='Default'}, template={name='Blank'}}, {wait=false})
		print(tostring(f1):match('^future%(VmsService:list, %a+%)$') ~= nil)
		print(#f1:wait(), f2:wait().name, f3:wait().name, f1:done())
		local all = ovirt.wait_all{vms:list{wait=false}, vms:vm_service(VM1):get{wait=false}}
		print(#all[1], all[2].name)
		local bad = vms:vm_service('nope'):get{wait=false}
		local ok, err = pcall(bad.wait, bad)
		print(ok, err.kind)
		ok, err = pcall(ovirt.wait_all, {vms:list{wait=false}, vms:vm_service('nope'):get{wait=false}})
		print(ok, err.kind)
	`)
	assert.Equal(t, "true\n"+
		"1\tvm2\tweb9\ttrue\n"+
		"3\tvm1\n"+
		"false\tnot_found\n"+
		"false\tnot_found\n", out.String())
}

// TestFuturesOverlap: requests made with wait=false are all on their way before any is
// answered (the simulator answers none until its manual clock moves).
func TestFuturesOverlap(t *testing.T) {
	clock := sim.NewManualClock(time.Time{})
	rt, log, out := newTest(t, enginetest.WithSim(sim.Options{Clock: clock, Faults: sim.Faults{Latency: time.Hour}}))
	sent := log.Len()
	run(t, rt, `
		local vms = conn:system_service():vms_service()
		futures = {vms:list{wait=false}, vms:vm_service('a'):get{wait=false}, vms:vm_service('b'):get{wait=false}}
		print(futures[1]:done(), tostring(futures[1]))`)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, log.Wait(ctx, sent+3), "three requests in flight at once")
	assert.Equal(t, "false\tfuture(VmsService:list, running)\n", out.String())
}

func TestAsyncArgumentsAreCopied(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `
		local vm = types.Vm{name='before', cluster={name='Default'}, template={name='Blank'}}
		local f = conn:system_service():vms_service():add(vm, {wait=false})
		vm.name = 'after'
		print(f:wait().name)
	`)
	assert.Equal(t, "before\n", out.String())
}

func TestCancellation(t *testing.T) {
	t.Run("running Lua code", func(t *testing.T) {
		rt, _, _ := newTest(t)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := rt.Run(ctx, "loop.lua", "while true do end")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, KindTimeout, e.Kind)
		run(t, rt, `x = 1`) // the runtime stays usable
	})
	t.Run("in-flight request", func(t *testing.T) {
		clock := sim.NewManualClock(time.Time{})
		rt, log, _ := newTest(t, enginetest.WithSim(sim.Options{Clock: clock, Faults: sim.Faults{Latency: time.Hour}}))
		ctx, cancel := context.WithCancel(context.Background())
		sent := log.Len()
		go func() {
			if log.Wait(ctx, sent+1) == nil {
				cancel() // once the request is on its way
			}
		}()
		_, err := rt.Run(ctx, "call.lua", prelude+"\nconn:system_service():vms_service():list()")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, KindCanceled, e.Kind)
		assert.Equal(t, "call.lua:2", e.Where)
	})
	t.Run("sleep", func(t *testing.T) {
		rt, _, _ := newTest(t)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err := rt.Run(ctx, "sleep.lua", "require('ovirt').sleep(3600)")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, KindCanceled, e.Kind)
	})
	t.Run("runtime context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		rt, err := New(ctx, Options{})
		require.NoError(t, err)
		defer rt.Close()
		time.AfterFunc(100*time.Millisecond, cancel)
		e := runErr(t, rt, "while true do end")
		assert.Equal(t, KindCanceled, e.Kind)
	})
}

func TestGoPanicsDoNotEscape(t *testing.T) {
	rt, _, out := newTest(t)
	rt.Register("boom", func(L *lua.LState) int { panic("kaboom") })
	run(t, rt, `local ok, err = pcall(boom); print(ok, err.kind, err.message)`)
	assert.Equal(t, "false\tinternal\tinternal error: kaboom\n", out.String())
	e := runErr(t, rt, "boom()")
	assert.Equal(t, KindInternal, e.Kind)
}

func TestScriptErrors(t *testing.T) {
	rt, _, _ := newTest(t)
	err := rt.DoString(t.Context(), "local x = \n error('plain')")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, KindScript, e.Kind)
	assert.Equal(t, "<string>:2: plain", e.Error())

	err = rt.DoString(t.Context(), "local = 1")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, KindSyntax, e.Kind)

	e = runErr(t, rt, `error(ovirt.error{kind='timeout', message='too slow'})`)
	assert.Equal(t, "<string>:1: too slow", e.Error())
	assert.Equal(t, KindTimeout, e.Kind)
	_ = types.Vm{}
}
