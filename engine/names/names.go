// Package names finds entities of the API by name or id, and walks paths of names such as
// "vms/web1/nics/nic1" or "datacenters/Default/clusters/Default": the layer under ovirt.get and
// ovirt.service in Lua and under the command line's verbs.
//
// A path alternates collection segments and entity segments. A collection segment is the path of
// a locator in the model ("vms", "storagedomains", "nics"; the locator's snake name, such as
// "storage_domains", is accepted too). An entity segment is a UUID, looked up by id, or a name.
// A name is looked up with one request: a search (name="web1") where the collection's list
// method takes one, else a list filtered here. Errors are *Error (a missing name, two entities
// with one name, a bad path) or the *engine.Error of a failed request.
package names

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Entity is what a name or id resolved to.
type Entity struct {
	Type    *types.TypeInfo // the type of the entity (Vm)
	ID      string
	Name    string // "" when it was given by id and not fetched
	Service any    // the entity's generated service (*engine.VmService)
	Value   any    // the entity (*types.Vm) when fetched, else nil
}

// Get resolves a path that ends with an entity ("vms/web1") and returns the entity with its value:
// a name costs the request that finds it, an id one GET.
func Get(ctx context.Context, conn *engine.Connection, path string) (*Entity, error) {
	return resolve(ctx, conn, path, true)
}

// Service resolves a path that ends with an entity like Get, without fetching it: an id costs no
// request, a name the one that finds it.
func Service(ctx context.Context, conn *engine.Connection, path string) (*Entity, error) {
	return resolve(ctx, conn, path, false)
}

// Collection returns the collection service a path ending with a collection ("vms",
// "vms/web1/nics") leads to; only the names on the way cost requests.
func Collection(ctx context.Context, conn *engine.Connection, path string) (any, error) {
	c, err := walk(ctx, conn, path, true)
	if err != nil {
		return nil, err
	}
	return c.v.Interface(), nil
}

// Lookup finds nameOrID in the collection service coll (a generated collection service such as
// *engine.VmsService); with fetch, the entity's value is returned too.
func Lookup(ctx context.Context, coll any, nameOrID string, fetch bool) (*Entity, error) {
	c, err := asCollection(reflect.ValueOf(coll), collLabel(coll))
	if err != nil {
		return nil, err
	}
	if err := checkSegment(nameOrID, nameOrID); err != nil {
		return nil, err
	}
	return c.lookup(ctx, nameOrID, fetch)
}

// collLabel names a collection service in messages by its path ("vms"), else its type (also
// for a nil pointer).
func collLabel(coll any) string {
	if v := reflect.ValueOf(coll); infoOf(v) != nil {
		if p, ok := coll.(interface{ Path() string }); ok && p.Path() != "" {
			return p.Path()
		}
	}
	return fmt.Sprintf("%T", coll)
}

func resolve(ctx context.Context, conn *engine.Connection, path string, fetch bool) (*Entity, error) {
	segs, err := split(path)
	if err != nil {
		return nil, err
	}
	if len(segs)%2 == 1 {
		return nil, badPath("the path '%s' ends with the collection '%s': add a name or id ('%s/NAME')",
			path, segs[len(segs)-1], strings.Join(segs, "/"))
	}
	c, err := walk(ctx, conn, strings.Join(segs[:len(segs)-1], "/"), false)
	if err != nil {
		return nil, err
	}
	return c.lookup(ctx, segs[len(segs)-1], fetch)
}

// walk follows a path that ends with a collection.
func walk(ctx context.Context, conn *engine.Connection, path string, whole bool) (*collection, error) {
	segs, err := split(path)
	if err != nil {
		return nil, err
	}
	if whole && len(segs)%2 == 0 {
		return nil, badPath("the path '%s' ends with the entity '%s', not with a collection", path, segs[len(segs)-1])
	}
	if err := check(segs); err != nil {
		return nil, err
	}
	cur := reflect.ValueOf(conn.SystemService())
	for i := 0; ; i += 2 {
		label := strings.Join(segs[:i+1], "/")
		c, err := child(cur, segs[i], label)
		if err != nil {
			return nil, err
		}
		if i+1 == len(segs) {
			return c, nil
		}
		e, err := c.lookup(ctx, segs[i+1], false)
		if err != nil {
			return nil, err
		}
		cur = reflect.ValueOf(e.Service)
	}
}

// split checks a path and returns its segments.
func split(path string) ([]string, error) {
	p := strings.Trim(path, "/")
	if p == "" {
		return nil, badPath("the path is empty: start with a collection such as 'vms'")
	}
	segs := strings.Split(p, "/")
	for _, s := range segs {
		if err := checkSegment(s, path); err != nil {
			return nil, err
		}
	}
	return segs, nil
}

// checkSegment refuses an empty segment or one a path-normalising front end would resolve.
func checkSegment(seg, path string) error {
	if seg == "" {
		return badPath("the path '%s' has an empty segment", path)
	}
	if err := engine.CheckID(seg); err != nil {
		return badPath("the path '%s': the segment '%s' is a dot segment", path, seg)
	}
	return nil
}

// child returns the collection under the service cur at the locator path seg.
func child(cur reflect.Value, seg, label string) (*collection, error) {
	info := infoOf(cur)
	if info == nil {
		return nil, errors.New("names: the connection has no root service")
	}
	l, err := collectionLocator(info, seg, label)
	if err != nil {
		return nil, err
	}
	v, err := locate(cur, l)
	if err != nil {
		return nil, err
	}
	return asCollection(v, label)
}

// check walks the collection segments of a path through the model alone, so that a bad path is
// refused before any request.
func check(segs []string) error {
	info := types.Service(types.RootService)
	for i := 0; i < len(segs); i += 2 {
		l, err := collectionLocator(info, segs[i], strings.Join(segs[:i+1], "/"))
		if err != nil {
			return err
		}
		info = types.Service(byID(types.Service(l.Service)).Service)
	}
	return nil
}

// collectionLocator finds the locator of info whose path (or snake name) is seg and that leads
// to a collection; label is the path up to seg, for messages.
func collectionLocator(info *types.ServiceInfo, seg, label string) (*types.LocatorInfo, error) {
	var known []string
	for _, l := range info.Locators {
		if len(l.Params) != 0 || !isCollection(types.Service(l.Service)) {
			continue
		}
		if l.Path == seg || l.Name == seg {
			return l, nil
		}
		known = append(known, l.Path)
	}
	where := "at the top"
	if i := strings.LastIndex(label, "/"); i >= 0 {
		where = "under '" + label[:i] + "'"
	}
	e := &Error{Kind: KindBadPath, Names: nearest(seg, known), Msg: "no collection '" + seg + "' " + where}
	if len(e.Names) == 0 { // no plausible typo: list them all
		e.Msg += " (" + strings.Join(known, ", ") + ")"
	}
	return nil, e
}

// byID returns the locator of one entity of a collection service (path "{id}"), or nil.
func byID(s *types.ServiceInfo) *types.LocatorInfo {
	for _, l := range s.Locators {
		if strings.HasPrefix(l.Path, "{") && len(l.Params) == 1 {
			return l
		}
	}
	return nil
}

// isCollection reports whether a service lists entities that have their own service.
func isCollection(s *types.ServiceInfo) bool {
	return s != nil && s.Method("list") != nil && byID(s) != nil
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsID reports whether s has the form of an id (a UUID), which is looked up by id, not by name.
func IsID(s string) bool { return uuidRE.MatchString(s) }
