package luabind

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// TestMemberGettersMatchToLua reads every member of every struct type of the model through the
// binding's accessors, unset and set to sample values (enum values declared and not, integers
// below and beyond 2^53, structs), and compares with the reflective conversion (toLua) of the same field:
// a wrong offset or conversion in a getter shows as a difference.
func TestMemberGettersMatchToLua(t *testing.T) {
	rt := newBare(t)
	samples := map[reflect.Kind][]any{
		reflect.String:  {"", "up", "not-a-declared-value"},
		reflect.Bool:    {true, false},
		reflect.Int64:   {int64(0), int64(-3), int64(1 << 53), int64(1<<53 + 1), int64(-1 << 60)},
		reflect.Int:     {0, 7, 1<<53 + 1},
		reflect.Int32:   {int32(-5), int32(1 << 30)},
		reflect.Float64: {0.0, 2.5, -1e300},
	}
	fast, structs := 0, 0
	for _, ti := range types.Types() {
		v := types.New(ti.Name)
		if v == nil || types.StructInfo(reflect.TypeOf(v).Elem()) == nil {
			continue
		}
		p := reflect.ValueOf(v)
		b := rt.binding(p.Type().Elem())
		require.NotNil(t, b, ti.Name)
		for _, m := range ti.Members {
			a := b.member(m.Name)
			require.NotNil(t, a, "%s.%s", ti.Name, m.Name)
			f := p.Elem().Field(m.Field)
			same := func(what string) {
				want, got := rt.toLua(f, true), rt.read(p, a)
				if wu, isUD := want.(*lua.LUserData); isUD {
					gu, ok := got.(*lua.LUserData)
					if assert.True(t, ok, "%s.%s %s: got %v", ti.Name, m.Name, what, got) {
						assert.Same(t, wu.Metatable, gu.Metatable, "%s.%s %s", ti.Name, m.Name, what)
						assert.Equal(t, wu.Value, gu.Value, "%s.%s %s", ti.Name, m.Name, what)
					}
					return
				}
				assert.Equal(t, want, got, "%s.%s %s", ti.Name, m.Name, what)
			}
			same("unset")
			if a.get == nil {
				continue
			}
			fast++
			if e := f.Type().Elem(); e.Kind() == reflect.Struct {
				f.Set(reflect.New(e))
				if e == reflect.TypeFor[time.Time]() {
					f.Elem().Set(reflect.ValueOf(time.Date(2026, 11, 20, 10, 0, 0, 5, time.FixedZone("", 3600))))
				}
				same("set")
				structs++
				continue
			}
			for _, s := range samples[f.Type().Elem().Kind()] {
				e := reflect.New(f.Type().Elem())
				e.Elem().Set(reflect.ValueOf(s).Convert(f.Type().Elem()))
				f.Set(e)
				same("= " + reflect.ValueOf(s).String())
			}
		}
	}
	assert.Greater(t, fast, 100, "members read without reflection")
	assert.Greater(t, structs, 100, "struct members read without reflection")
}
