package apply

import (
	"context"
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

// collect runs the site file in sess with ovirt.ensure.* collecting instead of running, and
// returns the declarations: those of the calls, in the order made, then those of the list the
// file returns. In that list, the {kind=, name=} tables the calls returned count once; any
// other table with a kind is a declaration of its own.
func collect(ctx context.Context, sess *session.Session, path string, args []string) ([]Resource, error) {
	var rs []Resource
	seen := map[string]bool{}
	sess.CollectEnsures(func(r ensure.Resource) error {
		rs = append(rs, r)
		seen[r.Kind+"\x00"+r.Spec.Name()] = true
		return nil
	})
	defer sess.CollectEnsures(nil)
	vals, err := sess.RunFile(ctx, path, args)
	if err != nil {
		return nil, err
	}
	if len(vals) == 0 || vals[0] == lua.LNil {
		return rs, nil
	}
	list, ok := vals[0].(*lua.LTable)
	if !ok {
		return nil, fmt.Errorf("%s returned a %s: a site returns nothing or a list of declarations", path, vals[0].Type())
	}
	L := sess.State()
	var ens *lua.LTable
	if mod, ok := L.GetGlobal("ovirt").(*lua.LTable); ok {
		ens, _ = mod.RawGetString("ensure").(*lua.LTable)
	}
	if ens == nil {
		return nil, fmt.Errorf("%s returned a list of declarations, but replaced ovirt.ensure", path)
	}
	for i := 1; i <= list.Len(); i++ {
		item, ok := list.RawGetInt(i).(*lua.LTable)
		var kind lua.LString
		if ok {
			kind, _ = item.RawGetString("kind").(lua.LString)
		}
		if kind == "" {
			return nil, fmt.Errorf("%s: item %d of the returned list is not a declaration {kind=..., name=...}", path, i)
		}
		if bare(item) && seen[string(kind)+"\x00"+lua.LVAsString(item.RawGetString("name"))] {
			continue // what a call returned: declared already
		}
		if _, err := ensure.Lookup(string(kind)); err != nil {
			return nil, fmt.Errorf("%s: item %d of the returned list: %w", path, i, err)
		}
		spec := L.NewTable()
		item.ForEach(func(k, v lua.LValue) {
			if k.String() != "kind" {
				spec.RawSet(k, v)
			}
		})
		if err := L.CallByParam(lua.P{Fn: ens.RawGetString(string(kind)), Protect: true}, spec); err != nil {
			return nil, fmt.Errorf("%s: item %d of the returned list: %w", path, i, err)
		}
		rs[len(rs)-1].Where = fmt.Sprintf("%s, item %d of the returned list", path, i)
	}
	return rs, nil
}

// bare reports whether t holds kind and name only: the shape ovirt.ensure.* returns when
// collecting.
func bare(t *lua.LTable) bool {
	n := 0
	only := true
	t.ForEach(func(k, _ lua.LValue) {
		n++
		if s, ok := k.(lua.LString); !ok || (s != "kind" && s != "name") {
			only = false
		}
	})
	return only && n <= 2
}
