package sim

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEmptyStringMembersAreSent checks that what an engine always sends, even empty, is in the
// answer: <comment></comment> on every entity, a disk's <alias>.
func TestEmptyStringMembersAreSent(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms", `<vm><name>c1</name><cluster><name>Default</name></cluster><template><name>Blank</name></template></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	for _, name := range []string{"comment", "description"} {
		if m := r.doc(t).get(name); assert.NotNil(t, m, "no %s", name) {
			assert.Empty(t, m.Text)
		}
	}
	for _, path := range []string{"/vms", "/clusters", "/datacenters", "/hosts", "/storagedomains", "/templates", "/disks"} {
		for _, n := range e.do("GET", path, "").doc(t).Children {
			c := n.get("comment")
			if assert.NotNil(t, c, "%s: %s has no comment", path, n.Attrs["id"]) {
				assert.Empty(t, c.Text)
			}
		}
	}
	r = e.do("POST", "/disks", `<disk><name>d1</name><provisioned_size>1048576</provisioned_size><format>raw</format>
		<storage_domains><storage_domain><name>data1</name></storage_domain></storage_domains></disk>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	d := r.doc(t)
	require.NotNil(t, d.get("alias"), r.body)
	assert.Equal(t, "d1", d.get("alias").Text)
	e.clock.Advance(delayDiskLock)
	r = e.do("PUT", "/disks/"+d.Attrs["id"], `<disk><name>d2</name></disk>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "d2", r.doc(t).get("alias").Text)
	r = e.do("PUT", "/disks/"+d.Attrs["id"], `<disk><alias>d3</alias></disk>`) // the older name of the name
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, "d3", r.doc(t).text("name"))
	assert.Equal(t, "d3", r.doc(t).text("alias"))
}

// TestExampleSeed checks the objects seeded for the SDKs' examples, and that a name it does not
// know is refused.
func TestExampleSeed(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{Without: []string{"mytag"}, Running: []string{"myvm"}}})
	for path, name := range map[string]string{"/datacenters": "mydc", "/clusters": "mycluster", "/hosts": "myhost",
		"/storagedomains": "mydata", "/templates": "mytemplate", "/networks": "mynetwork", "/disks": "mydisk"} {
		assert.NotEmpty(t, e.idOf(path[1:], name), "%s %s", path, name)
	}
	vm := e.do("GET", "/vms/"+e.idOf("vms", "myvm"), "").doc(t)
	assert.Equal(t, "up", vm.get("status").Text)
	for _, tag := range e.do("GET", "/tags", "").doc(t).Children {
		assert.NotEqual(t, "mytag", tag.text("name"))
	}

	_, err := Start(t.Context(), Options{Examples: &ExampleSeed{Without: []string{"nosuch"}}})
	require.ErrorContains(t, err, `"nosuch" is not an example object`)
}

// TestUserSearchByUserName checks the spelling userName= of the engine's usrname= search.
func TestUserSearchByUserName(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{}})
	for _, q := range []string{"userName%3Duser2%40internal-authz", "usrname%3Dmyuser%40mydomain-authz"} {
		r := e.do("GET", "/users?search="+q, "")
		require.Equal(t, http.StatusOK, r.status, r.body)
		assert.Len(t, r.doc(t).Children, 1, q)
	}
}

// TestAllContent checks that all_content=true adds a VM's OVF configuration and console, and
// that without it they are not sent.
func TestAllContent(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.idOf("vms", "vm1")
	for _, path := range []string{"/vms/" + id + "?all_content=true", "/vms?search=name%3Dvm1&all_content=true"} {
		r := e.do("GET", path, "")
		require.Equal(t, http.StatusOK, r.status, r.body)
		vm := r.doc(t)
		if vm.Name == "vms" {
			require.Len(t, vm.Children, 1)
			vm = vm.Children[0]
		}
		require.NotNil(t, vm.get("initialization/configuration"), path)
		assert.Equal(t, "ovf", vm.get("initialization/configuration/type").Text)
		ovf, err := parseX(vm.get("initialization/configuration/data").Text)
		require.NoError(t, err)
		assert.Equal(t, "Envelope", ovf.Name)
		assert.Equal(t, "vm1", ovf.get("Content/Name").Text)
		assert.Contains(t, vm.get("initialization/configuration/data").Text, "vm1_Disk1")
		assert.Equal(t, "false", vm.get("console/enabled").Text)
	}
	assert.Nil(t, e.do("GET", "/vms/"+id, "").doc(t).get("initialization"))
}

// TestJobsByCorrelationID checks that the jobs a request starts carry its correlation_id, and
// that the jobs search finds them by it.
func TestJobsByCorrelationID(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/disks?correlation_id=disk_create_abc", `<disk><name>cd1</name><provisioned_size>1048576</provisioned_size>
		<format>cow</format><storage_domains><storage_domain><name>data1</name></storage_domain></storage_domains></disk>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	jobs := func(q string) []*xnode {
		r := e.do("GET", "/jobs?search="+q, "")
		require.Equal(t, http.StatusOK, r.status, r.body)
		return r.doc(t).Children
	}
	got := jobs("correlation_id%3Ddisk_create_abc")
	require.Len(t, got, 1)
	assert.Equal(t, "started", got[0].text("status"))
	assert.Empty(t, jobs("correlation_id%3Dother"))
	e.clock.Advance(delayDiskLock)
	assert.Equal(t, "finished", jobs("correlation_id%3Ddisk_create_abc")[0].text("status"))
}

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

// TestEngineRootIsNotTheAPI checks that /ovirt-engine answers as an engine's welcome page does
// for an API client (a redirect loop through the SSO login), and that other paths stay 404.
func TestEngineRootIsNotTheAPI(t *testing.T) {
	e := newEnv(t, Options{})
	base := strings.TrimSuffix(e.s.URL(), APIPath)
	client := &http.Client{Transport: e.s.HTTPClient().Transport} // follows redirects
	_, err := client.Get(base + "/ovirt-engine")
	require.ErrorContains(t, err, "stopped after 10 redirects")
	noFollow := *client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Get(base + "/ovirt-engine/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode)
	assert.Equal(t, "/ovirt-engine/sso/login.html?app_url=/ovirt-engine/", resp.Header.Get("Location"))
	resp, err = noFollow.Get(base + "/ovirt-engine/nosuch")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// TestStopDownVMSucceeds checks that stopping or shutting down a VM that is down succeeds
// without doing anything, as the engine skips the command, while a locked VM is refused.
func TestStopDownVMSucceeds(t *testing.T) {
	e := newEnv(t, Options{})
	down := e.idOf("vms", "vm2")
	for _, action := range []string{"stop", "shutdown"} {
		r := e.do("POST", "/vms/"+down+"/"+action, "<action/>")
		assert.Equal(t, http.StatusOK, r.status, r.body)
	}
	assert.Equal(t, "down", e.do("GET", "/vms/"+down, "").doc(t).text("status"))
	r := e.do("POST", "/vms", `<vm><name>locked</name><cluster><name>Default</name></cluster><template><name>Blank</name></template></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	r = e.do("POST", "/vms/"+r.doc(t).Attrs["id"]+"/stop", "<action/>")
	assert.Equal(t, http.StatusConflict, r.status, r.body)
}

// TestAffinityGroupBelongsToCluster checks that an affinity group answers with its cluster and
// both of its rules.
func TestAffinityGroupBelongsToCluster(t *testing.T) {
	e := newEnv(t, Options{})
	cl := e.idOf("clusters", "Default")
	r := e.do("POST", "/clusters/"+cl+"/affinitygroups", `<affinity_group><name>ag1</name><positive>false</positive><enforcing>true</enforcing></affinity_group>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	for _, g := range []*xnode{r.doc(t), e.do("GET", "/clusters/"+cl+"/affinitygroups", "").doc(t).Children[0]} {
		assert.Equal(t, cl, g.get("cluster").Attrs["id"])
		assert.Equal(t, "true", g.get("vms_rule/enabled").Text)
		assert.Equal(t, "false", g.get("vms_rule/positive").Text)
		assert.Equal(t, "true", g.get("vms_rule/enforcing").Text)
		assert.Equal(t, "false", g.get("hosts_rule/enabled").Text)
		assert.NotEmpty(t, g.text("priority"))
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

// TestNewVMHasGraphicsConsole checks that a new VM has the graphics console of its display, and
// that it can be removed.
func TestNewVMHasGraphicsConsole(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms", `<vm><name>gc</name><cluster><name>Default</name></cluster><template><name>Blank</name></template>
		<display><type>spice</type></display></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	path := "/vms/" + r.doc(t).Attrs["id"] + "/graphicsconsoles"
	consoles := e.do("GET", path, "").doc(t).Children
	require.Len(t, consoles, 1)
	assert.Equal(t, "spice", consoles[0].text("protocol"))
	assert.Equal(t, "7370696365", consoles[0].Attrs["id"])
	e.clock.Advance(time.Minute)
	assert.Equal(t, http.StatusOK, e.do("DELETE", path+"/7370696365", "").status)
	assert.Empty(t, e.do("GET", path, "").doc(t).Children)
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

// TestInstanceTypesSeeded checks the engine's predefined instance types.
func TestInstanceTypesSeeded(t *testing.T) {
	e := newEnv(t, Options{})
	var names []string
	for _, it := range e.do("GET", "/instancetypes", "").doc(t).Children {
		names = append(names, it.text("name"))
	}
	assert.Equal(t, []string{"Tiny", "Small", "Medium", "Large", "XLarge"}, names)
	assert.Equal(t, "536870912", e.do("GET", "/instancetypes/"+e.idOf("instancetypes", "Tiny"), "").doc(t).text("memory"))
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

// TestClonedVMHasBlankTemplate checks that a VM cloned from a template is tied to Blank, with
// the template it came from as its original template.
func TestClonedVMHasBlankTemplate(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{}})
	tpl := e.idOf("templates", "mytemplate")
	for clone, want := range map[string]string{"true": blankTemplateID, "false": tpl} {
		r := e.do("POST", "/vms?clone="+clone, `<vm><name>c-`+clone+`</name><cluster><name>mycluster</name></cluster><template id="`+tpl+`"/></vm>`)
		require.Equal(t, http.StatusCreated, r.status, r.body)
		assert.Equal(t, want, r.doc(t).get("template").Attrs["id"], "clone=%s", clone)
		assert.Equal(t, tpl, r.doc(t).get("original_template").Attrs["id"], "clone=%s", clone)
	}
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

// TestStatistics checks the statistics of hosts and VMs: the engine's names, values that change
// over time for what runs, zeros for a VM that is down.
func TestStatistics(t *testing.T) {
	e := newEnv(t, Options{})
	stats := func(path string) map[string]string {
		r := e.do("GET", path+"/statistics", "")
		require.Equal(t, http.StatusOK, r.status, r.body)
		out := map[string]string{}
		for _, s := range r.doc(t).Children {
			out[s.text("name")] = s.get("values/value/datum").Text
		}
		return out
	}
	host := "/hosts/" + e.idOf("hosts", "host1")
	first := stats(host)
	for _, name := range []string{"cpu.current.user", "memory.used", "memory.total", "cpu.current.idle"} {
		assert.Contains(t, first, name)
	}
	e.clock.Advance(time.Minute)
	assert.NotEqual(t, first["cpu.current.user"], stats(host)["cpu.current.user"], "the load changes over time")
	up, down := stats("/vms/"+e.idOf("vms", "vm1")), stats("/vms/"+e.idOf("vms", "vm2"))
	assert.NotEqual(t, "0", up["memory.used"])
	assert.Equal(t, "0", down["memory.used"])
	assert.Equal(t, "2147483648", down["memory.installed"])
	one := e.do("GET", host+"/statistics", "").doc(t).Children[0]
	r := e.do("GET", host+"/statistics/"+one.Attrs["id"], "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Equal(t, one.text("name"), r.doc(t).text("name"))
	assert.Equal(t, http.StatusNotFound, e.do("GET", host+"/statistics/nosuch", "").status)
}

// TestAddedHostIsComplete checks that a host added with POST /hosts comes back as an engine's
// does: NICs, summary, power management (without its password), update_available.
func TestAddedHostIsComplete(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/hosts", `<host><name>h3</name><address>192.0.2.33</address><root_password>secret</root_password>
		<cluster><name>Default</name></cluster><power_management><enabled>true</enabled><password>pm-secret</password></power_management></host>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.NotContains(t, r.body, "secret")
	h := r.doc(t)
	for _, m := range []string{"summary/total", "power_management/enabled", "update_available"} {
		assert.NotNil(t, h.get(m), m)
	}
	nics := e.do("GET", "/hosts/"+h.Attrs["id"]+"/nics", "").doc(t).Children
	require.Len(t, nics, 2)
	assert.Equal(t, "eth0", nics[0].text("name"))
	assert.Equal(t, "192.0.2.33", nics[0].get("ip").Attrs["address"]+nics[0].text("ip/address"))
	assert.Equal(t, "eth1", nics[1].text("name"))
}

// TestFenceAgentPasswordNotEchoed checks that a fence agent's password is never answered.
func TestFenceAgentPasswordNotEchoed(t *testing.T) {
	e := newEnv(t, Options{})
	path := "/hosts/" + e.idOf("hosts", "host1") + "/fenceagents"
	r := e.do("POST", path, `<agent><type>ipmilan</type><address>10.0.0.1</address><username>root</username>
		<password>fence-secret</password><order>1</order></agent>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.NotContains(t, r.body, "fence-secret")
	assert.NotContains(t, e.do("GET", path, "").body, "fence-secret")
}

// TestSetupNetworks checks that setupnetworks validates bonds against the host's NICs and
// applies them: the bond appears, a bond of unknown NICs is refused, removing it works.
func TestSetupNetworks(t *testing.T) {
	e := newEnv(t, Options{})
	host := "/hosts/" + e.idOf("hosts", "host2")
	bond := func(slaves ...string) string {
		s := ""
		for _, n := range slaves {
			s += "<host_nic><name>" + n + "</name></host_nic>"
		}
		return `<action><modified_bonds><host_nic><name>bond0</name><bonding><options><option><name>mode</name><value>1</value></option></options>
			<slaves>` + s + `</slaves></bonding></host_nic></modified_bonds></action>`
	}
	assert.Contains(t, e.do("POST", host+"/setupnetworks", bond("eth0", "eth7")).fault(t, http.StatusConflict), "eth7")
	assert.Len(t, e.do("GET", host+"/nics", "").doc(t).Children, 2, "a refused request changes nothing")
	r := e.do("POST", host+"/setupnetworks", bond("eth0", "eth1"))
	require.Equal(t, http.StatusOK, r.status, r.body)
	nics := e.do("GET", host+"/nics", "").doc(t).Children
	require.Len(t, nics, 3)
	assert.Equal(t, "bond0", nics[2].text("name"))
	assert.Len(t, nics[2].get("bonding/slaves").Children, 2)
	assert.Contains(t, e.do("POST", host+"/setupnetworks", strings.Replace(bond("eth0", "eth1"), "bond0", "bond1", 1)).
		fault(t, http.StatusConflict), "already a slave")
	r = e.do("POST", host+"/setupnetworks", `<action><removed_bonds><host_nic><name>bond0</name></host_nic></removed_bonds></action>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Len(t, e.do("GET", host+"/nics", "").doc(t).Children, 2)
}

// TestSearchCrossEntityAndFreeText checks the engine's cross-entity conditions and free-text
// search.
func TestSearchCrossEntityAndFreeText(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{Running: []string{"myvm"}}})
	names := func(path string) []string {
		r := e.do("GET", path, "")
		require.Equal(t, http.StatusOK, r.status, r.body)
		var out []string
		for _, c := range r.doc(t).Children {
			out = append(out, c.text("name"))
		}
		return out
	}
	assert.Equal(t, []string{"mydc"}, names("/datacenters?search=Clusters.name%3Dmycluster"))
	assert.Equal(t, []string{"host1", "myhost"}, names("/hosts?search=Vms.status%3Dup"))
	assert.Equal(t, []string{"myvm"}, names("/vms?search=Hosts.name%3Dmyhost"))
	assert.Equal(t, []string{"mycluster"}, names("/clusters?search=mycluster"))
	assert.Equal(t, []string{"myvm"}, names("/vms?search=myv+and+status%3Dup"))
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

// TestSeededRolesAndDataCenterVersions checks the engine's predefined roles and the supported
// versions of data centers, seeded and added.
func TestSeededRolesAndDataCenterVersions(t *testing.T) {
	e := newEnv(t, Options{})
	for _, r := range []string{"SuperUser", "UserRole", "PowerUserRole", "ReadOnlyAdmin", "GlusterAdmin", "TemplateAdmin"} {
		assert.NotEmpty(t, e.idOf("roles", r))
	}
	dc := e.do("GET", "/datacenters/"+e.idOf("datacenters", "Default"), "").doc(t)
	require.NotNil(t, dc.get("supported_versions"))
	assert.NotEmpty(t, dc.get("supported_versions").Children)
	r := e.do("POST", "/datacenters", `<data_center><name>dc2</name><local>false</local></data_center>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.NotEmpty(t, r.doc(t).get("supported_versions").Children)
	assert.Equal(t, "7", r.doc(t).text("version/minor"))
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

// TestSetupNetworksAttachesNetwork checks that a network attachment is validated with the rest
// of the request (nothing applied when it fails) and stored, on the one new bond when it names
// no NIC.
func TestSetupNetworksAttachesNetwork(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{}})
	host := "/hosts/" + e.idOf("hosts", "myhost")
	req := func(network string) string {
		return `<action><modified_bonds><host_nic><name>bond0</name><bonding><slaves><host_nic><name>eth0</name></host_nic>
			<host_nic><name>eth1</name></host_nic></slaves></bonding></host_nic></modified_bonds><modified_network_attachments>
			<network_attachment><network><name>` + network + `</name></network></network_attachment></modified_network_attachments></action>`
	}
	assert.Equal(t, http.StatusNotFound, e.do("POST", host+"/setupnetworks", req("nosuchnet")).status)
	assert.Len(t, e.do("GET", host+"/nics", "").doc(t).Children, 2, "nothing applied")
	r := e.do("POST", host+"/setupnetworks", req("ovirtmgmt"))
	require.Equal(t, http.StatusOK, r.status, r.body)
	atts := e.do("GET", host+"/networkattachments", "").doc(t).Children
	require.Len(t, atts, 1)
	nics := e.do("GET", host+"/nics", "").doc(t).Children
	require.Len(t, nics, 3)
	assert.Equal(t, nics[2].Attrs["id"], atts[0].get("host_nic").Attrs["id"])
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

// TestExternalImportsRunAsJobs checks that the services with an add but no collection answer
// it: an external VM import is validated, runs as a job, and leaves the imported VM.
func TestExternalImportsRunAsJobs(t *testing.T) {
	e := newEnv(t, Options{})
	assert.Equal(t, http.StatusBadRequest, e.do("POST", "/externalvmimports", `<external_vm_import/>`).status)
	r := e.do("POST", "/externalvmimports?correlation_id=imp1", `<external_vm_import><name>fromvmware</name><provider>vmware</provider>
		<url>vpx://vcenter/dc/cluster/esx?no_verify=1</url><username>u</username><password>import-secret</password>
		<cluster><name>Default</name></cluster><storage_domain><name>data1</name></storage_domain></external_vm_import>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.NotContains(t, r.body, "import-secret")
	job := e.do("GET", "/jobs?search=correlation_id%3Dimp1", "").doc(t).Children
	require.Len(t, job, 1)
	assert.Equal(t, "started", job[0].text("status"))
	e.clock.Advance(delayImport)
	assert.Equal(t, "finished", e.do("GET", "/jobs?search=correlation_id%3Dimp1", "").doc(t).Children[0].text("status"))
	assert.Equal(t, "down", e.do("GET", "/vms/"+e.idOf("vms", "fromvmware"), "").doc(t).text("status"))
	r = e.do("POST", "/externaltemplateimports", `<external_template_import><url>ova:///tmp/t.ova</url>
		<template><name>imported</name></template><host><name>host1</name></host><cluster><name>Default</name></cluster></external_template_import>`)
	assert.NotEqual(t, http.StatusMethodNotAllowed, r.status, r.body)
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

// TestUpgradeCheckEmitsEvents checks that a host's upgrade check reports through the engine's
// events: started (884), then finished (885).
func TestUpgradeCheckEmitsEvents(t *testing.T) {
	e := newEnv(t, Options{})
	codes := func() []string {
		var out []string
		for _, ev := range e.do("GET", "/events?search=host.name%3Dhost1", "").doc(t).Children {
			out = append(out, ev.text("code"))
		}
		return out
	}
	e.ok("/hosts/"+e.idOf("hosts", "host1")+"/upgradecheck", "")
	assert.Contains(t, codes(), "884")
	assert.NotContains(t, codes(), "885")
	e.clock.Advance(delayUpgradeCheck)
	assert.Contains(t, codes(), "885")
}
