package sim

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLogicalNamesOfRunningVM checks that the disk attachments of a running VM carry the
// logical names its guest agent reports, and that a down VM's carry none.
func TestLogicalNamesOfRunningVM(t *testing.T) {
	e := newEnv(t, Options{})
	up, down := e.idOf("vms", "vm1"), e.idOf("vms", "vm2")
	atts := e.do("GET", "/vms/"+up+"/diskattachments", "").doc(t).Children
	require.Len(t, atts, 1)
	assert.Equal(t, "/dev/sda", atts[0].text("logical_name"))
	r := e.do("POST", "/vms/"+up+"/diskattachments", `<disk_attachment><interface>virtio</interface><active>true</active>
		<disk><provisioned_size>1048576</provisioned_size><format>cow</format></disk></disk_attachment>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, "/dev/vdb", r.doc(t).text("logical_name"))
	for _, a := range e.do("GET", "/vms/"+down+"/diskattachments", "").doc(t).Children {
		assert.Nil(t, a.get("logical_name"))
	}
}

// TestDiskRemoveRefused checks that a disk attached to a VM that is not down, or belonging to a
// template, cannot be removed, while one of a down VM can.
func TestDiskRemoveRefused(t *testing.T) {
	e := newEnv(t, Options{})
	diskOf := func(vm string) string {
		return e.do("GET", "/vms/"+e.idOf("vms", vm)+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	}
	up, down := diskOf("vm1"), diskOf("vm2")
	assert.Contains(t, e.do("DELETE", "/disks/"+up, "").fault(t, http.StatusConflict), "At least one of the VMs is not down")
	r := e.do("POST", "/templates", `<template><name>t1</name><vm id="`+e.idOf("vms", "vm2")+`"/></template>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	e.clock.Advance(time.Minute)
	tplDisks := e.do("GET", "/templates/"+r.doc(t).Attrs["id"]+"/diskattachments", "").doc(t).Children
	require.NotEmpty(t, tplDisks)
	assert.Contains(t, e.do("DELETE", "/disks/"+tplDisks[0].Attrs["id"], "").fault(t, http.StatusConflict), "belongs to a template")
	assert.Equal(t, http.StatusOK, e.do("DELETE", "/disks/"+down, "").status)
}

// TestDiskExtendRunsAJob checks that extending a disk runs a job, under the request's
// correlation id, until the disk is unlocked.
func TestDiskExtendRunsAJob(t *testing.T) {
	e := newEnv(t, Options{})
	disk := e.do("GET", "/vms/"+e.idOf("vms", "vm2")+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	r := e.do("PUT", "/disks/"+disk+"?correlation_id=extend1", `<disk><provisioned_size>32212254720</provisioned_size></disk>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	job := e.do("GET", "/jobs?search=correlation_id%3Dextend1", "").doc(t).Children
	require.Len(t, job, 1)
	assert.Equal(t, "started", job[0].text("status"))
	e.clock.Advance(delayDiskLock)
	assert.Equal(t, "ok", e.do("GET", "/disks/"+disk, "").doc(t).text("status"))
	assert.Equal(t, "finished", e.do("GET", "/jobs?search=correlation_id%3Dextend1", "").doc(t).Children[0].text("status"))
}

// TestImageTransferByImageID checks that an image transfer naming its disk the old way,
// <image id>, is accepted as one naming <disk id>.
func TestImageTransferByImageID(t *testing.T) {
	e := newEnv(t, Options{})
	disk := e.do("GET", "/vms/"+e.idOf("vms", "vm2")+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	r := e.do("POST", "/imagetransfers", `<image_transfer><image id="`+disk+`"/><direction>download</direction></image_transfer>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, disk, r.doc(t).get("disk").Attrs["id"])
}

// TestTemplateDiskCopyAddsDomain checks that copying a template's disk puts the same disk on one
// more storage domain, where it is then found.
func TestTemplateDiskCopyAddsDomain(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{}})
	r := e.do("POST", "/templates", `<template><name>t1</name><vm id="`+e.idOf("vms", "test4joey")+`"/></template>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	e.clock.Advance(time.Minute)
	disk := e.do("GET", "/templates/"+r.doc(t).Attrs["id"]+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	sd := e.idOf("storagedomains", "bs-scsi-012")
	r = e.do("POST", "/disks/"+disk+"/copy", `<action><storage_domain id="`+sd+`"/></action>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	r = e.do("GET", "/storagedomains/"+sd+"/disks/"+disk, "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Len(t, r.doc(t).get("storage_domains").Children, 2)
}

// TestDiskAttachmentInactiveUnlessAsked checks that an attachment is plugged only when the
// client sends <active>true</active>, as the engine's AttachDiskToVm does.
func TestDiskAttachmentInactiveUnlessAsked(t *testing.T) {
	e := newEnv(t, Options{})
	vm := e.idOf("vms", "vm2")
	for active, body := range map[string]string{"false": "", "true": "<active>true</active>"} {
		r := e.do("POST", "/vms/"+vm+"/diskattachments", `<disk_attachment><interface>virtio</interface>`+body+
			`<disk><provisioned_size>1048576</provisioned_size><format>cow</format></disk></disk_attachment>`)
		require.Equal(t, http.StatusCreated, r.status, r.body)
		assert.Equal(t, active, r.doc(t).text("active"))
	}
}

// TestNonShareableDiskAttachesOnce checks that a disk that is not shareable cannot be attached
// to a second VM.
func TestNonShareableDiskAttachesOnce(t *testing.T) {
	e := newEnv(t, Options{})
	disk := e.do("GET", "/vms/"+e.idOf("vms", "vm1")+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	r := e.do("POST", "/vms/"+e.idOf("vms", "vm2")+"/diskattachments", `<disk_attachment><interface>virtio</interface><disk id="`+disk+`"/></disk_attachment>`)
	assert.Contains(t, r.fault(t, http.StatusConflict), "not shareable")
}

// TestVMFromTemplateDiskOverrides checks the defaults a new VM has (a sound card, as Blank) and
// that the disk_attachments of a VM add choose where its copies of the template's disks go.
func TestVMFromTemplateDiskOverrides(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{}})
	r := e.do("POST", "/templates", `<template><name>t1</name><vm id="`+e.idOf("vms", "test4joey")+`"/></template>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	tpl := r.doc(t).Attrs["id"]
	e.clock.Advance(time.Minute)
	tplDisk := e.do("GET", "/templates/"+tpl+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	sd := e.idOf("storagedomains", "bs-scsi-012")
	r = e.do("POST", "/vms?clone=true", `<vm><name>v2</name><cluster><name>mycluster</name></cluster><template id="`+tpl+`"/>
		<disk_attachments><disk_attachment><disk id="`+tplDisk+`"><format>raw</format><storage_domains><storage_domain id="`+sd+`"/></storage_domains></disk></disk_attachment></disk_attachments></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, "true", r.doc(t).text("soundcard_enabled"))
	att := e.do("GET", "/vms/"+r.doc(t).Attrs["id"]+"/diskattachments", "").doc(t).Children[0]
	d := e.do("GET", "/disks/"+att.Attrs["id"], "").doc(t)
	assert.Equal(t, sd, d.get("storage_domains").Children[0].Attrs["id"])
	assert.Equal(t, "raw", d.text("format"))
}

// TestBackupReachesReady checks a VM backup's phases: initializing, ready, then succeeded after
// finalize; a second backup while one runs is refused.
func TestBackupReachesReady(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm1")
	disk := e.do("GET", vm+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	body := `<backup><disks><disk id="` + disk + `"/></disks></backup>`
	r := e.do("POST", vm+"/backups", body)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	b := r.doc(t)
	assert.Equal(t, "initializing", b.text("phase"))
	assert.Contains(t, e.do("POST", vm+"/backups", body).fault(t, http.StatusConflict), "in progress")
	path := vm + "/backups/" + b.Attrs["id"]
	e.clock.Advance(delayBackupStart)
	assert.Equal(t, "ready", e.do("GET", path, "").doc(t).text("phase"))
	e.ok(path+"/finalize", "")
	assert.Equal(t, "finalizing", e.do("GET", path, "").doc(t).text("phase"))
	e.clock.Advance(delayBackupFinalize)
	assert.Equal(t, "succeeded", e.do("GET", path, "").doc(t).text("phase"))
}

// TestDiskSnapshotAttachesToAnotherVM checks that a backup agent can attach the snapshot of a
// non-shareable disk (disk.snapshot.id) while the disk itself stays attached to its VM.
func TestDiskSnapshotAttachesToAnotherVM(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{Running: []string{"myagent"}}})
	vm, agent := e.idOf("vms", "myvm"), e.idOf("vms", "myagent")
	r := e.do("POST", "/vms/"+vm+"/snapshots", `<snapshot><description>bk</description></snapshot>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	sid := r.doc(t).Attrs["id"]
	e.clock.Advance(time.Minute)
	disks := e.do("GET", "/vms/"+vm+"/snapshots/"+sid+"/disks", "").doc(t).Children
	require.Len(t, disks, 1)
	att := `<disk_attachment><active>true</active><interface>virtio</interface><disk id="` + disks[0].Attrs["id"] + `">%s</disk></disk_attachment>`
	r = e.do("POST", "/vms/"+agent+"/diskattachments", fmt.Sprintf(att, `<snapshot id="`+sid+`"/>`))
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.NotEmpty(t, r.doc(t).text("logical_name"), "the agent's guest agent reports the device")
	assert.Equal(t, http.StatusOK, e.do("DELETE", "/vms/"+agent+"/diskattachments/"+r.doc(t).Attrs["id"], "").status)
	assert.Equal(t, http.StatusConflict, e.do("POST", "/vms/"+agent+"/diskattachments", fmt.Sprintf(att, "")).status,
		"the disk itself is not shareable")
}

// TestDiskSnapshots checks the disk snapshot views: a storage domain's disksnapshots list what
// the VMs' snapshots recorded there, one can be read by id, and the Active VM snapshot lists the
// VM's disks.
func TestDiskSnapshots(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm2")
	snaps := e.do("GET", vm+"/snapshots", "").doc(t).Children
	require.Len(t, snaps, 1)
	assert.Len(t, e.do("GET", vm+"/snapshots/"+snaps[0].Attrs["id"]+"/disks", "").doc(t).Children, 1, "Active VM lists the VM's disks")
	r := e.do("POST", vm+"/snapshots", `<snapshot><description>s1</description></snapshot>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	e.clock.Advance(time.Minute)
	sd := "/storagedomains/" + e.idOf("storagedomains", "data1")
	ds := e.do("GET", sd+"/disksnapshots", "").doc(t).Children
	require.Len(t, ds, 1)
	assert.Equal(t, r.doc(t).Attrs["id"], ds[0].get("snapshot").Attrs["id"])
	one := e.do("GET", sd+"/disksnapshots/"+ds[0].Attrs["id"], "")
	require.Equal(t, http.StatusOK, one.status, one.body)
	assert.Empty(t, e.do("GET", "/storagedomains/"+e.idOf("storagedomains", "iso1")+"/disksnapshots", "").doc(t).Children)
}

// TestTemplateVersions checks template versions: a template naming a base template shares its
// name and counts the version up; without a base, the name must be free.
func TestTemplateVersions(t *testing.T) {
	e := newEnv(t, Options{})
	vm := e.idOf("vms", "vm2")
	r := e.do("POST", "/templates", `<template><name>tv</name><vm id="`+vm+`"/></template>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	base := r.doc(t).Attrs["id"]
	assert.Equal(t, "1", r.doc(t).text("version/version_number"))
	e.clock.Advance(time.Minute)
	for i, want := range []string{"2", "3"} {
		r = e.do("POST", "/templates", `<template><name>tv</name><vm id="`+vm+`"/><version><base_template id="`+base+
			`"/><version_name>v`+want+`</version_name></version></template>`)
		require.Equal(t, http.StatusCreated, r.status, "version %d: %s", i, r.body)
		d := r.doc(t)
		assert.Equal(t, want, d.text("version/version_number"))
		assert.Equal(t, "v"+want, d.text("version/version_name"))
		assert.Equal(t, base, d.get("version/base_template").Attrs["id"])
		assert.Equal(t, "tv", d.text("name"))
		e.clock.Advance(time.Minute)
	}
	assert.Equal(t, http.StatusConflict, e.do("POST", "/templates", `<template><name>tv</name><vm id="`+vm+`"/></template>`).status)
}

// TestExportAndImportThroughExportDomain checks that an exported VM is then listed on the export
// domain, that exporting it again needs exclusive, and that it can be imported back.
func TestExportAndImportThroughExportDomain(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{}})
	vm := e.idOf("vms", "test4joey")
	exp := e.idOf("storagedomains", "myexport")
	body := `<action><storage_domain><name>myexport</name></storage_domain></action>`
	e.ok("/vms/"+vm+"/export", body)
	e.clock.Advance(delayExport)
	var names []string
	for _, v := range e.do("GET", "/storagedomains/"+exp+"/vms", "").doc(t).Children {
		names = append(names, v.text("name"))
	}
	assert.Contains(t, names, "test4joey")
	assert.Equal(t, http.StatusConflict, e.do("POST", "/vms/"+vm+"/export", body).status)
	e.ok("/vms/"+vm+"/export", `<action><exclusive>true</exclusive><storage_domain><name>myexport</name></storage_domain></action>`)
	assert.Contains(t, e.do("POST", "/vms/"+e.idOf("vms", "myvm")+"/export", `<action><storage_domain><name>mydata</name></storage_domain></action>`).
		fault(t, http.StatusConflict), "not an export domain")
	e.ok("/storagedomains/"+exp+"/vms/"+vm+"/import", `<action><cluster><name>mycluster</name></cluster><vm><name>joey2</name></vm></action>`)
	e.clock.Advance(delayExport)
	assert.Equal(t, "down", e.do("GET", "/vms/"+e.idOf("vms", "joey2"), "").doc(t).text("status"))
}

// TestExportToPathOnHost checks export's OVA signature (host, directory, filename): a job that
// ends, nothing stored in the inventory; a missing directory or an unknown host is refused.
func TestExportToPathOnHost(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{}})
	for _, path := range []string{"/vms/" + e.idOf("vms", "myvm"), "/templates/" + e.idOf("templates", "mytemplate")} {
		r := e.do("POST", path+"/export", `<action><host><name>myhost</name></host><directory>/tmp</directory><filename>x.ova</filename></action>`)
		require.Equal(t, http.StatusOK, r.status, r.body)
		job := r.doc(t).get("job").Attrs["id"]
		require.NotEmpty(t, job)
		e.clock.Advance(delayExport)
		assert.Equal(t, "finished", e.do("GET", "/jobs/"+job, "").doc(t).text("status"))
		assert.Equal(t, http.StatusBadRequest, e.do("POST", path+"/export", `<action><host><name>myhost</name></host></action>`).status)
		assert.Equal(t, http.StatusNotFound, e.do("POST", path+"/export", `<action><host><name>nohost</name></host><directory>/tmp</directory></action>`).status)
	}
}
