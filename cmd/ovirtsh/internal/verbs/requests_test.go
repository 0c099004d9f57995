package verbs_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
)

// TestRequestsPerCommand counts what a command costs: show by name prints what the search
// found (one request), by id one GET; an option of get (--next-run) needs the GET, and so do
// references a table or csv shows (the GET follows them to print their names).
func TestRequestsPerCommand(t *testing.T) {
	var log enginetest.RequestLog
	conn, _ := enginetest.Start(t, enginetest.WithRequestLog(&log))
	ctx := context.Background()
	id := func(line string) string { // an id found before the counting starts
		var out bytes.Buffer
		require.NoError(t, verbs.Run(ctx, conn, strings.Fields(line), verbs.Env{Stdout: &out, Stderr: &out}))
		return strings.TrimSpace(out.String())
	}
	vm1 := id("list vms --search name=vm1 -o csv --columns id")
	vm1 = vm1[strings.LastIndex(vm1, "\n")+1:]
	tests := []struct {
		line string
		want []string // the requests, "METHOD URI" prefixes
		out  string   // a line of the output
	}{
		{"show vm vm1 -o json", []string{"GET /ovirt-engine/api/vms?search=name%3D%22vm1%22"}, `"name": "vm1"`},
		{"show vm " + vm1 + " -o json", []string{"GET /ovirt-engine/api/vms/" + vm1}, `"name": "vm1"`},
		{"show vm vm1 --next-run -o json", []string{"GET /ovirt-engine/api/vms?search=name%3D%22vm1%22",
			"GET /ovirt-engine/api/vms/" + vm1 + "?next_run=true"}, `"name": "vm1"`},
		// a table shows references by name: the GET follows them
		{"show vm " + vm1 + " -o table", []string{"GET /ovirt-engine/api/vms/" + vm1 + "?follow=cluster%2Ccpu_profile%2C" +
			"external_host_provider%2Chost%2Cinstance_type%2Coriginal_template%2Cquota%2Cstorage_domain%2Ctemplate%2Cvm_pool"}, "  cluster: Default ("},
		{"show vm vm1 -o csv --columns name,host", []string{"GET /ovirt-engine/api/vms?search=name%3D%22vm1%22",
			"GET /ovirt-engine/api/vms/" + vm1 + "?follow=host"}, "vm1,host1"},
		{"show vm vm1 -o csv", []string{"GET /ovirt-engine/api/vms?search=name%3D%22vm1%22",
			"GET /ovirt-engine/api/vms/" + vm1 + "?follow=cluster%2Chost"}, "vm1,up,Default,host1,"},
		{"show vm vm1 -o csv --columns name,host.id", []string{"GET /ovirt-engine/api/vms?search=name%3D%22vm1%22"}, "vm1,"},
		{"show nic nic1 --vm vm1 -o json", []string{"GET /ovirt-engine/api/vms?search=name%3D%22vm1%22",
			"GET /ovirt-engine/api/vms/" + vm1 + "/nics"}, `"name": "nic1"`},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			before := log.Len()
			var out, errOut bytes.Buffer
			err := verbs.Run(ctx, conn, strings.Fields(tc.line), verbs.Env{Stdout: &out, Stderr: &errOut})
			require.NoError(t, err, errOut.String())
			var got []string
			for _, r := range log.Requests()[before:] {
				got = append(got, r.String())
			}
			assert.Equal(t, tc.want, got)
			assert.Contains(t, out.String(), tc.out)
		})
	}
}

// TestListShowsReferencesByName: a table or csv asks the engine to follow the references its
// columns show, in the one list request, so they print as names; json prints what the engine
// sends, and a --follow given is the user's.
func TestListShowsReferencesByName(t *testing.T) {
	var log enginetest.RequestLog
	conn, _ := enginetest.Start(t, enginetest.WithRequestLog(&log))
	tests := []struct {
		line  string
		query string // the query of the one request sent
		out   string // a line of the output
	}{
		{"list vms -o csv --columns name,cluster,host", "follow=cluster%2Chost", "vm1,Default,host1"},
		{"list vms -o csv --columns name,cluster.name,host.address,host.id", "follow=cluster%2Chost", "vm1,Default,192.0.2.11,"},
		{"list vms -o table", "follow=cluster%2Chost", "Default"},
		{"list clusters -o csv --columns name,data_center", "follow=data_center", "Default,Default"},
		{"list tags -o csv --columns name,parent", "follow=parent", "prod,root"},
		{"list vms -o csv --columns name,cluster.id", "", "vm1,"},
		{"list vms -o csv --columns name,nics.name,nics.mac.address", "follow=nics", "vm1,nic1,"},
		{"list vms -o json", "", `"cluster": {`},
		{"list vms --columns name,host", "follow=host", "name  host\nvm1   host1\n"}, // --columns without -o: a table, piped too
		{"list vms -o json --columns name,cluster.name,host.id", "follow=cluster", `"cluster": {
      "name": "Default"
    },`},
		{"list vms -o csv --columns name,cluster --follow host", "follow=host", "vm1,"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			before := log.Len()
			var out, errOut bytes.Buffer
			err := verbs.Run(context.Background(), conn, strings.Fields(tc.line), verbs.Env{Stdout: &out, Stderr: &errOut})
			require.NoError(t, err, errOut.String())
			reqs := log.Requests()[before:]
			require.Len(t, reqs, 1)
			_, query, _ := strings.Cut(reqs[0].URI, "?")
			assert.Equal(t, tc.query, query)
			assert.Contains(t, out.String(), tc.out)
		})
	}
}

// TestSizeWithoutUnit: a byte count alone is taken as bytes; a small one is refused (see
// TestBadInput) because `--memory 4` means 4 GiB to whoever typed it.
func TestSizeWithoutUnit(t *testing.T) {
	f := start(t)
	for _, tc := range []struct {
		arg  string
		want int64
	}{{"4294967296", 4 << 30}, {"3GiB", 3 << 30}, {"1048576", 1 << 20}} {
		_, errOut, err := f.run("update vm vm2 -o json --memory " + tc.arg)
		require.NoError(t, err, errOut)
		assert.Equal(t, tc.want, *f.vm("vm2").Memory, tc.arg)
	}
}

// TestEngineFaultsReadAsCommands: the engine's refusal is told with the command and the
// engine's words, not the request's URL; the *engine.Error stays reachable for exit codes.
func TestEngineFaultsReadAsCommands(t *testing.T) {
	f := start(t)
	for _, tc := range []struct{ line, msg string }{
		{"action vm vm1 start", "action vm vm1 start: Cannot run VM. VM vm1 is running. (HTTP 409 Conflict)"},
		{"add vm --name vm1 --cluster Default --template Blank", "add vm: "},
	} {
		_, _, err := f.run(tc.line)
		require.Error(t, err)
		var ee *engine.Error
		require.ErrorAs(t, err, &ee)
		assert.True(t, strings.HasPrefix(err.Error(), tc.msg), err.Error())
		assert.NotContains(t, err.Error(), "https://")
	}
}

// TestHelpOfForms: add --help names the API's forms of add when there are several; help reads
// the position of the noun that has the verb (nics are added under a VM, not a host) and tells
// the types a noun stands for apart, with their actions and where they are found.
func TestHelpOfForms(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  []string
	}{
		{[]string{"add", "vm"}, []string{"Forms (the API's; give the options of one):\n  add_from_configuration: ",
			"  add_from_scratch: --name, --cluster, --template\n", "Options (* mandatory in one of the forms):\n"}},
		{[]string{"add", "nic"}, []string{"Usage: ovirtsh add nic [OPTIONS]\n", "--instance-type                      the name or id of an instance type"}},
		{[]string{"nic"}, []string{"nic (nics): host NIC (under host); NIC (under instancetype, template, vm, snapshot)\n",
			"Verbs: list, show, add, update, remove\n", "Actions of a host NIC: update-virtual-functions-configuration\n",
			"Actions of a NIC: activate (under vm), deactivate (under vm)\n"}},
		{[]string{"vm"}, []string{"vm (vms): VM\n", ", undo-snapshot, import (under storagedomain), register (under storagedomain)\n"}},
		{[]string{"action", "nic"}, []string{"Actions of a host NIC: "}},
	} {
		var out bytes.Buffer
		require.NoError(t, verbs.Help(&out, tc.words), tc.words)
		for _, w := range tc.want {
			assert.Contains(t, out.String(), w, tc.words)
		}
	}
	var out bytes.Buffer
	require.NoError(t, verbs.Help(&out, []string{"add", "tag"}))
	assert.NotContains(t, out.String(), "Forms", "one form: the stars say it")
	assert.Contains(t, out.String(), "Options (* mandatory, from the API model):\n * --name")
}
