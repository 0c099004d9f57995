package engine_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// connectSim starts a simulator with a fast clock and returns a connection to it.
func connectSim(t *testing.T) *engine.Connection {
	t.Helper()
	conn, _ := enginetest.Start(t)
	return conn
}

func waitVM(t *testing.T, svc *engine.VmService, want types.VmStatus) *types.Vm {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	for {
		vm, err := svc.Get(ctx, nil)
		require.NoError(t, err)
		if vm.GetStatus() == want {
			return vm
		}
		if time.Now().After(deadline) {
			t.Fatalf("VM status is %s, want %s", vm.GetStatus(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServicesLifecycle(t *testing.T) {
	ctx := context.Background()
	conn := connectSim(t)
	vms := conn.SystemService().VmsService()
	assert.Equal(t, "vms", vms.Path())
	assert.Equal(t, "vms/a%2Fb", vms.VmService("a/b").Path(), "locators escape ids and send nothing")

	vm, err := vms.Add(ctx, &types.Vm{
		Name:     types.Ptr("svc-web1"),
		Cluster:  &types.Cluster{Name: types.Ptr("Default")},
		Template: &types.Template{Name: types.Ptr("Blank")},
		Memory:   types.Ptr(int64(1 << 30)),
	}, nil)
	require.NoError(t, err)
	require.NotEmpty(t, vm.GetId())
	assert.Equal(t, "svc-web1", vm.GetName())
	assert.Equal(t, int64(1<<30), vm.GetMemory())
	assert.NotEmpty(t, vm.GetNics().GetHref(), "list links keep their href")

	found, err := vms.List(ctx, &engine.VmsListParams{Search: types.Ptr("name=svc-web*"), Max: types.Ptr(int64(10))})
	require.NoError(t, err)
	require.Len(t, found, 1)
	assert.Equal(t, vm.GetId(), found[0].GetId())

	svc := vms.VmService(vm.GetId())
	waitVM(t, svc, types.VmStatusDown)
	require.NoError(t, svc.Start(ctx, &engine.VmStartParams{UseCloudInit: types.Ptr(false)}))
	up := waitVM(t, svc, types.VmStatusUp)
	assert.NotNil(t, up.GetHost(), "a running VM has a host")

	updated, err := svc.Update(ctx, &types.Vm{Memory: types.Ptr(int64(2 << 30))}, &engine.VmUpdateParams{NextRun: types.Ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, "svc-web1", updated.GetName(), "update merges only what was sent")

	require.NoError(t, svc.Stop(ctx, nil))
	waitVM(t, svc, types.VmStatusDown)
	require.NoError(t, svc.Remove(ctx, nil))

	_, err = svc.Get(ctx, nil)
	var e *engine.Error
	require.True(t, errors.As(err, &e), "%v", err)
	assert.Equal(t, engine.KindNotFound, e.Kind)
	assert.Equal(t, 404, e.Code)
}

func TestActionOutParameter(t *testing.T) {
	ctx := context.Background()
	conn := connectSim(t)
	sds, err := conn.SystemService().StorageDomainsService().List(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, sds)
	hosts, err := conn.SystemService().HostsService().List(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, hosts)
	attached, err := conn.SystemService().StorageDomainsService().StorageDomainService(sds[0].GetId()).
		IsAttached(ctx, &engine.StorageDomainIsAttachedParams{Host: &types.Host{Id: hosts[0].Id}})
	require.NoError(t, err)
	_ = attached // the value depends on the seeded inventory; the call must decode it
}

func TestCallOptionsReachTheWire(t *testing.T) {
	ctx := context.Background()
	conn := connectSim(t)
	_, err := conn.SystemService().VmsService().List(ctx, &engine.VmsListParams{
		Search:      types.Ptr("name=x and"),
		CallOptions: engine.CallOptions{Headers: map[string]string{"Filter": "false"}},
	})
	var e *engine.Error
	require.True(t, errors.As(err, &e), "unsupported search syntax is a 400 fault, not a wrong result: %v", err)
	assert.Equal(t, 400, e.Code)
}

func TestWrongDocumentIsAnError(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		if strings.HasSuffix(r.URL.Path, "/vms") {
			_, _ = io.WriteString(w, `<vm id="1"><name>not a list</name></vm>`)
			return
		}
		_, _ = io.WriteString(w, `<vms><vm id="1"/></vms>`)
	}))
	defer srv.Close()
	conn, err := engine.Connect(ctx, engine.Options{URL: srv.URL + "/ovirt-engine/api", Token: "t", KeepToken: true})
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.SystemService().VmsService().List(ctx, nil)
	require.ErrorContains(t, err, "expected a <vms> document, got <vm>")
	_, err = conn.SystemService().VmsService().VmService("1").Get(ctx, nil)
	require.ErrorContains(t, err, "expected a <vm> document, got <vms>")
}
