package sim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
	require.Len(t, nics, 4)
	assert.Equal(t, "eth0", nics[0].text("name"))
	assert.Equal(t, "192.0.2.33", nics[0].get("ip").Attrs["address"]+nics[0].text("ip/address"))
	assert.Equal(t, "eth3", nics[3].text("name"))
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
