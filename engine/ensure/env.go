package ensure

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// Env is what a kind works with: the connection, the options and helpers shared by the kinds
// (references by name, waits). One Env serves one Ensure or Export.
type Env struct {
	Conn    *engine.Connection
	Options Options

	mu    sync.Mutex
	ids   map[string]string // "Cluster\x00Default" → id
	names map[string]string // "Cluster\x00<id>" → name
}

// NewEnv returns an Env for the connection and options.
func NewEnv(conn *engine.Connection, o Options) *Env {
	return &Env{Conn: conn, Options: o, ids: map[string]string{}, names: map[string]string{}}
}

// rootPaths maps a type name ("Cluster") to the path of its top-level collection ("clusters").
var rootPaths = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	sys := types.Service("System")
	if sys == nil {
		return out
	}
	for _, l := range sys.Locators {
		si := types.Service(l.Service)
		if si == nil || len(l.Params) > 0 {
			continue
		}
		list := si.Method("list")
		if list == nil {
			continue
		}
		for _, p := range list.Params {
			if p.Out && p.List {
				if _, dup := out[p.Type]; !dup {
					out[p.Type] = l.Path
				}
			}
		}
	}
	return out
})

// RootPath returns the top-level collection of a type ("clusters" for Cluster), or "".
func RootPath(typeName string) string { return rootPaths()[typeName] }

// Collection returns the collection service at the path (names.Collection).
func (e *Env) Collection(ctx context.Context, path string) (any, error) {
	return names.Collection(ctx, e.Conn, path)
}

// ResolveID returns the id of the object of type typeName named nameOrID in its top-level
// collection; an id is returned as it is, without a request.
func (e *Env) ResolveID(ctx context.Context, typeName, nameOrID string) (string, error) {
	if names.IsID(nameOrID) {
		return nameOrID, nil
	}
	path := RootPath(typeName)
	if path == "" {
		return "", fmt.Errorf("a %s cannot be referred to by name here: give its id", typeName)
	}
	key := typeName + "\x00" + nameOrID
	e.mu.Lock()
	id, ok := e.ids[key]
	e.mu.Unlock()
	if ok {
		return id, nil
	}
	coll, err := e.Collection(ctx, path)
	if err != nil {
		return "", err
	}
	ent, err := names.Lookup(ctx, coll, nameOrID, false)
	if err != nil {
		return "", err
	}
	e.mu.Lock()
	e.ids[key] = ent.ID
	e.names[typeName+"\x00"+ent.ID] = nameOrID
	e.mu.Unlock()
	return ent.ID, nil
}

// NameOf returns the name of the object of type typeName with the id (one GET, then cached), or
// the id itself when the object has no name or cannot be read.
func (e *Env) NameOf(ctx context.Context, typeName, id string) (string, error) {
	key := typeName + "\x00" + id
	e.mu.Lock()
	n, ok := e.names[key]
	e.mu.Unlock()
	if ok {
		return n, nil
	}
	path := RootPath(typeName)
	if path == "" {
		return id, nil
	}
	coll, err := e.Collection(ctx, path)
	if err != nil {
		return "", err
	}
	ent, err := names.Lookup(ctx, coll, id, true)
	if err != nil {
		return "", err
	}
	n = ent.Name
	if n == "" {
		n = id
	}
	e.mu.Lock()
	e.names[key] = n
	e.mu.Unlock()
	return n, nil
}

// IsNotFound reports whether err says an object does not exist (a name or an id).
func IsNotFound(err error) bool {
	var ne *names.Error
	if errors.As(err, &ne) {
		return ne.Kind == names.KindNotFound
	}
	var ee *engine.Error
	return errors.As(err, &ee) && ee.Kind == engine.KindNotFound
}

// WaitOptions are the options of the waits of one Ensure (engine/wait): its timeout, poll
// interval and clock.
func (e *Env) WaitOptions() wait.Options {
	o := wait.Options{Timeout: e.Options.Timeout, Interval: e.Options.PollInterval}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if e.Options.Clock != nil {
		o.Clock = wait.AfterFuncClock(e.Options.Clock)
	}
	return o
}

// Call calls the method of a generated service by reflection with ctx, the arguments (nil for a
// nil pointer), and a nil params struct last; it returns the result (nil for none) and the error.
func Call(ctx context.Context, svc any, method string, args ...any) (any, error) {
	m := reflect.ValueOf(svc).MethodByName(method)
	if !m.IsValid() {
		return nil, fmt.Errorf("%T has no method %s", svc, method)
	}
	t := m.Type()
	if t.NumIn() != len(args)+2 {
		return nil, fmt.Errorf("%T.%s takes %d arguments", svc, method, t.NumIn())
	}
	in := []reflect.Value{reflect.ValueOf(ctx)}
	for i, a := range args {
		v := reflect.ValueOf(a)
		if !v.IsValid() {
			v = reflect.Zero(t.In(i + 1))
		}
		in = append(in, v)
	}
	in = append(in, reflect.Zero(t.In(t.NumIn()-1)))
	out := m.Call(in)
	err, _ := out[len(out)-1].Interface().(error)
	if len(out) == 1 || (out[0].Kind() == reflect.Pointer && out[0].IsNil()) {
		return nil, err
	}
	return out[0].Interface(), err
}
