package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAffinityGroupMembersAreTheVMs checks that adding a VM or a host to an affinity group
// assigns the existing entity: the group lists it under its own id, and adding it twice is a
// conflict.
func TestAffinityGroupMembersAreTheVMs(t *testing.T) {
	e := newEnv(t, Options{})
	cl := e.idOf("clusters", "Default")
	r := e.do("POST", "/clusters/"+cl+"/affinitygroups", `<affinity_group><name>ag1</name></affinity_group>`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	group := "/clusters/" + cl + "/affinitygroups/" + r.doc(t).Attrs["id"]
	for _, m := range []struct{ coll, elem, name string }{{"vms", "vm", "vm1"}, {"hosts", "host", "host1"}} {
		id := e.idOf(m.coll, m.name)
		body := `<` + m.elem + ` id="` + id + `"/>`
		r = e.do("POST", group+"/"+m.coll, body)
		require.Equal(t, http.StatusCreated, r.status, r.body)
		list := e.do("GET", group+"/"+m.coll, "").doc(t).Children
		require.Len(t, list, 1)
		assert.Equal(t, id, list[0].Attrs["id"])
		assert.Equal(t, http.StatusConflict, e.do("POST", group+"/"+m.coll, body).status)
		require.Equal(t, http.StatusOK, e.do("DELETE", group+"/"+m.coll+"/"+id, "").status)
		assert.Empty(t, e.do("GET", group+"/"+m.coll, "").doc(t).Children)
	}
}
