package imageio

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/internal/qcow2"
)

func TestQcow2Conversion(t *testing.T) {
	tests := []struct {
		name    string
		virtual int64
		writes  map[int64]string // guest offset → bytes
		size    int64            // of the qcow2 file
	}{
		{name: "empty 20 GiB disk", virtual: 20 << 30, size: 4 * qcow2Cluster},
		{name: "data in two regions", virtual: 2 << 30, size: (4 + 1 + 3 + 1 + 1) * qcow2Cluster,
			writes: map[int64]string{0: "boot sector", 3<<20 + 5: "across", 3<<20 + qcow2Cluster - 2: "a cluster edge", 600 << 20: "far"}},
		{name: "size not a whole cluster", virtual: 1<<20 + 1024, size: (4 + 1 + 1) * qcow2Cluster,
			writes: map[int64]string{1<<20 + 1014: "last bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			guest := NewImage()
			for off, s := range tt.writes {
				guest.Write([]byte(s), off)
			}
			q := ToQcow2(guest, tt.virtual)
			kind, length := q.State()
			assert.Equal(t, KindQcow2, kind)
			assert.Equal(t, tt.size, length)
			h := q.Bytes(104)
			assert.Equal(t, qcow2.Magic, string(h[:4]))
			assert.Equal(t, uint64(tt.virtual), binary.BigEndian.Uint64(h[24:]))

			raw, virtual, err := FromQcow2(q, length)
			require.NoError(t, err)
			assert.Equal(t, tt.virtual, virtual)
			for off, s := range tt.writes {
				from := max(0, off-2)
				got, want := make([]byte, len(s)+4), make([]byte, len(s)+4)
				raw.readAt(got, from)
				guest.readAt(want, from)
				assert.Equal(t, want, got, "guest data at %d", off)
			}
			assert.Equal(t, guest.dataClusters(tt.virtual), raw.dataClusters(tt.virtual), "no data appears elsewhere")

			if qemu, err := exec.LookPath("qemu-img"); err == nil { // when installed, qemu agrees
				dir := t.TempDir()
				qf, rf := filepath.Join(dir, "d.qcow2"), filepath.Join(dir, "d.raw")
				require.NoError(t, os.WriteFile(qf, q.Bytes(length), 0o600))
				f, err := os.Create(rf) // sparse: only the writes
				require.NoError(t, err)
				require.NoError(t, f.Truncate(tt.virtual))
				for off, s := range tt.writes {
					_, err := f.WriteAt([]byte(s), off)
					require.NoError(t, err)
				}
				require.NoError(t, f.Close())
				out, err := exec.Command(qemu, "check", qf).CombinedOutput()
				assert.NoError(t, err, "qemu-img check: %s", out)
				out, err = exec.Command(qemu, "compare", "-f", "qcow2", "-F", "raw", qf, rf).CombinedOutput()
				assert.NoError(t, err, "qemu-img compare: %s", out)

				// and the simulator reads what qemu writes
				theirs := filepath.Join(dir, "theirs.qcow2")
				out, err = exec.Command(qemu, "convert", "-f", "raw", "-O", "qcow2", rf, theirs).CombinedOutput()
				require.NoError(t, err, "qemu-img convert: %s", out)
				b, err := os.ReadFile(theirs)
				require.NoError(t, err)
				img := NewImage()
				img.Write(b, 0)
				back, virtual, err := FromQcow2(img, int64(len(b)))
				require.NoError(t, err)
				assert.Equal(t, tt.virtual, virtual)
				for off, s := range tt.writes {
					got := make([]byte, len(s))
					back.readAt(got, off)
					assert.Equal(t, s, string(got))
				}
			}
		})
	}
}

func TestQcow2Refusals(t *testing.T) {
	valid := ToQcow2(NewImage(), 1<<20).Bytes(4 * qcow2Cluster)
	patch := func(off int, b ...byte) []byte {
		c := bytes.Clone(valid)
		copy(c[off:], b)
		return c
	}
	tests := []struct {
		name string
		file []byte
		err  string
	}{
		{"not qcow2", []byte("plain data, long enough to hold a header of seventy-two bytes......"), "not a qcow2 image"},
		{"version 4", patch(7, 4), "unsupported version 4"},
		{"backing file", patch(15, 1), "backing file"},
		{"encrypted", patch(35, 1), "encrypted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := NewImage()
			img.Write(tt.file, 0)
			_, _, err := FromQcow2(img, int64(len(tt.file)))
			assert.ErrorContains(t, err, tt.err)
		})
	}
}
