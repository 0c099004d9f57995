package sim

import (
	"fmt"
	"slices"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// ExampleSeed configures the objects seeded for the official SDKs' examples (Options.Examples):
// data center mydc with cluster mycluster, network mynetwork (also in data center
// mydatacenter), hosts myhost and node26, storage domains mydata, bs-scsi-012, myiso and
// myexport (holding an exported copy of myvm), template mytemplate, VMs myvm (with disk mydisk
// and snapshot mysnap), test4joey (tagged mytag) and myagent, affinity label myaffinitylabel,
// quota myquota, users myuser and user2. myvm and mydata have the ids examples hard-code.
type ExampleSeed struct {
	// Without leaves out the named objects, for an example that creates them. Leaving out mydc
	// leaves out everything; leaving out mycluster leaves out everything but mydc.
	Without []string
	// Running starts the named VMs (on myhost).
	Running []string
	// Detached leaves the named storage domains unattached.
	Detached []string
	// Untagged leaves test4joey without the tag mytag, for an example that assigns it.
	Untagged bool
}

// exampleNames are the objects ExampleSeed knows.
var exampleNames = []string{"mydc", "mycluster", "mydatacenter", "mynetwork", "myhost", "node26", "mydata",
	"bs-scsi-012", "myiso", "myexport", "mytemplate", "myvm", "test4joey", "myagent", "mytag", "myaffinitylabel",
	"myquota", "myuser", "user2"}

// exampleIDs are the ids examples hard-code.
var exampleIDs = map[string]string{"myvm": "be0fe882-fa24-4428-92bf-2b01bd08df05",
	"mydata": "cadbe661-0e35-4fcb-a70d-2b17e2559d9c"}

// seedExamples adds the objects of seed to st.
func seedExamples(st *store, now time.Time, seed ExampleSeed) error {
	for _, n := range slices.Concat(seed.Without, seed.Running, seed.Detached) {
		if !slices.Contains(exampleNames, n) {
			return fmt.Errorf("sim: %q is not an example object (those are %v)", n, exampleNames)
		}
	}
	want := func(name string) bool { return !slices.Contains(seed.Without, name) }
	if !want("mydc") {
		return nil
	}
	b := seeder{st: st, now: now, ids: exampleIDs}
	p := types.Ptr[string]
	if !want("mycluster") {
		b.put("datacenters", &types.DataCenter{Name: p("mydc"), Local: types.Ptr(false),
			Status:  types.Ptr(types.DataCenterStatusUninitialized),
			Version: &types.Version{Major: types.Ptr(int64(4)), Minor: types.Ptr(int64(7))}})
		return nil
	}
	dc, cl, _ := seedDataCenter(b, "mydc", "", "mycluster", "")
	net := ""
	if want("mynetwork") {
		net = seedNetwork(b, dc, cl, "mynetwork", "", types.NetworkUsageVm)
	}
	if want("mydatacenter") {
		dc2, cl2, _ := seedDataCenter(b, "mydatacenter", "", "mydatacenter-cluster", "")
		if want("mynetwork") {
			seedNetwork(b, dc2, cl2, "mynetwork", "", types.NetworkUsageVm)
		}
	}
	var hosts []string
	for i, h := range []string{"myhost", "node26"} {
		if want(h) {
			hosts = append(hosts, seedHost(b, h, fmt.Sprintf("192.0.2.%d", 21+i), cl, 2+i))
		}
	}
	host := ""
	if len(hosts) > 0 {
		host = hosts[0]
	}
	sds := map[string]string{}
	for _, sd := range []struct {
		name string
		typ  types.StorageDomainType
	}{{"mydata", types.StorageDomainTypeData}, {"bs-scsi-012", types.StorageDomainTypeData},
		{"myiso", types.StorageDomainTypeIso}, {"myexport", types.StorageDomainTypeExport}} {
		if !want(sd.name) {
			continue
		}
		at := dc
		if slices.Contains(seed.Detached, sd.name) {
			at = ""
		}
		sds[sd.name] = seedStorageDomain(b, at, sd.name, sd.typ, "/exports/"+sd.name, sd.name == "mydata")
		if sd.typ == types.StorageDomainTypeData {
			b.put("diskprofiles", &types.DiskProfile{Name: p(sd.name), StorageDomain: ref[types.StorageDomain](sds[sd.name], "storagedomains")})
		}
	}
	if want("mytemplate") {
		tpl := clone(mustGet[types.Template](st, "templates", blankTemplateID))
		tpl.Id, tpl.Name, tpl.Description = nil, p("mytemplate"), p("")
		tpl.CreationTime = types.Ptr(now)
		tpl.Cluster = ref[types.Cluster](cl, "clusters")
		tpl.Version = &types.TemplateVersion{VersionNumber: types.Ptr(int64(1)), VersionName: p("base version")}
		id := b.put("templates", tpl)
		st.coll("templates", node("Templates")).put(withBaseTemplate(tpl, id))
	}
	disksOn := sds["mydata"]
	if disksOn == "" {
		disksOn = sds["bs-scsi-012"]
	}
	vms := map[string]string{}
	for _, vm := range []struct{ name, disk string }{{"myvm", "mydisk"}, {"test4joey", ""}, {"myagent", ""}} {
		if want(vm.name) {
			running := slices.Contains(seed.Running, vm.name)
			if running && host == "" {
				return fmt.Errorf("sim: example VM %s cannot run without a host", vm.name)
			}
			vms[vm.name] = seedVM(b, vm.name, vm.disk, cl, host, disksOn, net, running)
		}
	}
	if id := vms["myvm"]; id != "" {
		snap := activeSnapshot(now, id)
		snap.Description, snap.SnapshotType = p("mysnap"), types.Ptr(types.SnapshotTypeRegular)
		b.put("vms/"+id+"/snapshots", snap)
	}
	if exp := sds["myexport"]; exp != "" {
		// myvm as exported earlier, there even when myvm itself is left out (to be imported)
		vm := newVMDefaults(now)
		if id := vms["myvm"]; id != "" {
			vm = clone(mustGet[types.Vm](st, "vms", id))
		}
		vm.Id, vm.Name, vm.Cluster = types.Ptr(exampleIDs["myvm"]), p("myvm"), ref[types.Cluster](cl, "clusters")
		vm.StorageDomain = ref[types.StorageDomain](exp, "storagedomains")
		vm.Status, vm.Host, vm.StartTime = types.Ptr(types.VmStatusDown), nil, nil
		b.put("storagedomains/"+exp+"/vms", vm)
	}
	if want("mytag") {
		tag := b.put("tags", &types.Tag{Name: p("mytag"), Description: p(""), Parent: ref[types.Tag](rootTagID, "tags")})
		if id := vms["test4joey"]; id != "" && !seed.Untagged {
			b.put("vms/"+id+"/tags", &types.Tag{Id: p(tag), Name: p("mytag"), Vm: ref[types.Vm](id, "vms")})
		}
	}
	if want("myaffinitylabel") {
		b.put("affinitylabels", &types.AffinityLabel{Name: p("myaffinitylabel"), ReadOnly: types.Ptr(false)})
	}
	if want("myquota") {
		b.put("datacenters/"+dc+"/quotas", &types.Quota{Name: p("myquota"), Description: p(""),
			DataCenter: ref[types.DataCenter](dc, "datacenters")})
	}
	seedExampleUsers(b, want)
	return nil
}

// seedExampleUsers adds the users the examples look up: myuser of the directory mydomain-authz
// and user2 of internal-authz.
func seedExampleUsers(b seeder, want func(string) bool) {
	p := types.Ptr[string]
	for _, u := range []struct{ name, domain string }{{"myuser", "mydomain-authz"}, {"user2", "internal-authz"}} {
		if !want(u.name) {
			continue
		}
		dom := ""
		if v, ok := b.st.coll("domains", node("Domains")).byName(u.domain); ok {
			dom = v.(*types.Domain).GetId()
		} else {
			dom = b.put("domains", &types.Domain{Name: p(u.domain)})
		}
		b.put("users", &types.User{Name: p(u.name), UserName: p(u.name + "@" + u.domain), Principal: p(u.name),
			Namespace: p("*"), Domain: ref[types.Domain](dom, "domains"), DomainEntryId: p(b.st.newID())})
	}
}

// mustGet returns the stored entity of collection path with id; it panics when there is none
// (seeding relies on what it seeded before).
func mustGet[T any](st *store, path, id string) *T {
	v, ok := st.lookup(path).get(id)
	if !ok {
		panic("sim: seeding needs " + path + "/" + id)
	}
	return v.(*T)
}

// withBaseTemplate returns a copy of tpl, stored with id, that is its own base template (the
// first version of a template chain).
func withBaseTemplate(tpl *types.Template, id string) *types.Template {
	t := clone(tpl)
	t.Id = types.Ptr(id)
	t.Version.BaseTemplate = ref[types.Template](id, "templates")
	return t
}
