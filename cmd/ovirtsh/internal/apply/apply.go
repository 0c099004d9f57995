package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/names"
)

// backend is what apply needs from engine/ensure and the engine; tests give fakes.
type backend interface {
	kinds
	// Ensure brings r to its declared shape, or with o.Check says what it would do.
	Ensure(ctx context.Context, r Resource, o Options) (*Result, error)
	// Exists tells whether a resource the site refers to but does not declare is in the engine;
	// true when it cannot tell (a kind without a top-level collection): Ensure will say.
	Exists(ctx context.Context, ref Ref) (bool, error)
	// NameOf names the object with the id, of one of the kinds, for the plan; else the id.
	NameOf(ctx context.Context, kinds []string, id string) string
}

// Config is one apply.
type Config struct {
	Check    bool // print the plan and stop
	Parallel int  // resources in flight at once (default 4)
	Stdout   io.Writer
}

// opPending is the plan of a resource whose check failed while a resource it refers to is still
// to be added or changed: what it needs is known only once that is done.
const opPending = "pending"

// ErrChangesPending is returned by a check run that found changes to make.
var ErrChangesPending = errors.New("changes pending")

// FailedError says that resources failed or were skipped; each was reported.
type FailedError struct{ Failed, Skipped int }

func (e *FailedError) Error() string {
	return fmt.Sprintf("%d resource(s) failed, %d skipped", e.Failed, e.Skipped)
}

// site runs a whole apply of rs through b: order, plan, then the changes.
func site(ctx context.Context, b backend, rs []Resource, c Config) error {
	g, err := buildGraph(rs, b)
	if err != nil {
		return err
	}
	missing, err := missingRefs(ctx, b, g, c.Parallel)
	if err != nil {
		return err
	}
	plan, err := makePlan(ctx, b, g, c, missing)
	if err != nil {
		return err
	}
	pending := printPlan(c.Stdout, g, plan)
	if c.Check || pending == 0 {
		if pending > 0 {
			return ErrChangesPending
		}
		return nil
	}
	return execute(ctx, b, g, plan, c)
}

// missingRefs returns the references to resources the site does not declare that the engine
// does not have either. They are errors only for the declarations whose check fails: the
// kinds' references are for ordering and may name a resource loosely (a vNIC profile by the
// network of the same name).
func missingRefs(ctx context.Context, b backend, g *graph, workers int) ([]extRef, error) {
	found := make([]bool, len(g.external))
	errs := make([]error, len(g.external))
	sem := make(chan struct{}, max(workers, 1))
	var wg sync.WaitGroup
	for i, e := range g.external {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			found[i], errs[i] = b.Exists(ctx, e.Ref)
			<-sem
		}()
	}
	wg.Wait()
	var missing []extRef
	for i, e := range g.external {
		if errs[i] != nil {
			return nil, fmt.Errorf("looking for %s, which %s refers to: %w", label(e.Kind, e.Name), g.nodes[e.by[0]].label, errs[i])
		}
		if !found[i] {
			missing = append(missing, e)
		}
	}
	return missing, nil
}

// makePlan runs every declaration in check mode, in order (a resource's check may need what
// its references resolve to).
func makePlan(ctx context.Context, b backend, g *graph, c Config, missing []extRef) ([]*Result, error) {
	plan := make([]*Result, len(g.nodes))
	lacks := map[int]bool{} // refers to a missing resource: a failed check is no wonder
	for _, m := range missing {
		for _, i := range m.by {
			lacks[i] = true
		}
	}
	outs := g.run(ctx, c.Parallel, func(ctx context.Context, i int) (*Result, error) {
		res := g.nodes[i].res
		r, err := b.Ensure(ctx, res, Options{Check: true})
		var wrong *ensure.SpecError // wrong whatever the engine holds: no reason to wait
		if err != nil && !lacks[i] && !errors.As(err, &wrong) && len(g.pendingDeps(i, plan)) > 0 {
			// What it refers to does not exist yet: when the object itself does not either, it
			// is to be added; otherwise its changes are known only then.
			r, err = &Result{Kind: res.Kind, Name: g.nodes[i].name, Op: opPending}, nil
			if g.parentAdded(i, plan) {
				r.Op, r.Changed, r.Actions = "add", true, []string{"add"}
			} else if ok, xerr := b.Exists(ctx, Ref{Kind: res.Kind, Name: g.nodes[i].name}); xerr == nil && !ok {
				r.Op, r.Changed, r.Actions = "add", true, []string{"add"}
			}
		}
		if err != nil {
			return r, err
		}
		if r == nil {
			return nil, fmt.Errorf("%s: the check returned no result", g.nodes[i].label)
		}
		nameRefs(ctx, b, g.nodes[i], r)
		plan[i] = r
		return r, nil
	}, func(int, outcome) {})
	if ctx.Err() != nil { // what was not checked has no plan
		return nil, fmt.Errorf("planning: %w", context.Cause(ctx))
	}
	failed := map[int]bool{}
	for i, o := range outs {
		failed[i] = o.err != nil
	}
	var errs []error
	for _, m := range missing { // one message for all the declarations a missing reference fails
		var who []int
		for _, i := range m.by {
			if failed[i] {
				who = append(who, i)
				failed[i] = false
			}
		}
		if len(who) > 0 {
			lbl := g.nodes[who[0]].label
			if len(who) > 1 {
				lbl += fmt.Sprintf(" (and %d more)", len(who)-1)
			}
			// The kind's own words end it: the reference may be loose (a VM orders its NICs
			// after the network their vNIC profile is named like) and it says which member.
			n := g.nodes[who[0]]
			why := strings.TrimPrefix(outs[who[0]].err.Error(), label(n.res.Kind, n.name)+": ")
			errs = append(errs, at(n.res, fmt.Errorf("%s refers to %s, which is neither declared in the site nor in the engine (%s)",
				lbl, label(m.Kind, m.Name), why)))
		}
	}
	for _, i := range g.order {
		if failed[i] {
			errs = append(errs, at(g.nodes[i].res, outs[i].err))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("planning failed; nothing was changed: %w", errors.Join(errs...))
	}
	return plan, nil
}

// parentAdded reports whether node i lives in an object the plan adds (the NIC of a new VM, the
// affinity group of a new cluster, a permission on a new object): then it is to be added too.
func (g *graph) parentAdded(i int, plan []*Result) bool {
	res := g.nodes[i].res
	for _, d := range g.nodes[i].deps {
		p, dep := plan[d], g.nodes[d].res
		if p == nil || p.Op != "add" {
			continue
		}
		if res.Kind == "permission" && res.Spec[dep.Kind] == g.nodes[d].name {
			return true
		}
		if pk := parents[res.Kind]; pk != "" && pk == dep.Kind && res.Spec[pk] == g.nodes[d].name {
			return true
		}
	}
	return false
}

// at prefixes err with the place r was declared, when known: "site.lua:12: vm web1: ...".
func at(r Resource, err error) error {
	if r.Where == "" {
		return err
	}
	return fmt.Errorf("%s: %w", r.Where, err)
}

// pendingDeps lists the dependencies of i that the plan adds or changes, in run order.
func (g *graph) pendingDeps(i int, plan []*Result) []string {
	var l []string
	deps := slices.SortedFunc(slices.Values(g.nodes[i].deps), func(a, b int) int { return g.rank[a] - g.rank[b] }) // in run order
	for _, d := range deps {
		if p := plan[d]; p != nil && !unchanged(p) {
			l = append(l, g.nodes[d].label)
		}
	}
	return l
}

// execute makes the planned changes and prints each result and the summary.
func execute(ctx context.Context, b backend, g *graph, plan []*Result, c Config) error {
	var s summary
	// changed[i] is written by the goroutine of i before its dependents start.
	changed := make([]bool, len(g.nodes))
	g.run(ctx, c.Parallel, func(ctx context.Context, i int) (*Result, error) {
		// Unchanged at plan time, and nothing it waits for changed since: nothing to send. (A
		// VM declared absent then present again is no longer there when its second turn comes.)
		if unchanged(plan[i]) && !slices.ContainsFunc(g.nodes[i].deps, func(d int) bool { return changed[d] }) {
			return plan[i], nil
		}
		r, err := b.Ensure(ctx, g.nodes[i].res, Options{})
		changed[i] = r != nil && r.Changed
		return r, err
	}, func(i int, o outcome) {
		s.count(o)
		printOutcome(c.Stdout, g.nodes[i], o)
	})
	fmt.Fprintln(c.Stdout, s)
	if s.failed+s.skipped > 0 {
		return &FailedError{Failed: s.failed, Skipped: s.skipped}
	}
	return nil
}

type summary struct{ added, changed, removed, unchanged, failed, skipped int }

func (s *summary) count(o outcome) {
	switch {
	case o.skipped != "":
		s.skipped++
	case o.err != nil:
		s.failed++
	case o.res == nil || !o.res.Changed:
		s.unchanged++
	case o.res.Op == "add":
		s.added++
	case o.res.Op == "remove":
		s.removed++
	default:
		s.changed++
	}
}

func (s summary) String() string {
	t := fmt.Sprintf("%d added, %d changed, %d removed, %d unchanged, %d failed", s.added, s.changed, s.removed, s.unchanged, s.failed)
	if s.skipped > 0 {
		t += fmt.Sprintf(", %d skipped", s.skipped)
	}
	return t
}

// printOutcome prints the result of one resource; unchanged ones print nothing.
func printOutcome(w io.Writer, n *node, o outcome) {
	lbl := n.label
	switch {
	case o.skipped != "":
		fmt.Fprintf(w, "! %s skipped: %s\n", lbl, o.skipped)
	case o.err != nil:
		msg := strings.TrimPrefix(o.err.Error(), label(n.res.Kind, n.name)+": ") // ensure's errors name it
		done := "nothing was done for it"
		if o.res != nil && len(o.res.Actions) > 0 {
			done = "already done: " + strings.Join(o.res.Actions, ", ")
		}
		how := "failed"
		if errors.Is(o.err, context.Canceled) {
			// The engine may have received the request it was sending (an add, a start) and
			// made the change: only a read can tell.
			how, done = "interrupted", done+"; the request in flight may have been made: apply --check tells"
		}
		fmt.Fprintf(w, "! %s %s: %s\n  %s\n", lbl, how, msg, done)
	case o.res != nil && o.res.Changed:
		what := strings.Join(o.res.Actions, ", ")
		if what == "" {
			what = o.res.Op
		}
		fmt.Fprintf(w, "%s %s: %s\n", symbol(o.res.Op), lbl, what)
	}
}

func symbol(op string) string {
	switch op {
	case "add":
		return "+"
	case "remove":
		return "-"
	case opPending:
		return "?"
	}
	return "~"
}

// unchanged reports whether a result made (or, in check mode, would make) no change.
func unchanged(r *Result) bool { return r.Op == "none" || (r.Op == "" && !r.Changed) }

// nameRefs shows the references of a planned change by name: the diff holds them as ids
// ("parent 0000... → f663..." becomes "parent root → web").
func nameRefs(ctx context.Context, b backend, n *node, r *Result) {
	for path, c := range r.Diff {
		// The member's own kind first (nics.nic2.vnic_profile is a vNIC profile, whatever
		// Refs orders it by), then the kinds the declaration refers to.
		kinds := append([]string{path[strings.LastIndex(path, ".")+1:]}, n.refKinds...)
		name := func(v any) any {
			if id, ok := v.(string); ok && names.IsID(id) {
				return b.NameOf(ctx, kinds, id)
			}
			return v
		}
		r.Diff[path] = Change{From: name(c.From), To: name(c.To), NextRun: c.NextRun}
	}
}
