package luabind

import (
	"io"
	"reflect"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/output"
)

// dumper writes the readable nested form of values used by dump and format: one line per set
// member, nested values indented, unset members left out.
type dumper struct {
	r    *Runtime
	L    *lua.LState
	b    strings.Builder
	seen map[*lua.LTable]bool
}

const dumpIndent = "  "

// luaDump is ovirt.dump(x): prints the nested form of x.
func (r *Runtime) luaDump(L *lua.LState) int {
	io.WriteString(r.stdout, r.format(L, L.CheckAny(1)))
	return 0
}

// luaFormat is ovirt.format(x): the text dump would print.
func (r *Runtime) luaFormat(L *lua.LState) int {
	L.Push(lua.LString(r.format(L, L.CheckAny(1))))
	return 1
}

func (r *Runtime) format(L *lua.LState, lv lua.LValue) string {
	d := &dumper{r: r, L: L, seen: map[*lua.LTable]bool{}}
	d.lua(0, "", lv)
	return d.b.String()
}

func (d *dumper) line(depth int, label, text string) {
	d.b.WriteString(strings.Repeat(dumpIndent, depth))
	d.b.WriteString(Printable(label, false))
	d.b.WriteString(Printable(text, false))
	d.b.WriteByte('\n')
}

// lua dumps a Lua value.
func (d *dumper) lua(depth int, label string, lv lua.LValue) {
	switch v := lv.(type) {
	case *lua.LUserData:
		if p, _, ok := d.r.asValue(v); ok {
			d.goValue(depth, label, p)
			return
		}
		if l, ok := v.Value.(*listView); ok {
			d.list(depth, label, l.items, l.hrefString())
			return
		}
		d.line(depth, label, lua.LVAsString(d.L.ToStringMeta(v)))
	case *lua.LTable:
		if d.seen[v] {
			d.line(depth, label, "(cycle)")
			return
		}
		d.seen[v] = true
		defer delete(d.seen, v)
		keys := tableKeys(v)
		if len(keys) == 0 {
			d.line(depth, label, "{}")
			return
		}
		d.line(depth, label, "table")
		for _, k := range keys {
			kl := k.String() + ": "
			if _, ok := k.(lua.LNumber); ok {
				kl = "[" + k.String() + "] "
			}
			d.lua(depth+1, kl, v.RawGet(k))
		}
	case lua.LString:
		d.line(depth, label, quoteIfNeeded(string(v)))
	default:
		d.line(depth, label, lua.LVAsString(d.L.ToStringMeta(lv)))
	}
}

// tableKeys returns the keys of t: numbers in order, then the rest by their text.
func tableKeys(t *lua.LTable) []lua.LValue {
	var keys []lua.LValue
	t.ForEach(func(k, _ lua.LValue) { keys = append(keys, k) })
	sort.Slice(keys, func(i, j int) bool {
		ni, iok := keys[i].(lua.LNumber)
		nj, jok := keys[j].(lua.LNumber)
		switch {
		case iok && jok:
			return ni < nj
		case iok != jok:
			return iok
		}
		return keys[i].String() < keys[j].String()
	})
	return keys
}

// goValue dumps a Go value held by a typed value, in engine/output's nested form.
func (d *dumper) goValue(depth int, label string, v reflect.Value) {
	d.b.Write(output.AppendNested(nil, depth, label, v.Interface()))
}

// list dumps list items, or the href of a link that was not followed.
func (d *dumper) list(depth int, label string, items reflect.Value, href string) {
	d.b.Write(output.AppendNestedList(nil, depth, label, items.Interface(), href))
}

// quoteIfNeeded leaves strings bare unless they are empty, padded with spaces or hold control
// characters (quoted, those show as escapes): output.Quote.
func quoteIfNeeded(s string) string { return output.Quote(s) }

// Printable returns s safe to show on a terminal (output.Printable: control, C1 and
// bidirectional characters and bytes that are not UTF-8 as visible escapes; with multiline,
// newline and tab kept). Every human-readable printer goes through it.
func Printable(s string, multiline bool) string { return output.Printable(s, multiline) }

// luaTable is ovirt.table(list, columns): prints an aligned text table with a row per item and a
// column per member path ('name', 'cluster.id'), through engine/output. Columns default to the
// item type's (output.DefaultColumns); rows that are plain tables default to their keys.
func (r *Runtime) luaTable(L *lua.LState) int {
	var cols []string
	if t, ok := L.Get(2).(*lua.LTable); ok {
		for i := 1; i <= t.Len(); i++ {
			cols = append(cols, t.RawGetInt(i).String())
		}
	}
	text, err := r.table(L, L.Get(1), cols)
	if err != nil {
		r.raise(L, err)
	}
	io.WriteString(r.stdout, text)
	return 0
}

// table is the text ovirt.table prints for a list (a Lua table or a binding list); cols nil
// means the default columns.
func (r *Runtime) table(_ *lua.LState, list lua.LValue, cols []string) (string, *Error) {
	var rows any
	switch v := list.(type) {
	case *lua.LTable:
		items := make([]any, 0, v.Len())
		for i := 1; i <= v.Len(); i++ {
			item, err := r.export(v.RawGetInt(i), map[*lua.LTable]bool{}, false)
			if err != nil {
				return "", err
			}
			items = append(items, item)
		}
		rows = items
	case *lua.LUserData:
		l, ok := asList(v)
		if !ok {
			return "", usageErrorf("table: expected a list, got %s", r.got(v))
		}
		rows = l.items.Interface()
	default:
		return "", usageErrorf("table: expected a list, got %s", r.got(list))
	}
	var b strings.Builder
	if err := output.Write(&b, rows, output.Options{Format: output.Table, Columns: cols}); err != nil {
		return "", usageErrorf("table: %v", err)
	}
	return b.String(), nil
}
