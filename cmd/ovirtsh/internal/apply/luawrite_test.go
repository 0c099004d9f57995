package apply

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteDecls(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeDecls(&b, []Resource{
		{Kind: "vm", Spec: Spec{"name": "web1", "memory": int64(2 << 30), "cluster": "Default", "description": "it's\na \"VM\"",
			"cpu":           map[string]any{"topology": map[string]any{"cores": int64(2), "sockets": int64(1)}},
			"tags":          []any{"web", "prod"},
			"disks":         []any{map[string]any{"name": "web1_os", "provisioned_size": int64(20<<30 + 1), "bootable": true}},
			"memory_policy": map[string]any{"guaranteed": int64(1536 << 20), "ballooning": false}, "ha": 0.5,
			"end": "x", "with-dash": "y"}},
		{Kind: "tag", Spec: Spec{"name": "web"}},
	}))
	assert.Equal(t, `
ovirt.ensure.vm{
  name = 'web1',
  cluster = 'Default',
  cpu = {topology = {cores = 2, sockets = 1}},
  description = 'it\'s\na "VM"',
  disks = {{name = 'web1_os', bootable = true, provisioned_size = 21474836481}},
  ['end'] = 'x',
  ha = 0.5,
  memory = '2GiB',
  memory_policy = {ballooning = false, guaranteed = '1.5GiB'},
  tags = {'web', 'prod'},
  ['with-dash'] = 'y',
}

ovirt.ensure.tag{
  name = 'web',
}
`, b.String())
}

func TestLuaTableBreaksLongLines(t *testing.T) {
	var items []any
	for range 12 {
		items = append(items, "profile-name")
	}
	got := luaValue("", map[string]any{"name": "n", "vnic_profiles": items}, 0, false)
	assert.Contains(t, got, "vnic_profiles = {\n    'profile-name',\n")
	assert.Equal(t, `'\000\127é'`, luaString("\x00\x7fé"))
}
