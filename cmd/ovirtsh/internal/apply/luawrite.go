package apply

import (
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// writeDecls writes rs as Lua, one ovirt.ensure.<kind>{...} per resource in the order given,
// keys sorted with name first, sizes in units.
func writeDecls(w io.Writer, rs []Resource) error {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "\novirt.ensure.%s%s\n", r.Kind, luaValue("", r.Spec, 0, true))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// lineWidth is where a table breaks into one member per line.
const lineWidth = 100

// luaValue writes v as a Lua literal at the given indent; multi forces a table onto several
// lines.
func luaValue(path string, v any, indent int, multi bool) string {
	switch v := v.(type) {
	case nil:
		return "nil"
	case string:
		return luaString(v)
	case bool:
		return strconv.FormatBool(v)
	case int64:
		if isSize(path) {
			if s := strings.ReplaceAll(types.FormatSize(v), " ", ""); parsesTo(s, v) {
				return luaString(s)
			}
		}
		return strconv.FormatInt(v, 10)
	case int:
		return luaValue(path, int64(v), indent, multi)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []any:
		items := make([]string, len(v))
		for i, e := range v {
			items[i] = luaValue(path, e, indent+2, false)
		}
		return luaTable(items, indent, multi)
	case []string:
		items := make([]string, len(v))
		for i, e := range v {
			items[i] = luaString(e)
		}
		return luaTable(items, indent, multi)
	case Spec:
		return luaValue(path, map[string]any(v), indent, multi)
	case map[string]any:
		keys := slices.Sorted(maps.Keys(v))
		for _, first := range []string{"id", "name"} {
			if at := slices.Index(keys, first); at > 0 {
				keys = slices.Insert(slices.Delete(keys, at, at+1), 0, first)
			}
		}
		items := make([]string, len(keys))
		for i, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			items[i] = luaKey(k) + " = " + luaValue(p, v[k], indent+2, false)
		}
		return luaTable(items, indent, multi)
	}
	return luaString(fmt.Sprint(v))
}

func parsesTo(s string, n int64) bool {
	m, err := types.ParseSize(s)
	return err == nil && m == n
}

// luaTable joins items on one line when they fit, else one per line.
func luaTable(items []string, indent int, multi bool) string {
	one := "{" + strings.Join(items, ", ") + "}"
	if !multi && indent+len(one) <= lineWidth && !strings.Contains(one, "\n") {
		return one
	}
	if len(items) == 0 {
		return "{}"
	}
	pad := strings.Repeat(" ", indent+2)
	return "{\n" + pad + strings.Join(items, ",\n"+pad) + ",\n" + strings.Repeat(" ", indent) + "}"
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

var luaKeywords = map[string]bool{"and": true, "break": true, "do": true, "else": true, "elseif": true, "end": true,
	"false": true, "for": true, "function": true, "goto": true, "if": true, "in": true, "local": true, "nil": true,
	"not": true, "or": true, "repeat": true, "return": true, "then": true, "true": true, "until": true, "while": true}

func luaKey(k string) string {
	if identRE.MatchString(k) && !luaKeywords[k] {
		return k
	}
	return "[" + luaString(k) + "]"
}

// luaString quotes s for Lua 5.1: single quotes, backslash escapes, control bytes as \ddd.
func luaString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\%03d`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}
