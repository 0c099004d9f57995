package sim

import (
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/sim/search"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// registerUserBehaviour adds users the way an engine adds them from a directory, and completes
// permissions with the object they are given on.
func registerUserBehaviour(h *hooks) {
	h.add["Users"] = addUser
	h.add["AssignedPermissions"] = addPermission
	// the permissions of an object (or of a user or group) are the permissions naming it: one
	// permission, reached from its object and from its user alike
	h.view["AssignedRoles"] = assignedRoles
	h.view["AssignedPermissions"] = func(st *store, path string) (func(any) bool, bool) {
		member, id, ok := permissionOwner(path)
		return func(v any) bool { return refID(v, member) == id }, ok
	}
	// /permissions lists the permissions given on the system object only (the engine asks for
	// the permissions of Guid.SYSTEM); /permissions/{id} still reaches any permission
	h.view["SystemPermissions"] = func(st *store, path string) (func(any) bool, bool) {
		return isSystemPermission, path == "permissions"
	}
}

// isSystemPermission reports whether the permission v is given on the system: it names none of
// the objects a permission can be given on (the user or group it is given to does not count).
func isSystemPermission(v any) bool {
	for _, member := range permissionObjects {
		if member != "user" && member != "group" && refID(v, member) != "" {
			return false
		}
	}
	return true
}

// roleHolders maps the collections whose entities hold roles through permissions to the
// member of Permission that names them.
var roleHolders = map[string]string{"users": "user", "groups": "group"}

// assignedRoles is the view of a user's or group's roles: the roles of its permissions.
func assignedRoles(st *store, path string) (func(any) bool, bool) {
	segs := strings.Split(path, "/")
	member, ok := roleHolders[segs[0]]
	if len(segs) != 3 || !ok {
		return nil, false
	}
	roles := map[string]bool{}
	if perms := st.lookup("permissions"); perms != nil {
		for _, v := range perms.all() {
			if refID(v, member) == segs[1] {
				roles[refID(v, "role")] = true
			}
		}
	}
	return func(v any) bool { return roles[v.(*types.Role).GetId()] }, true
}

// permissionOwner returns the member of Permission that names the object of the permissions
// collection at path, and the object's id: "vms/<id>/permissions" gives "vm" and <id>; ok is
// false for objects a Permission has no member for (networks, profiles...).
func permissionOwner(path string) (member, id string, ok bool) {
	segs := strings.Split(path, "/")
	if len(segs) < 3 || segs[len(segs)-1] != "permissions" {
		return "", "", false
	}
	member, ok = permissionObjects[segs[len(segs)-3]]
	return member, segs[len(segs)-2], ok
}

// addUser adds a directory user (user_name "jdoe@internal-authz", or principal and domain): the
// authorization domain must exist; the principal, name and namespace are filled in as a
// directory lookup would.
func addUser(c *call, coll *collection, v any, _ string) (any, *Fault) {
	u := v.(*types.User)
	principal, domain, _ := strings.Cut(u.GetUserName(), "@")
	if principal == "" {
		principal = u.GetPrincipal()
	}
	if u.Domain != nil && (u.Domain.GetName() != "" || u.Domain.GetId() != "") {
		domain = firstNonEmpty(u.Domain.GetId(), u.Domain.GetName())
	}
	if principal == "" || domain == "" {
		return nil, faultf(400, reasonIncomplete, "User [user_name] or [principal, domain.id|domain.name] required for add")
	}
	dv, ok := c.st.coll("domains", node("Domains")).find(domain)
	if !ok {
		return nil, notFound("Domain: " + domain)
	}
	dom := dv.(*types.Domain)
	u.Principal = types.Ptr(principal)
	u.UserName = types.Ptr(principal + "@" + dom.GetName())
	u.Domain = ref[types.Domain](dom.GetId(), "domains")
	if u.Name == nil {
		u.Name = types.Ptr(principal)
	}
	if u.Namespace == nil {
		u.Namespace = types.Ptr("*")
	}
	if u.DomainEntryId == nil {
		u.DomainEntryId = types.Ptr(u.GetId())
	}
	u.Password = nil
	for _, ov := range coll.all() {
		if o := ov.(*types.User); o.GetPrincipal() == principal && o.Domain.GetId() == dom.GetId() {
			return nil, conflictf("Cannot add User. The user %s is already present in the system.", u.GetUserName())
		}
	}
	return u, nil
}

// permissionObjects maps the collection a permission sub-collection hangs off to the member of
// Permission that names its object.
var permissionObjects = map[string]string{
	"vms": "vm", "hosts": "host", "clusters": "cluster", "datacenters": "data_center", "templates": "template",
	"storagedomains": "storage_domain", "vmpools": "vm_pool", "disks": "disk", "users": "user", "groups": "group",
}

// permissionObject sets the object of a permission added below it (vms/{id}/permissions gives
// permission.vm), before its mandatory inputs are checked: the path gives the object the
// model's forms (add_cluster_permission...) ask for.
func permissionObject(path string, body any) {
	if p, ok := body.(*types.Permission); ok {
		if member, id, ok := permissionOwner(path); ok {
			segs := strings.Split(path, "/")
			setRef(p, member, segs[len(segs)-3], id)
		}
	}
}

// addPermission requires a role and a user or group.
func addPermission(c *call, coll *collection, v any, _ string) (any, *Fault) {
	p := v.(*types.Permission)
	if p.Role == nil {
		return nil, faultf(400, reasonIncomplete, "Permission [role.id|role.name] required for add")
	}
	if p.User == nil && p.Group == nil {
		return nil, faultf(400, reasonIncomplete, "Permission [user.id|group.id] required for add")
	}
	return p, nil
}

// searchAlias is an attribute the engine's search language knows under another name than the
// model's member.
type searchAlias struct {
	name  string
	field search.Field
	acc   accessor
}

// searchAliases are added to the searchable attributes of a type by searchFor. usrname (also
// spelt username) is how the engine's search finds users: "usrname=jdoe@internal-authz"
// (principal@authz domain); the user_name itself matches too.
var searchAliases = map[string][]searchAlias{
	"User": {{name: "usrname", field: search.Field{Kind: search.String}, acc: userSearchNames},
		{name: "username", field: search.Field{Kind: search.String}, acc: userSearchNames}},
	"Job": {{name: "correlation_id", field: search.Field{Kind: search.String}, acc: jobCorrelation}},
}

// userSearchNames are the names a user is found by: its user name and principal@authz domain.
func userSearchNames(st *store, v any) []string {
	u := v.(*types.User)
	out := nonEmpty(u.GetUserName())
	if d := st.lookup("domains"); d != nil && u.GetPrincipal() != "" {
		if dv, ok := d.get(u.Domain.GetId()); ok {
			out = append(out, u.GetPrincipal()+"@"+dv.(*types.Domain).GetName())
		}
	}
	return out
}
