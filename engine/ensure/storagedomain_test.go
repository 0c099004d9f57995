package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

func TestStorageDomain(t *testing.T) {
	e := start(t)
	sd := ensure.Spec{"name": "data2", "type": "data", "host": "host1",
		"storage": map[string]any{"type": "nfs", "address": "192.0.2.5", "path": "/exports/data2"}}
	r, writes := e.must("storage_domain", sd, ensure.Options{Check: true})
	assert.Equal(t, "add", r.Op)
	assert.Empty(t, writes)
	r, writes = e.must("storage_domain", sd, ensure.Options{})
	assert.Equal(t, []string{"add"}, r.Actions)
	assert.Len(t, writes, 1)
	e.noop("storage_domain", sd)

	sd["data_center"] = "Default"
	steps := []struct {
		kv      []any
		actions []string
	}{
		{[]any{"description", "second data domain"}, []string{"update description"}},
		{[]any{"state", "attached"}, []string{"attach"}},
		{[]any{"state", "maintenance"}, []string{"deactivate"}},
		{[]any{"state", "attached"}, []string{"activate"}},
		{[]any{"state", "detached"}, []string{"deactivate", "detach"}},
		{[]any{"state", "maintenance"}, []string{"attach", "deactivate"}},
	}
	for _, st := range steps {
		sd[st.kv[0].(string)] = st.kv[1]
		r, writes := e.must("storage_domain", sd, ensure.Options{Check: true})
		assert.Equal(t, st.actions, r.Actions, "%v", st.kv)
		assert.Empty(t, writes)
		r, writes = e.must("storage_domain", sd, ensure.Options{})
		assert.Equal(t, st.actions, r.Actions, "%v", st.kv)
		assert.Len(t, writes, len(st.actions))
		e.noop("storage_domain", sd)
	}
	att, err := e.conn.SystemService().StorageDomainsService().List(ctx(t), nil)
	require.NoError(t, err)
	for _, d := range att {
		if d.GetName() == "data2" {
			assert.Equal(t, "second data domain", d.GetDescription())
		}
	}

	_, _, err = e.ensure("storage_domain", ensure.Spec{"name": "data2", "state": "attached"}, ensure.Options{})
	require.EqualError(t, err, "storage_domain data2: state attached needs the data center (data_center='Default')")

	gone := ensure.Spec{"name": "data2", "state": "absent"} // through any host that is up
	r, writes = e.must("storage_domain", gone, ensure.Options{Check: true})
	assert.Equal(t, []string{"detach", "remove"}, r.Actions)
	assert.Empty(t, writes)
	r, writes = e.must("storage_domain", gone, ensure.Options{})
	assert.Equal(t, "remove", r.Op)
	assert.Equal(t, []string{"detach", "remove"}, r.Actions)
	assert.Len(t, writes, 2)
	assert.Contains(t, writes[1], "host=host1")
	assert.Nil(t, r.Object)
	e.noop("storage_domain", gone)
}
