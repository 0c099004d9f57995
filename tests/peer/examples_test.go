package peer

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// exampleSpeed is how much faster than real time the simulators of the examples run; the
// examples' own sleeps are shortened by the same factor.
const exampleSpeed = 50

// exampleFailure is what an example prints when something went wrong: the examples report
// errors (and recovered panics) on stdout and return.
var exampleFailure = regexp.MustCompile(`(?i)fail|faild|panic|error|reason:|not found|not exist`)

// exampleExpectedOutput holds, for examples whose point is to show an error, what they must print.
var exampleExpectedOutput = map[string]*regexp.Regexp{
	"process_errors": regexp.MustCompile(`(?s)\AFailed to authenticate user\nDataCenter not found\n\z`),
}

// exampleSeeds adjusts the seeded example objects for examples that create one of them or
// need a VM running; the others get every object, VMs down.
var exampleSeeds = map[string]sim.ExampleSeed{
	"add_affinity_label":             {Without: []string{"myaffinitylabel"}},
	"add_cluster":                    {Without: []string{"mycluster"}},
	"add_datacenter":                 {Without: []string{"mydc"}},
	"add_host":                       {Without: []string{"myhost"}},
	"add_independent_vm":             {Without: []string{"myvm"}},
	"add_logical_network":            {Without: []string{"mynetwork"}},
	"add_nfs_data_storage_domain":    {Without: []string{"mydata"}},
	"add_nfs_iso_storage_domain":     {Without: []string{"myiso"}},
	"add_tag":                        {Without: []string{"mytag"}},
	"add_template":                   {Without: []string{"mytemplate"}},
	"add_vm":                         {Without: []string{"myvm"}},
	"add_vm_from_template":           {Without: []string{"myvm"}},
	"add_vm_with_sysprep":            {Without: []string{"myvm"}},
	"assign_tag_to_vm":               {Untagged: true},
	"attach_nfs_data_storage_domain": {Detached: []string{"mydata"}},
	"attach_nfs_iso_storage_domain":  {Detached: []string{"myiso"}},
	"import_vm":                      {Without: []string{"myvm"}},
	"get_vm_ip":                      {Running: []string{"myvm"}},
	"stop_vm":                        {Running: []string{"myvm"}},
	"vm_backup":                      {Running: []string{"myagent"}},
	"wait_vm_status":                 {Running: []string{"myvm"}},
}

// exampleExpectedFailures names the go-ovirt examples that cannot pass against the simulator,
// and why.
var exampleExpectedFailures = map[string]string{
	"add_vm_with_sysprep": "client: polls the status of the VM the add answered (a shadowed variable), not the one it " +
		"reads back, so it loops forever unless the add answers down (an engine answers image_locked)",
	"assign_permission_to_vms": "client: ranges over the indices of its VM names, searches name=0 and indexes an empty result",
	"change_host_cluster": "client: deactivates the host only when it is already in maintenance, then changes the " +
		"cluster of an up host and activates an up host, which an engine refuses",
	"check_OCP_support":  "client: compares version components one by one, so 4.6.1 is older than 4.3.9.4",
	"download_disk":      "client: does not compile against go-ovirt v4.5.0 (ImageTransfer has no MustSignedTicket)",
	"download_vm_ovf":    "client: opens the OVF file it means to write with os.Open (read-only, must exist)",
	"get_display_ticket": "client: does not compile against go-ovirt v4.5.0 (Port and TlsPort return two values)",
	"poll_events":        "client: polls events in an endless loop, and prints a parse failure on every run",
	"remove_host": "client: removes the host right after asking for maintenance, without waiting for it " +
		"(an engine refuses to remove a host that is not in maintenance yet)",
	"update_fencing_options": "client: looks for a fence agent of type \"ipmlan\" (no such type; ipmilan) and " +
		"dereferences the nil it finds",
	"import_glance_image": "infrastructure: needs the Glance image provider ovirt-image-repository (an external OpenStack service)",
	"list_glance_images":  "infrastructure: needs the Glance image provider ovirt-image-repository (an external OpenStack service)",
	"register_vm":         "infrastructure: needs storage domain mysd imported from another engine, with unregistered VMs on it",
}

// TestGoOvirtExamples runs every example go-ovirt v4.5.0 ships (from the module cache) on a fresh
// simulator seeded with the objects the examples name.
func TestGoOvirtExamples(t *testing.T) {
	t.Parallel() // the two judge suites overlap: each mostly waits
	if testing.Short() {
		t.Skip("builds and runs another module's examples")
	}
	dir := filepath.Join(moduleDir(t, "github.com/ovirt/go-ovirt/v4"), "examples")
	goSum, err := os.ReadFile("go.sum")
	require.NoError(t, err)
	bin, exs := buildExampleRunner(t, dir, string(goSum), func(m string) string { return moduleVersion(t, m) })
	require.NotEmpty(t, exs)
	only := os.Getenv("EXAMPLES_RUN")
	var passes atomic.Int32
	defer func() { t.Logf("go-ovirt examples: %d of %d passed", passes.Load(), len(exs)) }()
	t.Run("each", func(t *testing.T) {
		for _, ex := range exs {
			if only != "" && !regexp.MustCompile(only).MatchString(ex.name) {
				continue
			}
			t.Run(ex.name, func(t *testing.T) {
				t.Parallel()
				var out string
				var err error
				if ex.broken != "" {
					err = fmt.Errorf("does not compile: %s", ex.broken)
				} else {
					out, err = runExample(t, bin, ex)
				}
				passed := err == nil && !exampleFailure.MatchString(out)
				if want, ok := exampleExpectedOutput[ex.name]; ok {
					passed = err == nil && want.MatchString(out)
				}
				if passed {
					passes.Add(1)
				}
				why, expected := exampleExpectedFailures[ex.name]
				switch {
				case !passed && !expected:
					assert.Fail(t, "example failed", "%v\n%s", err, tail(out, 20))
				case passed && expected:
					assert.Fail(t, "expected failure passes", "listed because: %s; take it out of the table", why)
				}
			})
		}
	})
}

// runExample runs one example on its own simulator and returns what it printed.
func runExample(t *testing.T, bin string, ex example) (string, error) {
	seed := exampleSeeds[ex.name]
	opts := sim.Options{Clock: sim.NewFastClock(exampleSpeed), Examples: &seed}
	if ex.password != "" {
		opts.Password = ex.password
	}
	srv, _ := startJudgeSim(t, opts)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, ex.name)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "OVIRTSH_EXAMPLE_URL="+srv.URL(),
		"OVIRTSH_EXAMPLE_SPEED="+strconv.Itoa(exampleSpeed))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// moduleVersion returns the version of module that go.mod selects.
func moduleVersion(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", module).Output()
	require.NoError(t, err, "go list -m %s", module)
	return string(regexp.MustCompile(`\S+`).Find(out))
}

// goCommand runs the go tool in dir, free to complete the go.sum of a module made at test time.
func goCommand(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	return cmd
}
