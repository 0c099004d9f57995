package sim

import (
	"net/http"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHostMaintenanceAndInstall(t *testing.T) {
	e := newEnv(t, Options{})
	h1 := "/hosts/" + e.idOf("hosts", "host1")
	host2 := e.idOf("hosts", "host2")
	vm := "/vms/" + e.idOf("vms", "vm1") // runs on host1

	assert.Contains(t, e.do("DELETE", h1, "").fault(t, http.StatusConflict), "Maintenance mode first")
	assert.Contains(t, e.action(h1+"/install", "").fault(t, http.StatusConflict), "must be in Maintenance")
	e.ok(h1+"/deactivate", "")
	assert.Equal(t, "preparing_for_maintenance", e.status(h1))
	assert.Equal(t, host2, e.do("GET", vm, "").doc(t).get("host").Attrs["id"], "running VMs move away")
	e.clock.Advance(delayHost)
	assert.Equal(t, "maintenance", e.status(h1))
	assert.Contains(t, e.action(h1+"/deactivate", "").fault(t, http.StatusConflict), "already in Maintenance")

	d := e.ok(h1+"/install", "<action><activate>false</activate></action>")
	assert.NotEmpty(t, d.get("job").Attrs["id"])
	assert.Equal(t, "installing", e.status(h1))
	e.clock.Advance(delayHost)
	assert.Equal(t, "maintenance", e.status(h1))

	e.ok(h1+"/activate", "")
	e.clock.Advance(delayHost)
	assert.Equal(t, "up", e.status(h1))
	assert.Contains(t, e.action(h1+"/activate", "").fault(t, http.StatusConflict), "Up status")
	assert.Equal(t, "on", e.ok(h1+"/fence", "<action><fence_type>status</fence_type></action>").text("power_management/status"))

	r := e.do("POST", "/hosts", `<host><name>host3</name><address>192.0.2.13</address><root_password>secret</root_password>
		<cluster><name>Default</name></cluster></host>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.NotContains(t, r.body, "secret", "passwords are never echoed")
	h3 := "/hosts/" + r.doc(t).Attrs["id"]
	assert.Equal(t, "installing", r.doc(t).text("status"))
	e.clock.Advance(delayHost)
	assert.Equal(t, "up", e.status(h3))
	assert.NotContains(t, e.do("GET", h3, "").body, "secret")

	// with every other host down, maintenance cannot evacuate the VM
	e.ok(h3+"/deactivate", "")
	e.ok(h1+"/deactivate", "")
	e.clock.Advance(delayHost)
	assert.Contains(t, e.action("/hosts/"+host2+"/deactivate", "").fault(t, http.StatusConflict), "no available host")
}

func TestStorageDomainLifecycle(t *testing.T) {
	e := newEnv(t, Options{})
	dc := e.idOf("datacenters", "Default")
	r := e.do("POST", "/storagedomains", `<storage_domain><name>export1</name><type>data</type>
		<storage><type>nfs</type><address>nfs.example.com</address><path>/exports/e1</path></storage>
		<host><name>host1</name></host></storage_domain>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	sdID := r.doc(t).Attrs["id"]
	sd := "/storagedomains/" + sdID
	assert.Equal(t, "unattached", e.status(sd))
	assert.Contains(t, e.do("POST", "/storagedomains", `<storage_domain><name>x</name></storage_domain>`).fault(t, 400), "required for add")

	r = e.do("POST", "/datacenters/"+dc+"/storagedomains", `<storage_domain><name>export1</name></storage_domain>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	att := "/datacenters/" + dc + "/storagedomains/" + sdID
	assert.Equal(t, att, r.doc(t).Attrs["href"][len(APIPath):])
	assert.Equal(t, "locked", r.doc(t).text("status"))
	e.clock.Advance(delayStorage)
	assert.Equal(t, "active", e.status(att))
	assert.Empty(t, e.status(sd), "an attached domain's status lives in its data center")
	assert.Equal(t, dc, e.do("GET", sd, "").doc(t).get("data_centers/data_center").Attrs["id"])
	assert.Contains(t, e.do("DELETE", sd, "").fault(t, http.StatusConflict), "attached")
	assert.Contains(t, e.do("POST", "/datacenters/"+dc+"/storagedomains", `<storage_domain id="`+sdID+`"/>`).fault(t, http.StatusConflict),
		"already attached")
	assert.Contains(t, e.do("DELETE", att, "").fault(t, http.StatusConflict), "Maintenance")

	e.ok(att+"/deactivate", "")
	assert.Equal(t, "preparing_for_maintenance", e.status(att))
	e.clock.Advance(delayStorage)
	assert.Equal(t, "maintenance", e.status(att))
	e.ok(att+"/activate", "")
	e.clock.Advance(delayStorage)
	assert.Equal(t, "active", e.status(att))
	e.ok(att+"/deactivate", "")
	e.clock.Advance(delayStorage)
	assert.Equal(t, http.StatusOK, e.do("DELETE", att, "").status)
	assert.Equal(t, "unattached", e.status(sd))
	assert.Equal(t, http.StatusOK, e.do("DELETE", sd, "").status)
	assert.Contains(t, e.do("POST", "/datacenters/"+dc+"/storagedomains", `<storage_domain><name>nope</name></storage_domain>`).
		fault(t, http.StatusNotFound), "nope")
}

func TestEventsAndJobs(t *testing.T) {
	e := newEnv(t, Options{})
	evs := e.do("GET", "/events", "").doc(t).all("event")
	require.NotEmpty(t, evs)
	last, err := strconv.Atoi(evs[0].Attrs["id"])
	require.NoError(t, err)

	id := e.addVM("ev")
	e.ok("/vms/"+id+"/start", "")
	e.clock.Advance(delayLaunch + delayPowerUp)
	e.ok("/vms/"+id+"/stop", "")

	newer := e.do("GET", "/events?from="+strconv.Itoa(last), "").doc(t).all("event")
	var descs []string
	for _, ev := range newer {
		descs = append(descs, ev.text("description"))
		n, _ := strconv.Atoi(ev.Attrs["id"])
		assert.Greater(t, n, last)
	}
	require.Len(t, descs, 3, descs)
	assert.Contains(t, descs[0], "powered off", "newest first")
	assert.Contains(t, descs[1], "started on Host")
	assert.Contains(t, descs[2], "was created")
	assert.Equal(t, id, newer[0].get("vm").Attrs["id"])
	assert.Len(t, e.do("GET", "/events?search=severity%3Dnormal&max=2", "").doc(t).all("event"), 2)

	r := e.do("POST", "/events", `<event><description>from a script</description><severity>warning</severity><origin>script</origin><custom_id>7</custom_id></event>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	assert.Equal(t, "from a script", e.do("GET", "/events?max=1", "").doc(t).text("event/description"))

	jobs := e.do("GET", "/jobs", "").doc(t).all("job")
	require.NotEmpty(t, jobs)
	for _, j := range jobs {
		assert.Equal(t, "finished", j.text("status"), j.text("description"))
	}
	steps := e.do("GET", "/jobs/"+jobs[0].Attrs["id"]+"/steps", "").doc(t)
	assert.Equal(t, "finished", steps.text("step/status"))
}

func TestSaveAndLoadThroughServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inventory.json")
	e := newEnv(t, Options{StateFile: path})
	id := e.addVM("keep")
	e.ok("/vms/"+id+"/start", "") // in flight at save: settles to up on load
	require.NoError(t, e.s.Close())

	e2 := newEnv(t, Options{StateFile: path})
	assert.Equal(t, "up", e2.status("/vms/"+id))
	assert.Equal(t, "keep", e2.field("/vms/"+id, "name"))
	assert.Len(t, e2.do("GET", "/vms", "").doc(t).all("vm"), 3)
	id2 := e2.addVM("after")
	assert.NotEqual(t, id, id2)
}
