package verbs

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// console writes the remote-viewer connection file of the entity's graphics console (the
// remote_viewer_connection_file action, which also sets a ticket) to --file, or opens it with
// remote-viewer when that is on PATH.
func (x *exec_) console(ctx context.Context) error {
	if x.at.entity.Locator("graphics_consoles") == nil {
		return usagef("console: a %s has no graphics console", labelOf(x.at.item))
	}
	path, err := x.collPath()
	if err != nil {
		return err
	}
	consoles, err := names.Collection(ctx, x.conn, path+"/"+x.cmd.words[0]+"/graphicsconsoles")
	if err != nil {
		return err
	}
	list, err := callList(ctx, consoles)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("%s %s has no graphics console (is it running?)", x.noun.Singular, x.cmd.words[0])
	}
	// Console ids are not UUIDs ("766e63" is vnc): locate by id, not through a name lookup.
	console := locateByID(consoles, types.IDOf(list[0]))
	var m *types.MethodInfo
	if s := serviceOf(console); s != nil {
		m = s.Method("remote_viewer_connection_file")
	}
	if m == nil {
		return usagef("console: this API has no remote_viewer_connection_file action")
	}
	r, err := newRequest(console, m)
	if err != nil {
		return err
	}
	out, err := r.call(ctx)
	if err != nil {
		return err
	}
	vv, _ := out.(string)
	if vv == "" {
		return fmt.Errorf("the engine returned an empty remote-viewer file for %s %s", x.noun.Singular, x.cmd.words[0])
	}
	if file := x.cmd.opts["file"]; file != "" {
		return writeSecret(file, vv)
	}
	lookPath := x.env.LookPath
	if lookPath == nil {
		lookPath = exec.LookPath
	}
	viewer, err := lookPath("remote-viewer")
	if err != nil {
		return usagef("console: remote-viewer is not on PATH: install virt-viewer, or give --file FILE.vv to save the connection file")
	}
	dir := x.env.TempDir
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "ovirtsh-*.vv")
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	name := f.Name()
	_ = f.Close()
	if err := writeSecret(name, vv); err != nil {
		return err
	}
	start := x.env.Start
	if start == nil {
		start = func(ctx context.Context, path string, args ...string) error {
			return exec.CommandContext(ctx, path, args...).Run()
		}
	}
	err = start(ctx, viewer, name)
	_ = os.Remove(name)
	return err
}

// writeSecret writes the file readable by its owner only: it holds the console ticket.
func writeSecret(name, content string) error {
	if err := os.WriteFile(filepath.Clean(name), []byte(content), 0o600); err != nil {
		return fmt.Errorf("console: %w", err)
	}
	return os.Chmod(name, 0o600)
}

// serviceOf describes the generated service svc (a pointer), or returns nil.
func serviceOf(svc any) *types.ServiceInfo {
	t := reflect.TypeOf(svc)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil
	}
	return types.Service(strings.TrimSuffix(t.Elem().Name(), "Service"))
}

// callList lists the collection service coll.
func callList(ctx context.Context, coll any) ([]any, error) {
	s := serviceOf(coll)
	if s == nil || s.Method("list") == nil {
		return nil, fmt.Errorf("verbs: %T is not a collection", coll)
	}
	r, err := newRequest(coll, s.Method("list"))
	if err != nil {
		return nil, err
	}
	out, err := r.call(ctx)
	if err != nil {
		return nil, err
	}
	v := reflect.ValueOf(out)
	items := make([]any, v.Len())
	for i := range items {
		items[i] = v.Index(i).Interface()
	}
	return items, nil
}

// locateByID returns the entity service of the collection service coll for id, sending nothing.
func locateByID(coll any, id string) any {
	loc := serviceOf(coll).IDLocator()
	return reflect.ValueOf(coll).MethodByName(loc.GoName).Call([]reflect.Value{reflect.ValueOf(id)})[0].Interface()
}

// callGet GETs the entity service svc.
func callGet(ctx context.Context, svc any) (any, error) {
	s := serviceOf(svc)
	if s == nil || s.Method("get") == nil {
		return nil, fmt.Errorf("verbs: %T has no get method", svc)
	}
	r, err := newRequest(svc, s.Method("get"))
	if err != nil {
		return nil, err
	}
	return r.call(ctx)
}
