package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// IsLink reports whether obj carries an href to follow: a list link (*types.List[T]) or any
// object of engine/types (a *types.Cluster reference in a VM, for example) whose Href is set.
func IsLink(obj any) bool {
	h, ok := obj.(interface{ GetHref() string })
	return ok && h.GetHref() != ""
}

// FollowLink gets the collection a list link points to, such as a VM's nics:
//
//	nics, err := engine.FollowLink(ctx, conn, vm.Nics)
//
// It always asks the engine, even when the list already holds items. A list without href is an
// error naming the type of its items.
func FollowLink[T any](ctx context.Context, c *Connection, list *types.List[T]) ([]*T, error) {
	info := typeInfo[T]()
	if list == nil || list.Href == "" {
		return nil, configError("cannot follow the link of a list of %s: it has no href", info.Name)
	}
	req, err := c.linkRequest(list.Href)
	if err != nil {
		return nil, err
	}
	var out []*T
	err = c.doRoot(ctx, req, func(root []byte, r *xmlstream.Reader) error {
		if string(root) != info.XMLPlural {
			return r.Errorf("expected <%s>, got <%s>", info.XMLPlural, root)
		}
		items := []*T{}
		for v, err := range xmlcodec.Items[T](r) {
			if err != nil {
				return err
			}
			items = append(items, v)
		}
		out = items
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FollowRef gets the object a reference points to, such as a VM's cluster:
//
//	cluster, err := engine.FollowRef(ctx, conn, vm.Cluster)
//
// A reference without href is an error naming its type (and id, when it has one).
func FollowRef[T any, P interface {
	*T
	GetHref() string
}](ctx context.Context, c *Connection, obj P) (P, error) {
	info := typeInfo[T]()
	if obj.GetHref() == "" { // nil-safe
		what := info.Name
		if id := types.IDOf(obj); id != "" {
			what += fmt.Sprintf(" %q", id)
		}
		return nil, configError("cannot follow the link of the %s: it has no href", what)
	}
	req, err := c.linkRequest(obj.GetHref())
	if err != nil {
		return nil, err
	}
	var out P
	err = c.doRoot(ctx, req, func(root []byte, r *xmlstream.Reader) error {
		if string(root) != info.XMLName {
			return r.Errorf("expected <%s>, got <%s>", info.XMLName, root)
		}
		v, err := xmlcodec.Read(info.Name, r)
		if err != nil {
			return err
		}
		out = v.(*T)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// typeInfo describes the struct type T of engine/types.
func typeInfo[T any]() *types.TypeInfo {
	if info := types.TypeOf((*T)(nil)); info != nil {
		return info
	}
	return &types.TypeInfo{Name: reflect.TypeFor[T]().Name()}
}

// linkRequest is the GET of an href, which must lead to the connection's API (see apiPath).
func (c *Connection) linkRequest(href string) (*request, error) {
	path, query, err := c.apiPath(href)
	if err != nil {
		err.Msg = "cannot follow the link: " + err.Msg
		return nil, err
	}
	req := &request{Method: http.MethodGet, Path: path}
	if query != "" {
		req.Query, _ = url.ParseQuery(query)
	}
	return req, nil
}
