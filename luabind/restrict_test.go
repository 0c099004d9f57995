package luabind_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/luabind"
)

// TestRestrictedRuntime: with Options.Restricted, everything that reaches the host beyond the
// engine errors with a message naming it; the rest of the language works.
func TestRestrictedRuntime(t *testing.T) {
	allowed, outside := t.TempDir(), t.TempDir()
	write := func(path, src string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
		require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	}
	write(filepath.Join(allowed, "helper.lua"), `return {answer = 42}`)
	write(filepath.Join(allowed, "sub", "mod.lua"), `return 'sub.mod'`)
	write(filepath.Join(outside, "evil.lua"), `return 'evil'`)
	require.NoError(t, os.Symlink(filepath.Join(outside, "evil.lua"), filepath.Join(allowed, "link.lua")))
	secret := filepath.Join(outside, "secret.txt")
	write(secret, "s3cret")

	rt, out := newRuntime(t, luabind.Options{Restricted: true, AllowedPaths: []string{allowed}})
	rt.SetGlobal("OUTSIDE", outside)
	rt.SetGlobal("SECRET", secret)
	for _, tc := range []struct{ src, msg string }{
		{`os.execute('true')`, "os.execute is not available in a restricted runtime"},
		{`os.exit(0)`, "os.exit is not available"},
		{`os.getenv('HOME')`, "os.getenv is not available"},
		{`os.remove(SECRET)`, "os.remove is not available"},
		{`os.rename(SECRET, SECRET .. '2')`, "os.rename is not available"},
		{`os.tmpname()`, "os.tmpname is not available"},
		{`loadfile(SECRET)`, "loadfile is not available"},
		{`dofile(SECRET)`, "dofile is not available"},
		{`io.open(SECRET)`, "io.open is not available"},
		{`io.popen('ls')`, "io.popen is not available"},
		{`io.lines(SECRET)`, "io.lines is not available"},
		{`io.read()`, "io.read is not available"},
		{`debug.getinfo(1)`, "debug.getinfo is not available"},
		{`debug.setmetatable('', {})`, "debug.setmetatable is not available"},
		{`package.loadlib('x', 'y')`, "package.loadlib is not available"},
		{`package.path = OUTSIDE .. '/?.lua'; require('evil')`, "module evil not found"},
		{`require('link')`, "not under an allowed path"},
		{`require('ovirt').upload_disk{file=SECRET, storage_domain='d'}`, "ovirt.upload_disk: file '" + secret + "': not under an allowed path"},
		{`require('ovirt').download_disk{disk='d', file=OUTSIDE .. '/new.img'}`, "ovirt.download_disk: file"},
		{`require('ovirt').connect{url='https://e/ovirt-engine/api', ca_file=SECRET}`, "ovirt.connect: ca_file"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			err := rt.DoString(t.Context(), tc.src)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
	_, err := os.Stat(secret)
	require.NoError(t, err, "os.remove did nothing")

	require.NoError(t, rt.DoString(t.Context(), `
		local ovirt = require('ovirt')
		io.write(require('helper').answer, ' ', require('sub.mod'), '\n')
		print(type(os.time()), type(os.clock()), type(os.date('%Y')), loadstring('return 1 + 1')())
		print(pcall(error, 'x'), type(debug.traceback()), ovirt.GiB, string.rep('ab', 2))`))
	assert.Equal(t, "42 sub.mod\nnumber\tnumber\tstring\t2\nfalse\tstring\t1073741824\tabab\n", out.String())

	_, err = luabind.New(t.Context(), luabind.Options{Restricted: true, AllowedPaths: []string{filepath.Join(outside, "missing")}})
	assert.ErrorContains(t, err, "allowed path")

	// The default runtime (the CLI's) keeps the full library.
	full, fullOut := newRuntime(t, luabind.Options{})
	full.SetGlobal("SECRET", secret)
	require.NoError(t, full.DoString(t.Context(), `local f = io.open(SECRET); print(f:read('*a')); f:close(); print(type(os.getenv('PATH')))`))
	assert.Equal(t, "s3cret\nstring\n", fullOut.String())
}
