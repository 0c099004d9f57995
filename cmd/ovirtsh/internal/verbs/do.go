package verbs

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// fill builds the request of m on the service svc from the options that are its inputs, and
// checks the model's mandatory inputs before anything is sent.
// With --wait it also returns the waiter, whose correlation id is in the request.
func (x *exec_) fill(ctx context.Context, svc any, m *types.MethodInfo, known map[string]*input) (*request, *waiter, error) {
	r, err := newRequest(svc, m)
	if err != nil {
		return nil, nil, err
	}
	resolve := connResolver(x.conn)
	for _, name := range x.cmd.order {
		if in := known[name]; in != nil {
			if err := r.set(ctx, in, x.cmd.opts[name], resolve); err != nil {
				return nil, nil, wrapUsage(err)
			}
		}
	}
	bodyFlat := x.verb == "add" || x.verb == "update"
	if miss, others := r.missing(bodyFlat); len(miss) > 0 {
		return nil, nil, usagef("%s %s: missing %s (the API requires them)%s", x.verb, x.noun.Singular, strings.Join(miss, ", "), others)
	}
	w, err := x.waitPlan(r)
	return r, w, err
}

// wrapUsage makes a parse error a usage error, keeping a failed name lookup as it is.
func wrapUsage(err error) error {
	var ne *names.Error
	if asNames(err, &ne) {
		return err
	}
	if isEngine(err) {
		return err
	}
	return &usageError{msg: err.Error()}
}

// collRequest builds the request of m on the command's collection; it returns the collection's path.
func (x *exec_) collRequest(ctx context.Context, m *types.MethodInfo, known map[string]*input) (string, *request, *waiter, error) {
	path, err := x.collPath()
	if err != nil {
		return "", nil, nil, err
	}
	svc, err := names.Collection(ctx, x.conn, path)
	if err != nil {
		return "", nil, nil, err
	}
	r, w, err := x.fill(ctx, svc, m, known)
	return path, r, w, err
}

func (x *exec_) list(ctx context.Context, m *types.MethodInfo, known map[string]*input) error {
	_, r, _, err := x.collRequest(ctx, m, known)
	if err != nil {
		return err
	}
	out, err := r.call(ctx)
	if err != nil {
		return err
	}
	return x.print(out)
}

// notFoundByID turns the engine's 404 for an entity given by id into a names not-found error.
func notFoundByID(err error, e *names.Entity, p *place) error {
	if isNotFound(err) {
		return &names.Error{Kind: names.KindNotFound, Err: err,
			Msg: fmt.Sprintf("no %s with id '%s' in %s", labelOf(p.item), e.ID, p.path)}
	}
	return err
}

func (x *exec_) add(ctx context.Context, m *types.MethodInfo, known map[string]*input) error {
	path, r, wait, err := x.collRequest(ctx, m, known)
	if err != nil {
		return err
	}
	out, err := r.call(ctx)
	if err != nil {
		return err
	}
	if wait != nil {
		id := types.IDOf(out)
		ent, err := names.Service(ctx, x.conn, path+"/"+id)
		if err != nil {
			return err
		}
		if out, err = wait.afterAdd(ctx, ent, out); err != nil {
			return err
		}
	}
	return x.print(out)
}

// modify runs show, update, remove and actions on the command's entity.
func (x *exec_) modify(ctx context.Context, m *types.MethodInfo, known map[string]*input) error {
	e, err := x.entity(ctx, false)
	if err != nil {
		return err
	}
	r, wait, err := x.fill(ctx, e.Service, m, known)
	if err != nil {
		return err
	}
	out, err := r.call(ctx)
	if err != nil {
		return notFoundByID(err, e, x.at)
	}
	if wait != nil {
		if err := wait.afterModify(ctx, e, m); err != nil {
			return err
		}
	}
	if out == nil || (reflect.ValueOf(out).Kind() == reflect.Pointer && reflect.ValueOf(out).IsNil()) {
		return nil
	}
	return x.print(out)
}
