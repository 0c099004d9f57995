package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestDisk(t *testing.T) {
	e := start(t)
	tests := []struct {
		name string
		spec ensure.Spec
	}{
		{"floating", ensure.Spec{"name": "scratch", "size": "2GiB", "storage_domain": "data1", "format": "raw"}},
		{"attached", ensure.Spec{"name": "data", "vm": "vm2", "size": "2GiB", "storage_domain": "data1", "bootable": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, writes := e.must("disk", tt.spec, ensure.Options{Check: true})
			assert.Equal(t, "add", r.Op)
			assert.Empty(t, writes)
			assert.Equal(t, ensure.Change{To: int64(2 << 30)}, r.Diff["provisioned_size"])

			r, writes = e.must("disk", tt.spec, ensure.Options{})
			assert.Equal(t, []string{"add disk " + tt.spec["name"].(string)}, r.Actions)
			assert.Len(t, writes, 1)
			d := r.Object.(*types.Disk)
			assert.Equal(t, types.DiskStatusOk, d.GetStatus(), "the add waits until the disk is ok")
			e.noop("disk", tt.spec)

			steps := []struct {
				kv     []any
				path   string
				change ensure.Change
				action string
			}{
				{[]any{"size", "3GiB"}, "provisioned_size", ensure.Change{From: int64(2 << 30), To: int64(3 << 30)}, "extend disk "},
				{[]any{"description", "scratch space"}, "description", ensure.Change{From: "", To: "scratch space"}, "update disk "},
			}
			if tt.name == "attached" {
				steps = append(steps, struct {
					kv     []any
					path   string
					change ensure.Change
					action string
				}{[]any{"bootable", true}, "bootable", ensure.Change{From: false, To: true}, "update attachment of disk "})
			}
			for _, st := range steps {
				tt.spec[st.kv[0].(string)] = st.kv[1]
				r, writes := e.must("disk", tt.spec, ensure.Options{Check: true})
				assert.Empty(t, writes)
				assert.Equal(t, map[string]ensure.Change{st.path: st.change}, r.Diff)
				r, writes = e.must("disk", tt.spec, ensure.Options{})
				assert.Equal(t, []string{st.action + tt.spec["name"].(string)}, r.Actions)
				assert.Len(t, writes, 1)
				e.noop("disk", tt.spec)
			}

			shrink := ensure.Spec{"name": tt.spec["name"], "size": "1GiB"}
			if v, ok := tt.spec["vm"]; ok {
				shrink["vm"] = v
			}
			_, writes, err := e.ensure("disk", shrink, ensure.Options{})
			require.ErrorContains(t, err, "size 1 GiB (1073741824 bytes) is smaller than the disk's 3 GiB (3221225472 bytes): a disk cannot shrink")
			assert.Empty(t, writes)
			shrink["size"], shrink["format"] = "3GiB", "qcow2"
			_, _, err = e.ensure("disk", shrink, ensure.Options{})
			require.ErrorContains(t, err, "format: 'qcow2' is not a DiskFormat; did you mean 'cow'?")

			gone := ensure.Spec{"name": tt.spec["name"], "state": "absent"}
			r, writes = e.must("disk", gone, ensure.Options{Check: true})
			assert.Equal(t, "remove", r.Op)
			assert.Empty(t, writes)
			r, writes = e.must("disk", gone, ensure.Options{})
			assert.Equal(t, "remove", r.Op)
			assert.Len(t, writes, 1)
			e.noop("disk", gone)
		})
	}
}
