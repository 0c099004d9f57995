package luabind

import (
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
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

// goValue dumps a Go value held by a typed value.
func (d *dumper) goValue(depth int, label string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if types.IsListLink(v.Type()) {
			d.list(depth, label, types.ListItems(v), v.Interface().(types.ListLink).GetHref())
			return
		}
		b := d.r.binding(v.Elem().Type())
		if b == nil {
			d.goValue(depth, label, v.Elem())
			return
		}
		d.line(depth, label, b.info.Name)
		if h := v.Interface().(types.Object).GetHref(); h != "" {
			d.line(depth+1, "href: ", h)
		}
		for _, m := range membersSet(v, b) {
			d.goValue(depth+1, m.Name+": ", v.Elem().Field(m.Field))
		}
	case reflect.Slice:
		d.list(depth, label, v, "")
	default:
		d.line(depth, label, scalarText(v))
	}
}

// list dumps list items, or the href of a link that was not followed.
func (d *dumper) list(depth int, label string, items reflect.Value, href string) {
	h := ""
	if href != "" {
		h = " " + href
	}
	if items.Len() == 0 && h != "" {
		d.line(depth, label, "link"+h)
		return
	}
	d.line(depth, label, fmt.Sprintf("list of %s (%d)%s", types.Expected(items.Type().Elem()), items.Len(), h))
	for i := 0; i < items.Len(); i++ {
		d.goValue(depth+1, fmt.Sprintf("[%d] ", i+1), items.Index(i))
	}
}

// scalarText is the text of a member value: exact integers, RFC 3339 dates, plain strings.
func scalarText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return quoteIfNeeded(v.String())
	case reflect.Int64, reflect.Int:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	if t, ok := v.Interface().(time.Time); ok {
		return t.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v.Interface())
}

// quoteIfNeeded leaves strings bare unless they are empty, padded with spaces or hold control
// characters (quoted, those show as escapes).
func quoteIfNeeded(s string) string {
	if s == "" || strings.TrimSpace(s) != s || Printable(s, false) != s {
		return strconv.Quote(s)
	}
	return s
}

// Printable returns s safe to show on a terminal: every character that a terminal could take as
// a command is written as a visible Go escape instead. That is the C0 controls (U+0000-U+001F;
// ESC shows as \x1b), DEL (\x7f), the C1 controls (U+0080-U+009F, \u009b), the bidirectional
// overrides and isolates that reorder what is shown (U+202A-U+202E, U+2066-U+2069, U+200E,
// U+200F, U+061C), and bytes that are not UTF-8 (\xff). With multiline, newline and tab are
// kept as they are. Every human-readable printer (tables, the object view, printed results,
// error messages) goes through here; JSON output has its own escaping.
func Printable(s string, multiline bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f || multiline && (c == '\n' || c == '\t') {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && !unsafeRune(r) {
				i += n
				continue
			}
		}
		break
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports whether r, beyond ASCII, is a C1 control or a bidirectional control.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return r == 0x200e || r == 0x200f || r == 0x061c
}

// luaTable is ovirt.table(list, columns): prints an aligned text table with a row per item and a
// column per member path ('name', 'cluster.id'). Columns default to id, name and, when the items
// have one, status.
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
func (r *Runtime) table(L *lua.LState, list lua.LValue, cols []string) (string, *Error) {
	var rows []lua.LValue
	switch v := list.(type) {
	case *lua.LTable:
		for i := 1; i <= v.Len(); i++ {
			rows = append(rows, v.RawGetInt(i))
		}
	case *lua.LUserData:
		l, ok := asList(v)
		if !ok {
			return "", usageErrorf("table: expected a list, got %s", r.got(v))
		}
		for i := 0; i < l.items.Len(); i++ {
			rows = append(rows, r.toLua(l.items.Index(i), true))
		}
	default:
		return "", usageErrorf("table: expected a list, got %s", r.got(list))
	}
	if cols == nil {
		cols = []string{"id", "name"}
		if len(rows) > 0 {
			if _, b, ok := r.asValue(rows[0]); ok && b.info.Member("status") != nil {
				cols = append(cols, "status")
			}
		}
	}
	cells := [][]string{cols}
	for _, row := range rows {
		line := make([]string, len(cols))
		for j, c := range cols {
			line[j] = r.cell(L, row, c)
		}
		cells = append(cells, line)
	}
	return alignRows(cells), nil
}

// cell is the text of a member path of a row.
func (r *Runtime) cell(L *lua.LState, row lua.LValue, path string) string {
	v := row
	for _, name := range strings.Split(path, ".") {
		switch x := v.(type) {
		case *lua.LUserData:
			p, b, ok := r.asValue(x)
			if !ok {
				return ""
			}
			v = r.getMember(L, p, b, name)
		case *lua.LTable:
			v = x.RawGetString(name)
		default:
			return ""
		}
	}
	switch x := v.(type) {
	case *lua.LNilType:
		return ""
	case *lua.LUserData:
		if l, ok := x.Value.(*listView); ok {
			return strconv.Itoa(l.items.Len()) + " items"
		}
	}
	return lua.LVAsString(L.ToStringMeta(v))
}

// alignRows pads every column to its widest cell.
func alignRows(rows [][]string) string {
	var width []int
	for _, row := range rows {
		for j, c := range row {
			if j >= len(width) {
				width = append(width, 0)
			}
			row[j] = Printable(c, false)
			width[j] = max(width[j], len([]rune(row[j])))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		var line strings.Builder
		for j, c := range row {
			line.WriteString(c)
			if j < len(row)-1 {
				line.WriteString(strings.Repeat(" ", width[j]-len([]rune(c))+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
