package luabind

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// DefaultMaxStringBytes is the cap on the strings string.rep, string.format and table.concat
// build when Options.MaxStringBytes is 0.
const DefaultMaxStringBytes = 256 << 20

// ErrMemoryLimit is the cause of a chunk stopped by Options.MemoryLimit (errors.Is).
var ErrMemoryLimit = errors.New("memory limit exceeded")

// stateOptions size the Lua stacks so that ordinary scripts never hit "registry overflow":
// unpack of a 100,000-item table or table.concat of as many items need as many stack slots. The
// registry (the data stack) starts at gopher-lua's default and grows in steps up to a million
// slots (16 MiB); calls nest up to 1,024 deep.
var stateOptions = lua.Options{
	RegistrySize:     lua.RegistrySize,
	RegistryMaxSize:  1 << 20,
	RegistryGrowStep: 4096,
	CallStackSize:    1024,
}

// capStrings replaces string.rep, string.format and table.concat with versions that refuse to
// build a string longer than limit bytes, before allocating it: a Go out-of-memory error would end
// the process, past any pcall. The '..' operator cannot be capped in gopher-lua; MemoryLimit
// covers it.
func (r *Runtime) capStrings(L *lua.LState, limit int) {
	limitErr := func(L *lua.LState, fn string) {
		r.raiseUsage(L, "%s: the result would be longer than %d bytes, the limit of this runtime (luabind.Options.MaxStringBytes)", fn, limit)
	}
	if str, ok := L.GetGlobal("string").(*lua.LTable); ok {
		str.RawSetString("rep", r.newFunction(L, func(L *lua.LState) int {
			s, n := L.CheckString(1), L.CheckInt(2)
			if n <= 0 || s == "" {
				L.Push(lua.LString(""))
				return 1
			}
			if len(s) > limit/n {
				limitErr(L, "string.rep")
			}
			L.Push(lua.LString(strings.Repeat(s, n)))
			return 1
		}))
		if orig, ok := str.RawGetString("format").(*lua.LFunction); ok {
			str.RawSetString("format", r.newFunction(L, func(L *lua.LState) int {
				if formatBound(L) > limit {
					limitErr(L, "string.format")
				}
				return callWith(L, orig, nil)
			}))
		}
	}
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		tbl.RawSetString("concat", r.newFunction(L, func(L *lua.LState) int {
			return concat(L, limit, limitErr)
		}))
	}
}

// formatVerb matches a conversion of string.format with its width and precision.
var formatVerb = regexp.MustCompile(`%[-+ #0]*([0-9]*)(?:\.([0-9]*))?[a-zA-Z%]`)

// formatBound is an upper bound of the length of string.format's result: the format, the widths
// and precisions it asks for, the string arguments and 32 bytes for each other one.
func formatBound(L *lua.LState) int {
	format := L.CheckString(1)
	n := len(format)
	for _, m := range formatVerb.FindAllStringSubmatch(format, -1) {
		for _, d := range m[1:] {
			if len(d) > 9 {
				return int(^uint(0) >> 1)
			}
			v, _ := strconv.Atoi(d)
			n += v
		}
	}
	for i := 2; i <= L.GetTop(); i++ {
		if s, ok := L.Get(i).(lua.LString); ok {
			n += len(s)
		} else {
			n += 32
		}
	}
	return n
}

// concat is table.concat(t, sep, i, j) of Lua 5.1, without the stack: gopher-lua pushes every
// item on the stack, which overflows it beyond ~5,000 items.
func concat(L *lua.LState, limit int, limitErr func(*lua.LState, string)) int {
	t := L.CheckTable(1)
	sep := L.OptString(2, "")
	i, j := L.OptInt(3, 1), L.OptInt(4, t.Len())
	if i > j {
		L.Push(lua.LString(""))
		return 1
	}
	size := 0
	for k := i; k <= j; k++ {
		switch v := t.RawGetInt(k).(type) {
		case lua.LString:
			size += len(v)
		case lua.LNumber:
			size += len(v.String())
		default:
			L.RaiseError("invalid value (%s) at index %d in table for concat", v.Type(), k)
		}
		if k < j {
			size += len(sep)
		}
		if size > limit {
			limitErr(L, "table.concat")
		}
	}
	var b strings.Builder
	b.Grow(size)
	for k := i; k <= j; k++ {
		b.WriteString(t.RawGetInt(k).String())
		if k < j {
			b.WriteString(sep)
		}
	}
	L.Push(lua.LString(b.String()))
	return 1
}

// watchMemory cancels ctx with ErrMemoryLimit once the Go heap holds more than limit bytes,
// sampling it every few milliseconds until stop is called.
func watchMemory(ctx context.Context, cancel context.CancelCauseFunc, limit uint64) (stop func()) {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if used := sample[0].Value.Uint64(); used > limit {
				cancel(fmt.Errorf("%w: the Go heap holds %d bytes, over the limit of %d bytes (luabind.Options.MemoryLimit)",
					ErrMemoryLimit, used, limit))
				return
			}
		}
	}()
	return func() { close(done) }
}
