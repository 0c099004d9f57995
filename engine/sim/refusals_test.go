package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHostSummaryCountsItsVMs checks that a host's summary counts the VMs running on it, in the
// host itself, in the hosts list and when followed from a VM, and follows starts, migrations and
// stops.
func TestHostSummaryCountsItsVMs(t *testing.T) {
	e := newEnv(t, Options{})
	h1, h2 := e.idOf("hosts", "host1"), e.idOf("hosts", "host2")
	vm1, vm2 := "/vms/"+e.idOf("vms", "vm1"), "/vms/"+e.idOf("vms", "vm2") // vm1 up on host1, vm2 down
	summary := func(host string) [3]string {
		t.Helper()
		d := e.do("GET", "/hosts/"+host, "").doc(t)
		var inList [3]string
		for _, h := range e.do("GET", "/hosts", "").doc(t).all("host") {
			if h.Attrs["id"] == host {
				inList = [3]string{h.text("summary/total"), h.text("summary/active"), h.text("summary/migrating")}
			}
		}
		got := [3]string{d.text("summary/total"), d.text("summary/active"), d.text("summary/migrating")}
		assert.Equal(t, got, inList, "a listed host has the same summary")
		return got
	}
	assert.Equal(t, [3]string{"1", "1", "0"}, summary(h1))
	assert.Equal(t, [3]string{"0", "0", "0"}, summary(h2))
	assert.Equal(t, "1", e.do("GET", vm1+"?follow=host", "").doc(t).text("host/summary/total"))

	e.ok(vm1+"/migrate", `<action><host id="`+h2+`"/></action>`)
	assert.Equal(t, [3]string{"1", "0", "1"}, summary(h1), "a migrating VM counts on its source")
	e.clock.Advance(delayMigrate)
	assert.Equal(t, [3]string{"0", "0", "0"}, summary(h1))
	assert.Equal(t, [3]string{"1", "1", "0"}, summary(h2))

	e.ok(vm2+"/start", `<action><vm><placement_policy><hosts><host id="`+h2+`"/></hosts></placement_policy></vm></action>`)
	assert.Equal(t, [3]string{"2", "1", "0"}, summary(h2), "a launching VM is on the host, not yet active")
	e.clock.Advance(delayLaunch)
	e.clock.Advance(delayPowerUp)
	assert.Equal(t, [3]string{"2", "2", "0"}, summary(h2))
	e.ok(vm1+"/stop", "")
	e.clock.Advance(delayPowerDown)
	assert.Equal(t, [3]string{"1", "1", "0"}, summary(h2))
	require.Equal(t, http.StatusOK, e.do("GET", "/hosts?follow=nics", "").status)
}

// TestClusterNetworkRefusals checks that a cluster takes only networks of its own data center
// and keeps its management network.
func TestClusterNetworkRefusals(t *testing.T) {
	e := newEnv(t, Options{})
	cl := "/clusters/" + e.idOf("clusters", "Default")
	r := e.do("POST", "/datacenters", `<data_center><name>dc2</name><local>false</local></data_center>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	dc2 := r.doc(t).Attrs["id"]
	addNet := func(name, dc string) string {
		r := e.do("POST", "/networks", `<network><name>`+name+`</name><data_center id="`+dc+`"/></network>`)
		require.Equal(t, http.StatusCreated, r.status, r.body)
		return r.doc(t).Attrs["id"]
	}
	other, own := addNet("net2", dc2), addNet("net3", e.idOf("datacenters", "Default"))

	for _, path := range []string{cl, "/datacenters/" + e.idOf("datacenters", "Default") + cl} {
		assert.Contains(t, e.do("POST", path+"/networks", `<network id="`+other+`"/>`).fault(t, http.StatusConflict), "different Data Centers")
	}
	assert.Equal(t, http.StatusNotFound, e.do("GET", cl+"/networks/"+other, "").status, "a refused assignment is not stored")
	require.Equal(t, http.StatusCreated, e.do("POST", cl+"/networks", `<network id="`+own+`"/>`).status)

	mgmt := e.idOf("networks", "ovirtmgmt")
	assert.Contains(t, e.do("DELETE", cl+"/networks/"+mgmt, "").fault(t, http.StatusConflict), "management network")
	assert.Equal(t, http.StatusOK, e.do("GET", cl+"/networks/"+mgmt, "").status)
	assert.Equal(t, http.StatusOK, e.do("DELETE", cl+"/networks/"+own, "").status)
}

// TestStorageDomainMaintenanceWithRunningVMs checks that a domain holding disks of running VMs
// cannot be put into maintenance until they stop.
func TestStorageDomainMaintenanceWithRunningVMs(t *testing.T) {
	e := newEnv(t, Options{})
	att := "/datacenters/" + e.idOf("datacenters", "Default") + "/storagedomains/" + e.idOf("storagedomains", "data1")
	vm1 := "/vms/" + e.idOf("vms", "vm1") // up, its disk on data1
	assert.Contains(t, e.action(att+"/deactivate", "").fault(t, http.StatusConflict), "vm1")
	assert.Equal(t, "active", e.status(att))
	e.ok(vm1+"/stop", "")
	e.clock.Advance(delayPowerDown)
	require.Equal(t, "down", e.status(vm1))
	e.ok(att+"/deactivate", "")
	assert.Equal(t, "preparing_for_maintenance", e.status(att))
}

// TestStorageDomainMaintenanceWithUnpluggedDisk checks that a running VM's unplugged disk does
// not keep its domain from maintenance.
func TestStorageDomainMaintenanceWithUnpluggedDisk(t *testing.T) {
	e := newEnv(t, Options{})
	att := "/datacenters/" + e.idOf("datacenters", "Default") + "/storagedomains/" + e.idOf("storagedomains", "data1")
	atts := "/vms/" + e.idOf("vms", "vm1") + "/diskattachments"
	disk := e.do("GET", atts, "").doc(t).Children[0].Attrs["id"]
	r := e.do("PUT", atts+"/"+disk, `<disk_attachment><active>false</active></disk_attachment>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	e.ok(att+"/deactivate", "")
	assert.Equal(t, "preparing_for_maintenance", e.status(att))
}

// TestLockedVMIsNotEdited checks that a VM whose disks are still being copied cannot be edited,
// and can once it is down.
func TestLockedVMIsNotEdited(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms", `<vm><name>web1</name><cluster><name>Default</name></cluster><template><name>Blank</name></template></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	vm := "/vms/" + r.doc(t).Attrs["id"]
	require.Equal(t, "image_locked", e.status(vm))
	assert.Contains(t, e.do("PUT", vm, `<vm><description>web</description></vm>`).fault(t, http.StatusConflict), "VM is locked")
	assert.Empty(t, e.field(vm, "description"), "a refused edit changes nothing")
	e.clock.Advance(delayImageLock)
	require.Equal(t, "down", e.status(vm))
	require.Equal(t, http.StatusOK, e.do("PUT", vm, `<vm><description>web</description></vm>`).status)
	assert.Equal(t, "web", e.field(vm, "description"))
}
