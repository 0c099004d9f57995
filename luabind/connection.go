package luabind

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// connection is a connection seen from Lua.
type connection struct {
	b      *engine.Connection
	closed bool
}

func (c *connection) close(ctx context.Context) error {
	if c.closed {
		return nil
	}
	c.closed = true
	return c.b.Close(ctx)
}

const connTypeName = "ovirt.connection"

func (r *Runtime) wrapConn(c *connection) *lua.LUserData {
	ud := r.L.NewUserData()
	ud.Value = c
	ud.Metatable = r.connMeta
	return ud
}

func (r *Runtime) checkConn(L *lua.LState, name string) *connection {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if c, ok := ud.Value.(*connection); ok {
			return c
		}
	}
	r.raiseUsage(L, "%s must be called on a connection with a colon: conn:%s(...)", name, name)
	return nil
}

func (r *Runtime) newConnMeta(L *lua.LState) *lua.LTable {
	mt := L.NewTypeMetatable(connTypeName)
	methods := map[string]lua.LGFunction{
		"system_service": func(L *lua.LState) int {
			L.Push(r.rootService(L, r.checkConn(L, "system_service")))
			return 1
		},
		"service": func(L *lua.LState) int {
			c := r.checkConn(L, "service")
			L.Push(r.serviceAt(L, c, L.CheckString(2)))
			return 1
		},
		"follow_link": func(L *lua.LState) int { return r.followLink(L, r.checkConn(L, "follow_link"), L.Get(2)) },
		"close": func(L *lua.LState) int {
			if err := r.checkConn(L, "close").close(L.Context()); err != nil {
				r.Raise(L, err)
			}
			return 0
		},
		// test(raise) gets the API root: true when it answers; with raise, failures are raised.
		"test": func(L *lua.LState) int {
			c := r.checkConn(L, "test")
			root := r.rootService(L, c)
			_, err := r.call(L, r.serviceMember(L, r.services["SystemService"], "get"), root)
			if err != nil && lua.LVAsBool(L.Get(2)) {
				r.raise(L, err)
			}
			L.Push(lua.LBool(err == nil))
			return 1
		},
		"url": func(L *lua.LState) int {
			L.Push(lua.LString(r.checkConn(L, "url").b.URL()))
			return 1
		},
	}
	idx := L.NewTable()
	for k, f := range methods {
		idx.RawSetString(k, r.newFunction(L, f))
	}
	mt.RawSetString("__index", idx)
	mt.RawSetString("__tostring", r.newFunction(L, func(L *lua.LState) int {
		L.Push(lua.LString(fmt.Sprint(r.checkConn(L, "tostring").b)))
		return 1
	}))
	return mt
}

// rootService is the connection's SystemService.
func (r *Runtime) rootService(L *lua.LState, c *connection) lua.LValue {
	r.checkOpen(L, c)
	return r.wrapService(reflect.ValueOf(c.b.SystemService()))
}

func (r *Runtime) checkOpen(L *lua.LState, c *connection) {
	if c.closed {
		r.raise(L, &Error{Kind: KindOther, Message: "the connection is closed", Err: engine.ErrClosed})
	}
}

// serviceAt is engine.Connection.Service: the service at a path relative to the API root
// ("vms/123/nics"), an absolute path or a URL on the engine, as the Python SDK's
// Connection.service gives it.
func (r *Runtime) serviceAt(L *lua.LState, c *connection, path string) lua.LValue {
	r.checkOpen(L, c)
	svc, err := c.b.Service(path)
	if err != nil {
		r.raise(L, &Error{Kind: KindUsage, Message: err.Error(), Err: err})
	}
	return r.wrapService(reflect.ValueOf(svc))
}

// followLink gets what a link points to: a list link's items (a table), or the object a
// reference (a typed value with href) stands for, through the service at its href (see
// serviceAt: the href must lead to the connection's API).
func (r *Runtime) followLink(L *lua.LState, c *connection, lv lua.LValue) int {
	var href, method string
	if l, ok := asList(lv); ok {
		method = "list"
		href = l.hrefString()
	} else if p, _, ok := r.asValue(lv); ok {
		method = "get"
		href = p.Interface().(types.Object).GetHref()
	} else {
		r.raiseUsage(L, "follow_link: expected a list link or a typed value, got %s", r.got(lv))
	}
	if href == "" {
		r.raiseUsage(L, "can't follow the link: it has no href")
	}
	svc := r.serviceAt(L, c, href)
	s, _ := asService(svc)
	if s == nil || s.info.Method(method) == nil {
		r.raiseUsage(L, "can't follow the link '%s': the service has no %s method", engine.RedactURL(href), method)
	}
	top := L.GetTop()
	if err := L.CallByParam(lua.P{Fn: r.serviceMember(L, s.info, method), NRet: lua.MultRet, Protect: false}, svc); err != nil {
		r.Raise(L, err)
	}
	return L.GetTop() - top
}

// connectOptions maps the table of ovirt.connect to engine.Options; names follow the Python
// SDK's Connection.
var connectOptions = map[string]func(o *engine.Options, v lua.LValue) error{
	"url":             strOpt(func(o *engine.Options, s string) { o.URL = s }),
	"username":        strOpt(func(o *engine.Options, s string) { o.Username = s }),
	"password":        strOpt(func(o *engine.Options, s string) { o.Password = s }),
	"token":           strOpt(func(o *engine.Options, s string) { o.Token = s }),
	"ca_file":         strOpt(func(o *engine.Options, s string) { o.CAFile = s }),
	"cert_file":       strOpt(func(o *engine.Options, s string) { o.ClientCertFile = s }),
	"key_file":        strOpt(func(o *engine.Options, s string) { o.ClientKeyFile = s }),
	"proxy_url":       strOpt(func(o *engine.Options, s string) { o.ProxyURL = s }),
	"sso_token_name":  strOpt(func(o *engine.Options, s string) { o.SSOTokenName = s }),
	"insecure":        boolOpt(func(o *engine.Options, b bool) { o.Insecure = b }),
	"kerberos":        boolOpt(func(o *engine.Options, b bool) { o.Kerberos = b }),
	"keep_token":      boolOpt(func(o *engine.Options, b bool) { o.KeepToken = b }),
	"compress":        boolOpt(func(o *engine.Options, b bool) { o.DisableCompression = !b }),
	"timeout":         secondsOpt(func(o *engine.Options, d time.Duration) { o.Timeout = d }),
	"connect_timeout": secondsOpt(func(o *engine.Options, d time.Duration) { o.ConnectTimeout = d }),
	"connections": func(o *engine.Options, v lua.LValue) error {
		n, ok := v.(lua.LNumber)
		if !ok {
			return fmt.Errorf("expected integer, got %s", v.Type())
		}
		o.MaxConnsPerHost = int(n)
		return nil
	},
	"headers": func(o *engine.Options, v lua.LValue) error {
		t, ok := v.(*lua.LTable)
		if !ok {
			return fmt.Errorf("expected a table of header names to values, got %s", v.Type())
		}
		o.Headers = map[string]string{}
		t.ForEach(func(k, v lua.LValue) { o.Headers[k.String()] = v.String() })
		return nil
	},
	// Beyond the Python SDK, which takes them from the environment only.
	"kerberos_principal": strOpt(func(o *engine.Options, s string) { o.KerberosServicePrincipal = s }),
	"kerberos_ccache":    strOpt(func(o *engine.Options, s string) { o.KerberosCCache = s }),
	"kerberos_config":    strOpt(func(o *engine.Options, s string) { o.KerberosConfig = s }),
}

func strOpt(set func(*engine.Options, string)) func(*engine.Options, lua.LValue) error {
	return func(o *engine.Options, v lua.LValue) error {
		s, ok := v.(lua.LString)
		if !ok {
			return fmt.Errorf("expected string, got %s", v.Type())
		}
		set(o, string(s))
		return nil
	}
}

func boolOpt(set func(*engine.Options, bool)) func(*engine.Options, lua.LValue) error {
	return func(o *engine.Options, v lua.LValue) error {
		b, ok := v.(lua.LBool)
		if !ok {
			return fmt.Errorf("expected boolean, got %s", v.Type())
		}
		set(o, bool(b))
		return nil
	}
}

func secondsOpt(set func(*engine.Options, time.Duration)) func(*engine.Options, lua.LValue) error {
	return func(o *engine.Options, v lua.LValue) error {
		n, ok := v.(lua.LNumber)
		if !ok {
			return fmt.Errorf("expected seconds (a number), got %s", v.Type())
		}
		set(o, time.Duration(float64(n)*float64(time.Second)))
		return nil
	}
}

// luaConnect is ovirt.connect{url=, username=, password=, ca_file=, insecure=, token=, ...}.
func (r *Runtime) luaConnect(L *lua.LState) int {
	t := L.CheckTable(1)
	var o engine.Options
	var keys []string
	t.ForEach(func(k, _ lua.LValue) { keys = append(keys, k.String()) })
	sort.Strings(keys)
	names := make([]string, 0, len(connectOptions))
	for k := range connectOptions {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range keys {
		set := connectOptions[k]
		if set == nil {
			r.raiseUsage(L, "connect has no option '%s'%s", k, didYouMean(k, names))
		}
		if err := set(&o, t.RawGetString(k)); err != nil {
			r.raiseUsage(L, "connect: %s: %v", k, err)
		}
	}
	b, err := engine.Connect(L.Context(), o)
	if err != nil {
		r.Raise(L, err)
	}
	c := &connection{b: b}
	r.owned = append(r.owned, c)
	L.Push(r.wrapConn(c))
	return 1
}
