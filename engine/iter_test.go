package engine_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestListIterStreamsEveryItem(t *testing.T) {
	ctx := context.Background()
	conn, _ := enginetest.Start(t, enginetest.WithSim(sim.Options{ExtraVMs: 500}))
	vms := conn.SystemService().VmsService()
	all, err := vms.List(ctx, nil)
	require.NoError(t, err)

	var ids []string
	for vm, err := range vms.ListIter(ctx, nil) {
		require.NoError(t, err)
		ids = append(ids, vm.GetId())
	}
	require.Len(t, ids, len(all))
	for i, vm := range all {
		assert.Equal(t, vm.GetId(), ids[i])
	}

	// Stopping early is not an error, and the connection stays usable.
	n := 0
	for _, err := range vms.ListIter(ctx, &engine.VmsListParams{Search: types.Ptr("name=vm-*")}) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
	_, err = vms.List(ctx, &engine.VmsListParams{Max: types.Ptr(int64(1))})
	require.NoError(t, err)

	// Errors are yielded once, with a nil item.
	var errs int
	for vm, err := range vms.ListIter(ctx, &engine.VmsListParams{Search: types.Ptr("name=x and")}) {
		assert.Nil(t, vm)
		assert.Error(t, err)
		errs++
	}
	assert.Equal(t, 1, errs)
}
