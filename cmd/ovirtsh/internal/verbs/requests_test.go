package verbs_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
)

// TestRequestsPerCommand counts what a command costs: show by name prints what the search
// found (one request), by id one GET; an option of get (--next-run) needs the GET.
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
