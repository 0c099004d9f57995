package names

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
)

// lookup finds the entity key (an id or a name) in the collection.
func (c *collection) lookup(ctx context.Context, key string, fetch bool) (*Entity, error) {
	if IsID(key) {
		return c.byIDLookup(ctx, key, fetch)
	}
	if c.item.Member("name") == nil {
		return nil, badPath("%s: a %s has no name: give its id", c.label, Label(c.item))
	}
	query, searchable := searchQuery(key)
	searched := searchable && c.searchable()
	if !searched {
		query = ""
	}
	items, err := c.fetch(ctx, query)
	var ee *engine.Error
	if searched && errors.As(err, &ee) && ee.Code == http.StatusBadRequest {
		// This engine cannot search the collection by name: list it instead.
		searched = false
		items, err = c.fetch(ctx, "")
	}
	if err != nil {
		return nil, err
	}
	var found []reflect.Value
	for i := range items.Len() {
		if stringField(items.Index(i), "Name") == key {
			found = append(found, items.Index(i))
		}
	}
	switch len(found) {
	case 0:
		return nil, c.notFound(ctx, key, items, searched)
	case 1:
	default:
		ids := make([]string, len(found))
		for i, f := range found {
			ids[i] = stringField(f, "Id")
		}
		return nil, &Error{Kind: KindAmbiguous, Names: ids,
			Msg: fmt.Sprintf("%d %ss are named '%s' in %s: give one of their ids (%s)",
				len(found), Label(c.item), key, c.label, strings.Join(ids, ", "))}
	}
	id := stringField(found[0], "Id")
	if id == "" {
		return nil, fmt.Errorf("names: the %s named '%s' in %s has no id", Label(c.item), key, c.label)
	}
	svc, err := c.entity(id)
	if err != nil {
		return nil, err
	}
	e := &Entity{Type: c.item, ID: id, Name: key, Service: svc.Interface()}
	if fetch {
		e.Value = found[0].Interface()
	}
	return e, nil
}

// byIDLookup returns the entity with the id; with fetch it GETs it (a 404 is a not-found *Error).
func (c *collection) byIDLookup(ctx context.Context, id string, fetch bool) (*Entity, error) {
	svc, err := c.entity(id)
	if err != nil {
		return nil, err
	}
	e := &Entity{Type: c.item, ID: id, Service: svc.Interface()}
	if !fetch {
		return e, nil
	}
	get := svc.MethodByName("Get")
	if !get.IsValid() || get.Type().NumIn() != 2 || get.Type().NumOut() != 2 {
		return nil, fmt.Errorf("names: %s has no get method", svc.Type().Elem().Name())
	}
	out := get.Call([]reflect.Value{reflect.ValueOf(ctx), reflect.Zero(get.Type().In(1))})
	if err, _ := out[1].Interface().(error); err != nil {
		var ee *engine.Error
		if errors.As(err, &ee) && ee.Kind == engine.KindNotFound {
			return nil, &Error{Kind: KindNotFound, Err: err,
				Msg: fmt.Sprintf("no %s with id '%s' in %s", Label(c.item), id, c.label)}
		}
		return nil, err
	}
	e.Value = out[0].Interface()
	e.Name = stringField(out[0], "Name")
	return e, nil
}

// notFound builds the error for a missing name, with the closest names of the collection; when
// the items came from a search, the whole collection is listed for them (a second request).
func (c *collection) notFound(ctx context.Context, key string, items reflect.Value, searched bool) error {
	if searched {
		all, err := c.fetch(ctx, "")
		if err != nil {
			return fmt.Errorf("no %s named '%s' in %s (listing the names failed: %w)", Label(c.item), key, c.label, err)
		}
		items = all
	}
	var known []string
	for i := range items.Len() {
		if n := stringField(items.Index(i), "Name"); n != "" {
			known = append(known, n)
		}
	}
	return &Error{Kind: KindNotFound, Names: nearest(key, known),
		Msg: fmt.Sprintf("no %s named '%s' in %s", Label(c.item), key, c.label)}
}

// searchQuery returns the engine search for the name: name="web1", or name='say "hi"' when the
// name holds double quotes. A name holding both quotes cannot be searched (ok false). A `*` in
// the name is a wildcard for the engine; the results are filtered by the exact name anyway.
func searchQuery(name string) (string, bool) {
	switch {
	case !strings.Contains(name, `"`):
		return `name="` + name + `"`, true
	case !strings.Contains(name, `'`):
		return `name='` + name + `'`, true
	}
	return "", false
}
