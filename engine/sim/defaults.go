package sim

import (
	"reflect"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// emptyMembers are the string members an engine always sends, empty when nobody set them
// (the database keeps "" rather than null): every entity's comment, and the description of
// the types whose clients read it unconditionally.
var emptyMembers = map[string][]string{
	"":         {"comment"},
	"Vm":       {"description"},
	"Template": {"description"},
	"Disk":     {"description"},
}

// engineDefaults gives v (a pointer to a generated struct about to be stored) the members an
// engine always fills in: empty strings for emptyMembers, a disk's alias (its name).
func engineDefaults(v any) {
	m := metaFor(v)
	if m == nil {
		return
	}
	if d, ok := v.(*types.Disk); ok && d.Name != nil {
		d.Alias = types.Ptr(*d.Name)
	}
	ev := reflect.ValueOf(v).Elem()
	for _, names := range [][]string{emptyMembers[""], emptyMembers[m.info.Name]} {
		for _, name := range names {
			mi := m.info.Member(name)
			if mi == nil || mi.Type != "String" || mi.List {
				continue
			}
			if f := ev.Field(mi.Field); f.Kind() == reflect.Pointer && f.IsNil() {
				m.setStr(v, mi.Field, "")
			}
		}
	}
}

// legacyMembers rewrites members an engine still accepts under their older names into the
// current ones: an image transfer's <image id> names the disk (go-ovirt-client sends that), a
// disk's alias is its name.
func legacyMembers(v any) {
	if d, ok := v.(*types.Disk); ok && d.Name == nil && d.Alias != nil {
		d.Name = types.Ptr(*d.Alias)
	}
	if t, ok := v.(*types.ImageTransfer); ok && t.Disk == nil && t.Snapshot == nil && t.Image != nil && t.Image.Id != nil {
		t.Disk = &types.Disk{Id: types.Ptr(*t.Image.Id)}
		t.Image = nil
	}
}
