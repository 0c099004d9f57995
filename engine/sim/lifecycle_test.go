package sim

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (e *env) status(path string) string { e.t.Helper(); return e.field(path, "status") }

func (e *env) action(path, body string) response {
	e.t.Helper()
	if body == "" {
		body = "<action/>"
	}
	return e.do("POST", path, body)
}

func (e *env) ok(path, body string) *xnode {
	e.t.Helper()
	r := e.action(path, body)
	require.Equal(e.t, http.StatusOK, r.status, r.body)
	return r.doc(e.t)
}

// addVM adds a VM from Blank in Default and waits (on the manual clock) until it is down.
func (e *env) addVM(name string) string {
	e.t.Helper()
	r := e.do("POST", "/vms", `<vm><name>`+name+`</name><cluster><name>Default</name></cluster><template><name>Blank</name></template></vm>`)
	require.Equal(e.t, http.StatusCreated, r.status, r.body)
	id := r.doc(e.t).Attrs["id"]
	e.clock.Advance(delayImageLock)
	require.Equal(e.t, "down", e.status("/vms/"+id))
	return id
}

func TestVMStartStop(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.addVM("web")
	vm := "/vms/" + id
	r := e.do("POST", vm+"/nics", `<nic><name>nic1</name><vnic_profile id="`+e.idOf("vnicprofiles", "ovirtmgmt")+`"/></nic>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Regexp(t, `^56:6f:1a:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$`, r.doc(t).text("mac/address"))

	d := e.ok(vm+"/start", "")
	assert.Equal(t, "complete", d.text("status"))
	jobHref := d.get("job").Attrs["href"]
	require.NotEmpty(t, jobHref)
	got := e.do("GET", vm, "").doc(t)
	assert.Equal(t, "wait_for_launch", got.text("status"))
	hostID := got.get("host").Attrs["id"]
	assert.NotEmpty(t, hostID, "a host is assigned at once")
	assert.Contains(t, e.action(vm+"/start", "").fault(t, http.StatusConflict), "Cannot run VM")

	e.clock.Advance(delayLaunch)
	assert.Equal(t, "powering_up", e.status(vm))
	e.clock.Advance(delayPowerUp)
	got = e.do("GET", vm, "").doc(t)
	assert.Equal(t, "up", got.text("status"))
	assert.NotEmpty(t, got.text("start_time"))
	assert.Equal(t, "web.sim.example", got.text("fqdn"))
	assert.Equal(t, "Linux", got.text("guest_operating_system/family"))
	devs := e.do("GET", vm+"/reporteddevices", "").doc(t)
	require.Len(t, devs.all("reported_device"), 1)
	ips := devs.get("reported_device/ips").all("ip")
	require.Len(t, ips, 2)
	assert.Regexp(t, `^10\.10\.\d+\.\d+$`, ips[0].text("address"))
	assert.Equal(t, "v4", ips[0].text("version"))
	assert.Equal(t, "finished", e.status(jobHref[len(APIPath):]))

	assert.Contains(t, e.do("DELETE", vm, "").fault(t, http.StatusConflict), "[Cannot remove VM. VM is running.]")

	e.ok(vm+"/stop", "<action><reason>test</reason></action>")
	got = e.do("GET", vm, "").doc(t)
	assert.Equal(t, "down", got.text("status"))
	assert.Nil(t, got.get("host"))
	assert.Equal(t, "test", got.text("stop_reason"))
	assert.Empty(t, e.do("GET", vm+"/reporteddevices", "").doc(t).Children)
	e.ok(vm+"/stop", "") // the engine skips stopping a VM that is down
	assert.Equal(t, "down", e.status(vm))
	assert.Equal(t, http.StatusOK, e.do("DELETE", vm, "").status)
}

func TestVMPowerTransitions(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm1") // seeded up on host1
	host1 := e.idOf("hosts", "host1")
	host2 := e.idOf("hosts", "host2")

	e.ok(vm+"/reboot", "")
	assert.Equal(t, "reboot_in_progress", e.status(vm))
	e.clock.Advance(delayReboot)
	assert.Equal(t, "up", e.status(vm))

	e.ok(vm+"/migrate", "")
	assert.Equal(t, "migrating", e.status(vm))
	e.clock.Advance(delayMigrate)
	assert.Equal(t, "up", e.status(vm))
	assert.Equal(t, host2, e.do("GET", vm, "").doc(t).get("host").Attrs["id"])
	assert.Contains(t, e.action(vm+"/migrate", `<action><host id="`+host2+`"/></action>`).fault(t, http.StatusConflict), "already running")
	e.ok(vm+"/migrate", `<action><host><name>host1</name></host></action>`)
	e.clock.Advance(delayMigrate)
	assert.Equal(t, host1, e.do("GET", vm, "").doc(t).get("host").Attrs["id"])

	e.ok(vm+"/suspend", "")
	assert.Equal(t, "saving_state", e.status(vm))
	e.clock.Advance(delaySaveState)
	assert.Equal(t, "suspended", e.status(vm))
	e.ok(vm+"/start", "")
	assert.Equal(t, "restoring_state", e.status(vm))
	e.clock.Advance(delayLaunch + delayPowerUp)
	assert.Equal(t, "up", e.status(vm))

	e.ok(vm+"/shutdown", "")
	assert.Equal(t, "powering_down", e.status(vm))
	e.clock.Advance(delayPowerDown)
	assert.Equal(t, "down", e.status(vm))
	e.ok(vm+"/shutdown", "") // skipped: already down
	assert.Equal(t, "down", e.status(vm))

	e.ok(vm+"/start", "<action><pause>true</pause></action>")
	e.clock.Advance(delayLaunch + delayPowerUp)
	assert.Equal(t, "paused", e.status(vm))
	e.ok(vm+"/start", "")
	assert.Equal(t, "up", e.status(vm))

	// a stop during power-up wins over the pending transition
	e.ok(vm+"/stop", "")
	e.ok(vm+"/start", "")
	e.ok(vm+"/stop", "")
	e.clock.Advance(time.Minute)
	assert.Equal(t, "down", e.status(vm))
}

func TestSnapshotsAndTemplates(t *testing.T) {
	e := newEnv(t, Options{})
	vmID := e.idOf("vms", "vm2")
	vm := "/vms/" + vmID
	r := e.do("POST", vm+"/snapshots", `<snapshot><description>before upgrade</description></snapshot>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	snap := r.doc(t)
	assert.Equal(t, "locked", snap.text("snapshot_status"))
	assert.Equal(t, "regular", snap.text("snapshot_type"))
	sid := snap.Attrs["id"]
	assert.Contains(t, e.do("POST", vm+"/snapshots", `<snapshot/>`).fault(t, 400), "Snapshot [description] required for add")
	e.clock.Advance(delaySnapshot)
	assert.Equal(t, "ok", e.field(vm+"/snapshots/"+sid, "snapshot_status"))

	e.ok(vm+"/snapshots/"+sid+"/restore", "")
	assert.Equal(t, "image_locked", e.status(vm))
	e.clock.Advance(delaySnapshot)
	assert.Equal(t, "down", e.status(vm))

	e.ok(vm+"/previewsnapshot", `<action><snapshot id="`+sid+`"/></action>`)
	assert.Equal(t, "in_preview", e.field(vm+"/snapshots/"+sid, "snapshot_status"))
	e.clock.Advance(delaySnapshot)
	e.ok(vm+"/commitsnapshot", "")
	assert.Equal(t, "ok", e.field(vm+"/snapshots/"+sid, "snapshot_status"))
	assert.Contains(t, e.action(vm+"/undosnapshot", "").fault(t, http.StatusConflict), "not in preview")

	active := e.do("GET", vm+"/snapshots?search=", "").doc(t).all("snapshot")[0].Attrs["id"]
	assert.Contains(t, e.do("DELETE", vm+"/snapshots/"+active, "").fault(t, http.StatusConflict), "active snapshot")
	assert.Equal(t, http.StatusOK, e.do("DELETE", vm+"/snapshots/"+sid, "").status)

	r = e.do("POST", "/templates", `<template><name>golden</name><vm><name>vm2</name></vm></template>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	tpl := r.doc(t)
	assert.Equal(t, "locked", tpl.text("status"))
	assert.Equal(t, "2147483648", tpl.text("memory"), "configuration comes from the VM")
	e.clock.Advance(delayDiskLock)
	tplPath := "/templates/" + tpl.Attrs["id"]
	assert.Equal(t, "ok", e.status(tplPath))
	assert.Len(t, e.do("GET", tplPath+"/diskattachments", "").doc(t).all("disk_attachment"), 1)
	assert.Len(t, e.do("GET", tplPath+"/nics", "").doc(t).all("nic"), 1)
	assert.Contains(t, e.do("POST", "/templates", `<template><name>x</name><vm><name>vm1</name></vm></template>`).fault(t, http.StatusConflict), "not down")

	// a VM from the template gets copies of its NICs and disks
	r = e.do("POST", "/vms", `<vm><name>fromtpl</name><cluster><name>Default</name></cluster><template><name>golden</name></template></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	nvm := "/vms/" + r.doc(t).Attrs["id"]
	assert.Len(t, e.do("GET", nvm+"/nics", "").doc(t).all("nic"), 1)
	atts := e.do("GET", nvm+"/diskattachments?follow=disk", "").doc(t)
	require.Len(t, atts.all("disk_attachment"), 1)
	assert.Equal(t, "locked", atts.text("disk_attachment/disk/status"))
	e.clock.Advance(delayDiskLock)
	assert.Contains(t, e.do("DELETE", tplPath, "").fault(t, http.StatusConflict), "fromtpl")
	assert.Contains(t, e.do("DELETE", "/templates/"+blankTemplateID, "").fault(t, http.StatusConflict), "Blank")
}

func TestDisksAndAttachments(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/disks", `<disk><name>data</name><format>raw</format><provisioned_size>1073741824</provisioned_size>
		<storage_domains><storage_domain><name>data1</name></storage_domain></storage_domains></disk>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	d := r.doc(t)
	diskID := d.Attrs["id"]
	assert.Equal(t, "locked", d.text("status"))
	assert.Equal(t, e.idOf("storagedomains", "data1"), d.get("storage_domains/storage_domain").Attrs["id"])
	e.clock.Advance(delayDiskLock)
	assert.Equal(t, "ok", e.status("/disks/"+diskID))
	assert.Contains(t, e.do("POST", "/disks", `<disk><name>x</name></disk>`).fault(t, 400), "required for add")

	vm := "/vms/" + e.idOf("vms", "vm2")
	r = e.do("POST", vm+"/diskattachments", `<disk_attachment><disk id="`+diskID+`"/><interface>virtio</interface><bootable>false</bootable></disk_attachment>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, diskID, r.doc(t).Attrs["id"], "an attachment has its disk's id")
	assert.Contains(t, e.do("POST", vm+"/diskattachments", `<disk_attachment><disk id="`+diskID+`"/><interface>virtio</interface></disk_attachment>`).
		fault(t, http.StatusConflict), "already attached")
	r = e.do("POST", vm+"/diskattachments", `<disk_attachment><disk><name>scratch</name><format>cow</format><provisioned_size>10737418240</provisioned_size></disk><interface>virtio_scsi</interface></disk_attachment>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	newDisk := r.doc(t).Attrs["id"]
	assert.Equal(t, "scratch", e.field("/disks/"+newDisk, "name"))
	assert.Len(t, e.do("GET", vm+"/diskattachments", "").doc(t).all("disk_attachment"), 3)

	assert.Equal(t, http.StatusOK, e.do("DELETE", vm+"/diskattachments/"+diskID, "").status)
	assert.Equal(t, "ok", e.status("/disks/"+diskID), "detaching keeps the disk")
	e.clock.Advance(delayDiskLock)
	assert.Equal(t, http.StatusOK, e.do("DELETE", "/disks/"+newDisk, "").status)
	assert.Len(t, e.do("GET", vm+"/diskattachments", "").doc(t).all("disk_attachment"), 1, "removing a disk detaches it")
}
