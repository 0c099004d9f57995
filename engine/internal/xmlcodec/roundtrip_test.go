package xmlcodec

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// valueGen fills generated structs with deterministic pseudo-random values, walking the
// description tables of engine/types: every member of the top-level object is set; nested
// objects are filled down to maxDepth.
type valueGen struct {
	rnd      *rand.Rand
	maxDepth int
}

var (
	genStrings = []string{"", "plain", "a&b<c>\"d'e", "  spaced  ", "line1\nline2\r\nline3\r", "ünïcödé ✓ 😀",
		"]]>", "tab\there", "&amp; literally", "/ovirt-engine/api/vms/123"}
	genFloats = []float64{0, -1.5, 3.14159, 1e-7, 12345678.9, 0.1, -2.5e10, math.MaxFloat64}
	genInts   = []int64{0, 1, -1, 42, 1 << 40, math.MaxInt64, math.MinInt64}
	genZones  = []*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("", -(5*3600 + 30*60))}
)

func (g *valueGen) str() string {
	if g.rnd.IntN(3) == 0 {
		return fmt.Sprintf("s%d", g.rnd.Uint32())
	}
	return genStrings[g.rnd.IntN(len(genStrings))]
}

// scalar returns a value of the primitive or enum type model for the Go type t.
func (g *valueGen) scalar(model string, kind types.Kind, t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	if kind == types.KindEnum {
		values := types.Type(model).Values
		if g.rnd.IntN(5) == 0 {
			v.SetString("future_value") // unknown to the model: kept as is
		} else {
			v.SetString(values[g.rnd.IntN(len(values))])
		}
		return v
	}
	switch model {
	case "String":
		v.SetString(g.str())
	case "Boolean":
		v.SetBool(g.rnd.IntN(2) == 0)
	case "Integer":
		if g.rnd.IntN(2) == 0 {
			v.SetInt(genInts[g.rnd.IntN(len(genInts))])
		} else {
			v.SetInt(g.rnd.Int64() - math.MaxInt64/2)
		}
	case "Decimal":
		if g.rnd.IntN(2) == 0 {
			v.SetFloat(genFloats[g.rnd.IntN(len(genFloats))])
		} else {
			v.SetFloat(g.rnd.NormFloat64() * 1e6)
		}
	case "Date":
		nsec := 0
		if g.rnd.IntN(2) == 0 {
			nsec = g.rnd.IntN(1e3) * 1e6 // the wire form keeps milliseconds (xmlstream.TimeLayout)
		}
		v.Set(reflect.ValueOf(time.Date(1990+g.rnd.IntN(60), time.Month(1+g.rnd.IntN(12)), 1+g.rnd.IntN(28),
			g.rnd.IntN(24), g.rnd.IntN(60), g.rnd.IntN(60), nsec, genZones[g.rnd.IntN(len(genZones))])))
	default:
		panic("unknown primitive " + model)
	}
	return v
}

// object returns a new *T of the struct type named name, filled.
func (g *valueGen) object(name string, depth int) reflect.Value {
	p := reflect.ValueOf(types.New(name))
	g.fill(types.Type(name), p.Elem(), depth)
	return p
}

func (g *valueGen) fill(ti *types.TypeInfo, v reflect.Value, depth int) {
	href := g.str()
	v.FieldByName("Href").Set(reflect.ValueOf(&href))
	if depth == 0 {
		v.FieldByName("Actions").Set(reflect.ValueOf([]*types.Link{
			{Rel: "start", Href: "/ovirt-engine/api/x/start"}, {Rel: "a new rel", Href: g.str()},
		}))
	}
	for _, m := range ti.Members {
		f := v.Field(m.Field)
		ft := f.Type()
		switch {
		case m.TypeKind == types.KindStruct && depth >= g.maxDepth:
			// Deep enough: leave nested objects unset.
		case m.List && m.Link:
			l := reflect.New(ft.Elem())
			switch g.rnd.IntN(3) {
			case 0:
				l.Elem().FieldByName("Href").SetString(g.str() + "x") // never empty: it is the only content
			case 1:
				l.Elem().FieldByName("Items").Set(g.structList(m.Type, l.Elem().FieldByName("Items").Type(), depth))
			default:
				l.Elem().FieldByName("Href").SetString(g.str())
				l.Elem().FieldByName("Items").Set(g.structList(m.Type, l.Elem().FieldByName("Items").Type(), depth))
			}
			f.Set(l)
		case m.List && m.TypeKind == types.KindStruct:
			f.Set(g.structList(m.Type, ft, depth))
		case m.List:
			n := g.rnd.IntN(3)
			s := reflect.MakeSlice(ft, n, n)
			for i := range n {
				s.Index(i).Set(g.scalar(m.Type, m.TypeKind, ft.Elem()))
			}
			f.Set(s)
		case m.TypeKind == types.KindStruct:
			f.Set(g.object(m.Type, depth+1))
		default:
			p := reflect.New(ft.Elem())
			p.Elem().Set(g.scalar(m.Type, m.TypeKind, ft.Elem()))
			f.Set(p)
		}
	}
}

// structList returns 0 to 2 filled items (a non-nil slice).
func (g *valueGen) structList(name string, t reflect.Type, depth int) reflect.Value {
	n := g.rnd.IntN(3)
	s := reflect.MakeSlice(t, n, n)
	for i := range n {
		s.Index(i).Set(g.object(name, depth+1))
	}
	return s
}

func structTypes() []*types.TypeInfo {
	var out []*types.TypeInfo
	for _, ti := range types.Types() {
		if ti.Kind == types.KindStruct {
			out = append(out, ti)
		}
	}
	return out
}

// roundTrip writes v as a document and reads it back through the generic entry points.
func roundTrip(t *testing.T, ti *types.TypeInfo, v any) any {
	t.Helper()
	var out bytes.Buffer
	w := xmlstream.NewWriter(&out)
	require.NoError(t, Write(w, ti.Name, ti.XMLName, v))
	require.NoError(t, w.Close())
	r := xmlstream.NewReaderBytes(out.Bytes())
	root, err := r.Root()
	require.NoError(t, err)
	require.Equal(t, ti.XMLName, string(root))
	back, err := Read(ti.Name, r)
	require.NoError(t, err, "%s", out.Bytes())
	return back
}

func TestRoundTripEveryStructType(t *testing.T) {
	all := structTypes()
	require.Len(t, all, 220)
	g := &valueGen{rnd: rand.New(rand.NewPCG(7, 11)), maxDepth: 2}
	for _, ti := range all {
		t.Run(ti.Name, func(t *testing.T) {
			for variant := range 3 {
				v := g.object(ti.Name, 0)
				// Every member of the top-level object is set.
				for _, m := range ti.Members {
					require.False(t, v.Elem().Field(m.Field).IsNil(), "%s.%s unset", ti.Name, m.GoName)
				}
				back := roundTrip(t, ti, v.Interface())
				if !assert.Equal(t, v.Interface(), back, "variant %d", variant) {
					return
				}
			}
			// Zero objects round-trip too: nothing set, nothing written but the element.
			zero := types.New(ti.Name)
			assert.Equal(t, zero, roundTrip(t, ti, zero))
		})
	}
}

func TestRoundTripLists(t *testing.T) {
	g := &valueGen{rnd: rand.New(rand.NewPCG(3, 5)), maxDepth: 1}
	items := []*types.Nic{g.object("Nic", 0).Interface().(*types.Nic), g.object("Nic", 0).Interface().(*types.Nic)}
	var out bytes.Buffer
	w := xmlstream.NewWriter(&out)
	require.NoError(t, Write(w, "Nic", "nics", items))
	require.NoError(t, w.Close())

	r := xmlstream.NewReaderBytes(out.Bytes())
	_, err := r.Root()
	require.NoError(t, err)
	back, err := ReadList("Nic", r)
	require.NoError(t, err)
	assert.Equal(t, items, back)

	var got []*types.Nic
	for nic, err := range IterList[types.Nic](bytes.NewReader(out.Bytes())) {
		require.NoError(t, err)
		got = append(got, nic)
	}
	assert.Equal(t, items, got)
}

func TestWriteOnlySetMembers(t *testing.T) {
	vm := &types.Vm{
		Id:        str("1"),
		Name:      str("a&b"),
		Memory:    i64(1 << 30),
		Stateless: no(),
		Status:    enum(types.VmStatusUp),
		Cpu:       &types.Cpu{Topology: &types.CpuTopology{Cores: i64(2)}},
		Nics:      &types.List[types.Nic]{Href: "/vms/1/nics"},
		Tags:      types.ListOf(&types.Tag{Name: str("web")}),
		Cdroms:    &types.List[types.Cdrom]{}, // set but empty: nothing to write
		Payloads:  []*types.Payload{},
		Sso:       &types.Sso{Methods: []*types.Method{{Id: enum(types.SsoMethodGuestAgent)}}},
		Os:        &types.OperatingSystem{Boot: &types.Boot{Devices: []types.BootDevice{types.BootDeviceHd}}},
	}
	var out bytes.Buffer
	w := xmlstream.NewWriter(&out)
	WriteVm(w, "vm", vm)
	require.NoError(t, w.Close())
	assert.Equal(t, `<vm id="1"><cpu><topology><cores>2</cores></topology></cpu><memory>1073741824</memory>`+
		`<name>a&amp;b</name><link href="/vms/1/nics" rel="nics"/>`+
		`<os><boot><devices><device>hd</device></devices></boot></os><payloads/>`+
		`<sso><methods><method id="guest_agent"/></methods></sso><stateless>false</stateless>`+
		`<status>up</status><tags><tag><name>web</name></tag></tags></vm>`, out.String())

	out.Reset()
	WriteVlan(w, "vlan", &types.Vlan{Id: i64(42)})
	WriteVm(w, "vm", nil)
	require.NoError(t, w.Close())
	assert.Equal(t, `<vlan id="42"/>`, out.String())
}

func TestGenericEntryPointErrors(t *testing.T) {
	var out bytes.Buffer
	w := xmlstream.NewWriter(&out)
	assert.EqualError(t, Write(w, "NoSuchType", "x", nil), `xmlcodec: no struct type "NoSuchType"`)
	assert.EqualError(t, Write(w, "Vm", "vm", &types.Host{}), `xmlcodec: cannot write *types.Host as Vm`)
	_, err := Read("NoSuchType", xmlstream.NewReaderBytes(nil))
	assert.Error(t, err)
	_, err = ReadList("NoSuchType", xmlstream.NewReaderBytes(nil))
	assert.Error(t, err)
	for _, err := range IterList[struct{}](bytes.NewReader(nil)) {
		assert.EqualError(t, err, "xmlcodec: struct {} is not a struct type of the model")
	}
}
