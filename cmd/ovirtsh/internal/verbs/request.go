package verbs

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// request is a call of a generated service method being built from options.
type request struct {
	m      *types.MethodInfo
	fn     reflect.Value // the bound method of the service
	body   reflect.Value // pointer to the body struct (add, update), else invalid
	params reflect.Value // pointer to the method's params struct
}

func newRequest(svc any, m *types.MethodInfo) (*request, error) {
	fn := reflect.ValueOf(svc).MethodByName(m.GoName)
	if !fn.IsValid() {
		return nil, fmt.Errorf("verbs: %T has no method %s in this build", svc, m.GoName)
	}
	ft := fn.Type()
	r := &request{m: m, fn: fn}
	switch ft.NumIn() {
	case 3:
		r.body = reflect.New(ft.In(1).Elem())
		r.params = reflect.New(ft.In(2).Elem())
	case 2:
		r.params = reflect.New(ft.In(1).Elem())
	default:
		return nil, fmt.Errorf("verbs: %T.%s has an unexpected signature", svc, m.GoName)
	}
	return r, nil
}

// call sends the request; it returns the method's result (nil for none).
func (r *request) call(ctx context.Context) (any, error) {
	in := []reflect.Value{reflect.ValueOf(ctx)}
	if r.body.IsValid() {
		in = append(in, r.body)
	}
	out := r.fn.Call(append(in, r.params))
	if err, _ := out[len(out)-1].Interface().(error); err != nil {
		return nil, err
	}
	if len(out) == 2 {
		return out[0].Interface(), nil
	}
	return nil, nil
}

// root returns the value the parameter named param is built in: the body struct, or the
// params struct's field.
func (r *request) root(param string) reflect.Value {
	p := r.m.Param(param)
	if p == nil {
		return reflect.Value{}
	}
	if p.InLocation == "body" && r.body.IsValid() {
		return r.body
	}
	return r.params.Elem().FieldByName(p.GoName)
}

// resolver finds the id of an entity of type t by name (or returns an id as is).
type resolver func(ctx context.Context, t *types.TypeInfo, key string) (id, name string, err error)

// set stores the option value raw for the input in.
func (r *request) set(ctx context.Context, in *input, raw string, resolve resolver) error {
	v := r.root(in.param)
	if !v.IsValid() {
		return fmt.Errorf("verbs: %s has no parameter %s", r.m.GoName, in.param)
	}
	for _, step := range in.steps {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.FieldByName(step)
		if !v.IsValid() {
			return fmt.Errorf("verbs: no field %s for --%s", step, in.Name)
		}
	}
	if err := setValue(ctx, v, in, raw, resolve); err != nil {
		return fmt.Errorf("--%s: %w", in.Name, err)
	}
	return nil
}

var timeType = reflect.TypeFor[time.Time]()

// setValue parses raw into the field f (a pointer, slice or list link).
func setValue(ctx context.Context, f reflect.Value, in *input, raw string, resolve resolver) error {
	t := f.Type()
	switch {
	case types.IsListLink(t):
		l := reflect.New(t.Elem())
		items := reflect.MakeSlice(l.Elem().Field(1).Type(), 0, 0)
		for _, key := range splitList(raw) {
			item, err := refValue(ctx, types.ListItemType(t).Elem(), key, resolve)
			if err != nil {
				return err
			}
			items = reflect.Append(items, item)
		}
		l.Elem().Field(1).Set(items)
		f.Set(l)
		return nil
	case t.Kind() == reflect.Slice:
		s := reflect.MakeSlice(t, 0, 0)
		for _, part := range splitList(raw) {
			item := reflect.New(t.Elem()).Elem()
			var err error
			if t.Elem().Kind() == reflect.Pointer && types.StructInfo(t.Elem().Elem()) != nil {
				item, err = refValue(ctx, t.Elem().Elem(), part, resolve)
			} else {
				err = setScalar(item, in, part)
			}
			if err != nil {
				return err
			}
			s = reflect.Append(s, item)
		}
		f.Set(s)
		return nil
	case t.Kind() == reflect.Pointer && types.StructInfo(t.Elem()) != nil:
		v, err := refValue(ctx, t.Elem(), raw, resolve)
		if err != nil {
			return err
		}
		f.Set(v)
		return nil
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := setScalar(p.Elem(), in, raw); err != nil {
			return err
		}
		f.Set(p)
		return nil
	}
	return fmt.Errorf("verbs: cannot set a %s", t)
}

func splitList(raw string) []string {
	var out []string
	for _, p := range strings.Split(raw, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// refValue builds a reference to the entity key (a name or an id) of the struct type st.
func refValue(ctx context.Context, st reflect.Type, key string, resolve resolver) (reflect.Value, error) {
	ti := types.StructInfo(st)
	id, name, err := resolve(ctx, ti, key)
	if err != nil {
		return reflect.Value{}, err
	}
	v := reflect.New(st)
	if m := ti.Member("id"); m != nil && id != "" {
		v.Elem().Field(m.Field).Set(reflect.ValueOf(&id))
	}
	if m := ti.Member("name"); m != nil && name != "" {
		v.Elem().Field(m.Field).Set(reflect.ValueOf(&name))
	}
	return v, nil
}

// setScalar parses raw into v, a string, integer, boolean, decimal, date or enum.
// minBareSize is the smallest size taken without a unit: `--memory 4` means 4 GiB to a person
// and 4 bytes to the API, so a bare number below 1 MiB is refused rather than sent.
const minBareSize = 1 << 20

func setScalar(v reflect.Value, in *input, raw string) error {
	if ti := types.EnumInfo(v.Type()); ti != nil {
		val := strings.ToLower(raw)
		if !ti.HasValue(val) {
			return fmt.Errorf("'%s' is not a %s%s (one of %s)", raw, ti.Name,
				suggest.DidYouMean(suggest.Nearest(val, ti.Values, 3)), strings.Join(ti.Values, ", "))
		}
		v.SetString(val)
		return nil
	}
	if v.Type() == timeType {
		d, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			return fmt.Errorf("'%s' is not a date (RFC 3339, such as 2026-12-01T10:00:00Z)", raw)
		}
		v.Set(reflect.ValueOf(d))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(raw)
	case reflect.Bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("'%s' is not true or false", raw)
		}
		v.SetBool(b)
	case reflect.Int64:
		if in.size {
			n, err := types.ParseSize(raw)
			if err != nil {
				return err
			}
			if n > 0 && n < minBareSize && strings.Trim(raw, "0123456789") == "" {
				return fmt.Errorf("'%s' would be %d bytes: add a unit (%sGiB, %sMiB); a number alone is bytes", raw, n, raw, raw)
			}
			v.SetInt(n)
			return nil
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("'%s' is not an integer", raw)
		}
		v.SetInt(n)
	case reflect.Float64:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return fmt.Errorf("'%s' is not a number", raw)
		}
		v.SetFloat(n)
	default:
		return fmt.Errorf("verbs: cannot set a %s", v.Type())
	}
	return nil
}

// connResolver looks names up in the top-level collection of their type; types without one
// are sent by name for the engine to resolve.
func connResolver(conn *engine.Connection) resolver {
	return func(ctx context.Context, t *types.TypeInfo, key string) (string, string, error) {
		if names.IsID(key) {
			return key, "", nil
		}
		for _, n := range theGrammar().nouns {
			if n.TopLevel && n.Type == t {
				e, err := names.Service(ctx, conn, n.Plural+"/"+key)
				if err != nil {
					return "", "", err
				}
				return e.ID, "", nil
			}
		}
		if t.Member("name") == nil {
			return "", "", fmt.Errorf("a %s has no name: give its id", labelOf(t))
		}
		return "", key, nil
	}
}

// missing returns the mandatory inputs of the method no option set: for the form (signature)
// closest to complete (the most groups set, then the fewest missing), and a note on the other
// forms. Both are empty when a form is complete.
func (r *request) missing(bodyFlat bool) ([]string, string) {
	type form struct {
		name      string
		miss      []string
		satisfied int
	}
	refs := map[string]bool{}
	for _, in := range inputsOf(r.m, bodyFlat) {
		refs[in.Name] = in.Ref
	}
	var all []form
	for _, f := range forms(r.m) {
		fm := form{name: f.Name}
		for _, group := range f.Mandatory {
			if r.anySet(group) {
				fm.satisfied++
			} else {
				fm.miss = append(fm.miss, groupOption(r.m, group, bodyFlat, refs))
			}
		}
		if len(fm.miss) == 0 {
			return nil, ""
		}
		all = append(all, fm)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].satisfied != all[j].satisfied {
			return all[i].satisfied > all[j].satisfied
		}
		return len(all[i].miss) < len(all[j].miss)
	})
	var others []string
	for _, f := range all[1:] {
		others = append(others, fmt.Sprintf("%s needs %s", f.name, strings.Join(f.miss, ", ")))
	}
	note := ""
	if len(others) > 0 {
		note = " (other forms: " + strings.Join(others, "; ") + ")"
	}
	return all[0].miss, note
}

func (r *request) anySet(group []string) bool {
	for _, path := range group {
		param, rest, _ := strings.Cut(path, ".")
		param = strings.TrimSuffix(param, "[]")
		if v := r.root(param); v.IsValid() && pathSet(v, rest) {
			return true
		}
	}
	return false
}

// groupOption names a mandatory group as options: "--cluster" for the id or name of an entity
// (refs are the reference options), "--a or --b" for alternatives.
func groupOption(m *types.MethodInfo, group []string, bodyFlat bool, refs map[string]bool) string {
	var opts []string
	for _, p := range group {
		if head, ok := strings.CutSuffix(p, "[].id"); ok { // a list of references: --snapshots ID
			p = head
		}
		opt := pathOption(m, p, bodyFlat)
		for _, suffix := range []string{".id", ".name"} {
			if head, ok := strings.CutSuffix(opt, suffix); ok && refs[head] {
				opt = head // an entity's id or name: --cluster NAME-OR-ID
			}
		}
		opts = append(opts, "--"+opt)
	}
	opts = slices.Compact(opts)
	return strings.Join(opts, " or ")
}

// pathSet reports whether the model path (members by snake name, "[]" after a list) is set
// below v.
func pathSet(v reflect.Value, path string) bool {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		if types.IsListLink(v.Type()) {
			v = types.ListItems(v)
			continue
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			if pathSet(v.Index(i), path) {
				return true
			}
		}
		return false
	}
	if path == "" {
		return true
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	head, rest, _ := strings.Cut(path, ".")
	head = strings.TrimSuffix(head, "[]")
	ti := types.StructInfo(v.Type())
	if ti == nil || ti.Member(head) == nil {
		return false
	}
	return pathSet(v.Field(ti.Member(head).Field), rest)
}
