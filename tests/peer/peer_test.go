package peer

import (
	"context"
	"errors"
	"testing"
	"time"

	ovirtsdk "github.com/ovirt/go-ovirt/v4"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// startSim starts the simulator with a fast clock and returns a go-ovirt connection to it.
func startSim(t testing.TB, opts sim.Options) (*sim.Server, *ovirtsdk.Connection) {
	t.Helper()
	srv, caFile := startJudgeSim(t, opts)
	user, password := srv.Credentials()
	conn, err := ovirtsdk.NewConnectionBuilder().
		URL(srv.URL()).Username(user).Password(password).CAFile(caFile).
		Timeout(30 * time.Second).Build()
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return srv, conn
}

// waitForVMStatus polls the VM until it has the wanted status, failing the test after a deadline.
func waitForVMStatus(t *testing.T, svc *ovirtsdk.VmService, want ovirtsdk.VmStatus) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last ovirtsdk.VmStatus
	for time.Now().Before(deadline) {
		resp, err := svc.Get().Send()
		require.NoError(t, err)
		vm, ok := resp.Vm()
		require.True(t, ok, "get returned no vm")
		if st, ok := vm.Status(); ok {
			last = st
			if st == want {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("VM never reached %s; last status %q", want, last)
}

func TestGoOvirtLifecycle(t *testing.T) {
	_, conn := startSim(t, sim.Options{})
	vmsSvc := conn.SystemService().VmsService()

	// list with search and max
	resp, err := vmsSvc.List().Search("name=*").Max(2).Send()
	require.NoError(t, err)
	listed, ok := resp.Vms()
	require.True(t, ok)
	require.LessOrEqual(t, len(listed.Slice()), 2)

	// add a VM from Blank in Default
	vm, err := ovirtsdk.NewVmBuilder().Name("peer-vm").
		Cluster(ovirtsdk.NewClusterBuilder().Name("Default").MustBuild()).
		Template(ovirtsdk.NewTemplateBuilder().Name("Blank").MustBuild()).
		Memory(1 << 30).Build()
	require.NoError(t, err)
	addResp, err := vmsSvc.Add().Vm(vm).Send()
	require.NoError(t, err)
	added, ok := addResp.Vm()
	require.True(t, ok)
	id, ok := added.Id()
	require.True(t, ok)
	require.Equal(t, "peer-vm", added.MustName())

	// search finds it by name
	resp, err = vmsSvc.List().Search("name=peer-vm").Send()
	require.NoError(t, err)
	require.Len(t, resp.MustVms().Slice(), 1)

	vmSvc := vmsSvc.VmService(id)
	waitForVMStatus(t, vmSvc, ovirtsdk.VMSTATUS_DOWN)
	_, err = vmSvc.Start().Send()
	require.NoError(t, err)
	waitForVMStatus(t, vmSvc, ovirtsdk.VMSTATUS_UP)

	// follow the VM's nics and disk attachments links
	got, err := vmSvc.Get().Send()
	require.NoError(t, err)
	current := got.MustVm()
	nics, err := conn.FollowLink(current.MustNics())
	require.NoError(t, err)
	_, ok = nics.(*ovirtsdk.NicSlice)
	require.True(t, ok, "FollowLink(nics) gave %T", nics)
	das, err := conn.FollowLink(current.MustDiskAttachments())
	require.NoError(t, err)
	_, ok = das.(*ovirtsdk.DiskAttachmentSlice)
	require.True(t, ok, "FollowLink(disk attachments) gave %T", das)

	_, err = vmSvc.Stop().Send()
	require.NoError(t, err)
	waitForVMStatus(t, vmSvc, ovirtsdk.VMSTATUS_DOWN)
	_, err = vmSvc.Remove().Send()
	require.NoError(t, err)

	// the removed VM, and any missing VM, is not found
	_, err = vmSvc.Get().Send()
	var nf *ovirtsdk.NotFoundError
	require.True(t, errors.As(err, &nf), "get removed VM: %v (%T)", err, err)
	_, err = vmsSvc.VmService("junk").Get().Send()
	require.True(t, errors.As(err, &nf), "get junk VM: %v (%T)", err, err)
}

func TestGoOvirtBadPassword(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := sim.Start(ctx, sim.Options{})
	require.NoError(t, err)
	defer srv.Close()
	user, _ := srv.Credentials()
	conn, err := ovirtsdk.NewConnectionBuilder().URL(srv.URL()).Username(user).Password("wrong").
		CACert(srv.CACertPEM()).Build()
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.SystemService().VmsService().List().Send()
	var auth *ovirtsdk.AuthError
	require.True(t, errors.As(err, &auth), "%v (%T)", err, err)
}
