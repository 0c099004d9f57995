package ensure

import (
	"context"
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// permission is the kind of a role given to a user or a group on an object (or on the whole
// system). A permission has no name and nothing to update: it is there or not.
type permission struct{}

// permissionObjects are the members of a declaration naming the object of a permission, with
// the type and the kind of that object.
var permissionObjects = []struct{ member, typ string }{
	{"vm", "Vm"}, {"template", "Template"}, {"cluster", "Cluster"}, {"data_center", "DataCenter"},
	{"host", "Host"}, {"storage_domain", "StorageDomain"}, {"disk", "Disk"}, {"vm_pool", "VmPool"},
}

func init() { Register(permission{}) }

func (permission) Name() string { return "permission" }

func (permission) Doc() string {
	return "ovirt.ensure.permission{role=, user= | group=, [vm= | template= | cluster= | data_center= | host= | " +
		"storage_domain= | disk= | vm_pool=], state='present'|'absent'}: a role given to a user (name, user name " +
		"such as 'jdoe@internal-authz', or id) or a group on one object, or on the whole system when no object is named."
}

// ResourceName is "UserRole for user jdoe on vm web1".
func (permission) ResourceName(s Spec) string {
	who := "user"
	whom, _ := s["user"].(string)
	if g, ok := s["group"].(string); ok {
		who, whom = "group", g
	}
	role, _ := s["role"].(string)
	on := "system"
	for _, o := range permissionObjects {
		if n, ok := s[o.member].(string); ok {
			on = o.member + " " + n
		}
	}
	if role == "" || whom == "" {
		return ""
	}
	return fmt.Sprintf("%s for %s %s on %s", role, who, whom, on)
}

func (permission) Refs(s Spec) []Ref {
	for _, o := range permissionObjects {
		if n, ok := s[o.member].(string); ok {
			return []Ref{{o.member, n}}
		}
	}
	return nil
}

// target reads the declaration: the collection of permissions it is about, and the ids of the
// role and of the user or group.
type permissionTarget struct {
	coll              any
	role, user, group string
}

func (permission) target(ctx context.Context, e *Env, s Spec) (*permissionTarget, error) {
	known := map[string]bool{"role": true, "user": true, "group": true, "state": true}
	path := "permissions"
	for _, o := range permissionObjects {
		known[o.member] = true
		v, ok := s[o.member]
		if !ok {
			continue
		}
		if path != "permissions" {
			return nil, specErrorf("a permission is on one object: %s and %s are both given", strings.SplitN(path, "/", 2)[0], o.member)
		}
		n, ok := v.(string)
		if !ok {
			return nil, specErrorf("%s: expected the name or id of a %s, got %s", o.member, o.member, typeName(v))
		}
		id, err := e.ResolveID(ctx, o.typ, n)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.member, err)
		}
		path = RootPath(o.typ) + "/" + id + "/permissions"
	}
	for k := range s {
		if !known[k] {
			return nil, specErrorf("a permission has no member '%s' (members: role, user, group, state and the object: vm, cluster...)", k)
		}
	}
	t := &permissionTarget{}
	var err error
	if t.coll, err = e.Collection(ctx, path); err != nil {
		return nil, err
	}
	role, _ := s["role"].(string)
	if role == "" {
		return nil, specErrorf("role is required: the name or id of a role such as 'UserRole'")
	}
	if t.role, err = e.ResolveID(ctx, "Role", role); err != nil {
		return nil, fmt.Errorf("role: %w", err)
	}
	user, _ := s["user"].(string)
	group, _ := s["group"].(string)
	switch {
	case (user == "") == (group == ""):
		return nil, specErrorf("one of user and group is required: whom the role is given to")
	case user != "":
		if t.user, err = resolveUser(ctx, e, user); err != nil {
			return nil, fmt.Errorf("user: %w", err)
		}
	default:
		if t.group, err = e.ResolveID(ctx, "Group", group); err != nil {
			return nil, fmt.Errorf("group: %w", err)
		}
	}
	return t, nil
}

// resolveUser finds a user by name, id or user name ("jdoe@internal-authz").
func resolveUser(ctx context.Context, e *Env, key string) (string, error) {
	id, err := e.ResolveID(ctx, "User", key)
	if err == nil || !IsNotFound(err) || !strings.Contains(key, "@") {
		return id, err
	}
	users, lerr := e.Conn.SystemService().UsersService().List(ctx, nil)
	if lerr != nil {
		return "", lerr
	}
	for _, u := range users {
		if u.GetUserName() == key {
			return u.GetId(), nil
		}
	}
	return "", err
}

func (k permission) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	r := &Result{Kind: "permission", Name: k.ResourceName(s), Op: "none", Diff: map[string]Change{}}
	state := s.State()
	if state != "present" && state != "absent" {
		return r, specErrorf("state '%s' is not one of present, absent", state)
	}
	t, err := k.target(ctx, e, s)
	if err != nil {
		return r, err
	}
	list, err := Call(ctx, t.coll, "List")
	if err != nil {
		return r, err
	}
	var cur *types.Permission
	for _, p := range list.([]*types.Permission) {
		if p.Role.GetId() == t.role && p.User.GetId() == t.user && p.Group.GetId() == t.group {
			cur = p
		}
	}
	r.Object = cur
	switch {
	case cur == nil && state == "present":
		r.record("", map[string]Change{"role": {To: t.role}}, "add")
		r.Op = "add"
		if e.Options.Check {
			return r, nil
		}
		p := &types.Permission{Role: &types.Role{Id: types.Ptr(t.role)}}
		if t.user != "" {
			p.User = &types.User{Id: types.Ptr(t.user)}
		} else {
			p.Group = &types.Group{Id: types.Ptr(t.group)}
		}
		r.Object, err = Call(ctx, t.coll, "Add", p)
		return r, r.undone(err)
	case cur != nil && state == "absent":
		r.record("", nil, "remove")
		r.Op, r.Object = "remove", nil
		if e.Options.Check {
			return r, nil
		}
		ent, err := names.Lookup(ctx, t.coll, cur.GetId(), false)
		if err != nil {
			return r, r.undone(err)
		}
		_, err = Call(ctx, ent.Service, "Remove")
		return r, r.undone(err)
	}
	return r, nil
}

// Export declares the permissions given on the system (those the system's collection lists)
// and on each VM, or, with a search, those on the VMs it selects. A VM's list also holds what it
// inherits (from its cluster, data center, the system): only those given on the VM itself count.
func (k permission) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	var out []Spec
	if search == "" {
		list, err := e.Conn.SystemService().PermissionsService().List(ctx, nil)
		if err != nil {
			return nil, err
		}
		if out, err = permissionSpecs(ctx, e, list, nil); err != nil {
			return nil, err
		}
	}
	vms, err := exportVMs(ctx, e, search, func(svc *engine.VmService, vm *types.Vm) ([]Spec, error) {
		list, err := svc.PermissionsService().List(ctx, nil)
		if err != nil {
			return nil, err
		}
		return permissionSpecs(ctx, e, list, func(p *types.Permission) bool { return p.Vm.GetId() == vm.GetId() })
	})
	return append(out, vms...), err
}

// permissionSpecs declares the permissions of list that keep accepts (all when nil).
func permissionSpecs(ctx context.Context, e *Env, list []*types.Permission, keep func(*types.Permission) bool) ([]Spec, error) {
	var out []Spec
	for _, p := range list {
		if keep != nil && !keep(p) {
			continue
		}
		s := Spec{}
		var err error
		if s["role"], err = e.NameOf(ctx, "Role", p.Role.GetId()); err != nil {
			return nil, err
		}
		switch {
		case p.User != nil:
			s["user"], err = e.NameOf(ctx, "User", p.User.GetId())
		case p.Group != nil:
			s["group"], err = e.NameOf(ctx, "Group", p.Group.GetId())
		}
		if err != nil {
			return nil, err
		}
		for _, o := range permissionObjects {
			if id := types.IDOf(fieldByMember(p, o.typ)); id != "" {
				if s[o.member], err = e.NameOf(ctx, o.typ, id); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// fieldByMember returns the object member of a permission (p.Vm for "Vm").
func fieldByMember(p *types.Permission, typ string) any {
	switch typ {
	case "Vm":
		return p.Vm
	case "Template":
		return p.Template
	case "Cluster":
		return p.Cluster
	case "DataCenter":
		return p.DataCenter
	case "Host":
		return p.Host
	case "StorageDomain":
		return p.StorageDomain
	case "Disk":
		return p.Disk
	case "VmPool":
		return p.VmPool
	}
	return nil
}
