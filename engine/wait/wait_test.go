package wait_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// run runs f against the step clock (enginetest.StepClock.Drive); it returns the total simulated
// time slept and f's error.
func run(t *testing.T, clock enginetest.StepClock, f func() error) (time.Duration, error) {
	t.Helper()
	return clock.Drive(f)
}

func setup(t *testing.T) (*engine.Connection, enginetest.StepClock, *engine.VmService) {
	t.Helper()
	mc := sim.NewManualClock(time.Time{})
	conn, _ := enginetest.Start(t, enginetest.WithManualClock(mc))
	vm, err := conn.SystemService().VmsService().Add(context.Background(), &types.Vm{Name: types.Ptr("web1"),
		Cluster: &types.Cluster{Name: types.Ptr("Default")}, Template: &types.Template{Name: types.Ptr("Blank")}}, nil)
	require.NoError(t, err)
	mc.Advance(time.Hour)
	return conn, enginetest.NewStepClock(mc), conn.SystemService().VmsService().VmService(vm.GetId())
}

type change struct {
	status  string
	elapsed time.Duration
}

func TestForStart(t *testing.T) {
	conn, clock, svc := setup(t)
	ctx := context.Background()
	require.NoError(t, svc.Start(ctx, nil))
	var seen []change
	var got any
	slept, err := run(t, clock, func() (err error) {
		got, err = wait.For(ctx, svc, []string{"UP"}, wait.Options{Clock: clock,
			Progress: func(s string, e time.Duration) { seen = append(seen, change{s, e}) }})
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, types.VmStatusUp, got.(*types.Vm).GetStatus())
	require.Len(t, seen, 3, "%v", seen)
	assert.Equal(t, []string{"wait_for_launch", "powering_up", "up"}, []string{seen[0].status, seen[1].status, seen[2].status})
	assert.Zero(t, seen[0].elapsed)
	assert.Equal(t, slept, seen[2].elapsed, "elapsed comes from the clock")
	assert.LessOrEqual(t, slept, 5*time.Second, "polls back off from 0.1 s to 2 s at most")
	_ = conn
}

func TestForErrors(t *testing.T) {
	conn, clock, svc := setup(t)
	ctx := context.Background()
	vms := conn.SystemService().VmsService()
	tests := []struct {
		name    string
		service any
		want    []string
		opts    wait.Options
		before  func()
		reason  wait.Reason
		msg     string
	}{
		{name: "timeout", service: svc, want: []string{"up"}, opts: wait.Options{Timeout: 10 * time.Second},
			reason: wait.Timeout, msg: "wait: timed out after 10s waiting for VM 'web1' to be 'up'; last status: 'down'"},
		{name: "never existed", service: vms.VmService("junk"), want: []string{"up"},
			reason: wait.NotFound, msg: "wait: VM vms/junk was not found (waiting for it to be 'up')"},
		{name: "unknown status", service: svc, want: []string{"upp"},
			msg: "wait: 'upp' is not a VmStatus value; did you mean 'up'?"},
		{name: "no status member", service: conn.SystemService().ClustersService().ClusterService("x"), want: []string{"up"},
			msg: "wait: Cluster has no status member to wait on"},
		{name: "not an entity service", service: vms, want: []string{"up"},
			msg: "wait: VmsService has no get method: expected an entity service"},
		{name: "nothing wanted", service: svc, msg: "wait: no status to wait for"},
		{name: "negative timeout", service: svc, want: []string{"up"}, opts: wait.Options{Timeout: -time.Second},
			msg: "wait: timeout: expected 0 or more, got -1s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Clock = clock
			_, err := run(t, clock, func() error {
				_, err := wait.For(ctx, tc.service, tc.want, tc.opts)
				return err
			})
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.msg)
			var we *wait.Error
			if tc.reason == 0 {
				assert.False(t, errors.As(err, &we), "%v", err)
				return
			}
			require.ErrorAs(t, err, &we)
			assert.Equal(t, tc.reason, we.Reason)
			var ee *engine.Error
			require.ErrorAs(t, err, &ee)
			switch tc.reason {
			case wait.Timeout:
				assert.Equal(t, engine.KindTimeout, ee.Kind)
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				assert.Equal(t, 10*time.Second, we.Elapsed)
			case wait.NotFound:
				assert.Equal(t, engine.KindNotFound, ee.Kind)
			}
		})
	}
}

func TestForFailedAndRemoved(t *testing.T) {
	conn, clock, svc := setup(t)
	ctx := context.Background()
	// The VM is removed while the wait polls: the second poll finds nothing.
	polls := 0
	_, err := run(t, clock, func() error {
		_, err := wait.For(ctx, svc, []string{"up"}, wait.Options{Clock: clock, Progress: func(string, time.Duration) {
			polls++
			if polls == 1 {
				require.NoError(t, svc.Remove(ctx, nil))
			}
		}})
		return err
	})
	var we *wait.Error
	require.ErrorAs(t, err, &we)
	assert.Equal(t, wait.Removed, we.Reason)
	assert.EqualError(t, err, "wait: VM 'web1' was removed while waiting for it to be 'up'; last status: 'down'")
	_ = conn
}

func TestGone(t *testing.T) {
	_, clock, svc := setup(t)
	ctx := context.Background()
	require.NoError(t, svc.Start(ctx, nil))
	var seen []string
	_, err := run(t, clock, func() error {
		if _, err := wait.For(ctx, svc, []string{"up"}, wait.Options{Clock: clock}); err != nil {
			return err
		}
		if err := svc.Stop(ctx, nil); err != nil {
			return err
		}
		if _, err := wait.For(ctx, svc, []string{"down"}, wait.Options{Clock: clock}); err != nil {
			return err
		}
		if err := svc.Remove(ctx, nil); err != nil {
			return err
		}
		return wait.Gone(ctx, svc, wait.Options{Clock: clock, Progress: func(s string, _ time.Duration) { seen = append(seen, s) }})
	})
	require.NoError(t, err)
	assert.Equal(t, "gone", seen[len(seen)-1])

	_, err = run(t, clock, func() error { return wait.Gone(ctx, svc, wait.Options{Clock: clock}) })
	require.NoError(t, err, "an object that is already gone")
}

func TestGoneTimeout(t *testing.T) {
	_, clock, svc := setup(t)
	slept, err := run(t, clock, func() error {
		return wait.Gone(context.Background(), svc, wait.Options{Clock: clock, Timeout: time.Minute, Interval: 15 * time.Second})
	})
	assert.EqualError(t, err, "wait: timed out after 1m0s waiting for VM 'web1' to be gone; last status: 'down'")
	assert.Equal(t, time.Minute, slept)
}

func TestJob(t *testing.T) {
	conn, clock, svc := setup(t)
	ctx := context.Background()
	start := func(id string) error {
		return svc.Start(ctx, &engine.VmStartParams{CallOptions: engine.CallOptions{Query: map[string]string{"correlation_id": id}}})
	}

	id := wait.CorrelationID()
	require.Len(t, id, 32)
	require.NotEqual(t, id, wait.CorrelationID())
	require.NoError(t, start(id))
	var seen []string
	_, err := run(t, clock, func() error {
		return wait.Job(ctx, conn, id, wait.Options{Clock: clock, Progress: func(s string, _ time.Duration) { seen = append(seen, s) }})
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"Launching VM web1: started", "finished"}, seen)

	// Stopped before it is up, the launch job fails.
	_, err = run(t, clock, func() error {
		if err := svc.Stop(ctx, nil); err != nil {
			return err
		}
		_, err := wait.For(ctx, svc, []string{"down"}, wait.Options{Clock: clock})
		return err
	})
	require.NoError(t, err)
	id = wait.CorrelationID()
	require.NoError(t, start(id))
	require.NoError(t, svc.Stop(ctx, nil))
	_, err = run(t, clock, func() error { return wait.Job(ctx, conn, id, wait.Options{Clock: clock}) })
	var we *wait.Error
	require.ErrorAs(t, err, &we)
	assert.Equal(t, wait.Failed, we.Reason)
	assert.EqualError(t, err, fmt.Sprintf("wait: job 'Launching VM web1' is 'failed' while waiting for it to be 'finished': correlation id %s", id))
}
