package luabind

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Users come to ovirtsh from the Python SDK, and their fingers write Python. When a chunk fails,
// PythonHint looks at the line that failed and, if it reads like Python, says the Lua form in one
// line. gopher-lua's own message stays as it is; the hint is added below it.

// pyRule is one Python habit: a pattern over a line of code (strings and comments blanked) and the
// hint it earns. runtime rules apply to errors raised while running, the others to syntax errors.
type pyRule struct {
	re      *regexp.Regexp
	hint    func(m []string) string
	runtime bool // also when running (the line parsed, but did not do what a Python user meant)
	block   bool // a Python block header: the chunk is not incomplete, it is wrong
}

var pyRules = []pyRule{
	{re: regexp.MustCompile(`\bfor\s+([A-Za-z_]\w*)\s+in\s+(.+?)\s*:\s*$`), block: true,
		hint: func(m []string) string {
			return fmt.Sprintf("Lua loops over a list with ipairs: for _, %s in ipairs(%s) do ... end", m[1], m[2])
		}},
	{re: regexp.MustCompile(`^\s*(if|elif|while)\b(.*?)\s*:\s*$`), block: true,
		hint: func(m []string) string {
			kw, cond := m[1], strings.TrimSpace(m[2])
			switch kw {
			case "elif":
				return fmt.Sprintf("Lua writes elseif %s then ... end", cond)
			case "while":
				return fmt.Sprintf("Lua writes while %s do ... end", cond)
			}
			return fmt.Sprintf("Lua writes if %s then ... end", cond)
		}},
	{re: regexp.MustCompile(`^\s*def\s+([A-Za-z_]\w*)\s*\((.*)\)\s*:\s*$`), block: true,
		hint: func(m []string) string {
			return fmt.Sprintf("Lua writes function %s(%s) ... end", m[1], m[2])
		}},
	{re: regexp.MustCompile(`\b(types\.[A-Z]\w*)\s*\(\s*[A-Za-z_]\w*\s*=[^=]`),
		hint: func(m []string) string {
			return fmt.Sprintf("Lua builds objects with braces: %s{name='x'}, not %s(name='x')", m[1], m[1])
		}},
	{re: regexp.MustCompile(`([.:]?[A-Za-z_][\w.:]*)\s*\(\s*[A-Za-z_]\w*\s*=[^=]`),
		hint: func(m []string) string {
			call := m[1]
			if i := strings.LastIndexByte(call, '.'); i >= 0 && !strings.Contains(call, ":") {
				call = call[:i] + ":" + call[i+1:] // a method of a service takes a colon
			}
			return fmt.Sprintf("named arguments go in a table: %s{key=value}, not %s(key=value)", call, m[1])
		}},
	{re: regexp.MustCompile(`\*\*`),
		hint: func([]string) string { return "Lua writes powers with ^: 2^30 (or ovirt.GiB), not 2**30" }},
	{re: regexp.MustCompile(`//`),
		hint: func([]string) string { return "Lua 5.1 has no //: write math.floor(a / b)" }},
	{re: regexp.MustCompile(`!=`),
		hint: func([]string) string { return "Lua writes not-equal as ~=, not !=" }},
	{re: regexp.MustCompile(`\b(None|True|False)\b`), runtime: true,
		hint: func(m []string) string {
			return fmt.Sprintf("Lua writes %s, not %s", pyConstants[m[1]], m[1])
		}},
	{re: regexp.MustCompile(`\[\s*0\s*\]`), runtime: true,
		hint: func([]string) string { return "Lua lists start at 1: list[1] is the first item, list[0] is nil" }},
}

var pyConstants = map[string]string{"None": "nil", "True": "true", "False": "false"}

// chunkLine reads the line number from a message "name:12: ...", 0 when there is none.
var chunkLine = regexp.MustCompile(`^[^\n]*?:(\d+): `)

// PythonHint returns a one-line hint ("hint: ...") when the error message msg of the chunk src
// (as "name:line: message", or a syntax error "at the end of the input") comes from a Python habit,
// and "" otherwise. syntax tells a compile error from a runtime one. block reports that the chunk
// ended in a Python block header (`for vm in vms:`): more input cannot complete it.
func PythonHint(src, msg string, syntax bool) (hint string, block bool) {
	if !syntax && (!strings.Contains(msg, "nil") || strings.Contains(msg, "is Python;")) {
		return "", false // the Python habits that run at all end in a nil somewhere
	}
	lines := strings.Split(blankStringsAndComments(src), "\n")
	var candidates []int // 0-based line indexes, most likely first
	if m := chunkLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n >= 1 && n <= len(lines) {
			candidates = append(candidates, n-1)
			if n >= 2 {
				candidates = append(candidates, n-2)
			}
		}
	}
	if syntax && len(candidates) == 0 {
		// At the end of the input: the header that opened what never closed can be anywhere.
		for i := len(lines) - 1; i >= 0; i-- {
			candidates = append(candidates, i)
		}
	}
	for _, i := range candidates {
		for _, rule := range pyRules {
			if !syntax && !rule.runtime {
				continue
			}
			if m := rule.re.FindStringSubmatch(lines[i]); m != nil {
				return "hint: " + rule.hint(m), rule.block
			}
		}
	}
	return "", false
}

// blankStringsAndComments replaces the contents of string literals and comments with spaces,
// keeping line breaks, so that the rules see only code.
func blankStringsAndComments(src string) string {
	b := []byte(src)
	blank := func(from, to int) {
		for k := from; k < to && k < len(b); k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
	}
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(b) && b[j] != c && b[j] != '\n' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			blank(i+1, j)
			i = j
		case c == '[' && longBracket(b[i:]) >= 0:
			level := longBracket(b[i:])
			end := strings.Index(string(b[i:]), "]"+strings.Repeat("=", level)+"]")
			if end < 0 {
				end = len(b) - i
			}
			blank(i, i+end+level+2)
			i += end + level + 1
		case c == '-' && i+1 < len(b) && b[i+1] == '-':
			j := i + 2
			if level := longBracket(b[j:]); level >= 0 {
				end := strings.Index(string(b[j:]), "]"+strings.Repeat("=", level)+"]")
				if end < 0 {
					end = len(b) - j
				}
				blank(i, j+end+level+2)
				i = j + end + level + 1
				continue
			}
			for j < len(b) && b[j] != '\n' {
				j++
			}
			blank(i, j)
			i = j
		}
	}
	return string(b)
}

// longBracket returns the level of a long bracket [[ or [==[ at the start of b, -1 when none.
func longBracket(b []byte) int {
	if len(b) < 2 || b[0] != '[' {
		return -1
	}
	n := 1
	for n < len(b) && b[n] == '=' {
		n++
	}
	if n < len(b) && b[n] == '[' {
		return n - 1
	}
	return -1
}

// installPythonGuards makes reading the undefined globals None, True and False an error that says
// the Lua word: in Lua they are plain nil globals, so `vm.stateless = True` would silently set nil.
// A script that defines them itself is left alone.
func installPythonGuards(L *lua.LState) {
	mt := L.NewTable()
	L.SetField(mt, "__index", L.NewFunction(func(L *lua.LState) int {
		if name, ok := L.Get(2).(lua.LString); ok {
			if word, ok := pyConstants[string(name)]; ok {
				L.RaiseError("%s is Python; Lua writes %s", name, word)
			}
		}
		L.Push(lua.LNil)
		return 1
	}))
	L.SetMetatable(L.G.Global, mt)
}
