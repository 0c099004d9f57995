package luabind

import (
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// moduleTable returns the ovirt module once required, else nil.
func (r *Runtime) moduleTable() *lua.LTable {
	loaded, ok := r.L.GetField(r.L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable)
	if !ok {
		return nil
	}
	m, _ := loaded.RawGetString("ovirt").(*lua.LTable)
	return m
}

// moduleEntries lists the functions and tables of t (the module or one of its tables) by their
// path under ovirt (prefix is t's path with a dot), descending into tables but types.
func moduleEntries(t *lua.LTable, prefix string, visit func(path string, v lua.LValue) bool) bool {
	var keys []string
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok {
			keys = append(keys, string(s))
		}
	})
	sort.Strings(keys)
	for _, k := range keys {
		v := t.RawGetString(k)
		switch x := v.(type) {
		case *lua.LFunction:
			if !visit(prefix+k, v) {
				return false
			}
		case *lua.LTable:
			if prefix == "" && k == "types" || strings.Count(prefix, ".") >= 3 {
				continue
			}
			if !visit(prefix+k, v) || !moduleEntries(x, prefix+k+".", visit) {
				return false
			}
		}
	}
	return true
}

// modulePath returns where x (a function or table) is in the ovirt module: "" for the module
// itself, "get", "ensure.vm".
func (r *Runtime) modulePath(x lua.LValue) (string, bool) {
	mod := r.moduleTable()
	if mod == nil {
		return "", false
	}
	if x == mod {
		return "", true
	}
	var found string
	moduleEntries(mod, "", func(path string, v lua.LValue) bool {
		if v == x {
			found = path
			return false
		}
		return true
	})
	return found, found != ""
}

// funcHelp is the help of the module function at path.
func funcHelp(path string) string {
	d := funcDoc(path)
	if d == nil {
		return fmt.Sprintf("ovirt.%s: no help yet (its FuncDoc belongs in luabind/docs.go)\n", path)
	}
	var b strings.Builder
	for line := range strings.SplitSeq(d.Sig, "\n") {
		b.WriteString("ovirt." + line + "\n")
	}
	b.WriteString("  " + d.Summary + "\n")
	indent(&b, d.Text)
	if d.Options != "" {
		b.WriteString("options:\n")
		indent(&b, d.Options)
	}
	if d.Example != "" {
		b.WriteString("example:\n")
		indent(&b, d.Example)
	}
	return b.String()
}

func indent(b *strings.Builder, text string) {
	if text == "" {
		return
	}
	for line := range strings.SplitSeq(text, "\n") {
		b.WriteString("  " + line + "\n")
	}
}

// moduleHelp lists the functions of the module (path "") or of one of its tables.
func moduleHelp(path string, t *lua.LTable) string {
	var b strings.Builder
	prefix := ""
	if path == "" {
		b.WriteString("ovirt: the module of ovirtsh (require('ovirt'); the global ovirt in the ovirtsh command)\n")
	} else {
		prefix = path + "."
		fmt.Fprintf(&b, "ovirt.%s\n", path)
		if d := funcDoc(path); d != nil {
			b.WriteString("  " + d.Summary + "\n")
		}
	}
	type row struct{ name, summary string }
	var rows []row
	w := 0
	moduleEntries(t, prefix, func(p string, v lua.LValue) bool {
		if _, ok := v.(*lua.LFunction); ok {
			summary := "(no help yet)"
			if d := funcDoc(p); d != nil {
				summary = d.Summary
			}
			rows = append(rows, row{p, summary})
			w = max(w, len(p))
		}
		return true
	})
	b.WriteString("functions (help(ovirt.NAME) for one):\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-*s  %s\n", w, r.name, r.summary)
	}
	if path == "" {
		b.WriteString("values:\n  KiB, MiB, GiB, TiB  sizes in bytes\n  types  API types and enums: types.Vm{...}, types.VmStatus.UP\n" +
			"  connection  the connection the embedding program gave, if any\n")
	}
	return b.String()
}
