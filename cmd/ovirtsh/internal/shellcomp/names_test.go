package shellcomp

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/names"
)

func TestListNames(t *testing.T) {
	conn, _ := enginetest.Start(t)
	ctx := context.Background()
	tests := []struct {
		path string
		want []string
		err  string
	}{
		{path: "vms", want: []string{"vm1", "vm2"}},
		{path: "clusters", want: []string{"Default"}},
		{path: "vms/vm1/nics", want: []string{"nic1"}},
		{path: "vmz", err: "did you mean"},
		{path: "vms/nothing/nics", err: "no VM named 'nothing'"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			got, err := ListNames(ctx, conn, tc.path)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				var ne *names.Error
				assert.ErrorAs(t, err, &ne)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
