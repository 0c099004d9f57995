package complete

import (
	"context"
	"fmt"
	"reflect"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
)

// ConnFetch lists collections through the connection conn returns, ErrNotConnected while it
// returns nil. Names on the path cost the requests that find them (engine/names), then the
// collection's list is one request.
func ConnFetch(conn func() *engine.Connection) Fetch {
	return func(ctx context.Context, path string) ([]Item, error) {
		c := conn()
		if c == nil {
			return nil, ErrNotConnected
		}
		coll, err := names.Collection(ctx, c, path)
		if err != nil {
			return nil, err
		}
		return listItems(ctx, coll)
	}
}

// listItems calls List(ctx, nil) of a generated collection service and keeps each item's name
// and id.
func listItems(ctx context.Context, coll any) ([]Item, error) {
	m := reflect.ValueOf(coll).MethodByName("List")
	if !m.IsValid() || m.Type().NumIn() != 2 || m.Type().NumOut() != 2 || m.Type().Out(0).Kind() != reflect.Slice {
		return nil, fmt.Errorf("%T has no list method", coll)
	}
	out := m.Call([]reflect.Value{reflect.ValueOf(ctx), reflect.Zero(m.Type().In(1))})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	list := out[0]
	items := make([]Item, 0, list.Len())
	for i := range list.Len() {
		var it Item
		v := list.Index(i).Interface()
		if g, ok := v.(interface{ GetName() string }); ok {
			it.Name = g.GetName()
		}
		if g, ok := v.(interface{ GetId() string }); ok {
			it.ID = g.GetId()
		}
		items = append(items, it)
	}
	return items, nil
}
