package luabind

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/transfer"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Parameters of ovirt.upload_disk and ovirt.download_disk.
var (
	uploadParams   = []string{"file", "storage_domain", "name", "description", "format", "sparse", "progress", "checksum", "connection"}
	downloadParams = []string{"disk", "file", "format", "progress", "checksum", "connection"}
)

// luaUploadDisk is ovirt.upload_disk{file=, storage_domain=, name=, description=, format=,
// sparse=, progress=, checksum=, connection=}: transfer.Upload. It returns the disk (ok) and a
// table {transfer_id, endpoint, format, size, sent, seconds, sha256}.
func (r *Runtime) luaUploadDisk(L *lua.LState) int {
	a := r.transferArgs(L, "upload_disk", uploadParams)
	o := transfer.UploadOptions{File: a.str("file"), StorageDomain: a.str("storage_domain"), Name: a.str("name"),
		Description: a.str("description"), Format: a.format(), Sparse: a.optBool("sparse"), Checksum: a.bool("checksum")}
	if o.File == "" {
		r.raiseUsage(L, "upload_disk: file is required: the path of the raw or qcow2 image")
	}
	if o.StorageDomain == "" {
		r.raiseUsage(L, "upload_disk: storage_domain is required: the name or id of a data storage domain")
	}
	conn := r.transferConn(L, a)
	return a.run(func(ctx context.Context, progress func(done, total int64)) (*transfer.Result, error) {
		o.Progress = progress
		return transfer.Upload(ctx, conn, o)
	}, "upload "+filepath.Base(o.File))
}

// luaDownloadDisk is ovirt.download_disk{disk=, file=, format=, progress=, checksum=,
// connection=}: transfer.Download of a disk (id, name or Disk value) to a file. It returns the
// disk and the same table as upload_disk.
func (r *Runtime) luaDownloadDisk(L *lua.LState) int {
	a := r.transferArgs(L, "download_disk", downloadParams)
	o := transfer.DownloadOptions{File: a.str("file"), Format: a.format(), Checksum: a.bool("checksum")}
	switch v := a.t.RawGetString("disk").(type) {
	case lua.LString:
		o.Disk = string(v)
	case *lua.LNilType:
	default:
		if d, ok := r.Value(v).(*types.Disk); ok {
			o.Disk = d.GetId()
		} else {
			r.raiseUsage(L, "download_disk: disk must be an id, a name or a Disk, got %s", r.got(v))
		}
	}
	if o.Disk == "" || o.File == "" {
		r.raiseUsage(L, "download_disk: disk and file are required")
	}
	conn := r.transferConn(L, a)
	return a.run(func(ctx context.Context, progress func(done, total int64)) (*transfer.Result, error) {
		o.Progress = progress
		return transfer.Download(ctx, conn, o)
	}, "download "+filepath.Base(o.File))
}

// transferCall holds the checked arguments of a transfer function.
type transferCall struct {
	r    *Runtime
	L    *lua.LState
	name string
	t    *lua.LTable
}

func (r *Runtime) transferArgs(L *lua.LState, name string, params []string) *transferCall {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		r.raiseUsage(L, "%s expects a table of parameters: ovirt.%s{%s=...}, got %s", name, name, params[0], r.got(L.Get(1)))
	}
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); !ok || !slices.Contains(params, string(s)) {
			r.raiseUsage(L, "%s has no parameter '%s'%s", name, k.String(), didYouMean(k.String(), params))
		}
	})
	return &transferCall{r: r, L: L, name: name, t: t}
}

func (a *transferCall) str(key string) string {
	switch v := a.t.RawGetString(key).(type) {
	case *lua.LNilType:
		return ""
	case lua.LString:
		return string(v)
	default:
		a.r.raiseUsage(a.L, "%s: %s must be a string, got %s", a.name, key, a.r.got(v))
	}
	return ""
}

func (a *transferCall) optBool(key string) *bool {
	switch v := a.t.RawGetString(key).(type) {
	case *lua.LNilType:
		return nil
	case lua.LBool:
		return types.Ptr(bool(v))
	default:
		a.r.raiseUsage(a.L, "%s: %s must be a boolean, got %s", a.name, key, a.r.got(v))
	}
	return nil
}

func (a *transferCall) bool(key string) bool {
	b := a.optBool(key)
	return b != nil && *b
}

// format reads format=: raw, cow, or qcow2 (the image format, which oVirt calls cow).
func (a *transferCall) format() types.DiskFormat {
	switch f := strings.ToLower(a.str("format")); f {
	case "":
		return ""
	case "raw":
		return types.DiskFormatRaw
	case "cow", "qcow2":
		return types.DiskFormatCow
	default:
		a.r.raiseUsage(a.L, "%s: format is 'raw' or 'cow' (qcow2), not '%s'", a.name, f)
	}
	return ""
}

// transferConn finds the connection: connection=, else ovirt.connection, else the global conn
// (ovirtsh's connection, opened on first use: indexing it opens it).
func (r *Runtime) transferConn(L *lua.LState, a *transferCall) *engine.Connection {
	v := a.t.RawGetString("connection")
	if v == lua.LNil && r.conn != nil {
		return r.engineConn(L, a.name, r.conn)
	}
	if v == lua.LNil {
		v = L.GetGlobal("conn")
		if ud, ok := v.(*lua.LUserData); ok {
			if _, isConn := ud.Value.(*connection); !isConn {
				L.GetField(v, "url") // a stand-in resolves itself and replaces the global
				v = L.GetGlobal("conn")
			}
		}
	}
	if ud, ok := v.(*lua.LUserData); ok {
		if c, ok := ud.Value.(*connection); ok {
			return r.engineConn(L, a.name, c)
		}
	}
	r.raiseUsage(L, "%s needs a connection: pass connection=, or open one with ovirt.connect", a.name)
	return nil
}

func (r *Runtime) engineConn(L *lua.LState, name string, c *connection) *engine.Connection {
	if c.closed {
		r.raise(L, &Error{Kind: KindOther, Message: "the connection is closed", Err: engine.ErrClosed})
	}
	ec, ok := c.b, c.b != nil
	if !ok {
		r.raiseUsage(L, "%s needs a connection to an engine", name)
	}
	return ec
}

// run performs the transfer on the Lua goroutine, with the progress the script asked for:
// progress=function(done, total) is called, true draws a bar on stderr, false nothing, and by
// default a bar is drawn when stderr is a terminal. An error raised by the progress function
// cancels the transfer (cleanly) and is raised again.
func (a *transferCall) run(f func(ctx context.Context, progress func(done, total int64)) (*transfer.Result, error), label string) int {
	r, L := a.r, a.L
	ctx, cancel := context.WithCancelCause(L.Context())
	defer cancel(nil)
	var progress func(done, total int64)
	switch v := a.t.RawGetString("progress").(type) {
	case *lua.LFunction:
		progress = func(done, total int64) {
			if ctx.Err() != nil {
				return
			}
			if err := L.CallByParam(lua.P{Fn: v, Protect: true}, lua.LNumber(done), lua.LNumber(total)); err != nil {
				cancel(&progressError{fromAPIError(err)})
			}
		}
	case lua.LBool:
		if v {
			progress = newProgressBar(os.Stderr, label).update
		}
	case *lua.LNilType:
		if isTerminal(os.Stderr) {
			progress = newProgressBar(os.Stderr, label).update
		}
	default:
		r.raiseUsage(L, "%s: progress must be a function or a boolean, got %s", a.name, r.got(v))
	}
	res, err := f(ctx, progress)
	if err != nil {
		if pe, ok := errors.AsType[*progressError](context.Cause(ctx)); ok {
			r.raise(L, pe.e)
		}
		r.raise(L, toError(err))
	}
	info := L.NewTable()
	info.RawSetString("transfer_id", lua.LString(res.TransferID))
	info.RawSetString("endpoint", lua.LString(res.Endpoint))
	info.RawSetString("format", lua.LString(res.Format))
	info.RawSetString("size", lua.LNumber(res.Size))
	info.RawSetString("sent", lua.LNumber(res.Sent))
	info.RawSetString("seconds", lua.LNumber(res.Elapsed.Seconds()))
	if res.SHA256 != "" {
		info.RawSetString("sha256", lua.LString(res.SHA256))
	}
	L.Push(r.ToLua(res.Disk))
	L.Push(info)
	return 2
}

// progressError carries the error of a script's progress function through the cancellation.
type progressError struct{ e *Error }

func (p *progressError) Error() string { return p.e.Error() }

// isTerminal reports whether f is a character device (a terminal, for stderr).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
