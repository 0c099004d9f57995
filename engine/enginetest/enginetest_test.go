package enginetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// waitStatus polls a VM through the client until it has the wanted status, moving the
// simulator's manual clock by a second between polls (a minute at most).
func waitStatus(t *testing.T, clock *sim.ManualClock, svc *engine.VmService, want types.VmStatus) *types.Vm {
	t.Helper()
	ctx := context.Background()
	for range 60 {
		vm, err := svc.Get(ctx, nil)
		require.NoError(t, err)
		if vm.GetStatus() == want {
			return vm
		}
		clock.Advance(time.Second)
	}
	vm, err := svc.Get(ctx, nil)
	require.NoError(t, err)
	t.Fatalf("VM %s did not reach %s in a simulated minute (is %s)", vm.GetName(), want, vm.GetStatus())
	return nil
}

func TestLifecycleThroughTheClient(t *testing.T) {
	clock := sim.NewManualClock(time.Time{})
	conn, _ := Start(t, WithSim(sim.Options{Clock: clock}))
	ctx := context.Background()
	vms := conn.SystemService().VmsService()

	listed, err := vms.List(ctx, &engine.VmsListParams{Search: types.Ptr("name=vm*"), Max: types.Ptr(int64(1))})
	require.NoError(t, err)
	require.Len(t, listed, 1)

	added, err := vms.Add(ctx, &types.Vm{Name: types.Ptr("client-vm"), Cluster: &types.Cluster{Name: types.Ptr("Default")},
		Template: &types.Template{Name: types.Ptr("Blank")}, Memory: types.Ptr(int64(2 << 30))}, nil)
	require.NoError(t, err)
	assert.Equal(t, types.VmStatusImageLocked, added.GetStatus())
	assert.Equal(t, "/ovirt-engine/api/vms/"+added.GetId()+"/nics", added.Nics.GetHref())
	svc := vms.VmService(added.GetId())
	waitStatus(t, clock, svc, types.VmStatusDown)

	_, err = svc.NicsService().Add(ctx, &types.Nic{Name: types.Ptr("nic1")}, nil)
	require.NoError(t, err)
	require.NoError(t, svc.Start(ctx, nil))
	up := waitStatus(t, clock, svc, types.VmStatusUp)
	assert.NotEmpty(t, up.Host.GetId())
	assert.NotNil(t, up.StartTime)

	followed, err := svc.Get(ctx, &engine.VmGetParams{Follow: types.Ptr("nics,reported_devices")})
	require.NoError(t, err)
	require.Equal(t, 1, followed.Nics.Len())
	assert.Equal(t, "nic1", followed.Nics.Items[0].GetName())
	require.Equal(t, 1, followed.ReportedDevices.Len())
	assert.Len(t, followed.ReportedDevices.Items[0].Ips, 2)

	err = svc.Remove(ctx, nil)
	var ee *engine.Error
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 409, ee.Code)
	assert.Contains(t, ee.Detail, "VM is running")

	require.NoError(t, svc.Stop(ctx, nil))
	waitStatus(t, clock, svc, types.VmStatusDown)
	require.NoError(t, svc.Remove(ctx, nil))

	_, err = svc.Get(ctx, nil)
	require.True(t, errors.As(err, &ee))
	assert.Equal(t, engine.KindNotFound, ee.Kind)
	assert.Equal(t, "Entity not found: "+added.GetId(), ee.Detail)
}

func TestManualClockAndReLogin(t *testing.T) {
	clock := sim.NewManualClock(time.Time{})
	conn, srv := Start(t, WithSim(sim.Options{Clock: clock, TokenLifetime: time.Hour}))
	ctx := context.Background()
	vms := conn.SystemService().VmsService()
	added, err := vms.Add(ctx, &types.Vm{Name: types.Ptr("m"), Cluster: &types.Cluster{Name: types.Ptr("Default")}}, nil)
	require.NoError(t, err)
	clock.Advance(2 * time.Hour) // the VM settles and the token expires
	vm, err := vms.VmService(added.GetId()).Get(ctx, nil)
	require.NoError(t, err, "the client logs in again after a 401")
	assert.Equal(t, types.VmStatusDown, vm.GetStatus())

	srv.RevokeTokens()
	_, err = vms.List(ctx, nil)
	require.NoError(t, err)
}

func TestBadCredentials(t *testing.T) {
	srv, err := sim.Start(context.Background(), sim.Options{})
	require.NoError(t, err)
	defer srv.Close()
	user, _ := srv.Credentials()
	conn, err := engine.Connect(context.Background(), engine.Options{URL: srv.URL(), Username: user, Password: "wrong",
		CACerts: srv.CACertPEM()})
	if err == nil { // a lazy login fails on first use
		defer conn.Close(context.Background())
		_, err = conn.Authenticate(context.Background())
	}
	var ee *engine.Error
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, engine.KindAuth, ee.Kind)
	assert.Contains(t, ee.Error(), "Cannot authenticate user")
}
