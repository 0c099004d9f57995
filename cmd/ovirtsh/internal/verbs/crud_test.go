package verbs_test

import (
	"errors"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine"
)

// names numbers the names of added entities: a parent added for a position must not take the
// name of the entity added there next.
var names atomic.Int64

// stepFunc checks the error of one step ("show vm", "remove nic at vms/{vm}/nics") and reports
// whether it passed.
type stepFunc func(t *testing.T, name string, err error) bool

// stepper checks steps: a step listed in unsupported must fail (the test says to drop it from
// the list once it works), any other must succeed.
func stepper(unsupported map[string]string) stepFunc {
	return func(t *testing.T, name string, err error) bool {
		t.Helper()
		if why, ok := unsupported[name]; ok {
			assert.Error(t, err, "%s is listed as unsupported (%s): it works now, drop it from the list", name, why)
			return false
		}
		return assert.NoError(t, err, name)
	}
}

// entityAt is an added entity and what the model lets the command line do with it.
type entityAt struct {
	noun, id  string
	parents   []string     // the parent options that choose its position ("--vm", id), none at the top
	where     string       // appended to step names: " at vms/{vm}/nics", "" at the top
	show      bool         // its position has get
	update    []verbs.Flag // the update options of its position
	hasUpdate bool         // its position has update
	remove    bool         // its position has remove
}

// showUpdateRemove shows, updates (its description or comment when it has one) and removes the
// entity, in that order, and returns the verbs that passed. A remove the engine refuses with a
// 409 is retried after the entity's deactivate action.
func (f *fixture) showUpdateRemove(t *testing.T, e entityAt, step stepFunc) []string {
	var passed []string
	run := func(verb string, extra ...string) error {
		_, _, err := f.runArgs(append(append([]string{verb, e.noun, e.id}, e.parents...), extra...)...)
		return err
	}
	if e.show && step(t, "show "+e.noun+e.where, run("show")) {
		passed = append(passed, "show")
	}
	if e.hasUpdate {
		var opts []string
		for _, m := range []string{"description", "comment"} {
			if slices.ContainsFunc(e.update, func(fl verbs.Flag) bool { return fl.Name == m }) {
				opts = []string{"--" + m, "changed"}
				break
			}
		}
		if step(t, "update "+e.noun+e.where, run("update", opts...)) {
			passed = append(passed, "update")
		}
	}
	if e.remove {
		err := run("remove", "--wait")
		var ee *engine.Error
		if errors.As(err, &ee) && ee.Kind == engine.KindConflict {
			// the position's entity may have deactivate where the top-level one has not (a
			// data center's storage domains): try it, keep the 409 when there is none
			_, _, derr := f.runArgs(append([]string{"action", e.noun, e.id, "deactivate", "--wait"}, e.parents...)...)
			if derr == nil {
				err = run("remove", "--wait")
			}
		}
		if step(t, "remove "+e.noun+e.where, err) {
			passed = append(passed, "remove")
		}
	}
	return passed
}
