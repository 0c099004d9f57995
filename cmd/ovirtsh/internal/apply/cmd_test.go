package apply

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/gate"
	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// cli is a simulator and the connection Run uses, with its requests recorded.
type cli struct {
	t    *testing.T
	conn *engine.Connection
	log  *enginetest.RequestLog
}

func newCLI(t *testing.T, o sim.Options) *cli {
	log := &enginetest.RequestLog{}
	conn, _ := enginetest.Start(t, enginetest.WithSim(o), enginetest.WithRequestLog(log))
	return &cli{t: t, conn: conn, log: log}
}

// run runs `ovirtsh <args>` (the verb first) and returns stdout, stderr, the exit code and the
// write requests sent.
func (c *cli) run(args ...string) (string, string, int, []string) {
	c.t.Helper()
	return c.runCtx(testCtx(c.t), args...)
}

func (c *cli) runCtx(ctx context.Context, args ...string) (string, string, int, []string) {
	c.t.Helper()
	cmd, rest, err := Parse(args[0], args[1:])
	var stdout, stderr bytes.Buffer
	if err != nil { // the command line's glue (cli) says so and exits 2
		return "", err.Error(), session.ExitUsage, nil
	}
	from := c.log.Len()
	err = Run(ctx, cmd, rest, Env{Stdout: &stdout, Stderr: &stderr,
		Connect: func(context.Context) (*engine.Connection, error) { return c.conn, nil }})
	if err != nil {
		if text := session.ErrorText(err); text != "" {
			stderr.WriteString(text + "\n")
		}
	}
	return stdout.String(), stderr.String(), session.ExitCode(err), writes(c.log, from)
}

func siteFile(t *testing.T, src string) string {
	p := filepath.Join(t.TempDir(), "site.lua")
	require.NoError(t, os.WriteFile(p, []byte(src), 0o600))
	return p
}

func TestApplyCommand(t *testing.T) {
	c := newCLI(t, sim.Options{})
	site := siteFile(t, `
ovirt.ensure.tag{name='web', parent='ops', description='front ends'}
ovirt.ensure.tag{name='ops'}
local perm = ovirt.ensure.permission{role='UserRole', user='admin', vm='vm2'}
return {
  ovirt.ensure.tag{name='db', parent='ops'},       -- collected by the call: counted once
  {kind='tag', name='cache', parent='ops'},         -- a plain declaration
  perm,                                             -- counted once, though it has no name
  {kind='permission', role='UserVmManager', user='admin', vm='vm2'}, -- has none either, and is another
}
`)
	out, errOut, code, w := c.run("apply", "--check", site)
	assert.Equal(t, session.ExitChangesPending, code, errOut)
	assert.Empty(t, errOut)
	assert.Empty(t, w)
	assert.Equal(t, "+ tag ops\n+ tag web (description \"front ends\", parent ops)\n+ permission UserRole for user admin on vm vm2\n+ tag db (parent ops)\n+ tag cache (parent ops)\n"+
		"+ permission UserVmManager for user admin on vm vm2\nPlan: 6 to add, 0 to change, 0 to remove, 0 unchanged\n", out)

	out, errOut, code, w = c.run("apply", site, "--parallel", "3")
	require.Equal(t, 0, code, errOut)
	assert.Len(t, w, 6)
	assert.Contains(t, out, "\n6 added, 0 changed, 0 removed, 0 unchanged, 0 failed\n")

	out, _, code, w = c.run("apply", "--check", site)
	assert.Equal(t, 0, code)
	assert.Empty(t, w)
	assert.Equal(t, "Plan: 0 to add, 0 to change, 0 to remove, 6 unchanged\n", out)
}

func TestApplyCommandErrors(t *testing.T) {
	c := newCLI(t, sim.Options{})
	cases := []struct {
		name string
		args []string
		site string
		code int
		err  string
	}{
		{"no site", []string{"apply"}, "", 2, "apply needs the site file"},
		{"bad parallel", []string{"apply", "--parallel", "0", "x.lua"}, "", 2, "--parallel: '0' is not a whole number from 1 to 64"},
		{"parallel without value", []string{"apply", "x.lua", "--parallel"}, "", 2, "apply --parallel needs a value"},
		{"missing file", []string{"apply", "/nonexistent/site.lua"}, "", 2, "/nonexistent/site.lua"},
		{"Lua error names the line", []string{"apply"}, "ovirt.ensure.tag{name='a'}\nerror('boom')\n", 1, "site.lua:2: boom"},
		{"unknown kind", []string{"apply"}, "ovirt.ensure.tga{name='a'}\n", 1, "did you mean 'tag'"},
		{"cycle", []string{"apply"}, "ovirt.ensure.tag{name='a', parent='b'}\novirt.ensure.tag{name='b', parent='a'}\n", 1,
			"the references form a cycle: tag a → tag b → tag a (each needs the next)"},
		{"missing reference", []string{"apply"}, "ovirt.ensure.tag{name='a', parent='nope'}\n", 1,
			"site.lua:1: tag a refers to tag nope, which is neither declared in the site nor in the engine (parent: no tag named 'nope' in tags)"},
		{"a typo behind a reference still to be made", []string{"apply"}, "ovirt.ensure.tag{name='newt'}\n" +
			"ovirt.ensure.tag{name='t2', parent='newt', descripton='x'}\n", 1,
			"site.lua:2: tag t2: descripton: Tag has no member 'descripton'; did you mean 'description'?"},
		{"a VM's typo behind its new cluster", []string{"apply"}, "ovirt.ensure.cluster{name='newc', data_center='Default', cpu={type='Intel Nehalem Family'}}\n" +
			"ovirt.ensure.vm{name='nv1', cluster='newc', memroy='1GiB'}\n", 1,
			"site.lua:2: vm nv1: memroy: Vm has no member 'memroy'; did you mean 'memory'?"},
		{"a missing vNIC profile names the member", []string{"apply"}, "ovirt.ensure.vm{name='vm1', nics={{name='nic1', vnic_profile='nope'}}}\n", 1,
			"site.lua:1: vm vm1 refers to network nope, which is neither declared in the site nor in the engine (nic nic1: vnic_profile: no VNIC profile named 'nope'"},
		{"a wrong member names its line", []string{"apply"}, "ovirt.ensure.tag{name='a'}\n\novirt.ensure.tag{name='b', descripton='x'}\n", 1,
			"site.lua:3: tag b: descripton: Tag has no member 'descripton'; did you mean 'description'?"},
		{"a wrong member of a returned declaration", []string{"apply"}, "return {{kind='tag', name='b', descripton='x'}}\n", 1,
			"site.lua, item 1 of the returned list: tag b: descripton: Tag has no member"},
		{"absent after present names both lines", []string{"apply"}, "ovirt.ensure.tag{name='a'}\novirt.ensure.tag{name='a', state='absent'}\n", 1,
			"site.lua:2: tag a is declared absent after being declared present ("},
		{"bad returned list", []string{"apply"}, "return {42}\n", 1, "item 1 of the returned list is not a declaration"},
		{"returns no list", []string{"apply"}, "return 42\n", 1, "site.lua returned a number: a site returns nothing or a list of declarations"},
		{"unknown kind in the returned list", []string{"apply"}, "return {{kind='vn', name='a'}}\n", 1, "item 1 of the returned list: ensure: no kind 'vn'; did you mean 'vm'?"},
		{"the site replaced ovirt", []string{"apply"}, "ovirt = nil\nreturn {{kind='tag', name='a'}}\n", 1, "site.lua returned a list of declarations, but replaced ovirt.ensure"},
		{"syntax error", []string{"apply"}, "ovirt.ensure.tag{name='a'\n", 1, "site.lua:"},
		{"export without kind", []string{"export"}, "", 2, "export needs a KIND"},
		{"export unknown kind", []string{"export", "tgas"}, "", 2, "export: no kind 'tgas'; did you mean 'tags'?"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if tc.site != "" {
				args = append(args, siteFile(t, tc.site))
			}
			out, errOut, code, w := c.run(args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			assert.Contains(t, errOut, tc.err)
			assert.Empty(t, w, "nothing changes")
		})
	}
}

// TestExportRoundTrip exports the simulator's seeded inventory, every kind in one site, applies
// the export and expects no change at all.
func TestExportRoundTrip(t *testing.T) {
	c := newCLI(t, sim.Options{})
	out, errOut, code, _ := c.run(append([]string{"export"}, ensure.Kinds()...)...)
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "-- ovirtsh export "), out)
	for _, want := range []string{"\novirt.ensure.tag{\n  name = 'prod',\n", "\novirt.ensure.vm{\n  name = 'vm1',\n",
		"\novirt.ensure.data_center{\n  name = 'Default',\n", "  memory = '2GiB',\n"} {
		assert.Contains(t, out, want)
	}
	site := siteFile(t, out)
	plan, errOut, code, w := c.run("apply", site)
	require.Equal(t, 0, code, "%s\n%s", plan, errOut)
	assert.Empty(t, w)
	assert.Regexp(t, `^Plan: 0 to add, 0 to change, 0 to remove, \d+ unchanged\n$`, plan)
}

// TestApplyNamelessKind applies a permission (no name of its own) on a VM the same site adds.
func TestApplyNamelessKind(t *testing.T) {
	c := newCLI(t, sim.Options{})
	site := siteFile(t, `
ovirt.ensure.permission{role='UserRole', user='admin', vm='web9'}
ovirt.ensure.vm{name='web9', cluster='Default', template='Blank', memory='1GiB'}
`)
	out, errOut, code, w := c.run("apply", "--check", site)
	require.Equal(t, session.ExitChangesPending, code, errOut)
	assert.Empty(t, w)
	assert.Equal(t, "+ vm web9 (cluster Default, memory 1 GiB, template Blank)\n+ permission UserRole for user admin on vm web9\n"+
		"Plan: 2 to add, 0 to change, 0 to remove, 0 unchanged\n", out)
	out, errOut, code, _ = c.run("apply", site)
	require.Equal(t, 0, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "\n+ permission UserRole for user admin on vm web9: add\n")
	assert.Contains(t, out, "\n2 added, 0 changed, 0 removed, 0 unchanged, 0 failed\n")
	out, _, code, w = c.run("apply", site)
	require.Equal(t, 0, code)
	assert.Empty(t, w)
	assert.Equal(t, "Plan: 0 to add, 0 to change, 0 to remove, 2 unchanged\n", out)
}

// TestApplyInterrupted cancels apply (as Ctrl-C does) while a request is in flight: exit 3.
func TestApplyInterrupted(t *testing.T) {
	held := gate.New()
	c := newCLI(t, held.Options())
	t.Cleanup(held.Release)
	site := siteFile(t, "ovirt.ensure.tag{name='a'}\novirt.ensure.tag{name='b', parent='a'}\n")
	ctx, cancel := context.WithCancel(testCtx(t))
	go func() {
		<-held.Arrived()
		cancel()
		held.Release()
	}()
	out, errOut, code, w := c.runCtx(ctx, "apply", site)
	assert.Equal(t, session.ExitInterrupted, code, "%s\n%s", out, errOut)
	assert.Contains(t, errOut, "interrupted: ")
	assert.Empty(t, w)
}

// TestApplyFailureOnSimulator fails a VM in the middle of a site: it is added but cannot start
// (its cluster has no host); the NIC declared on it is skipped, the rest is done.
func TestApplyFailureOnSimulator(t *testing.T) {
	c := newCLI(t, sim.Options{})
	site := siteFile(t, `
ovirt.ensure.cluster{name='empty', data_center='Default', cpu={type='Intel Nehalem Family'}}
ovirt.ensure.vm{name='x1', cluster='empty', template='Blank', state='running'}
ovirt.ensure.nic{name='nic2', vm='x1'}
ovirt.ensure.tag{name='t1'}
ovirt.ensure.vm{name='vm1', memory='4GiB'}
`)
	out, errOut, code, _ := c.run("apply", "--check", site)
	require.Equal(t, session.ExitChangesPending, code, errOut)
	assert.Equal(t, `+ cluster empty (cpu.type "Intel Nehalem Family", data_center Default)
+ vm x1 (cluster empty, state running, template Blank)
+ nic x1/nic2
+ tag t1
~ vm vm1 memory 2 GiB → 4 GiB (next run)
Plan: 4 to add, 1 to change, 0 to remove, 0 unchanged
`, out)
	out, errOut, code, _ = c.run("apply", site)
	assert.Equal(t, session.ExitScript, code)
	assert.Regexp(t, `(?m)^! vm x1 failed: start: .*There is no host that satisfies current scheduling constraints.*\n  already done: add$`, out)
	assert.Contains(t, out, "\n! nic x1/nic2 skipped: depends on vm x1, which failed\n")
	assert.Contains(t, out, "\n+ tag t1: add\n")
	assert.Contains(t, out, "\n2 added, 1 changed, 0 removed, 0 unchanged, 1 failed, 1 skipped\n")
	assert.Equal(t, "1 resource(s) failed, 1 skipped\n", errOut)
}

// TestPlanNamesProfilesExportSortsByVM: a vNIC profile in a VM's diff is named in the plan (the
// VM refers to it through its network), and export lists NICs by VM then name.
func TestPlanNamesProfilesExportSortsByVM(t *testing.T) {
	c := newCLI(t, sim.Options{})
	vms := func(profile string) string {
		return siteFile(t, fmt.Sprintf(`
for _, n in ipairs({'zz1', 'aa1'}) do
  ovirt.ensure.vm{name=n, cluster='Default', template='Blank', nics={{name='nic1'%s}}}
end`, profile))
	}
	_, errOut, code, _ := c.run("apply", vms(""))
	require.Equal(t, 0, code, errOut)
	plan, errOut, code, _ := c.run("apply", "--check", vms(", vnic_profile='ovirtmgmt'"))
	require.Equal(t, session.ExitChangesPending, code, errOut)
	assert.Contains(t, plan, "~ vm zz1 nics.nic1.vnic_profile (none) → ovirtmgmt\n")

	out, errOut, code, _ := c.run("export", "nics")
	require.Equal(t, 0, code, errOut)
	at := func(vm string) int { return strings.Index(out, "vm = '"+vm+"'") }
	assert.True(t, at("aa1") >= 0 && at("aa1") < at("vm1") && at("vm1") < at("zz1"), out)
}
