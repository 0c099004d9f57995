package sim

import (
	"fmt"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Well-known ids and names of the seeded inventory.
const (
	blankTemplateID = "00000000-0000-0000-0000-000000000000"
	rootTagID       = "00000000-0000-0000-0000-000000000000"
	adminUserName   = "admin"
	gib             = int64(1) << 30
)

// initialStore seeds a fresh inventory (see openStore for a kept state).
func (s *Server) initialStore() (*store, error) {
	st := newStore(s.opts.Seed)
	if !s.opts.Empty {
		seedInventory(st, s.clock.Now())
	}
	if s.opts.Examples != nil {
		if err := seedExamples(st, s.clock.Now(), *s.opts.Examples); err != nil {
			return nil, err
		}
	}
	if err := seedExtraVMs(st, s.opts.ExtraVMs, s.clock.Now()); err != nil {
		return nil, err
	}
	return st, nil
}

// seeder inserts entities directly into the store (no API round trips).
type seeder struct {
	st  *store
	now time.Time
	ids map[string]string // fixed ids by name, for what the examples name by id
}

// put stores v in the collection at path, giving it a fresh id unless it has one; it returns
// the id.
func (b seeder) put(path string, v any) string {
	rt, ok := resolve(path)
	if !ok || !rt.last().node.isCollection() {
		panic("sim: seeding an unknown collection " + path)
	}
	c := b.st.coll(path, rt.last().node)
	if c.meta.getID(v) == "" {
		id := b.ids[c.meta.getName(v)]
		if id == "" {
			id = b.st.newID()
		}
		c.meta.setID(v, id)
	}
	engineDefaults(v)
	c.put(v)
	return c.meta.getID(v)
}

func ref[T any](id string, path string) *T {
	v := new(T)
	m := metaFor(v)
	m.setID(v, id)
	m.setHref(v, hrefOf(path+"/"+id))
	return v
}

// seedInventory creates the default environment: data center and cluster Default, two hosts
// up, data and ISO storage domains active, network ovirtmgmt with its vNIC profile, the Blank
// template, operating systems, roles, the admin user, tags and two VMs.
func seedInventory(st *store, now time.Time) {
	b := seeder{st: st, now: now}
	p := types.Ptr[string]
	dc, cl, net := seedDataCenter(b, "Default", "The default Data Center", "Default", "The default server cluster")
	b.put("clusterlevels", &types.ClusterLevel{Id: p("4.7"), Name: p("4.7")})
	b.put("macpools", &types.MacPool{Name: p("Default"), Description: p("Default MAC pool"), DefaultPool: types.Ptr(true),
		AllowDuplicates: types.Ptr(false), Ranges: []*types.Range{{From: p("56:6f:1a:00:00:00"), To: p("56:6f:1a:ff:ff:ff")}}})

	hosts := []string{
		seedHost(b, "host1", "192.0.2.11", cl, 0),
		seedHost(b, "host2", "192.0.2.12", cl, 1),
	}
	data := seedStorageDomain(b, dc, "data1", types.StorageDomainTypeData, "/exports/data1", true)
	seedStorageDomain(b, dc, "iso1", types.StorageDomainTypeIso, "/exports/iso1", false)
	b.put("diskprofiles", &types.DiskProfile{Name: p("data1"), StorageDomain: ref[types.StorageDomain](data, "storagedomains")})
	b.put("cpuprofiles", &types.CpuProfile{Name: p("Default"), Cluster: ref[types.Cluster](cl, "clusters")})

	b.put("templates", &types.Template{Id: p(blankTemplateID), Name: p("Blank"), Description: p("Blank template"),
		Status: types.Ptr(types.TemplateStatusOk), CreationTime: types.Ptr(now.Add(-365 * 24 * time.Hour)),
		Memory: types.Ptr(gib), Type: types.Ptr(types.VmTypeServer), Stateless: types.Ptr(false),
		Cpu: &types.Cpu{Architecture: types.Ptr(types.ArchitectureX8664), Topology: &types.CpuTopology{
			Sockets: types.Ptr(int64(1)), Cores: types.Ptr(int64(1)), Threads: types.Ptr(int64(1))}},
		Os:      &types.OperatingSystem{Type: p("other"), Boot: &types.Boot{Devices: []types.BootDevice{types.BootDeviceHd}}},
		Version: &types.TemplateVersion{VersionNumber: types.Ptr(int64(1)), VersionName: p("base version")}})

	for _, it := range []struct {
		name      string
		mib, cpus int64
	}{{"Tiny", 512, 1}, {"Small", 2048, 1}, {"Medium", 4096, 2}, {"Large", 8192, 2}, {"XLarge", 16384, 4}} {
		b.put("instancetypes", &types.InstanceType{Name: p(it.name), Description: p(it.name + " instance type"),
			Memory: types.Ptr(it.mib << 20), Cpu: &types.Cpu{Topology: &types.CpuTopology{Sockets: types.Ptr(it.cpus),
				Cores: types.Ptr(int64(1)), Threads: types.Ptr(int64(1))}},
			MemoryPolicy: &types.MemoryPolicy{Guaranteed: types.Ptr(it.mib << 20), Max: types.Ptr(4 * it.mib << 20)}})
	}
	for _, os := range []struct{ name, desc string }{
		{"other", "Other OS"}, {"other_linux", "Linux"}, {"rhel_8x64", "Red Hat Enterprise Linux 8.x x64"},
		{"rhel_9x64", "Red Hat Enterprise Linux 9.x x64"}, {"ubuntu_22_04", "Ubuntu 22.04 LTS"},
		{"windows_2019x64", "Windows 2019 x64"}, {"windows_2022", "Windows 2022 x64"},
	} {
		b.put("operatingsystems", &types.OperatingSystemInfo{Name: p(os.name), Description: p(os.desc),
			Architecture: types.Ptr(types.ArchitectureX8664)})
	}
	var superUser string
	for _, r := range []struct {
		name, desc string
		admin      bool
	}{
		// the engine's predefined roles
		{"SuperUser", "Roles management administrator", true}, {"ClusterAdmin", "Administrator Role", true},
		{"DataCenterAdmin", "Administrator Role", true}, {"StorageAdmin", "Administrator Role", true},
		{"HostAdmin", "Administrator Role", true}, {"NetworkAdmin", "Administrator Role", true},
		{"VmPoolAdmin", "Administrator Role", true}, {"TemplateAdmin", "Administrator Role", true},
		{"GlusterAdmin", "Administrator Role", true}, {"MacPoolAdmin", "Administrator Role", true},
		{"ReadOnlyAdmin", "Read Only Administrator Role", true}, {"ExternalEventsCreator", "External Events Creator", true},
		{"ExternalTasksCreator", "External Tasks Creator", true}, {"UserRole", "Standard User Role", false},
		{"UserVmManager", "User Role, with permission for any operation on Vms", false},
		{"UserTemplateBasedVm", "User Role, with permissions only to use Templates", false},
		{"PowerUserRole", "User Role, allowed to create VMs, Templates and Disks", false},
		{"QuotaConsumer", "User Role, allowed to consume quota", false}, {"DiskOperator", "Disk Operator", false},
		{"DiskCreator", "Disk Creator", false}, {"VnicProfileUser", "VM Network Interface Profile User", false},
		{"TagManager", "Tag Manager", false}, {"InstanceCreator", "Instance Creator", false},
		{"UserInstanceManager", "User Instance Manager", false}, {"UserProfileEditor", "User Profile Editor", false},
		{"VmCreator", "VM Creator", false}, {"TemplateCreator", "Template Creator", false},
		{"VmImporterExporter", "VM Importer Exporter", false}, {"VmOperator", "VM Operator", false},
		{"NetworkUser", "Network User", false}, {"MacPoolUser", "MAC Pool User", false},
		{"CpuProfileOperator", "CPU Profile Operator", false}, {"DiskProfileUser", "Disk Profile User", false},
	} {
		id := b.put("roles", &types.Role{Name: p(r.name), Description: p(r.desc), Administrative: types.Ptr(r.admin), Mutable: types.Ptr(false)})
		if r.name == "SuperUser" {
			superUser = id
		}
	}
	dom := b.put("domains", &types.Domain{Name: p("internal-authz")})
	admin := b.put("users", &types.User{Name: p(adminUserName), UserName: p(DefaultUser), Principal: p(adminUserName),
		Namespace: p("*"), Domain: ref[types.Domain](dom, "domains"), DomainEntryId: p("0")})
	// the engine's admin is a super user on the whole system
	b.put("permissions", &types.Permission{Role: ref[types.Role](superUser, "roles"), User: ref[types.User](admin, "users")})
	b.put("groups", &types.Group{Name: p("Everyone"), Namespace: p("*")})
	b.put("tags", &types.Tag{Id: p(rootTagID), Name: p("root"), Description: p("root")})
	b.put("tags", &types.Tag{Name: p("prod"), Description: p("production"), Parent: ref[types.Tag](rootTagID, "tags")})

	seedVM(b, "vm1", "", cl, hosts[0], data, net, true)
	seedVM(b, "vm2", "", cl, "", data, net, false)
	// a few of the engine's built-in scheduling policy units (policies name them)
	for _, u := range []struct {
		name, desc string
		typ        types.PolicyUnitType
	}{
		{"Memory", "Filters out hosts that have insufficient memory to run the VM", types.PolicyUnitTypeFilter},
		{"CPU", "Filters out hosts with less CPUs than the VM's total cores", types.PolicyUnitTypeFilter},
		{"OptimalForEvenDistribution", "Gives hosts with lower CPU usage a lower weight", types.PolicyUnitTypeWeight},
		{"OptimalForEvenDistribution", "Load balancing VMs in the cluster according to hosts CPU load", types.PolicyUnitTypeLoadBalancing},
	} {
		b.put("schedulingpolicyunits", &types.SchedulingPolicyUnit{Name: p(u.name), Description: p(u.desc), Type: types.Ptr(u.typ),
			Enabled: types.Ptr(true), Internal: types.Ptr(false)})
	}
	recordEvent(st, now, 9500, types.LogSeverityNormal, "Engine started (simulator).", nil)
}

// seedDataCenter adds an up data center with one cluster and the management network ovirtmgmt
// (with its vNIC profile) in it; it returns their ids.
func seedDataCenter(b seeder, dcName, dcDesc, clName, clDesc string) (dc, cl, net string) {
	p := types.Ptr[string]
	ver := &types.Version{Major: types.Ptr(int64(4)), Minor: types.Ptr(int64(7))}
	dc = b.put("datacenters", &types.DataCenter{Name: p(dcName), Description: p(dcDesc),
		Local: types.Ptr(false), Status: types.Ptr(types.DataCenterStatusUp), Version: ver, SupportedVersions: supportedVersions(),
		QuotaMode: types.Ptr(types.QuotaModeTypeDisabled), StorageFormat: types.Ptr(types.StorageFormatV5)})
	cl = b.put("clusters", &types.Cluster{Name: p(clName), Description: p(clDesc),
		DataCenter: ref[types.DataCenter](dc, "datacenters"), Version: ver,
		Cpu:          &types.Cpu{Architecture: types.Ptr(types.ArchitectureX8664), Type: p("Intel Nehalem Family")},
		MemoryPolicy: &types.MemoryPolicy{OverCommit: &types.MemoryOverCommit{Percent: types.Ptr(int64(100))}},
		SwitchType:   types.Ptr(types.SwitchTypeLegacy), FirewallType: types.Ptr(types.FirewallTypeFirewalld)})
	net = seedNetwork(b, dc, cl, "ovirtmgmt", "Management Network", types.NetworkUsageVm, types.NetworkUsageManagement)
	return dc, cl, net
}

// supportedVersions are the compatibility versions a data center of this engine supports.
func supportedVersions() []*types.Version {
	var out []*types.Version
	for minor := int64(2); minor <= 7; minor++ {
		out = append(out, &types.Version{Major: types.Ptr(int64(4)), Minor: types.Ptr(minor)})
	}
	return out
}

// seedNetwork adds a network to data center dc, assigned (required) to cluster cl, with a vNIC
// profile of the same name.
func seedNetwork(b seeder, dc, cl, name, desc string, usages ...types.NetworkUsage) string {
	p := types.Ptr[string]
	net := b.put("networks", &types.Network{Name: p(name), Description: p(desc),
		DataCenter: ref[types.DataCenter](dc, "datacenters"), Mtu: types.Ptr(int64(0)), Stp: types.Ptr(false),
		Usages: usages})
	b.put("clusters/"+cl+"/networks", &types.Network{Id: p(net), Name: p(name), Required: types.Ptr(true),
		Status: types.Ptr(types.NetworkStatusOperational), Display: types.Ptr(contains(usages, types.NetworkUsageManagement)),
		Cluster: ref[types.Cluster](cl, "clusters"), Usages: usages})
	b.put("vnicprofiles", &types.VnicProfile{Name: p(name), Network: ref[types.Network](net, "networks"),
		PassThrough: &types.VnicPassThrough{Mode: types.Ptr(types.VnicPassThroughModeDisabled)}, PortMirroring: types.Ptr(false)})
	return net
}

func seedHost(b seeder, name, addr, cl string, n int) string {
	p := types.Ptr[string]
	id := b.put("hosts", &types.Host{Name: p(name), Address: p(addr), Status: types.Ptr(types.HostStatusUp),
		Cluster: ref[types.Cluster](cl, "clusters"), Type: types.Ptr(types.HostTypeRhel), Port: types.Ptr(int64(54321)),
		Memory: types.Ptr(64 * gib), MaxSchedulingMemory: types.Ptr(60 * gib),
		Cpu: &types.Cpu{Name: p("Intel(R) Xeon(R) Gold 6230"), Speed: types.Ptr(2100.0), Type: p("Intel Nehalem Family"),
			Topology: &types.CpuTopology{Sockets: types.Ptr(int64(2)), Cores: types.Ptr(int64(10)), Threads: types.Ptr(int64(2))}},
		Spm: &types.Spm{Status: types.Ptr(map[bool]types.SpmStatus{true: types.SpmStatusSpm, false: types.SpmStatusNone}[n == 0]),
			Priority: types.Ptr(int64(5))},
		Os:       &types.OperatingSystem{Type: p("RHEL"), Version: &types.Version{FullVersion: p("9.4")}},
		Protocol: types.Ptr(types.HostProtocolStomp), ExternalStatus: types.Ptr(types.ExternalStatusOk),
		KdumpStatus: types.Ptr(types.KdumpStatusDisabled), HostedEngine: nil,
		Certificate:     &types.Certificate{Organization: p("sim.example"), Subject: p("O=sim.example,CN=" + addr)},
		UpdateAvailable: types.Ptr(false)})
	b.put("hosts/"+id+"/nics", &types.HostNic{Name: p("eth0"), Mac: &types.Mac{Address: p(fmt.Sprintf("52:54:00:00:00:%02x", 0x11+n))},
		Ip:           &types.Ip{Address: p(addr), Netmask: p("255.255.255.0"), Gateway: p("192.0.2.1"), Version: types.Ptr(types.IpVersionV4)},
		BootProtocol: types.Ptr(types.BootProtocolStatic), Status: types.Ptr(types.NicStatusUp), Speed: types.Ptr(int64(10000000000)),
		Host: ref[types.Host](id, "hosts"), Mtu: types.Ptr(int64(1500))})
	b.put("hosts/"+id+"/nics", &types.HostNic{Name: p("eth1"), Mac: &types.Mac{Address: p(fmt.Sprintf("52:54:00:00:01:%02x", 0x11+n))},
		BootProtocol: types.Ptr(types.BootProtocolNone), Status: types.Ptr(types.NicStatusUp), Speed: types.Ptr(int64(10000000000)),
		Host: ref[types.Host](id, "hosts"), Mtu: types.Ptr(int64(1500))})
	return id
}

// seedStorageDomain adds a storage domain, attached to data center dc (active) unless dc is "".
func seedStorageDomain(b seeder, dc, name string, typ types.StorageDomainType, path string, master bool) string {
	p := types.Ptr[string]
	sd := &types.StorageDomain{Name: p(name), Type: types.Ptr(typ), Master: types.Ptr(master),
		Available: types.Ptr(900 * gib), Used: types.Ptr(100 * gib), Committed: types.Ptr(20 * gib),
		StorageFormat: types.Ptr(types.StorageFormatV5), ExternalStatus: types.Ptr(types.ExternalStatusOk),
		WarningLowSpaceIndicator: types.Ptr(int64(10)), CriticalSpaceActionBlocker: types.Ptr(int64(5)),
		Storage:     &types.HostStorage{Type: types.Ptr(types.StorageTypeNfs), Address: p("nfs.example.com"), Path: p(path)},
		DataCenters: types.ListOf(ref[types.DataCenter](dc, "datacenters"))}
	if dc == "" {
		sd.DataCenters, sd.Status = nil, types.Ptr(types.StorageDomainStatusUnattached)
		return b.put("storagedomains", sd)
	}
	id := b.put("storagedomains", sd)
	att := clone(sd)
	att.Status = types.Ptr(types.StorageDomainStatusActive)
	att.DataCenter = ref[types.DataCenter](dc, "datacenters")
	b.put("datacenters/"+dc+"/storagedomains", att)
	return id
}

// seedVM adds a VM with one NIC, one disk (diskName, or the VM's name and _Disk1) and its
// active snapshot; up ones run on host. It returns the VM's id.
func seedVM(b seeder, name, diskName, cl, host, sd, net string, up bool) string {
	p := types.Ptr[string]
	vm := newVMDefaults(b.now)
	vm.Name, vm.Cluster = p(name), ref[types.Cluster](cl, "clusters")
	vm.Template = ref[types.Template](blankTemplateID, "templates")
	vm.OriginalTemplate = ref[types.Template](blankTemplateID, "templates")
	vm.Os = &types.OperatingSystem{Type: p("rhel_9x64"), Boot: &types.Boot{Devices: []types.BootDevice{types.BootDeviceHd}}}
	vm.Memory = types.Ptr(2 * gib)
	id := b.put("vms", vm)
	nic := b.st.newID()
	b.put("vms/"+id+"/nics", newNic(nic, "nic1", id, macFor(nic)))
	if diskName == "" {
		diskName = name + "_Disk1"
	}
	disk := b.put("disks", &types.Disk{Name: p(diskName), Format: types.Ptr(types.DiskFormatCow),
		ProvisionedSize: types.Ptr(20 * gib), ActualSize: types.Ptr(3 * gib), TotalSize: types.Ptr(3 * gib),
		Status: types.Ptr(types.DiskStatusOk), StorageType: types.Ptr(types.DiskStorageTypeImage),
		ContentType: types.Ptr(types.DiskContentTypeData), Sparse: types.Ptr(true), Shareable: types.Ptr(false),
		StorageDomains: types.ListOf(ref[types.StorageDomain](sd, "storagedomains"))})
	b.put("vms/"+id+"/diskattachments", &types.DiskAttachment{Id: p(disk), Bootable: types.Ptr(true),
		Interface: types.Ptr(types.DiskInterfaceVirtioScsi), Active: types.Ptr(true), PassDiscard: types.Ptr(false),
		Disk: ref[types.Disk](disk, "disks"), Vm: ref[types.Vm](id, "vms")})
	b.put("vms/"+id+"/snapshots", activeSnapshot(b.now, id))
	b.put("vms/"+id+"/cdroms", &types.Cdrom{Id: p(blankTemplateID), Vm: ref[types.Vm](id, "vms")})
	if up {
		c := b.st.lookup("vms")
		v, _ := c.get(id)
		vm := clone(v.(*types.Vm))
		bringUp(b.st, vm, host, b.now)
		c.put(vm)
	}
	return id
}

// seedExtraVMs adds n plain VMs (vm-00001, ...) to the Default cluster, fast: no NICs or disks.
func seedExtraVMs(st *store, n int, now time.Time) error {
	if n <= 0 {
		return nil
	}
	clusters := st.lookup("clusters")
	if clusters == nil {
		return fmt.Errorf("sim: ExtraVMs needs the seeded Default cluster (Empty is set)")
	}
	cl, ok := clusters.byName("Default")
	if !ok {
		return fmt.Errorf("sim: ExtraVMs needs a cluster named Default")
	}
	clRef := ref[types.Cluster](*cl.(*types.Cluster).Id, "clusters")
	tplRef := ref[types.Template](blankTemplateID, "templates")
	vms := st.coll("vms", node("Vms"))
	width := max(5, len(fmt.Sprint(n)))
	for i := 1; i <= n; i++ {
		vm := newVMDefaults(now)
		vm.Id = types.Ptr(st.newID())
		vm.Name = types.Ptr(fmt.Sprintf("vm-%0*d", width, i))
		vm.Cluster, vm.Template, vm.OriginalTemplate = clRef, tplRef, tplRef
		engineDefaults(vm)
		vms.put(vm)
	}
	return nil
}
