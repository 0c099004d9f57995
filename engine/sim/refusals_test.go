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
