package cli

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/session"
)

// TestOutputFlag prints the simulator's VMs with -o in every format and --json, and rejects an
// unknown format with the closest name.
func TestOutputFlag(t *testing.T) {
	list := []string{"-e", "system:vms_service():list()"}
	for _, tc := range []struct {
		name  string
		args  []string
		check func(t *testing.T, stdout string)
	}{
		{"json", []string{"-o", "json"}, func(t *testing.T, stdout string) {
			var vms []map[string]any
			require.NoError(t, json.Unmarshal([]byte(stdout), &vms), stdout)
			require.Len(t, vms, 2)
			assert.Equal(t, "vm1", vms[0]["name"])
			assert.IsType(t, float64(0), vms[0]["memory"])
		}},
		{"--json is typed json", []string{"--json"}, func(t *testing.T, stdout string) {
			assert.True(t, strings.HasPrefix(stdout, "[\n  {"), stdout)
		}},
		{"api-json", []string{"--output=api-json"}, func(t *testing.T, stdout string) {
			var doc map[string][]map[string]any
			require.NoError(t, json.Unmarshal([]byte(stdout), &doc), stdout)
			assert.IsType(t, "", doc["vm"][0]["memory"])
		}},
		{"table", []string{"-o", "table"}, func(t *testing.T, stdout string) {
			lines := strings.Split(stdout, "\n")
			assert.Equal(t, []string{"name", "status", "cluster", "host", "memory", "cpu.topology.cores", "id"}, strings.Fields(lines[0]))
			assert.Contains(t, lines[1], "vm1")
			assert.Contains(t, lines[1], "GiB")
		}},
		{"csv", []string{"-o", "csv"}, func(t *testing.T, stdout string) {
			assert.True(t, strings.HasPrefix(stdout, "name,status,cluster,host,memory,cpu.topology.cores,id\nvm1,up,"), stdout)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mainWith(t, context.Background(), nil, "", append(tc.args, list...)...)
			require.Equal(t, session.ExitOK, r.code, r.stderr)
			tc.check(t, r.stdout)
		})
	}
	r := mainWith(t, context.Background(), nil, "", "-o", "jsno", "-e", "1")
	assert.Equal(t, session.ExitUsage, r.code)
	assert.Contains(t, r.stderr, `-o: unknown output format "jsno" (expected table, json, csv, api-json); did you mean 'json'?`)
}

// TestOutputJQ pipes `ovirtsh -o json` into jq: '.[].name' lists the VMs.
func TestOutputJQ(t *testing.T) {
	r := mainWith(t, context.Background(), nil, "", "-o", "json", "-e", "system:vms_service():list()")
	require.Equal(t, session.ExitOK, r.code, r.stderr)
	var vms []struct{ Name string }
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &vms)) // runs without jq too
	require.Len(t, vms, 2)
	jq, err := exec.LookPath("jq")
	if err != nil {
		t.Skip("jq is not installed (apt-get install jq); the encoding/json check above ran")
	}
	cmd := exec.Command(jq, "-r", ".[].name")
	cmd.Stdin = strings.NewReader(r.stdout)
	out, err := cmd.Output()
	require.NoError(t, err)
	assert.Equal(t, vms[0].Name+"\n"+vms[1].Name+"\n", string(out))
}
