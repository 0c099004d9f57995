package sim

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The behaviour added for the scripts in scripts/: snapshot disks, VMs from snapshots, cloud-init
// in the guest's report, disk growth through attachments, directory users and permissions.

func TestSnapshotDisksAndCloneFromSnapshot(t *testing.T) {
	e := newEnv(t, Options{})
	src := "/vms/" + e.idOf("vms", "vm2")
	r := e.do("POST", src+"/snapshots", `<snapshot><description>before</description></snapshot>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	snap := r.doc(t).Attrs["id"]
	disks := e.do("GET", src+"/snapshots/"+snap+"/disks", "").doc(t).all("disk")
	require.Len(t, disks, 1)
	assert.Equal(t, "vm2_Disk1", disks[0].text("name"))
	assert.Equal(t, snap, disks[0].get("snapshot").Attrs["id"])

	body := `<vm><name>c1</name><cluster><name>Default</name></cluster><snapshots><snapshot id="` + snap + `"/></snapshots></vm>`
	assert.Contains(t, e.do("POST", "/vms", body).fault(t, http.StatusConflict), "snapshot is locked")
	e.clock.Advance(delaySnapshot)
	active := ""
	for _, s := range e.do("GET", src+"/snapshots", "").doc(t).all("snapshot") {
		if s.text("snapshot_type") == "active" {
			active = s.Attrs["id"]
		}
	}
	activeBody := `<vm><name>c0</name><cluster><name>Default</name></cluster><snapshots><snapshot id="` + active + `"/></snapshots></vm>`
	assert.Contains(t, e.do("POST", "/vms", activeBody).fault(t, http.StatusConflict), "active snapshot")
	assert.Contains(t, e.do("POST", "/vms", `<vm><name>c0</name><cluster><name>Default</name></cluster><snapshots><snapshot id="nope"/></snapshots></vm>`).fault(t, http.StatusNotFound), "Snapshot")

	body = `<vm><name>c1</name><cluster><name>Default</name></cluster><snapshots><snapshot id="` + snap + `"/></snapshots>` +
		`<disk_attachments><disk_attachment><disk id="` + disks[0].Attrs["id"] + `"><format>raw</format></disk></disk_attachment></disk_attachments></vm>`
	r = e.do("POST", "/vms", body)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	vm := r.doc(t)
	assert.Equal(t, "image_locked", vm.text("status"))
	assert.Equal(t, "2147483648", vm.text("memory"), "the source VM's memory")
	id := vm.Attrs["id"]
	atts := e.do("GET", "/vms/"+id+"/diskattachments", "").doc(t).all("disk_attachment")
	require.Len(t, atts, 1)
	diskID := atts[0].get("disk").Attrs["id"]
	assert.NotEqual(t, disks[0].Attrs["id"], diskID, "a copy")
	d := e.do("GET", "/disks/"+diskID, "").doc(t)
	assert.Equal(t, "raw", d.text("format"))
	assert.Equal(t, "21474836480", d.text("provisioned_size"))
	assert.Len(t, e.do("GET", "/vms/"+id+"/nics", "").doc(t).all("nic"), 1)
	e.clock.Advance(delayImageLock)
	assert.Equal(t, "down", e.status("/vms/"+id))
	assert.Equal(t, "ok", e.field("/disks/"+diskID, "status"))
}

func TestStartWithCloudInit(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm2")
	e.ok(vm+"/start", `<action><use_cloud_init>true</use_cloud_init><vm><initialization>
		<host_name>web.example.com</host_name><user_name>cloud</user_name><root_password>secret</root_password>
		<nic_configurations><nic_configuration><name>eth0</name><boot_protocol>static</boot_protocol><on_boot>true</on_boot>
		<ip><address>192.168.1.50</address><netmask>255.255.255.0</netmask><gateway>192.168.1.1</gateway></ip>
		</nic_configuration></nic_configurations></initialization></vm></action>`)
	e.clock.Advance(delayLaunch)
	e.clock.Advance(delayPowerUp)
	got := e.do("GET", vm, "")
	doc := got.doc(t)
	assert.Equal(t, "up", doc.text("status"))
	assert.Equal(t, "web.example.com", doc.text("fqdn"))
	assert.Equal(t, "web.example.com", doc.text("initialization/host_name"))
	assert.NotContains(t, got.body, "secret")
	ips := e.do("GET", vm+"/reporteddevices", "").doc(t).get("reported_device/ips").all("ip")
	require.Len(t, ips, 2)
	assert.Equal(t, "192.168.1.50", ips[0].text("address"))
	assert.Equal(t, "v6", ips[1].text("version"))
}

func TestExtendDiskThroughAttachment(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm2")
	assert.Contains(t, e.do("POST", vm+"/diskattachments", `<disk_attachment><interface>virtio</interface><disk><provisioned_size>1073741824</provisioned_size>`+
		`<storage_domains><storage_domain><name>nope</name></storage_domain></storage_domains></disk></disk_attachment>`).fault(t, http.StatusNotFound), "nope")
	att := e.do("GET", vm+"/diskattachments", "").doc(t).get("disk_attachment")
	diskID := att.get("disk").Attrs["id"]
	path := vm + "/diskattachments/" + att.Attrs["id"]

	r := e.do("PUT", path, `<disk_attachment><disk><provisioned_size>10737418240</provisioned_size></disk></disk_attachment>`)
	assert.Contains(t, r.fault(t, http.StatusConflict), "cannot be smaller")
	r = e.do("PUT", path, `<disk_attachment><disk><provisioned_size>32212254720</provisioned_size></disk></disk_attachment>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, diskID, r.doc(t).get("disk").Attrs["id"])
	assert.Empty(t, r.doc(t).text("disk/provisioned_size"), "the attachment keeps a reference")
	d := e.do("GET", "/disks/"+diskID, "").doc(t)
	assert.Equal(t, "32212254720", d.text("provisioned_size"))
	assert.Equal(t, "locked", d.text("status"))
	assert.Contains(t, e.do("PUT", "/disks/"+diskID, `<disk><provisioned_size>42949672960</provisioned_size></disk>`).fault(t, http.StatusConflict), "in progress")
	e.clock.Advance(delayDiskLock)
	assert.Equal(t, "ok", e.field("/disks/"+diskID, "status"))

	r = e.do("PUT", "/disks/"+diskID, `<disk><provisioned_size>42949672960</provisioned_size><status>ok</status></disk>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "locked", r.doc(t).text("status"))
}

func TestDirectoryUsersAndPermissions(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/users", `<user><user_name>jdoe@internal-authz</user_name><domain><name>internal-authz</name></domain></user>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	u := r.doc(t)
	assert.Equal(t, "jdoe", u.text("principal"))
	assert.Equal(t, "jdoe", u.text("name"))
	assert.Equal(t, "jdoe@internal-authz", u.text("user_name"))
	assert.Contains(t, e.do("POST", "/users", `<user><user_name>jdoe@internal-authz</user_name><domain><name>internal-authz</name></domain></user>`).fault(t, http.StatusConflict), "already")
	assert.Contains(t, e.do("POST", "/users", `<user><user_name>x@nowhere-authz</user_name><domain><name>nowhere-authz</name></domain></user>`).fault(t, http.StatusNotFound), "Domain")

	for q, n := range map[string]int{"usrname=jdoe@internal-authz": 1, "usrname=admin@internal-authz": 1, "usrname=admin@internal": 1, "usrname=nobody*": 0} {
		got := e.do("GET", "/users?search="+url.QueryEscape(q), "")
		require.Equal(t, http.StatusOK, got.status, got.body)
		assert.Len(t, got.doc(t).all("user"), n, q)
	}

	vm := e.idOf("vms", "vm1")
	r = e.do("POST", "/vms/"+vm+"/permissions", `<permission><role><name>UserRole</name></role><user id="`+u.Attrs["id"]+`"/></permission>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	p := r.doc(t)
	assert.Equal(t, vm, p.get("vm").Attrs["id"])
	assert.Equal(t, e.idOf("roles", "UserRole"), p.get("role").Attrs["id"])
	assert.Contains(t, e.do("POST", "/vms/"+vm+"/permissions", `<permission><role><name>UserRole</name></role></permission>`).fault(t, http.StatusBadRequest), "required")
}

func TestTemplateDiskFormat(t *testing.T) {
	e := newEnv(t, Options{})
	vm := e.idOf("vms", "vm2")
	disk := e.do("GET", "/vms/"+vm+"/diskattachments", "").doc(t).get("disk_attachment/disk").Attrs["id"]
	assert.Contains(t, e.do("POST", "/templates", `<template><name>t0</name><vm id="`+vm+`"><disk_attachments><disk_attachment><disk id="`+disk+
		`"><storage_domains><storage_domain><name>nope</name></storage_domain></storage_domains></disk></disk_attachment></disk_attachments></vm></template>`).fault(t, http.StatusNotFound), "nope")
	r := e.do("POST", "/templates", `<template><name>t1</name><vm id="`+vm+`"><disk_attachments><disk_attachment><disk id="`+disk+
		`"><format>raw</format><sparse>false</sparse></disk></disk_attachment></disk_attachments></vm></template>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	tpl := r.doc(t)
	assert.Nil(t, tpl.get("vm/disk_attachments"), "the request's disk list is not stored")
	atts := e.do("GET", "/templates/"+tpl.Attrs["id"]+"/diskattachments", "").doc(t).all("disk_attachment")
	require.Len(t, atts, 1)
	d := e.do("GET", "/disks/"+atts[0].get("disk").Attrs["id"], "").doc(t)
	assert.Equal(t, "raw", d.text("format"))
	assert.Equal(t, "false", d.text("sparse"))
}

func TestNetworkProfilesAndRemoval(t *testing.T) {
	e := newEnv(t, Options{})
	dc := e.idOf("datacenters", "Default")
	r := e.do("POST", "/networks", `<network><name>net1</name><data_center><name>Default</name></data_center><vlan id="10"/><mtu>1500</mtu></network>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	net := r.doc(t)
	assert.Equal(t, "vm", net.get("usages").text("usage"))
	assert.Contains(t, e.do("POST", "/networks", `<network><name>net1</name><data_center id="`+dc+`"/></network>`).fault(t, http.StatusConflict), "already used")
	profile := e.idOf("vnicprofiles", "net1")
	assert.Equal(t, net.Attrs["id"], e.do("GET", "/vnicprofiles/"+profile, "").doc(t).get("network").Attrs["id"])
	mine := e.do("GET", "/networks/"+net.Attrs["id"]+"/vnicprofiles", "").doc(t).all("vnic_profile")
	require.Len(t, mine, 1)
	assert.Equal(t, profile, mine[0].Attrs["id"])
	r = e.do("POST", "/networks/"+net.Attrs["id"]+"/vnicprofiles", `<vnic_profile><name>net1-mirror</name><port_mirroring>true</port_mirroring></vnic_profile>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, net.Attrs["id"], r.doc(t).get("network").Attrs["id"])
	assert.Len(t, e.do("GET", "/networks/"+net.Attrs["id"]+"/vnicprofiles", "").doc(t).all("vnic_profile"), 2)

	r = e.do("POST", "/datacenters/"+dc+"/networks", `<network><name>storage</name><usages/></network>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	for _, p := range e.do("GET", "/vnicprofiles", "").doc(t).all("vnic_profile") {
		assert.NotEqual(t, "storage", p.text("name"), "no profile for a non-VM network")
	}

	cl := e.idOf("clusters", "Default")
	r = e.do("POST", "/clusters/"+cl+"/networks", `<network id="`+net.Attrs["id"]+`"><required>false</required></network>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	vm := e.idOf("vms", "vm2")
	r = e.do("POST", "/vms/"+vm+"/nics", `<nic><name>nic9</name><vnic_profile id="`+profile+`"/></nic>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Contains(t, e.do("DELETE", "/networks/"+net.Attrs["id"], "").fault(t, http.StatusConflict), "VM interfaces")
	require.Equal(t, http.StatusOK, e.do("DELETE", "/vms/"+vm+"/nics/"+r.doc(t).Attrs["id"], "").status)
	require.Equal(t, http.StatusOK, e.do("DELETE", "/networks/"+net.Attrs["id"], "").status)
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/vnicprofiles/"+profile, "").status)
	assert.Len(t, e.do("GET", "/clusters/"+cl+"/networks", "").doc(t).all("network"), 1, "ovirtmgmt only")
	assert.Contains(t, e.do("DELETE", "/networks/"+e.idOf("networks", "ovirtmgmt"), "").fault(t, http.StatusConflict), "management")
}
