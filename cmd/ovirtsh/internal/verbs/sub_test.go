package verbs_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine"
)

// position is a sub-collection position of the model: "vms/{vm}/nics".
type position struct {
	noun    verbs.Noun
	pattern string
}

// subPositions returns every position of every noun below a parent, deepest included.
func subPositions() []position {
	var out []position
	for _, n := range verbs.Nouns() {
		for _, p := range n.Paths {
			if strings.Contains(p, "/") {
				out = append(out, position{n, p})
			}
		}
	}
	return out
}

// parentArgs returns the parent options that reach the collection at pattern ("--vm", id,
// "--nic", id): the first entity of each parent collection on the way, added with options from
// the model where the collection has none.
func (f *fixture) parentArgs(t *testing.T, pattern string) ([]string, error) {
	segs := strings.Split(pattern, "/")
	var args []string
	for i := 1; i < len(segs)-1; i += 2 {
		plural, opt := segs[i-1], strings.Trim(segs[i], "{}")
		id := f.firstID(append([]string{plural}, args...)...)
		if id == "" {
			at := strings.Join(segs[:i], "/")
			flags, ok := verbs.FlagsAt("add", at)
			if !ok {
				return nil, fmt.Errorf("no %s at %s and the API cannot add one there", opt, at)
			}
			var err error
			if _, id, err = f.addWith(t, opt, flags, args); err != nil {
				return nil, fmt.Errorf("adding a %s at %s: %w", opt, at, err)
			}
			f.settle()
		}
		args = append(args, "--"+opt, id)
	}
	return args, nil
}

// subListUnsupported are the sub-collections TestListEverySubCollection cannot list, and why.
var subListUnsupported = map[string]string{
	"list storagedomains/{storagedomain}/vms/{vm}/diskattachments":                         exportOnly,
	"list storagedomains/{storagedomain}/vms/{vm}/disks":                                   exportOnly,
	"list storagedomains/{storagedomain}/templates/{template}/disks":                       exportOnly,
	"list vms/{vm}/checkpoints/{checkpoint}/disks":                                         "the seed has no checkpoint and the API cannot add one (incremental backups make them)",
	"list clusters/{cluster}/glustervolumes/{glustervolume}/glusterbricks":                 noGluster,
	"list clusters/{cluster}/glustervolumes/{glustervolume}/statistics":                    noGluster,
	"list groups/{group}/roles/{role}/permits":                                             "a group's roles come from its permissions: the seeded group has none and roles cannot be added there",
	"list hosts/{host}/numanodes/{numanode}/statistics":                                    "the seeded host reports no NUMA nodes and the API cannot add one",
	"list openstacknetworkproviders/{openstacknetworkprovider}/networks/{network}/subnets": "the provider's networks are imported from OpenStack; the API cannot add one there",
}

const (
	exportOnly = "an export domain's VMs and templates: the seed has no export domain holding any and the API cannot add one there"
	noGluster  = "a gluster volume's mandatory bricks are a list of structures (server, brick dir): options cannot spell them"
)

// TestListEverySubCollection lists every sub-collection of the model, at every depth, under the
// first entity of each parent; a parent the seed lacks is added first.
func TestListEverySubCollection(t *testing.T) {
	f := start(t)
	step := stepper(subListUnsupported)
	listed := 0
	for _, p := range subPositions() {
		t.Run(p.pattern, func(t *testing.T) {
			parents, err := f.parentArgs(t, p.pattern)
			if err == nil {
				_, _, err = f.runArgs(append([]string{"list", p.noun.Plural, "-o", "api-json"}, parents...)...)
			}
			if step(t, "list "+p.pattern, err) {
				listed++
			}
		})
	}
	t.Logf("listed %d of %d sub-collection positions (%d unsupported)", listed, len(subPositions()), len(subListUnsupported))
}

// assign adds an entity of the top-level collection of n and then adds it at the position the
// parent options choose, by name: that add assigns an existing entity (a tag to a VM, a host
// to an affinity group, a storage domain to a data center). It returns the assigned id.
func (f *fixture) assign(t *testing.T, n verbs.Noun, parents []string) (string, error) {
	args, _, err := f.add(t, n)
	if err != nil {
		return "", fmt.Errorf("adding the %s to assign: %w", n.Singular, err)
	}
	f.settle()
	i := slices.Index(args, "--name")
	require.GreaterOrEqual(t, i, 0, "the added %s has a name", n.Singular)
	return f.addedID(t, append([]string{"add", n.Singular, "--name", args[i+1], "-o", "api-json"}, parents...))
}

// addedID runs an add command line (with -o api-json) and returns the added entity's id.
func (f *fixture) addedID(t *testing.T, args []string) (string, error) {
	out, _, err := f.runArgs(args...)
	if err != nil {
		return "", err
	}
	var obj map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &obj), out)
	id, _ := obj["id"].(string)
	return id, nil
}

// addFresh runs the add command line args again with each entity it names by option (but
// the parents) replaced by a new one added at the top: the first entity (the builder's
// choice) can be taken already (a disk attached to the VM). It returns the added id.
func (f *fixture) addFresh(t *testing.T, args []string, flags []verbs.Flag, parents []string) (string, error) {
	args = slices.Clone(args)
	for i := 0; i+1 < len(args); i++ {
		j := slices.IndexFunc(flags, func(fl verbs.Flag) bool { return "--"+fl.Name == args[i] && fl.Ref && !fl.List })
		if j < 0 || slices.Contains(parents, args[i]) {
			continue
		}
		for _, n := range verbs.Nouns() {
			if n.TopLevel && n.Type.Name == flags[j].Type {
				_, id, err := f.add(t, n)
				if err != nil {
					return "", fmt.Errorf("adding a new %s for %s: %w", n.Singular, args[i], err)
				}
				f.settle()
				args[i+1] = id
			}
		}
	}
	return f.addedID(t, args)
}

// subCRUDUnsupported are the steps of TestCRUDEverySubCollection that fail, and why.
var subCRUDUnsupported = map[string]string{
	"add glustervolume at clusters/{cluster}/glustervolumes":                          noGluster,
	"add glustervolume at datacenters/{datacenter}/clusters/{cluster}/glustervolumes": noGluster,
	"add numanode at vms/{vm}/numanodes":                                              "its mandatory cpu.cores are a list of structures: options cannot spell them",
}

// TestCRUDEverySubCollection adds, shows, updates and removes an entity at every sub-collection
// position whose collection has add in the model, naming its parents by option (--vm web1),
// with the add options of that position built from the model.
func TestCRUDEverySubCollection(t *testing.T) {
	f := start(t)
	step := stepper(subCRUDUnsupported)
	passed := map[string]int{}
	for _, p := range subPositions() {
		flags, ok := verbs.FlagsAt("add", p.pattern)
		if !ok {
			continue
		}
		t.Run(p.pattern, func(t *testing.T) {
			where := " at " + p.pattern
			parents, err := f.parentArgs(t, p.pattern)
			if _, ok := subListUnsupported["list "+p.pattern]; ok {
				require.Error(t, err, "its parent is listed as unreachable in subListUnsupported")
				passed["unreachable"]++
				return
			}
			require.NoError(t, err)
			args, id, err := f.addWith(t, p.noun.Singular, flags, parents)
			var ee *engine.Error
			switch {
			case errors.As(err, &ee) && ee.Kind == engine.KindNotFound && p.noun.TopLevel:
				id, err = f.assign(t, p.noun, parents)
			case errors.As(err, &ee) && ee.Kind == engine.KindConflict:
				id, err = f.addFresh(t, args, flags, parents)
			}
			if !step(t, "add "+p.noun.Singular+where, err) {
				return
			}
			passed["add"]++
			f.settle()
			update, hasUpdate := verbs.FlagsAt("update", p.pattern)
			_, remove := verbs.FlagsAt("remove", p.pattern)
			_, show := verbs.FlagsAt("show", p.pattern)
			for _, v := range f.showUpdateRemove(t, entityAt{noun: p.noun.Singular, id: id, parents: parents, where: where,
				show: show, update: update, hasUpdate: hasUpdate, remove: remove}, step) {
				passed[v]++
			}
		})
	}
	t.Logf("sub-collection positions passed: %v", passed)
	assert.NotZero(t, passed["remove"])
}

// TestSubPositionChoice: the parent options given choose the position, the deepest that uses
// them all, before the top level where a parent option is also a member.
func TestSubPositionChoice(t *testing.T) {
	f := start(t)
	nic := f.firstID("nics", "--host", "host1")
	require.NotEmpty(t, nic)
	_, _, err := f.run("add tag --name blue")
	require.NoError(t, err)
	for _, tc := range []struct {
		line     string
		want     string // in the output
		dontWant string
	}{
		{line: "list statistics --host host1 --nic " + nic, want: "statistic", dontWant: "memory.total"}, // the NIC's, not the host's
		{line: "list statistics --host host1", want: "memory.total"},
		{line: "add tag --vm vm1 --name blue", want: "blue"}, // assigns the existing tag to the VM
		{line: "list tags --vm vm1", want: "blue"},
		{line: "list affinitygroups --datacenter Default --cluster Default"},
		{line: "add cpuprofile --cluster Default --name cp9"},
		{line: "list cpuprofiles --datacenter Default --cluster Default", want: "cp9"},
		{line: "add networklabel --network ovirtmgmt --id lbl1"}, // the add that names the label by its id
		{line: "list networklabels --network ovirtmgmt", want: `"lbl1"`},
	} {
		t.Run(tc.line, func(t *testing.T) {
			out, _, err := f.runArgs(append(strings.Fields(tc.line), "-o", "api-json")...)
			require.NoError(t, err)
			assert.Contains(t, out, tc.want)
			if tc.dontWant != "" {
				assert.NotContains(t, out, tc.dontWant)
			}
		})
	}
}
