package verbs

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
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

// list lists the collection. For a table or csv it asks the engine to follow the references
// the columns show (see refFollow), so that they print as names.
func (x *exec_) list(ctx context.Context, m *types.MethodInfo, known map[string]*input) error {
	_, r, _, err := x.collRequest(ctx, m, known)
	if err != nil {
		return err
	}
	follow, err := x.refFollow(known)
	if err != nil {
		return err
	}
	out, err := x.callFollowing(ctx, r, known, follow, func() (*request, error) {
		_, r, _, err := x.collRequest(ctx, m, known)
		return r, err
	})
	if err != nil {
		return err
	}
	return x.print(out)
}

// callFollowing sends r with the follow parameter set to follow (none when ""); an engine that
// refuses the follow (400) gets the request again without it, built by again, and the
// references print as ids.
func (x *exec_) callFollowing(ctx context.Context, r *request, known map[string]*input, follow string, again func() (*request, error)) (any, error) {
	if follow == "" {
		return r.call(ctx)
	}
	if err := r.set(ctx, known["follow"], follow, connResolver(x.conn)); err != nil {
		return nil, err
	}
	out, err := r.call(ctx)
	var ee *engine.Error
	if !errors.As(err, &ee) || ee.Kind != engine.KindInvalid {
		return out, err
	}
	if r, err = again(); err != nil {
		return nil, err
	}
	return r.call(ctx)
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

// modify runs show, update, remove and actions on the command's entity. A show without
// options of the get method (--all-content, --next-run, --follow...) prints what finding the
// entity returned when that has what it prints: a name costs the one search (or list) that
// finds it, an id one GET. A table or csv that shows references GETs the entity with them
// followed (refFollow), so they print as names.
func (x *exec_) modify(ctx context.Context, m *types.MethodInfo, known map[string]*input) error {
	var follow string
	if x.verb == "show" {
		var err error
		if follow, err = x.refFollow(known); err != nil {
			return err
		}
	}
	plainShow := x.verb == "show" && follow == "" && !slices.ContainsFunc(x.cmd.order, func(n string) bool { return known[n] != nil })
	e, err := x.entity(ctx, plainShow)
	if err != nil {
		return err
	}
	if plainShow && e.Value != nil {
		return x.print(e.Value)
	}
	r, wait, err := x.fill(ctx, e.Service, m, known)
	if err != nil {
		return err
	}
	out, err := x.callFollowing(ctx, r, known, follow, func() (*request, error) {
		r, _, err := x.fill(ctx, e.Service, m, known)
		return r, err
	})
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
