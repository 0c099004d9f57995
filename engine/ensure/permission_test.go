package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestPermission(t *testing.T) {
	e := start(t)
	tests := []struct {
		name string
		spec ensure.Spec
		res  string
	}{
		{"user on a VM", ensure.Spec{"role": "UserRole", "user": "admin", "vm": "vm1"}, "UserRole for user admin on vm vm1"},
		{"user name on a cluster", ensure.Spec{"role": "ClusterAdmin", "user": "admin@internal", "cluster": "Default"},
			"ClusterAdmin for user admin@internal on cluster Default"},
		{"group on the system", ensure.Spec{"role": "ReadOnlyAdmin", "group": "Everyone"}, "ReadOnlyAdmin for group Everyone on system"},
		{"group on a data center", ensure.Spec{"role": "DataCenterAdmin", "group": "Everyone", "data_center": "Default"},
			"DataCenterAdmin for group Everyone on data_center Default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &env{t: t, conn: e.conn, log: e.log}
			r, writes := e.must("permission", tt.spec, ensure.Options{Check: true})
			assert.Equal(t, tt.res, r.Name)
			assert.Equal(t, "add", r.Op)
			assert.Empty(t, writes)
			r, writes = e.must("permission", tt.spec, ensure.Options{})
			assert.Equal(t, "add", r.Op)
			assert.Len(t, writes, 1)
			require.IsType(t, &types.Permission{}, r.Object)
			e.noop("permission", tt.spec)

			gone := ensure.Spec{"state": "absent"}
			for k, v := range tt.spec {
				gone[k] = v
			}
			e.removes("permission", gone, ensure.Options{})
		})
	}
}

func TestPermissionExportRoundTrip(t *testing.T) {
	e := start(t)
	e.must("permission", ensure.Spec{"role": "ReadOnlyAdmin", "group": "Everyone"}, ensure.Options{})
	e.must("permission", ensure.Spec{"role": "UserVmManager", "user": "admin", "vm": "vm1"}, ensure.Options{})
	rs := e.exportRoundTrip("permission", "")
	assert.Contains(t, specs(rs), ensure.Spec{"role": "ReadOnlyAdmin", "group": "Everyone"})
	assert.Contains(t, specs(rs), ensure.Spec{"role": "UserVmManager", "user": "admin", "vm": "vm1"}, "those given on a VM too")
	rs = e.exportRoundTrip("permission", "name=vm1") // the search selects VMs
	assert.Equal(t, []ensure.Spec{{"role": "UserVmManager", "user": "admin", "vm": "vm1"}}, specs(rs))
}

func TestPermissionBadInput(t *testing.T) {
	e := start(t)
	tests := []struct {
		name string
		spec ensure.Spec
		want string
	}{
		{"no role", ensure.Spec{"user": "admin"}, "permission: role is required: the name or id of a role such as 'UserRole'"},
		{"no one", ensure.Spec{"role": "UserRole"}, "permission: one of user and group is required: whom the role is given to"},
		{"both", ensure.Spec{"role": "UserRole", "user": "admin", "group": "Everyone"}, "one of user and group is required"},
		{"two objects", ensure.Spec{"role": "UserRole", "user": "admin", "vm": "vm1", "cluster": "Default"}, "a permission is on one object"},
		{"unknown role", ensure.Spec{"role": "UserRol", "user": "admin"}, "role: no role named 'UserRol' in roles; did you mean 'UserRole'"},
		{"unknown user", ensure.Spec{"role": "UserRole", "user": "bob@internal"}, "user: no user named 'bob@internal' in users"},
		{"unknown member", ensure.Spec{"role": "UserRole", "user": "admin", "vms": "vm1"}, "a permission has no member 'vms'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, writes, err := e.ensure("permission", tt.spec, ensure.Options{})
			require.ErrorContains(t, err, tt.want)
			assert.Empty(t, writes)
		})
	}
}

func specs(rs []ensure.Resource) []ensure.Spec {
	out := make([]ensure.Spec, len(rs))
	for i, r := range rs {
		out[i] = r.Spec
	}
	return out
}
