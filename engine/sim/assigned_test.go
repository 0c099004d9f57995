package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProfilesAddedUnderTheirParent: a CPU profile added under a cluster (also reached through
// its data center) and a disk profile added under a storage domain are new top-level profiles
// that point to it, listed under it and at the top.
func TestProfilesAddedUnderTheirParent(t *testing.T) {
	e := newEnv(t, Options{})
	cl, dc, sd := e.idOf("clusters", "Default"), e.idOf("datacenters", "Default"), e.idOf("storagedomains", "data1")
	for _, tc := range []struct{ coll, body, top, member, parent string }{
		{"/clusters/" + cl + "/cpuprofiles", `<cpu_profile><name>cp1</name></cpu_profile>`, "/cpuprofiles", "cluster", cl},
		{"/datacenters/" + dc + "/clusters/" + cl + "/cpuprofiles", `<cpu_profile><name>cp2</name></cpu_profile>`, "/cpuprofiles", "cluster", cl},
		{"/storagedomains/" + sd + "/diskprofiles", `<disk_profile><name>dp1</name></disk_profile>`, "/diskprofiles", "storage_domain", sd},
	} {
		t.Run(tc.coll, func(t *testing.T) {
			r := e.do("POST", tc.coll, tc.body)
			require.Equal(t, http.StatusCreated, r.status, r.body)
			id := r.doc(t).Attrs["id"]
			assert.Equal(t, http.StatusOK, e.do("GET", tc.coll+"/"+id, "").status, "listed under its parent")
			top := e.do("GET", tc.top+"/"+id, "")
			require.Equal(t, http.StatusOK, top.status, "a top-level profile")
			assert.Contains(t, top.body, tc.parent)
		})
	}
}

// TestAssignMissingAffinityLabel: assigning a label when no label was ever added is a 404,
// not a dropped connection.
func TestAssignMissingAffinityLabel(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms/"+e.idOf("vms", "vm1")+"/affinitylabels", `<affinity_label><name>nosuch</name></affinity_label>`)
	assert.Equal(t, http.StatusNotFound, r.status, r.body)
}

// TestPermissionByIDAnywhere: /permissions/{id} and the user's permissions reach a permission
// given on a VM, and removing it there removes it from the VM.
func TestPermissionByIDAnywhere(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm1") + "/permissions"
	r := e.do("POST", vm, `<permission><role><name>UserRole</name></role><user id="`+e.idOf("users", "admin")+`"/></permission>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	id := r.doc(t).Attrs["id"]
	assert.Equal(t, http.StatusOK, e.do("GET", "/permissions/"+id, "").status)
	assert.Equal(t, http.StatusOK, e.do("GET", "/users/"+e.idOf("users", "admin")+"/permissions/"+id, "").status, "the user's permission too")
	require.Equal(t, http.StatusOK, e.do("DELETE", "/permissions/"+id, "").status)
	assert.Equal(t, http.StatusNotFound, e.do("GET", vm+"/"+id, "").status)
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/permissions/nosuch", "").status)
}

// TestNetworkLabelIDIsTheLabel: a label added to a network keeps the id the client gave, and
// adding it twice is a conflict.
func TestNetworkLabelIDIsTheLabel(t *testing.T) {
	e := newEnv(t, Options{})
	labels := "/networks/" + e.idOf("networks", "ovirtmgmt") + "/networklabels"
	r := e.do("POST", labels, `<network_label id="lbl1"/>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, "lbl1", r.doc(t).Attrs["id"])
	assert.Equal(t, http.StatusOK, e.do("GET", labels+"/lbl1", "").status)
	assert.Equal(t, http.StatusConflict, e.do("POST", labels, `<network_label id="lbl1"/>`).status)
	assert.Equal(t, http.StatusBadRequest, e.do("POST", labels, `<network_label/>`).status, "the id is mandatory")
}

// TestPermissionObjectFromPath: a permission added under a data center needs no object in
// its body: the path names it, and the missing input is the user or group.
func TestPermissionObjectFromPath(t *testing.T) {
	e := newEnv(t, Options{})
	perms := "/datacenters/" + e.idOf("datacenters", "Default") + "/permissions"
	fault := e.do("POST", perms, `<permission><role><name>UserRole</name></role></permission>`).fault(t, http.StatusBadRequest)
	assert.Contains(t, fault, "user.id|group.id")
	r := e.do("POST", perms, `<permission><role><name>UserRole</name></role><user id="`+e.idOf("users", "admin")+`"/></permission>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Contains(t, r.body, e.idOf("datacenters", "Default"))
}

// TestUserRolesFromPermissions: the seeded admin is a super user; a user's roles are the roles
// of its permissions, and reach the role's permits.
func TestUserRolesFromPermissions(t *testing.T) {
	e := newEnv(t, Options{})
	user := "/users/" + e.idOf("users", "admin")
	roles := e.do("GET", user+"/roles", "").doc(t).Children
	require.Len(t, roles, 1)
	role := roles[0].Attrs["id"]
	assert.Equal(t, e.idOf("roles", "SuperUser"), role)
	assert.Equal(t, http.StatusOK, e.do("GET", user+"/roles/"+role+"/permits", "").status)
	assert.Empty(t, e.do("GET", "/groups/"+e.idOf("groups", "Everyone")+"/roles", "").doc(t).Children)
}

// TestSystemPermissionsListsTheSystemOnes: /permissions lists the permissions given on the
// system object, as the engine's GetPermissionsForObject(SYSTEM) does; one given on a VM (from
// the VM or through /permissions with a vm member) is listed under the VM and reached by id.
func TestSystemPermissionsListsTheSystemOnes(t *testing.T) {
	e := newEnv(t, Options{})
	count := func() int { return len(e.do("GET", "/permissions", "").doc(t).Children) }
	before := count()
	require.Positive(t, before, "the seed gives admin SuperUser on the system")
	user := e.idOf("users", "admin")
	vm := e.idOf("vms", "vm1")
	onVM := e.do("POST", "/vms/"+vm+"/permissions", `<permission><role><name>UserRole</name></role><user id="`+user+`"/></permission>`)
	require.Equal(t, http.StatusCreated, onVM.status, onVM.body)
	viaTop := e.do("POST", "/permissions", `<permission><role><name>UserRole</name></role><user id="`+user+`"/><vm id="`+vm+`"/></permission>`)
	require.Equal(t, http.StatusCreated, viaTop.status, viaTop.body)
	assert.Equal(t, before, count(), "permissions on a VM are not system permissions")
	assert.Len(t, e.do("GET", "/vms/"+vm+"/permissions", "").doc(t).Children, 2)
	assert.Equal(t, http.StatusOK, e.do("GET", "/permissions/"+viaTop.doc(t).Attrs["id"], "").status)
	sys := e.do("POST", "/permissions", `<permission><role><name>UserRole</name></role><user id="`+user+`"/></permission>`)
	require.Equal(t, http.StatusCreated, sys.status, sys.body)
	assert.Equal(t, before+1, count())
}
