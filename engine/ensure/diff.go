package ensure

import (
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// field returns the value of the member chain in obj (a pointer to a generated struct), or an
// invalid Value when a struct on the way is unset.
func field(obj reflect.Value, chain []*types.MemberInfo) reflect.Value {
	v := obj
	for _, mi := range chain {
		if v.Kind() != reflect.Pointer || v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem().Field(mi.Field)
	}
	return v
}

// actual returns the value of a field in the normalized form of leaves: nil when unset, ids for
// references, lower-case enums, []any for lists (struct items stay reflect.Values).
func actual(v reflect.Value, mi *types.MemberInfo) any {
	if !v.IsValid() {
		return nil
	}
	if mi.List {
		if v.Kind() == reflect.Pointer { // *List[T]
			if v.IsNil() {
				return nil
			}
			v = types.ListItems(v)
		}
		if v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = one(v.Index(i), mi)
		}
		return out
	}
	return one(v, mi)
}

func one(v reflect.Value, mi *types.MemberInfo) any {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		if mi.TypeKind == types.KindStruct {
			if isReference(mi) {
				return refID(types.IDOf(v.Interface()))
			}
			return v
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if mi.TypeKind == types.KindEnum {
			return strings.ToLower(v.String())
		}
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int64:
		return v.Int()
	case reflect.Float64:
		return v.Float()
	}
	return v.Interface()
}

// isReference reports whether values of the member are references to objects of their own: a
// type with an id and a top-level collection (a Version has an id but is a value).
func isReference(mi *types.MemberInfo) bool {
	ti := types.Type(mi.Type)
	return ti != nil && ti.Member("id") != nil && RootPath(ti.Name) != ""
}

// equal compares a declared (normalized) value with an actual one. Lists compare as multisets:
// every declared item matches a distinct actual item, and there are as many of each.
func equal(want, got any) bool {
	switch w := want.(type) {
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		used := make([]bool, len(g))
	next:
		for _, wi := range w {
			for j, gj := range g {
				if !used[j] && equal(wi, gj) {
					used[j] = true
					continue next
				}
			}
			return false
		}
		return true
	case item:
		g, ok := got.(reflect.Value)
		if !ok {
			return false
		}
		for _, l := range w {
			if !equal(l.val, actual(field(g, l.chain), l.chain[len(l.chain)-1])) {
				return false
			}
		}
		return true
	}
	return want == got
}

// diff compares the leaves with obj and returns the changes, keyed by path.
func diff(leaves []leaf, obj any) map[string]Change {
	out := map[string]Change{}
	ov := reflect.ValueOf(obj)
	for _, l := range leaves {
		var got any
		if obj != nil && !ov.IsNil() {
			got = actual(field(ov, l.chain), l.chain[len(l.chain)-1])
		}
		if obj == nil || !equal(l.val, got) {
			out[l.path] = Change{From: public(got, l.val), To: public(l.val, nil)}
		}
	}
	return out
}

// public turns a normalized value into what a Diff shows: ids as strings, items of lists of
// structs as maps of their declared members (like is the declared value, for the keys).
func public(v any, like any) any {
	switch x := v.(type) {
	case refID:
		return string(x)
	case []any:
		var l item
		if lk, ok := like.([]any); ok && len(lk) > 0 {
			l, _ = lk[0].(item)
		}
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = public(it, l)
		}
		return out
	case item:
		m := map[string]any{}
		for _, lf := range x {
			m[strings.TrimPrefix(lf.path, lf.path[:strings.Index(lf.path, "]")+2])] = public(lf.val, nil)
		}
		return m
	case reflect.Value:
		m := map[string]any{}
		if l, ok := like.(item); ok {
			for _, lf := range l {
				k := strings.TrimPrefix(lf.path, lf.path[:strings.Index(lf.path, "]")+2])
				m[k] = public(actual(field(x, lf.chain), lf.chain[len(lf.chain)-1]), lf.val)
			}
		}
		return m
	}
	return v
}

// build returns a new object of type ti (a pointer to the generated struct) holding the leaves
// that keep says to send (all when keep is nil).
func build(ti *types.TypeInfo, leaves []leaf, keep func(path string) bool) any {
	obj := reflect.ValueOf(types.New(ti.Name))
	for _, l := range leaves {
		if keep == nil || keep(l.path) {
			set(obj, l.chain, l.val)
		}
	}
	return obj.Interface()
}

// set stores the normalized value at the chain, creating the structs on the way.
func set(obj reflect.Value, chain []*types.MemberInfo, val any) {
	v := obj
	for i, mi := range chain {
		f := v.Elem().Field(mi.Field)
		if i == len(chain)-1 {
			assign(f, mi, val)
			return
		}
		if f.IsNil() {
			f.Set(reflect.New(f.Type().Elem()))
		}
		v = f
	}
}

// assign stores a normalized value into a field of the member's Go type.
func assign(f reflect.Value, mi *types.MemberInfo, val any) {
	if mi.List {
		items := val.([]any)
		s := reflect.MakeSlice(f.Type(), 0, len(items))
		for _, it := range items {
			e := reflect.New(f.Type().Elem()).Elem()
			assignOne(e, it)
			s = reflect.Append(s, e)
		}
		f.Set(s)
		return
	}
	assignOne(f, val)
}

// assignOne stores one value into f: a pointer to a primitive, an enum or a struct, or a plain
// enum or primitive (list items).
func assignOne(f reflect.Value, val any) {
	t := f.Type()
	if t.Kind() == reflect.Pointer {
		p := reflect.New(t.Elem())
		switch x := val.(type) {
		case refID:
			p.Interface().(types.WithID).SetId(string(x))
		case item:
			for _, l := range x {
				set(p, l.chain, l.val)
			}
		default:
			p.Elem().Set(reflect.ValueOf(val).Convert(t.Elem()))
		}
		f.Set(p)
		return
	}
	f.Set(reflect.ValueOf(val).Convert(t))
}
