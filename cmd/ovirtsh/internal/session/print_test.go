package session

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/output"
)

// TestPrintFormats prints chunk results through engine/output: each value in the format, typed
// values and plain tables alike, an empty list never as {}.
func TestPrintFormats(t *testing.T) {
	for _, tc := range []struct {
		format output.Format
		chunk  string
		want   string
	}{
		{output.JSON, "return {types.Vm{name='a', memory=2*ovirt.GiB}}, 3", "[\n  {\n    \"memory\": 2147483648,\n    \"name\": \"a\"\n  }\n]\n3\n"},
		{output.JSON, "return {}", "[]\n"},
		{output.Table, "return {types.Vm{name='a', memory=2*ovirt.GiB, status='up'}}", "name  status  cluster  host  memory  cpu.topology.cores  id\na     up                     2 GiB\n"},
		{output.Table, "return {}", "(no items)\n"},
		{output.Table, "return 'x\\027y', true", "x\\x1by\ntrue\n"},
		{output.CSV, "return {{name='a,b', n=1}}", "name,n\n\"a,b\",1\n"},
		{output.APIJSON, "return types.Vm{memory=5}", "{\n  \"memory\": \"5\"\n}\n"},
	} {
		t.Run(string(tc.format)+" "+tc.chunk, func(t *testing.T) {
			s, out := newSession(t, Options{Format: tc.format})
			vals, err := s.Run(context.Background(), "p", tc.chunk)
			require.NoError(t, err)
			require.NoError(t, s.PrintResults(vals))
			assert.Equal(t, tc.want, out.String())
		})
	}
	s, _ := newSession(t, Options{Format: output.JSON})
	vals, err := s.Run(context.Background(), "p", "return {print}")
	require.NoError(t, err)
	assert.ErrorContains(t, s.PrintResults(vals), "function has no JSON form")
}
