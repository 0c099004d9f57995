package luabind

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestServiceCalls(t *testing.T) {
	rt, conn, out := newTest(t)
	run(t, rt, `
		local vms_service = conn:system_service():vms_service()
		for _, vm in ipairs(vms_service:list{search='name=web*', max=10}) do
			print(vm.name, vm.status, vm.memory)
		end
		local vm = vms_service:add(types.Vm{name='web1', cluster=types.Cluster{name='Default'},
		                                    template={name='Blank'}, memory=1073741824})
		print(vm.id, vm.name, tostring(vms_service), tostring(vms_service:vm_service(vm.id)))
		local vm2 = vms_service:add{vm={name='web2'}, clone=true}
		local vm3 = vms_service:add({name='web3'}, {clone_permissions=false})
		print(vm2.name, vm3.name, #vms_service:list(), #vms_service:list{max=1})
		local vm_service = vms_service:vm_service(vm.id)
		vm_service:start{use_cloud_init=false}
		print(vm_service:get().status)
		print(vm_service:update{vm=types.Vm{memory=2*ovirt.GiB}, next_run=true}.memory)
		for _, a in ipairs(conn:follow_link(vm.disk_attachments)) do print(a.id) end
		print(conn:follow_link(vm).name)
		print(tostring(conn:service('vms/' .. vm.id .. '/diskattachments')))
		print(vm_service:remove{detach_only=true})
		local ok, err = pcall(function() return vms_service:vm_service('junk'):get() end)
		assert(not ok and err.kind == 'not_found' and err.code == 404)
		print(err.reason, err.detail)
		print(conn:test(), tostring(conn))
	`)
	assert.Equal(t, "web0\tdown\t1073741824\n"+
		"vm-3\tweb1\tVmsService(vms)\tVmService(vms/vm-3)\n"+
		"web2\tweb3\t5\t1\n"+
		"powering_up\n"+
		"2147483648\n"+
		"vm-3-disk1\n"+
		"web1\n"+
		"DiskAttachmentsService(vms/vm-3/diskattachments)\n"+
		"\n"+
		"Operation Failed\tEntity not found: junk\n"+
		"true\tConnection(https://engine.example/ovirt-engine/api, user admin@internal)\n", out.String())
	assert.IsType(t, &SystemGetParams{}, conn.last, "the last call is conn:test()")
}

func TestCallParametersReachGo(t *testing.T) {
	rt, conn, _ := newTest(t)
	run(t, rt, `conn:system_service():vms_service():list{search='name=x', max=3, case_sensitive=false,
		query={correlation_id='abc', n=1}, headers={['X-Test']='yes'}}`)
	p := conn.last.(*VmsListParams)
	assert.Equal(t, "name=x", *p.Search)
	assert.Equal(t, int64(3), *p.Max)
	assert.False(t, *p.CaseSensitive)
	assert.Nil(t, p.Follow)
	assert.Equal(t, map[string]string{"correlation_id": "abc", "n": "1"}, p.Query)
	assert.Equal(t, map[string]string{"X-Test": "yes"}, p.Headers)

	run(t, rt, `conn:system_service():vms_service():vm_service('vm-1'):start{vm={custom_cpu_model='x'}, pause=true}`)
	sp := conn.last.(*VmStartParams)
	assert.Equal(t, "x", *sp.Vm.CustomCpuModel)
	assert.True(t, *sp.Pause)
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
		{`conn:service('vms/1/nothing')`, "the path 'vms/1/nothing' doesn't correspond to any service"},
		{`conn:follow_link(types.Vm{})`, "can't follow the link: it has no href"},
		{`conn:follow_link(types.Vm{href='/elsewhere/vms/1'})`, "isn't compatible with the base URL"},
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

func TestFollowLinkNamesForeignLinks(t *testing.T) {
	const notOurs = "is not on the connection's engine (https://engine.example/ovirt-engine/api)"
	tests := []struct {
		name, href, want string
		hidden           []string // must not appear in the message
	}{
		{name: "other host", href: "http://evil.example/x",
			want: "can't follow the link 'http://evil.example/x': it " + notOurs},
		{name: "other host with the API path", href: "https://evil.example/ovirt-engine/api/vms/vm-1",
			want: "can't follow the link 'https://evil.example/ovirt-engine/api/vms/vm-1': it " + notOurs},
		{name: "other scheme", href: "http://engine.example/ovirt-engine/api/vms/vm-1",
			want: "can't follow the link 'http://engine.example/ovirt-engine/api/vms/vm-1': it " + notOurs},
		{name: "user info is never shown", href: "https://admin:S3CRET@evil.example/x?a=1",
			want: "can't follow the link 'https://evil.example/x?a=1': it " + notOurs, hidden: []string{"S3CRET", "admin"}},
		{name: "secret query values are masked", href: "https://evil.example/x?access_token=S3CRET&b=2",
			want: "can't follow the link 'https://evil.example/x?access_token=***&b=2': it " + notOurs, hidden: []string{"S3CRET"}},
		{name: "same engine, path outside the API", href: "https://engine.example/elsewhere/vms/1",
			want: "the URL 'https://engine.example/elsewhere/vms/1' isn't compatible with the base URL of the connection"},
		{name: "unparsable with user info", href: "https://u:S3CRET@evil.example/%zz",
			want: "can't follow the link (not shown: it does not parse and may hold credentials)", hidden: []string{"S3CRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, conn, _ := newTest(t)
			conn.last = nil
			e := runErr(t, rt, `conn:follow_link(types.Vm{href=`+luaQuote(tt.href)+`})`)
			assert.Equal(t, KindUsage, e.Kind, e.Message)
			assert.Contains(t, e.Message, tt.want)
			for _, h := range tt.hidden {
				assert.NotContains(t, e.Error(), h)
			}
			assert.Nil(t, conn.last, "nothing was asked of the engine")
		})
	}

	// A full URL on the connection's engine is followed (the host in any case).
	rt, _, out := newTest(t)
	run(t, rt, `print(conn:follow_link(types.Vm{href='https://ENGINE.example/ovirt-engine/api/vms/vm-1'}).name)`)
	assert.Equal(t, "web0\n", out.String())
}

// luaQuote returns s as a Lua string literal.
func luaQuote(s string) string { return strconv.Quote(s) }

func TestEngineErrorsAreStructured(t *testing.T) {
	rt, _, _ := newTest(t)
	e := runErr(t, rt, "\n\nconn:system_service():vms_service():vm_service('junk'):remove()")
	assert.Equal(t, KindNotFound, e.Kind)
	assert.Equal(t, 404, e.Code)
	assert.Equal(t, "Entity not found: junk", e.Detail)
	assert.Equal(t, "<string>:3", e.Where)
	assert.Contains(t, e.Error(), `<string>:3: GET https://engine.example/ovirt-engine/api/vms/junk: Fault reason is "Operation Failed".`)
	var ee *engine.Error
	require.ErrorAs(t, e, &ee, "the engine error stays reachable")
	assert.Equal(t, engine.KindNotFound, ee.Kind)
}

func TestFutures(t *testing.T) {
	rt, conn, out := newTest(t)
	// The first three calls are held until the script releases them: they can only all start if
	// futures run at the same time (sequential calls would wait for a release that never comes).
	var calls atomic.Int32
	release := make(chan struct{})
	conn.onWait = func() {
		if calls.Add(1) > 3 {
			return
		}
		select {
		case <-release:
		case <-time.After(time.Minute):
			t.Error("a call was not released: futures did not run at the same time")
		}
	}
	rt.Register("release", func(*lua.LState) int { close(release); return 0 })
	run(t, rt, `
		local vms = conn:system_service():vms_service()
		local f1 = vms:list{search='name=web0', wait=false}
		local f2 = vms:vm_service('vm-1'):get{wait=false}
		local f3 = vms:add({name='web9'}, {wait=false})
		print(f1:done(), tostring(f1))
		release()
		print(#f1:wait(), f2:wait().name, f3:wait().name, f1:done())
		local all = ovirt.wait_all{vms:list{wait=false}, vms:vm_service('vm-2'):get{wait=false}}
		print(#all[1], all[2].name)
		local bad = vms:vm_service('nope'):get{wait=false}
		local ok, err = pcall(bad.wait, bad)
		print(ok, err.kind)
		ok, err = pcall(ovirt.wait_all, {vms:list{wait=false}, vms:vm_service('nope'):get{wait=false}})
		print(ok, err.kind)
	`)
	assert.Equal(t, "false\tfuture(VmsService:list, running)\n"+
		"1\tweb0\tweb9\ttrue\n"+
		"3\tdb0\n"+
		"false\tnot_found\n"+
		"false\tnot_found\n", out.String())
}

func TestAsyncArgumentsAreCopied(t *testing.T) {
	rt, conn, out := newTest(t)
	conn.delay = 100 * time.Millisecond
	run(t, rt, `
		local vm = types.Vm{name='before'}
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
		start := time.Now()
		_, err := rt.Run(ctx, "loop.lua", "while true do end")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, KindTimeout, e.Kind)
		assert.Less(t, time.Since(start), 2*time.Second)
		run(t, rt, `x = 1`) // the runtime stays usable
	})
	t.Run("in-flight request", func(t *testing.T) {
		rt, conn, _ := newTest(t)
		conn.delay = time.Hour
		ctx, cancel := context.WithCancel(context.Background())
		conn.onWait = cancel // once the request is in flight
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
		start := time.Now()
		_, err := rt.Run(ctx, "sleep.lua", "require('ovirt').sleep(3600)")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, KindCanceled, e.Kind)
		assert.Less(t, time.Since(start), 2*time.Second)
	})
	t.Run("runtime context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		rt, err := newRuntime(ctx, Options{}, newFakeConn())
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
	err := rt.DoString("local x = \n error('plain')")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, KindScript, e.Kind)
	assert.Equal(t, "<string>:2: plain", e.Error())

	err = rt.DoString("local = 1")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, KindSyntax, e.Kind)

	e = runErr(t, rt, `error(ovirt.error{kind='timeout', message='too slow'})`)
	assert.Equal(t, "<string>:1: too slow", e.Error())
	assert.Equal(t, KindTimeout, e.Kind)
	_ = types.Vm{}
}
