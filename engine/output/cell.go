package output

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Cell returns the human text of a member path ("name", "cpu.topology.cores", "cluster") of obj,
// a model struct pointer or a map[string]any: sizes as "4 GiB", dates relative to now ("2 h
// ago"), a reference by its name when it carries one, else its id, the items of a list joined by
// ", ", and "" for an unset or unknown member. The text has gone through Printable.
func Cell(obj any, path string, now time.Time) string {
	return cellText(reflect.ValueOf(obj), path, now, true)
}

// cellText is Cell, with exact values (bytes, RFC 3339 dates) when human is false.
func cellText(v reflect.Value, path string, now time.Time, human bool) string {
	c := cellCtx{now: now, human: human}
	c.walk(v, strings.Split(path, "."), "")
	return Printable(strings.Join(c.out, ", "), false)
}

type cellCtx struct {
	now   time.Time
	human bool
	out   []string
}

// walk follows segs from v; key is "Type.member" of the member v was read from (for units).
func (c *cellCtx) walk(v reflect.Value, segs []string, key string) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || (v.Kind() == reflect.Pointer || v.Kind() == reflect.Map) && v.IsNil() {
		return
	}
	if len(segs) == 0 {
		if s, ok := c.text(v, key); ok {
			c.out = append(c.out, s)
		}
		return
	}
	switch {
	case types.IsListLink(v.Type()):
		c.walk(types.ListItems(v), segs, key)
	case v.Kind() == reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			c.walk(v.Index(i), segs, key)
		}
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		c.walk(v.MapIndex(reflect.ValueOf(segs[0]).Convert(v.Type().Key())), segs[1:], "")
	case v.Kind() == reflect.Pointer:
		ti := types.StructInfo(v.Elem().Type())
		if ti == nil {
			return
		}
		if mi := ti.Member(segs[0]); mi != nil {
			c.walk(v.Elem().Field(mi.Field), segs[1:], sizeKey(ti, mi))
		}
	}
}

// text is the text of one value; false when it is unset.
func (c *cellCtx) text(v reflect.Value, key string) (string, bool) {
	switch {
	case types.IsListLink(v.Type()):
		items := types.ListItems(v)
		if items.IsNil() {
			return "", false
		}
		v = items
	case v.Kind() == reflect.Pointer:
		if types.StructInfo(v.Elem().Type()) != nil {
			return refText(v), true
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice {
		var parts []string
		for i := 0; i < v.Len(); i++ {
			if s, ok := c.text(v.Index(i), key); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", "), true
	}
	if t, ok := v.Interface().(time.Time); ok {
		if c.human {
			return relTime(t, c.now), true
		}
		return t.Format(time.RFC3339Nano), true
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Int64, reflect.Int, reflect.Int32:
		if c.human && sizeMembers[key] {
			return types.FormatSize(v.Int()), true
		}
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Float64, reflect.Float32:
		return floatText(v.Float(), c.human), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return c.text(v.Elem(), key)
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			s, _ := c.text(v.MapIndex(k), "")
			parts = append(parts, fmt.Sprint(k.Interface())+"="+s)
		}
		return strings.Join(parts, " "), true
	}
	return fmt.Sprint(v.Interface()), true
}

// floatText writes f without an exponent up to 1e21 (2147483648, not 2.147483648e+09); for
// people rounded to two decimals (15.92).
func floatText(f float64, human bool) string {
	if math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) >= 1e21 {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if human {
		f = math.Round(f*100) / 100
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// refText names a model object in one cell: its name, else its id, a version as 4.7, else its
// set scalar members as k=v.
func refText(p reflect.Value) string {
	o := p.Interface()
	if n := types.NameOf(o); n != "" {
		return n
	}
	if id := types.IDOf(o); id != "" {
		return id
	}
	if ver, ok := o.(*types.Version); ok && ver.Major != nil {
		parts := []string{strconv.FormatInt(*ver.Major, 10)}
		for _, n := range []*int64{ver.Minor, ver.Build, ver.Revision} {
			if n == nil {
				break
			}
			parts = append(parts, strconv.FormatInt(*n, 10))
		}
		return strings.Join(parts, ".")
	}
	ti := types.StructInfo(p.Elem().Type())
	var parts []string
	for _, mi := range ti.Members {
		f := p.Elem().Field(mi.Field)
		if f.Kind() != reflect.Pointer || f.IsNil() || types.StructInfo(f.Elem().Type()) != nil {
			continue
		}
		c := cellCtx{human: true}
		if s, ok := c.text(f, sizeKey(ti, mi)); ok {
			parts = append(parts, mi.Name+"="+s)
		}
	}
	if len(parts) == 0 {
		if h := p.Interface().(types.Object).GetHref(); h != "" {
			return h
		}
	}
	return strings.Join(parts, " ")
}

// relTime is t relative to now: "45 s ago", "5 min ago", "2 h ago", "3 d ago", "in 2 h"; beyond
// 30 days the date and time in UTC.
func relTime(t, now time.Time) string {
	if now.IsZero() {
		now = time.Now()
	}
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = fmt.Sprintf("%d s", int(d/time.Second))
	case d < time.Hour:
		s = fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%d h", int(d/time.Hour))
	case d < 30*24*time.Hour:
		s = fmt.Sprintf("%d d", int(d/(24*time.Hour)))
	default:
		return t.UTC().Format("2006-01-02 15:04 UTC")
	}
	if future {
		return "in " + s
	}
	return s + " ago"
}

// IsSize reports whether the member mi counts bytes (VmBase.memory, Disk.provisioned_size):
// tables show it in binary units and the command line's options take units (2GiB).
func IsSize(mi *types.MemberInfo) bool {
	return mi != nil && mi.Type == "Integer" && sizeMembers[mi.Owner+"."+mi.Name]
}

// sizeKey is the key of sizeMembers for member mi of ti: "Owner.member".
func sizeKey(ti *types.TypeInfo, mi *types.MemberInfo) string {
	if mi.Owner != "" {
		return mi.Owner + "." + mi.Name
	}
	return ti.Name + "." + mi.Name
}

// sizeMembers are the integer members counted in bytes (by the type that declares them), shown
// in binary units. Other integers (VmPool.size is a number of VMs, NumaNode.memory is in MiB)
// stay numbers.
var sizeMembers = map[string]bool{
	"VmBase.memory": true, "Host.memory": true, "Host.max_scheduling_memory": true,
	"MemoryPolicy.max": true, "MemoryPolicy.guaranteed": true,
	"StorageDomain.used": true, "StorageDomain.available": true, "StorageDomain.committed": true,
	"Disk.provisioned_size": true, "Disk.actual_size": true, "Disk.total_size": true,
	"Disk.initial_size": true, "Image.size": true, "LogicalUnit.size": true,
	"LogicalUnit.discard_max_size": true, "IscsiDetails.size": true,
	"GlusterClient.bytes_read": true, "GlusterClient.bytes_written": true,
}
