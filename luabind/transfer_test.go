package luabind_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/luabind"
)

func TestUploadThenDownloadDisk(t *testing.T) {
	rt, out := startSim(t, sim.Options{})
	dir := t.TempDir()
	data := make([]byte, 3<<20)
	for i := range 1 << 20 { // 1 MiB of data, then zeros
		data[i] = byte(i * 7)
	}
	in := filepath.Join(dir, "in.img")
	require.NoError(t, os.WriteFile(in, data, 0o600))
	sum := sha256.Sum256(data)
	rt.SetGlobal("IN", in)
	rt.SetGlobal("OUT", filepath.Join(dir, "out.img"))
	require.NoError(t, rt.DoString(t.Context(), `
		local ovirt = require('ovirt')
		local calls, last = 0, 0
		local disk, info = ovirt.upload_disk{file = IN, storage_domain = 'data1', name = 'lua-up', checksum = true,
			progress = function(done, total) calls = calls + 1; last = done; assert(total == 3 * ovirt.MiB) end}
		print(ovirt.typeof(disk), disk.name, disk.status, disk.format, disk.provisioned_size)
		print(info.endpoint, info.format, info.size, info.sent, calls > 0, last, info.sha256)
		local got, dinfo = ovirt.download_disk{disk = disk, file = OUT, checksum = true, progress = false}
		print(got.id == disk.id, got.status, dinfo.size, dinfo.sent, dinfo.sha256 == info.sha256)
		local again = ovirt.download_disk{disk = 'lua-up', file = OUT, format = 'raw'}
		print(again.name)
	`), out.String())
	hexSum := hex.EncodeToString(sum[:])
	assert.Equal(t, "Disk\tlua-up\tok\traw\t3145728\n"+
		"transfer_url\traw\t3145728\t1048576\ttrue\t3145728\t"+hexSum+"\n"+
		"true\tok\t3145728\t1048576\ttrue\n"+
		"lua-up\n", out.String())
	b, err := os.ReadFile(filepath.Join(dir, "out.img"))
	require.NoError(t, err)
	assert.Equal(t, data, b)
}

func TestTransferErrors(t *testing.T) {
	rt, _ := startSim(t, sim.Options{})
	img := filepath.Join(t.TempDir(), "x.img")
	require.NoError(t, os.WriteFile(img, make([]byte, 4<<20), 0o600))
	rt.SetGlobal("IMG", img)
	require.NoError(t, rt.DoString(t.Context(), `ovirt = require('ovirt')`))
	tests := []struct {
		name, chunk, kind, msg string
	}{
		{"not a table", `ovirt.upload_disk('x')`, luabind.KindUsage, "upload_disk expects a table of parameters"},
		{"unknown parameter", `ovirt.upload_disk{file = IMG, storage_domian = 'data1'}`, luabind.KindUsage, "no parameter 'storage_domian'; did you mean 'storage_domain'?"},
		{"no file", `ovirt.upload_disk{storage_domain = 'data1'}`, luabind.KindUsage, "file is required"},
		{"no storage domain", `ovirt.upload_disk{file = IMG}`, luabind.KindUsage, "storage_domain is required"},
		{"bad format", `ovirt.upload_disk{file = IMG, storage_domain = 'data1', format = 'vmdk'}`, luabind.KindUsage, "format is 'raw' or 'cow'"},
		{"bad sparse", `ovirt.upload_disk{file = IMG, storage_domain = 'data1', sparse = 'yes'}`, luabind.KindUsage, "sparse must be a boolean"},
		{"bad progress", `ovirt.upload_disk{file = IMG, storage_domain = 'data1', progress = 3}`, luabind.KindUsage, "progress must be a function or a boolean"},
		{"download without file", `ovirt.download_disk{disk = 'x'}`, luabind.KindUsage, "disk and file are required"},
		{"download of a VM", `ovirt.download_disk{disk = ovirt.types.Vm{}, file = IMG}`, luabind.KindUsage, "disk must be an id, a name or a Disk, got Vm"},
		{"unknown storage domain", `ovirt.upload_disk{file = IMG, storage_domain = 'nope'}`, luabind.KindNotFound, "failed while creating the disk"},
		{"unknown disk", `ovirt.download_disk{disk = 'nope', file = IMG .. '.out'}`, luabind.KindNotFound, "there is no disk with the id or name \"nope\""},
		{"progress raises", `ovirt.upload_disk{file = IMG, storage_domain = 'data1', progress = function() error('stop here') end}`,
			luabind.KindScript, "stop here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := rt.DoString(t.Context(), tt.chunk)
			e, ok := err.(*luabind.Error)
			require.True(t, ok, "%T %v", err, err)
			assert.Equal(t, tt.kind, e.Kind, e.Error())
			assert.Contains(t, e.Error(), tt.msg)
		})
	}
	// the upload stopped by its progress function left nothing locked behind
	require.NoError(t, rt.DoString(t.Context(), `
		for _, d in ipairs(ovirt.connection:system_service():disks_service():list()) do
			assert(d.status ~= 'locked', d.name .. ' is locked')
			assert(d.name ~= 'x.img', 'the cancelled upload left its disk')
		end`))
}
