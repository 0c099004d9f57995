package sim

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/sim/search"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// accessor returns the search values of one attribute of a stored entity (store locked).
type accessor func(st *store, v any) []string

// searchInfo is the searchable view of an entity type.
type searchInfo struct {
	schema search.Schema
	acc    map[string]accessor
}

var searchInfos sync.Map // type name → *searchInfo

// record adapts a stored entity to search.Record.
type record struct {
	st   *store
	info *searchInfo
	v    any
}

func (r record) Values(attr string) []string {
	if a := r.info.acc[attr]; a != nil {
		return a(r.st, r.v)
	}
	return nil
}

// compileSearch parses and checks a search against the attributes of typeName; errors are
// 400 faults saying what is not supported.
func compileSearch(q, typeName string, caseSensitive bool) (*search.Matcher, *searchInfo, *Fault) {
	parsed, err := search.Parse(q)
	if err != nil {
		return nil, nil, badRequest("Unsupported search query: %v", err)
	}
	info := searchFor(typeName)
	m, err := search.Compile(parsed, info.schema, search.Options{CaseSensitive: caseSensitive})
	if err != nil {
		return nil, nil, badRequest("Unsupported search query: %v", err)
	}
	return m, info, nil
}

// searchFor builds (once) the searchable attributes of a type from its description: plain
// members by name, referenced entities by name (cluster=Default) with .id/.name forms, the data
// center through the cluster, assigned tags, and the attributes of related entities
// (Clusters.name=x on data centers, Vms.status=up on hosts).
func searchFor(typeName string) *searchInfo {
	if v, ok := searchInfos.Load(typeName); ok {
		return v.(*searchInfo)
	}
	si := withCrossEntity(typeName, baseSearchFor(typeName))
	searchInfos.Store(typeName, si)
	return si
}

var baseInfos sync.Map // type name → *searchInfo without cross-entity attributes

// baseSearchFor builds (once) the attributes of a type's own members.
func baseSearchFor(typeName string) *searchInfo {
	if v, ok := baseInfos.Load(typeName); ok {
		return v.(*searchInfo)
	}
	t := types.Type(typeName)
	si := &searchInfo{schema: search.Schema{}, acc: map[string]accessor{}}
	add := func(name string, f search.Field, a accessor) {
		if _, dup := si.schema[name]; !dup {
			si.schema[name] = f
			si.acc[name] = a
		}
	}
	for _, mi := range t.Members {
		if mi.List {
			continue
		}
		switch {
		case mi.TypeKind == types.KindPrimitive:
			add(mi.Name, search.Field{Kind: primitiveKind(mi.Type)}, plainValue(mi))
		case mi.TypeKind == types.KindEnum:
			add(mi.Name, search.Field{Kind: search.Enum, Values: types.Type(mi.Type).Values}, plainValue(mi))
		case mi.Link && topLevel(mi.Type) != "":
			byName, byID := refValue(mi, false), refValue(mi, true)
			add(mi.Name, search.Field{Kind: search.String}, byName)
			add(mi.Name+".name", search.Field{Kind: search.String}, byName)
			add(mi.Name+".id", search.Field{Kind: search.String}, byID)
			if alias := strings.ReplaceAll(mi.Name, "_", ""); alias != mi.Name {
				add(alias, search.Field{Kind: search.String}, byName)
			}
		}
	}
	for _, a := range searchAliases[typeName] {
		add(a.name, a.field, a.acc)
	}
	if cl := t.Member("cluster"); cl != nil && cl.Link && t.Member("data_center") == nil {
		add("datacenter", search.Field{Kind: search.String}, dataCenterViaCluster(cl))
	}
	if os := t.Member("os"); os != nil && os.Type == "OperatingSystem" {
		add("os", search.Field{Kind: search.String}, osType(os))
	}
	if path := topLevel(typeName); path != "" && node(node("System").fixed[path].Service).param != nil {
		if en := entityNode(node(node("System").fixed[path].Service)); en != nil && en.fixed["tags"] != nil {
			add("tag", search.Field{Kind: search.String}, tagValues(path))
		}
	}
	baseInfos.Store(typeName, si)
	return si
}

func primitiveKind(t string) search.Kind {
	switch t {
	case "Integer":
		return search.Int
	case "Decimal":
		return search.Decimal
	case "Boolean":
		return search.Bool
	case "Date":
		return search.Date
	}
	return search.String
}

// plainValue reads a scalar member as canonical search text.
func plainValue(mi *types.MemberInfo) accessor {
	return func(_ *store, v any) []string {
		f := field(v, mi)
		if f.IsNil() {
			return nil
		}
		return []string{scalarText(f.Elem())}
	}
}

func scalarText(e reflect.Value) string {
	switch e.Kind() {
	case reflect.String:
		return e.String()
	case reflect.Int64:
		return strconv.FormatInt(e.Int(), 10)
	case reflect.Bool:
		return strconv.FormatBool(e.Bool())
	case reflect.Float64:
		return strconv.FormatFloat(e.Float(), 'f', -1, 64)
	}
	if t, ok := e.Interface().(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return ""
}

// refValue reads the name (or id) of the entity a link member refers to.
func refValue(mi *types.MemberInfo, id bool) accessor {
	path := topLevel(mi.Type)
	m := metaOf(mi.Type)
	return func(st *store, v any) []string {
		f := field(v, mi)
		if f.IsNil() {
			return nil
		}
		rid := m.getID(f.Interface())
		if id {
			return nonEmpty(rid)
		}
		if c := st.lookup(path); c != nil {
			if e, ok := c.get(rid); ok {
				return nonEmpty(m.getName(e))
			}
		}
		return nonEmpty(m.getName(f.Interface()))
	}
}

func dataCenterViaCluster(cl *types.MemberInfo) accessor {
	cm := metaOf("Cluster")
	return func(st *store, v any) []string {
		f := field(v, cl)
		if f.IsNil() {
			return nil
		}
		clusters := st.lookup("clusters")
		if clusters == nil {
			return nil
		}
		e, ok := clusters.get(cm.getID(f.Interface()))
		if !ok {
			return nil
		}
		c := e.(*types.Cluster)
		if c.DataCenter == nil || c.DataCenter.Id == nil {
			return nil
		}
		if dcs := st.lookup("datacenters"); dcs != nil {
			if dc, ok := dcs.get(*c.DataCenter.Id); ok {
				return nonEmpty(dc.(*types.DataCenter).GetName())
			}
		}
		return nil
	}
}

func osType(mi *types.MemberInfo) accessor {
	return func(_ *store, v any) []string {
		f := field(v, mi)
		if f.IsNil() {
			return nil
		}
		return nonEmpty(f.Interface().(*types.OperatingSystem).GetType())
	}
}

func tagValues(top string) accessor {
	tm := metaOf("Tag")
	return func(st *store, v any) []string {
		c := st.lookup(top + "/" + metaFor(v).getID(v) + "/tags")
		if c == nil {
			return nil
		}
		var out []string
		for _, t := range c.all() {
			out = append(out, tm.getName(t))
		}
		return out
	}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
