package sim

import (
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRootDocument(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("GET", "", "")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "application/xml;charset=UTF-8", r.header.Get("Content-Type"))
	d := r.doc(t)
	assert.Equal(t, "api", d.Name)
	assert.Equal(t, "oVirt Engine", d.text("product_info/name"))
	assert.Equal(t, "4", d.text("product_info/version/major"))
	assert.Equal(t, "6", d.text("product_info/version/minor"))
	assert.Equal(t, blankTemplateID, d.get("special_objects/blank_template").Attrs["id"])
	assert.Equal(t, "/ovirt-engine/api/tags/"+rootTagID, d.get("special_objects/root_tag").Attrs["href"])
	assert.Equal(t, "2", d.text("summary/vms/total"))
	assert.Equal(t, "1", d.text("summary/vms/active"))
	assert.Equal(t, "2", d.text("summary/hosts/active"))
	assert.Equal(t, "/ovirt-engine/api/vms", d.link("vms"))
	assert.Equal(t, "/ovirt-engine/api/vms?search={query}", d.link("vms/search"))
	for _, rel := range []string{"clusters", "datacenters", "hosts", "storagedomains", "templates", "networks", "events", "jobs", "tags", "users", "roles", "disks"} {
		assert.NotEmpty(t, d.link(rel), rel)
	}
	assert.NotEmpty(t, d.get("authenticated_user").Attrs["id"])
}

func TestNotFoundAndMethods(t *testing.T) {
	e := newEnv(t, Options{})
	assert.Contains(t, e.do("GET", "/nosuch", "").fault(t, http.StatusNotFound), "/ovirt-engine/api/nosuch")
	assert.Equal(t, "Entity not found: junk", e.do("GET", "/vms/junk", "").fault(t, http.StatusNotFound))
	assert.Equal(t, "Entity not found: junk", e.do("GET", "/vms/junk/nics", "").fault(t, http.StatusNotFound))
	assert.Equal(t, "Entity not found: junk", e.do("POST", "/vms/junk/start", "<action/>").fault(t, http.StatusNotFound))
	assert.Contains(t, e.do("DELETE", "/vms", "").fault(t, http.StatusMethodNotAllowed), "DELETE")
	assert.Contains(t, e.do("GET", "/vms/"+e.idOf("vms", "vm1")+"/start", "").fault(t, http.StatusMethodNotAllowed), "GET")
	d := e.do("GET", "/vms/junk", "").doc(t)
	assert.Equal(t, "Operation Failed", d.text("reason"))
}

func TestListSearchMaxSort(t *testing.T) {
	e := newEnv(t, Options{ExtraVMs: 30})
	names := func(q string) []string {
		r := e.do("GET", "/vms"+q, "")
		require.Equal(t, http.StatusOK, r.status, r.body)
		var out []string
		for _, vm := range r.doc(t).all("vm") {
			out = append(out, vm.text("name"))
		}
		return out
	}
	assert.Len(t, names(""), 32)
	assert.Len(t, names("?max=5"), 5)
	assert.Equal(t, []string{"vm1"}, names("?search=name%3Dvm1"))
	assert.Equal(t, []string{"vm1"}, names("?search=name%3DVM1"))
	assert.Empty(t, names("?search=name%3DVM1&case_sensitive=true"))
	assert.Equal(t, []string{"vm-00010", "vm-00011"}, names("?search=name%3Dvm-0001*&max=2"))
	assert.Equal(t, []string{"vm1"}, names("?search=status%3Dup"))
	assert.Len(t, names("?search=status%21%3Dup"), 31)
	assert.Equal(t, []string{"vm1", "vm2"}, names("?search=name%3Dvm1+or+name%3Dvm2"))
	assert.Equal(t, []string{"vm2"}, names("?search=cluster%3DDefault+and+name%3Dvm2"))
	assert.Equal(t, []string{"vm1"}, names("?search=host%3Dhost1"))
	assert.Len(t, names("?search=datacenter%3DDefault"), 32)
	assert.Equal(t, []string{"vm2", "vm1", "vm-00030"}, names("?search=name%3D*+sortby+name+desc&max=3"))
	assert.Equal(t, []string{"vm-00011", "vm-00012"}, names("?search=name%3Dvm-*+sortby+name+page+6&max=2"))

	for q, msg := range map[string]string{
		"?search=color%3Dred":                   `unknown attribute \"color\"`,
		"?search=status%3Dflying":               "not a valid value of status",
		"?max=x":                                `"max"`,
		"?case_sensitive=maybe&search=name%3Da": "case_sensitive",
	} {
		detail := e.do("GET", "/vms"+q, "").fault(t, http.StatusBadRequest)
		assert.Contains(t, detail, strings.ReplaceAll(msg, `\"`, `"`), q)
	}
	assert.Contains(t, e.do("GET", "/roles?search=name%3Da", "").fault(t, http.StatusBadRequest), "does not support the search parameter")
}

func TestFollowAndSubCollections(t *testing.T) {
	e := newEnv(t, Options{})
	id := e.idOf("vms", "vm1")
	r := e.do("GET", "/vms/"+id+"?follow=nics,disk_attachments.disk,cluster.data_center", "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	d := r.doc(t)
	assert.Equal(t, "nic1", d.text("nics/nic/name"))
	assert.Equal(t, "vm1_Disk1", d.text("disk_attachments/disk_attachment/disk/name"))
	assert.Equal(t, "ok", d.text("disk_attachments/disk_attachment/disk/status"))
	assert.Equal(t, "Default", d.text("cluster/name"))
	assert.Equal(t, "Default", d.text("cluster/data_center/name"))
	assert.Empty(t, d.link("nics"), "a followed link is inlined, not linked")
	assert.Equal(t, "/ovirt-engine/api/vms/"+id+"/snapshots", d.link("snapshots"))
	assert.Contains(t, e.do("GET", "/vms/"+id+"?follow=nosuch", "").fault(t, http.StatusBadRequest), "nosuch")

	nics := e.do("GET", "/vms/"+id+"/nics", "").doc(t)
	require.Len(t, nics.all("nic"), 1)
	nicID := nics.all("nic")[0].Attrs["id"]
	assert.Equal(t, "/ovirt-engine/api/vms/"+id+"/nics/"+nicID, nics.all("nic")[0].Attrs["href"])
	assert.Equal(t, "nic1", e.field("/vms/"+id+"/nics/"+nicID, "name"))
	snaps := e.do("GET", "/vms/"+id+"/snapshots", "").doc(t)
	assert.Equal(t, "active", snaps.text("snapshot/snapshot_type"))

	dc := e.idOf("datacenters", "Default")
	assert.Equal(t, "Default", e.do("GET", "/datacenters/"+dc+"/clusters", "").doc(t).text("cluster/name"))
	sds := e.do("GET", "/datacenters/"+dc+"/storagedomains", "").doc(t)
	require.Len(t, sds.all("storage_domain"), 2)
	assert.Equal(t, "active", sds.text("storage_domain/status"))
	sd := e.idOf("storagedomains", "data1")
	assert.Len(t, e.do("GET", "/storagedomains/"+sd+"/disks", "").doc(t).all("disk"), 2)
	attached := e.do("POST", "/storagedomains/"+sd+"/isattached", `<action><host id="`+e.idOf("hosts", "host1")+`"/></action>`)
	assert.Equal(t, "true", attached.doc(t).text("is_attached"), attached.body)
	assert.Contains(t, e.do("POST", "/storagedomains/"+sd+"/isattached", "<action/>").fault(t, http.StatusBadRequest),
		"Action [host.id] required for is_attached")
}

func TestAddUpdateRemove(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms", `<vm><name>web&amp;1</name><cluster><name>Default</name></cluster><template><name>Blank</name></template>
		<memory>4294967296</memory><cpu><topology><cores>2</cores></topology></cpu></vm>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	d := r.doc(t)
	id := d.Attrs["id"]
	require.Len(t, id, 36)
	assert.Equal(t, "/ovirt-engine/api/vms/"+id, d.Attrs["href"])
	assert.Equal(t, e.s.URL()+"/vms/"+id, r.header.Get("Location"))
	assert.Equal(t, "web&1", d.text("name"))
	assert.Equal(t, "image_locked", d.text("status"))
	assert.Equal(t, "2", d.text("cpu/topology/cores"))
	assert.Equal(t, "1", d.text("cpu/topology/sockets"), "defaults fill what was not sent")
	assert.Equal(t, "/ovirt-engine/api/clusters/"+e.idOf("clusters", "Default"), d.get("cluster").Attrs["href"])
	assert.Empty(t, d.text("cluster/name"), "references carry id and href only")
	assert.Equal(t, "/ovirt-engine/api/vms/"+id+"/nics", d.link("nics"))
	assert.NotEmpty(t, d.get("actions").all("link"))

	e.clock.Advance(delayImageLock)
	assert.Equal(t, "down", e.field("/vms/"+id, "status"))

	r = e.do("PUT", "/vms/"+id, `<vm><description>front end</description><cpu><topology><sockets>2</sockets></topology></cpu><status>up</status></vm>`)
	require.Equal(t, http.StatusOK, r.status, r.body)
	d = r.doc(t)
	assert.Equal(t, "front end", d.text("description"))
	assert.Equal(t, "web&1", d.text("name"))
	assert.Equal(t, "4294967296", d.text("memory"))
	assert.Equal(t, "2", d.text("cpu/topology/cores"))
	assert.Equal(t, "2", d.text("cpu/topology/sockets"))
	assert.Equal(t, "down", d.text("status"), "status is not updatable")

	r = e.do("DELETE", "/vms/"+id, "")
	assert.Equal(t, http.StatusOK, r.status)
	assert.Empty(t, r.body)
	assert.Equal(t, "Entity not found: "+id, e.do("GET", "/vms/"+id, "").fault(t, http.StatusNotFound))
}

func TestAddValidation(t *testing.T) {
	e := newEnv(t, Options{})
	tests := []struct {
		name, path, body string
		status           int
		detail           string
	}{
		{"missing cluster", "/vms", `<vm><name>a</name></vm>`, 400, "Vm [cluster.id|cluster.name] required for add"},
		{"missing name and cluster", "/vms", `<vm/>`, 400, "Vm [name], [cluster.id|cluster.name] required for add"},
		{"unknown cluster", "/vms", `<vm><name>a</name><cluster><name>junk</name></cluster></vm>`, 404, "Entity not found: Cluster: name=junk"},
		{"unknown template", "/vms", `<vm><name>a</name><cluster><name>Default</name></cluster><template id="nope"/></vm>`, 404,
			"Entity not found: Template: id=nope"},
		{"duplicate name", "/vms", `<vm><name>vm1</name><cluster><name>Default</name></cluster></vm>`, 409, "name is already in use"},
		{"host without address", "/hosts", `<host><name>h</name><cluster><name>Default</name></cluster></host>`, 400, "Host [address] required for add"},
		{"wrong root", "/vms", `<host/>`, 400, "Expected a <vm> document, got <host>"},
		{"malformed", "/vms", `<vm><name>a</vm>`, 400, "Malformed"},
		{"empty", "/vms", ``, 400, "empty"},
		{"bad enum-free integer", "/vms", `<vm><name>a</name><memory>lots</memory><cluster><name>Default</name></cluster></vm>`, 400, "lots"},
		{"action without its mandatory input", "/vms/" + e.idOf("vms", "vm2") + "/previewsnapshot", `<action/>`, 400,
			"Action [snapshot.id] required for preview_snapshot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Contains(t, e.do("POST", tt.path, tt.body).fault(t, tt.status), tt.detail)
		})
	}
	d := e.do("POST", "/vms", `<vm/>`).doc(t)
	assert.Equal(t, "Incomplete parameters", d.text("reason"))
}

func TestDefaultActionCompletes(t *testing.T) {
	e := newEnv(t, Options{})
	r := e.do("POST", "/vms/"+e.idOf("vms", "vm1")+"/freezefilesystems", "<action/>")
	require.Equal(t, http.StatusOK, r.status, r.body)
	d := r.doc(t)
	assert.Equal(t, "action", d.Name)
	assert.Equal(t, "complete", d.text("status"))
	// an empty body is an empty action
	assert.Equal(t, http.StatusOK, e.do("POST", "/vms/"+e.idOf("vms", "vm1")+"/thawfilesystems", "").status)
}

func TestGzipAnswers(t *testing.T) {
	e := newEnv(t, Options{})
	// Go's transport asks for gzip and decompresses transparently: check it was compressed.
	req, err := http.NewRequest(http.MethodGet, e.s.URL()+"/vms", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := e.s.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
	gz, err := gzip.NewReader(resp.Body)
	require.NoError(t, err)
	b, err := io.ReadAll(gz)
	require.NoError(t, err)
	assert.Contains(t, string(b), "<vms>")

	r := e.do("GET", "/vms/junk", "") // transparently decompressed fault
	assert.Equal(t, "Entity not found: junk", r.fault(t, http.StatusNotFound))
}

func TestAssignedTagsAndSearchByTag(t *testing.T) {
	e := newEnv(t, Options{})
	vm := "/vms/" + e.idOf("vms", "vm2")
	r := e.do("POST", vm+"/tags", `<tag><name>prod</name></tag>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, e.idOf("tags", "prod"), r.doc(t).Attrs["id"], "an assigned tag keeps its id")
	assert.Contains(t, e.do("POST", vm+"/tags", `<tag><name>prod</name></tag>`).fault(t, http.StatusConflict), "already assigned")
	assert.Contains(t, e.do("POST", vm+"/tags", `<tag><name>nope</name></tag>`).fault(t, http.StatusNotFound), "nope")
	d := e.do("GET", "/vms?search=tag%3Dprod&all_content=true", "").doc(t)
	require.Len(t, d.all("vm"), 1)
	assert.Equal(t, "vm2", d.text("vm/name"))
	assert.Contains(t, e.do("GET", "/vms?all_content=yes", "").fault(t, http.StatusBadRequest), "all_content")
}

func TestSmallAnswersAreNotCompressed(t *testing.T) {
	e := newEnv(t, Options{})
	tests := []struct {
		name, method, path string
		status             int
		gzip               bool
	}{
		{"large list", "GET", "/vms", http.StatusOK, true},
		{"small entity", "GET", "/tags/" + e.idOf("tags", "prod"), http.StatusOK, false},
		{"small fault", "GET", "/vms/junk", http.StatusNotFound, false},
		{"empty answer", "HEAD", "/vms", http.StatusOK, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, e.s.URL()+tt.path, nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+e.token)
			req.Header.Set("Accept-Encoding", "gzip") // set by hand: the transport does not decompress
			resp, err := e.s.HTTPClient().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tt.status, resp.StatusCode)
			if tt.gzip {
				assert.Equal(t, "gzip", resp.Header.Get("Content-Encoding"))
				return
			}
			assert.Empty(t, resp.Header.Get("Content-Encoding"))
			if tt.method != "HEAD" {
				assert.Less(t, len(b), gzipMinSize)
				assert.Equal(t, strconv.Itoa(len(b)), resp.Header.Get("Content-Length"))
				assert.Contains(t, string(b), "<")
			}
		})
	}
}
