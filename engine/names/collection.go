package names

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// collection is a generated collection service (*engine.VmsService) with what the model says
// about it: the list method, the locator of one entity and the type of its items.
type collection struct {
	v     reflect.Value // pointer to the generated service
	info  *types.ServiceInfo
	list  *types.MethodInfo
	byID  *types.LocatorInfo
	item  *types.TypeInfo
	label string // the path as the caller wrote it, for messages: "vms/web1/nics"
}

// serviceInfos indexes the model's services by Go type name ("VmsService").
var serviceInfos = sync.OnceValue(func() map[string]*types.ServiceInfo {
	m := map[string]*types.ServiceInfo{}
	for _, s := range types.Services() {
		m[s.GoName] = s
	}
	return m
})

// infoOf describes the generated service v (a pointer), or returns nil.
func infoOf(v reflect.Value) *types.ServiceInfo {
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	return serviceInfos()[v.Type().Elem().Name()]
}

// asCollection checks that v is a service listing entities that have their own service; label
// names it in messages.
func asCollection(v reflect.Value, label string) (*collection, error) {
	info := infoOf(v)
	if info == nil {
		return nil, badPath("%s is not a service of the API", label)
	}
	c := &collection{v: v, info: info, label: label, list: info.Method("list"), byID: byID(info)}
	if c.list != nil {
		for _, p := range c.list.Params {
			if p.Out && p.List {
				c.item = types.Type(p.Type)
			}
		}
	}
	if c.list == nil || c.byID == nil || c.item == nil {
		return nil, badPath("%s (%s) is not a collection of entities: it has no list method or no locator by id", label, info.GoName)
	}
	return c, nil
}

// locate calls the locator loc of the service v with args (the id of an entity, or nothing).
func locate(v reflect.Value, loc *types.LocatorInfo, args ...string) (reflect.Value, error) {
	m := v.MethodByName(loc.GoName)
	if !m.IsValid() || m.Type().NumIn() != len(args) || m.Type().NumOut() != 1 {
		return reflect.Value{}, fmt.Errorf("names: %s.%s is not available in this build", v.Type().Elem().Name(), loc.GoName)
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a).Convert(m.Type().In(i))
	}
	return m.Call(in)[0], nil
}

// entity returns the service of the entity id of the collection.
func (c *collection) entity(id string) (reflect.Value, error) { return locate(c.v, c.byID, id) }

// fetch sends the list request, with the search query when it is not "".
func (c *collection) fetch(ctx context.Context, search string) (reflect.Value, error) {
	m := c.v.MethodByName(c.list.GoName)
	if !m.IsValid() || m.Type().NumIn() != 2 || m.Type().NumOut() != 2 {
		return reflect.Value{}, fmt.Errorf("names: %s.%s is not available in this build", c.info.GoName, c.list.GoName)
	}
	params := reflect.New(m.Type().In(1).Elem())
	if search != "" {
		f := params.Elem().FieldByName("Search")
		if !f.IsValid() || f.Type() != reflect.TypeFor[*string]() {
			return reflect.Value{}, fmt.Errorf("names: %s.%s has no search parameter", c.info.GoName, c.list.GoName)
		}
		f.Set(reflect.ValueOf(&search))
	}
	out := m.Call([]reflect.Value{reflect.ValueOf(ctx), params})
	if err, _ := out[1].Interface().(error); err != nil {
		return reflect.Value{}, err
	}
	return out[0], nil
}

// searchable reports whether the collection's list method takes a search query.
func (c *collection) searchable() bool { return c.list.Param("search") != nil }

// stringField returns the string a *string field of the item p (a struct pointer) holds, or "".
func stringField(p reflect.Value, name string) string {
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return ""
	}
	f := p.Elem().FieldByName(name)
	if f.IsValid() && f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.String {
		return f.Elem().String()
	}
	return ""
}
