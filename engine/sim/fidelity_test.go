package sim

import (
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

// TestExampleSeedExportedVM checks that myexport holds the exported myvm even when myvm itself
// is left out, so it can be imported.
func TestExampleSeedExportedVM(t *testing.T) {
	e := newEnv(t, Options{Examples: &ExampleSeed{Without: []string{"myvm"}}})
	exp := "/storagedomains/" + e.idOf("storagedomains", "myexport") + "/vms"
	vms := e.do("GET", exp, "").doc(t).Children
	require.Len(t, vms, 1)
	assert.Equal(t, "myvm", vms[0].text("name"))
	e.ok(exp+"/"+vms[0].Attrs["id"]+"/import", `<action><cluster><name>mycluster</name></cluster></action>`)
	assert.NotEmpty(t, e.idOf("vms", "myvm"))
}
