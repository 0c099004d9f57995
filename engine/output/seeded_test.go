package output_test

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/output"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// list calls List on the collection at path (engine/names syntax) and returns the slice.
func list(t *testing.T, ctx context.Context, conn *engine.Connection, path string) any {
	t.Helper()
	coll, err := names.Collection(ctx, conn, path)
	require.NoError(t, err, path)
	m := reflect.ValueOf(coll).MethodByName("List")
	require.True(t, m.IsValid(), "%s has no List", path)
	out := m.Call([]reflect.Value{reflect.ValueOf(ctx), reflect.Zero(m.Type().In(1))})
	require.Nil(t, out[1].Interface(), path)
	return out[0].Interface()
}

// idOf returns the id of the entity at path.
func idOf(t *testing.T, ctx context.Context, conn *engine.Connection, path string) string {
	t.Helper()
	e, err := names.Get(ctx, conn, path)
	require.NoError(t, err, path)
	return e.ID
}

// TestTableOfSeededInventory prints every collection of the simulator's seeded inventory whose
// type has default columns: the header is the type's columns, every row names its object (the
// first column is set) and no cell is a raw Go value.
func TestTableOfSeededInventory(t *testing.T) {
	conn, _ := enginetest.Start(t)
	ctx := t.Context()
	vm1 := idOf(t, ctx, conn, "vms/vm1")
	_, err := conn.SystemService().VmsService().VmService(vm1).SnapshotsService().Add(ctx,
		&types.Snapshot{Description: types.Ptr("before upgrade")}, nil)
	require.NoError(t, err)
	cl := idOf(t, ctx, conn, "clusters/Default")
	_, err = conn.SystemService().ClustersService().ClusterService(cl).AffinityGroupsService().Add(ctx,
		&types.AffinityGroup{Name: types.Ptr("ag1")}, nil)
	require.NoError(t, err)
	_, err = conn.SystemService().VmsService().VmService(vm1).PermissionsService().Add(ctx,
		&types.Permission{Role: &types.Role{Name: types.Ptr("UserRole")}, User: &types.User{Id: types.Ptr(idOf(t, ctx, conn, "users/admin"))}}, nil)
	require.NoError(t, err)

	sys := conn.SystemService()
	_, err = sys.AffinityLabelsService().Add(ctx, &types.AffinityLabel{Name: types.Ptr("gpu")}, nil)
	require.NoError(t, err)
	_, err = sys.JobsService().Add(ctx, &types.Job{Description: types.Ptr("backup"), AutoCleared: types.Ptr(true)}, nil)
	require.NoError(t, err)
	_, err = sys.BookmarksService().Add(ctx, &types.Bookmark{Name: types.Ptr("up"), Value: types.Ptr("vms: status=up")}, nil)
	require.NoError(t, err)
	_, err = sys.VmPoolsService().Add(ctx, &types.VmPool{Name: types.Ptr("pool1"), Size: types.Ptr(int64(0)),
		Cluster: &types.Cluster{Name: types.Ptr("Default")}, Template: &types.Template{Name: types.Ptr("Blank")}}, nil)
	require.NoError(t, err)
	_, err = sys.StorageConnectionsService().Add(ctx, &types.StorageConnection{Type: types.Ptr(types.StorageTypeNfs),
		Address: types.Ptr("nfs.example.com"), Path: types.Ptr("/exports/x")}, nil)
	require.NoError(t, err)

	for _, tc := range []struct{ path, typ string }{
		{"vms", "Vm"}, {"hosts", "Host"}, {"clusters", "Cluster"}, {"datacenters", "DataCenter"},
		{"storagedomains", "StorageDomain"}, {"disks", "Disk"}, {"vms/vm1/nics", "Nic"},
		{"vms/vm1/snapshots", "Snapshot"}, {"templates", "Template"}, {"networks", "Network"},
		{"events", "Event"}, {"users", "User"}, {"vms/vm1/permissions", "Permission"}, {"tags", "Tag"},
		{"vnicprofiles", "VnicProfile"}, {"clusters/Default/affinitygroups", "AffinityGroup"},
		{"roles", "Role"}, {"groups", "Group"}, {"instancetypes", "InstanceType"},
		{"operatingsystems", "OperatingSystemInfo"}, {"macpools", "MacPool"}, {"diskprofiles", "DiskProfile"},
		{"cpuprofiles", "CpuProfile"}, {"domains", "Domain"}, {"vms/vm1/diskattachments", "DiskAttachment"},
		{"hosts/host1/nics", "HostNic"}, {"affinitylabels", "AffinityLabel"}, {"vms/vm1/statistics", "Statistic"},
		{"jobs", "Job"}, {"bookmarks", "Bookmark"}, {"vmpools", "VmPool"}, {"storageconnections", "StorageConnection"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			items := list(t, ctx, conn, tc.path)
			ti := types.Type(tc.typ)
			require.NotNil(t, ti)
			cols := output.DefaultColumns(ti)
			require.NotEmpty(t, cols)
			var b bytes.Buffer
			require.NoError(t, output.Write(&b, items, output.Options{Format: output.Table}))
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			require.Greater(t, len(lines), 1, "no rows: %s", b.String())
			assert.Equal(t, cols, strings.Fields(lines[0]))
			assert.Equal(t, reflect.ValueOf(items).Len(), len(lines)-1)
			for _, l := range lines[1:] {
				assert.NotEqual(t, ' ', rune(l[0]), "first column empty: %q", l)
				assert.NotContains(t, l, "0x", "a raw pointer in %q", l)
				assert.NotContains(t, l, "&{", "a raw struct in %q", l)
				assert.NotRegexp(t, `(^|\s)[0-9.]+e[+-][0-9]+(\s|$)`, l, "a number with an exponent in %q", l)
			}
		})
	}
}
