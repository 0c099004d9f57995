package engine

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"strconv"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// CallOptions are the generic extras every service method takes: additional query parameters and
// request headers. A header given here wins over a connection-wide header of the same name; a
// query parameter given here wins over the method's own parameter of the same name.
type CallOptions struct {
	Query   map[string]string
	Headers map[string]string
}

func (o *CallOptions) apply(req *request) {
	for k, v := range o.Query {
		req.Query.Set(k, v)
	}
	if len(o.Headers) > 0 {
		if req.Headers == nil {
			req.Headers = make(map[string]string, len(o.Headers))
		}
		for k, v := range o.Headers {
			req.Headers[k] = v
		}
	}
}

// newRequest starts the request of a generated method.
func newRequest(method, path string) *request {
	return &request{Method: method, Path: path, Query: url.Values{}}
}

// joinPath appends one segment to a service path, escaping it (an id is a single segment).
func joinPath(base, seg string) string {
	seg = url.PathEscape(seg)
	if base == "" {
		return seg
	}
	return base + "/" + seg
}

func setString(req *request, name string, v *string) {
	if v != nil {
		req.Query.Set(name, *v)
	}
}

func setBool(req *request, name string, v *bool) {
	if v != nil {
		req.Query.Set(name, strconv.FormatBool(*v))
	}
}

func setInt64(req *request, name string, v *int64) {
	if v != nil {
		req.Query.Set(name, strconv.FormatInt(*v, 10))
	}
}

func setEnum[E ~string](req *request, name string, v *E) {
	if v != nil {
		req.Query.Set(name, strings.ToLower(string(*v)))
	}
}

// callList sends req and reads a collection document whose root element must be root; the result
// is never nil on success.
func callList[T any](ctx context.Context, c *Connection, req *request, root string,
	read func(*xmlstream.Reader) ([]*T, error)) ([]*T, error) {
	out, err := callOne(ctx, c, req, root, read)
	if err == nil && out == nil {
		out = []*T{}
	}
	return out, err
}

// callOne sends req and reads the document whose root element must be root with read.
func callOne[R any](ctx context.Context, c *Connection, req *request, root string,
	read func(*xmlstream.Reader) (R, error)) (R, error) {
	var out R
	err := c.doRoot(ctx, req, func(name []byte, r *xmlstream.Reader) error {
		if err := checkRoot(r, name, root); err != nil {
			return err
		}
		var err error
		out, err = read(r)
		return err
	})
	if err != nil {
		var zero R
		return zero, err
	}
	return out, nil
}

// checkRoot rejects a document whose root element is not the one the method returns.
func checkRoot(r *xmlstream.Reader, name []byte, root string) error {
	if string(name) != root {
		return r.Errorf("expected a <%s> document, got <%s>", root, name)
	}
	return nil
}

// callAction sends an action request and returns the <action> answer (a fault inside it is an
// error, see do).
func callAction(ctx context.Context, c *Connection, req *request) (*types.Action, error) {
	out := new(types.Action)
	err := c.do(ctx, req, func(r *xmlstream.Reader) error {
		a, err := xmlcodec.ReadAction(r)
		if a != nil {
			out = a
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// callRemove sends a DELETE; 200 or 204 with any or no body is success.
func callRemove(ctx context.Context, c *Connection, req *request) error {
	return c.do(ctx, req, nil)
}

// errStopped ends decoding when the consumer of an iterator stops early.
var errStopped = errors.New("iteration stopped by the caller")

// callIter sends req when the iteration starts and yields the items of the collection document
// as they are decoded. Options.Timeout bounds the whole iteration, the consumer's time included.
func callIter[T any](ctx context.Context, c *Connection, req *request, root string) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		stopped := false
		err := c.doRoot(ctx, req, func(name []byte, r *xmlstream.Reader) error {
			if err := checkRoot(r, name, root); err != nil {
				return err
			}
			for v, err := range xmlcodec.Items[T](r) {
				if err != nil {
					return err
				}
				if !yield(v, nil) {
					stopped = true
					return errStopped
				}
			}
			return nil
		})
		if err != nil && !stopped {
			yield(nil, err)
		}
	}
}
