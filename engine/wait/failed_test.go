package wait_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// TestForFailedStatus cancels an image transfer: waiting for its success ends when the phase
// says it failed, not at the timeout.
func TestForFailedStatus(t *testing.T) {
	conn, clock, _ := setup(t)
	ctx := context.Background()
	disks := conn.SystemService().DisksService()
	disk, err := disks.Add(ctx, &types.Disk{Name: types.Ptr("d1"), Format: types.Ptr(types.DiskFormatRaw),
		ProvisionedSize: types.Ptr(int64(1 << 20)), StorageDomains: types.ListOf(&types.StorageDomain{Name: types.Ptr("data1")})}, nil)
	require.NoError(t, err)
	transfers := conn.SystemService().ImageTransfersService()
	var svc *engine.ImageTransferService
	_, err = run(t, clock, func() error {
		if _, err := wait.For(ctx, disks.DiskService(disk.GetId()), []string{"ok"}, wait.Options{Clock: clock}); err != nil {
			return err
		}
		tr, err := transfers.Add(ctx, &types.ImageTransfer{Disk: &types.Disk{Id: disk.Id},
			Direction: types.Ptr(types.ImageTransferDirectionUpload)}, nil)
		if err != nil {
			return err
		}
		svc = transfers.ImageTransferService(tr.GetId())
		if _, err := wait.For(ctx, svc, []string{"transferring"}, wait.Options{Clock: clock}); err != nil {
			return err
		}
		return svc.Cancel(ctx, nil)
	})
	require.NoError(t, err)

	var seen []string
	var got any
	slept, err := run(t, clock, func() (err error) {
		got, err = wait.For(ctx, svc, []string{"finished_success"}, wait.Options{Clock: clock, Timeout: time.Hour,
			Progress: func(s string, _ time.Duration) { seen = append(seen, s) }})
		return err
	})
	var we *wait.Error
	require.ErrorAs(t, err, &we)
	assert.Equal(t, wait.Failed, we.Reason)
	assert.Contains(t, wait.FailedStatuses(types.Type("ImageTransfer")), we.Last)
	assert.Equal(t, seen[len(seen)-1], we.Last)
	assert.Regexp(t, `^wait: image transfer \S+ is '\w+' while waiting for it to be 'finished_success'$`, err.Error())
	assert.NotNil(t, got, "the object in the failed state is returned with the error")
	assert.Less(t, slept, time.Minute, "a failure ends the wait at once, not at the timeout")
}

func TestForCanceled(t *testing.T) {
	_, clock, svc := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := run(t, clock, func() error {
		_, err := wait.For(ctx, svc, []string{"up"}, wait.Options{Clock: clock, Progress: func(string, time.Duration) { cancel() }})
		return err
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.EqualError(t, err, "wait: VM 'web1': context canceled")
}
