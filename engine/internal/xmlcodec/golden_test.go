package xmlcodec

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func str(s string) *string { return &s }
func i64(v int64) *int64   { return &v }
func yes() *bool           { v := true; return &v }
func no() *bool            { v := false; return &v }
func f64(v float64) *float64 {
	return &v
}

// tm parses an xs:dateTime the way the reader does, so that zones compare equal.
func tm(s string) *time.Time {
	t, ok := xmlstream.ParseTime([]byte(s))
	if !ok {
		panic(s)
	}
	return &t
}

func enum[E ~string](v E) *E { return &v }

// readGolden reads testdata/name with root element root through the generic entry point.
func readGolden(t *testing.T, name, typeName, root string) any {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	r := xmlstream.NewReader(f)
	got, err := r.Root()
	require.NoError(t, err)
	require.Equal(t, root, string(got))
	v, err := Read(typeName, r)
	require.NoError(t, err)
	return v
}

func TestGoldenVm(t *testing.T) {
	const base = "/ovirt-engine/api/vms/7e3b5f42-9c1d-4f4e-8a1b-2d6f0c9e1a11"
	want := &types.Vm{
		Id:   str("7e3b5f42-9c1d-4f4e-8a1b-2d6f0c9e1a11"),
		Href: str(base),
		Actions: []*types.Link{
			{Rel: "start", Href: base + "/start"},
			{Rel: "stop", Href: base + "/stop"},
			{Rel: "migrate", Href: base + "/migrate"},
			{Rel: "futureaction", Href: base + "/futureaction"},
		},
		Name:            str("web-01"),
		Description:     str("Front end & cache <prod>"),
		Comment:         str(""),
		DiskAttachments: &types.List[types.DiskAttachment]{Href: base + "/diskattachments"},
		NumaNodes:       &types.List[types.NumaNode]{Href: base + "/numanodes"},
		Tags:            &types.List[types.Tag]{Href: base + "/tags"},
		Nics: &types.List[types.Nic]{Href: base + "/nics", Items: []*types.Nic{{
			Id:        str("0c6f"),
			Href:      str(base + "/nics/0c6f"),
			Name:      str("nic1"),
			Interface: enum(types.NicInterfaceVirtio),
			Linked:    yes(),
			Mac:       &types.Mac{Address: str("56:6f:1a:2b:00:01")},
			VnicProfile: &types.VnicProfile{
				Id: str("0000000a"), Href: str("/ovirt-engine/api/vnicprofiles/0000000a"),
			},
		}}},
		Bios: &types.Bios{
			BootMenu: &types.BootMenu{Enabled: no()},
			Type:     enum(types.BiosTypeQ35Ovmf),
		},
		Cpu: &types.Cpu{
			Architecture: enum(types.ArchitectureX8664),
			Topology:     &types.CpuTopology{Cores: i64(2), Sockets: i64(1), Threads: i64(1)},
		},
		CreationTime:     tm("2024-03-01T10:11:12.345+01:00"),
		CustomProperties: []*types.CustomProperty{{Name: str("sap_agent"), Value: str("true")}},
		Display: &types.Display{
			Address: str("10.1.2.3"),
			Certificate: &types.Certificate{
				Content: str("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
				Subject: str("O=example.com,CN=host1.example.com"),
			},
			Monitors: i64(1),
			Port:     i64(5900),
			Type:     enum(types.DisplayTypeVnc), // sent as VNC
		},
		Memory: i64(4294967296),
		MemoryPolicy: &types.MemoryPolicy{
			Ballooning: yes(), Guaranteed: i64(2147483648), Max: i64(17179869184),
		},
		Os: &types.OperatingSystem{
			Boot: &types.Boot{Devices: []types.BootDevice{types.BootDeviceHd, types.BootDeviceNetwork}},
			Type: str("rhel_9x64"),
		},
		Sso:       &types.Sso{Methods: []*types.Method{{Id: enum(types.SsoMethodGuestAgent)}}},
		Stateless: no(),
		Type:      enum(types.VmTypeServer),
		Cluster:   &types.Cluster{Id: str("c0ffee00"), Href: str("/ovirt-engine/api/clusters/c0ffee00")},
		Template: &types.Template{
			Id:   str("00000000-0000-0000-0000-000000000000"),
			Href: str("/ovirt-engine/api/templates/00000000-0000-0000-0000-000000000000"),
		},
		Fqdn: str("web-01.example.com"),
		GuestOperatingSystem: &types.GuestOperatingSystem{
			Distribution: str("Red Hat Enterprise Linux"),
			Kernel: &types.Kernel{Version: &types.Version{
				FullVersion: str("5.14.0-362.el9.x86_64"), Major: i64(5), Minor: i64(14),
			}},
		},
		StartTime: tm("2024-03-02T08:00:00Z"),
		Status:    enum(types.VmStatusUp),
		Host:      &types.Host{Id: str("4a5b"), Href: str("/ovirt-engine/api/hosts/4a5b")},
	}
	got := readGolden(t, "vm.xml", "Vm", "vm")
	assert.Equal(t, want, got)
	vm := got.(*types.Vm)
	assert.Equal(t, time.Date(2024, 3, 1, 9, 11, 12, 345e6, time.UTC), vm.CreationTime.UTC())
	_, off := vm.CreationTime.Zone()
	assert.Equal(t, 3600, off)
	assert.True(t, vm.Display.Type.IsKnown())
}

func TestGoldenHost(t *testing.T) {
	want := &types.Host{
		Id:   str("4a5b"),
		Href: str("/ovirt-engine/api/hosts/4a5b"),
		Actions: []*types.Link{
			{Rel: "activate", Href: "/ovirt-engine/api/hosts/4a5b/activate"},
			{Rel: "deactivate", Href: "/ovirt-engine/api/hosts/4a5b/deactivate"},
		},
		Name:       str("host1"),
		Comment:    str(""),
		Nics:       &types.List[types.HostNic]{Href: "/ovirt-engine/api/hosts/4a5b/nics"},
		Statistics: &types.List[types.Statistic]{Href: "/ovirt-engine/api/hosts/4a5b/statistics"},
		Address:    str("host1.example.com"),
		Cpu: &types.Cpu{
			Name:     str("Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz"),
			Speed:    f64(2100.5),
			Topology: &types.CpuTopology{Cores: i64(20), Sockets: i64(2), Threads: i64(2)},
			Type:     str("Intel Cascadelake Server Family"),
		},
		HardwareInformation: &types.HardwareInformation{
			Manufacturer:        str("Dell Inc."),
			ProductName:         str("PowerEdge R640"),
			SupportedRngSources: []types.RngSource{types.RngSourceHwrng, types.RngSourceUrandom},
		},
		KdumpStatus: enum(types.KdumpStatusDisabled),
		Ksm:         &types.Ksm{Enabled: yes()},
		LibvirtVersion: &types.Version{
			Build: i64(0), FullVersion: str("libvirt-9.5.0-7.el9"), Major: i64(9), Minor: i64(5), Revision: i64(0),
		},
		MaxSchedulingMemory: i64(392167178240),
		Memory:              i64(404620066816),
		Os: &types.OperatingSystem{
			Type:    str("RHEL"),
			Version: &types.Version{FullVersion: str("9.3"), Major: i64(9)},
		},
		Port:            i64(54321),
		PowerManagement: &types.PowerManagement{Enabled: no()},
		Protocol:        enum(types.HostProtocolStomp),
		SeLinux:         &types.SeLinux{Mode: enum(types.SeLinuxModeEnforcing)},
		Spm:             &types.Spm{Priority: i64(5), Status: enum(types.SpmStatusSpm)},
		Ssh:             &types.Ssh{Fingerprint: str("SHA256:abc"), Port: i64(22)},
		Status:          enum(types.HostStatusUp),
		Summary:         &types.VmSummary{Active: i64(12), Migrating: i64(0), Total: i64(14)},
		Type:            enum(types.HostTypeRhel),
		UpdateAvailable: no(),
		Version:         &types.Version{FullVersion: str("vdsm-4.50.3.4-1.el9"), Major: i64(4), Minor: i64(50)},
		Cluster:         &types.Cluster{Id: str("c0ffee00"), Href: str("/ovirt-engine/api/clusters/c0ffee00")},
	}
	assert.Equal(t, want, readGolden(t, "host.xml", "Host", "host"))
}

func TestGoldenStorageDomain(t *testing.T) {
	want := &types.StorageDomain{
		Id:   str("5d5d"),
		Href: str("/ovirt-engine/api/storagedomains/5d5d"),
		Actions: []*types.Link{
			{Rel: "isattached", Href: "/ovirt-engine/api/storagedomains/5d5d/isattached"},
			{Rel: "refreshluns", Href: "/ovirt-engine/api/storagedomains/5d5d/refreshluns"},
		},
		Name:                       str("data1"),
		Description:                str(""),
		Disks:                      &types.List[types.Disk]{Href: "/ovirt-engine/api/storagedomains/5d5d/disks"},
		Permissions:                &types.List[types.Permission]{Href: "/ovirt-engine/api/storagedomains/5d5d/permissions"},
		Available:                  i64(1073741824000),
		Backup:                     no(),
		BlockSize:                  i64(512),
		Committed:                  i64(536870912000),
		CriticalSpaceActionBlocker: i64(5),
		DiscardAfterDelete:         no(),
		ExternalStatus:             enum(types.ExternalStatusOk),
		Master:                     yes(),
		Storage: &types.HostStorage{
			Address:    str("nfs.example.com"),
			NfsVersion: enum(types.NfsVersionAuto),
			Path:       str("/exports/data1"),
			Type:       enum(types.StorageTypeNfs),
		},
		StorageFormat:             enum(types.StorageFormatV5),
		SupportsDiscard:           no(),
		SupportsDiscardZeroesData: no(),
		Type:                      enum(types.StorageDomainTypeData),
		Used:                      i64(268435456000),
		WarningLowSpaceIndicator:  i64(10),
		WipeAfterDelete:           no(),
		DataCenters: &types.List[types.DataCenter]{Items: []*types.DataCenter{
			{Id: str("dc01"), Href: str("/ovirt-engine/api/datacenters/dc01")},
		}},
	}
	assert.Equal(t, want, readGolden(t, "storage_domain.xml", "StorageDomain", "storage_domain"))
}

func TestGoldenFault(t *testing.T) {
	want := &types.Fault{
		Reason: str("Operation Failed"),
		Detail: str("[Cannot run VM. There is no host that satisfies current scheduling constraints. " +
			"See below for details:, The host host1 did not satisfy internal filter Memory because its " +
			"available memory is too low (2048 MB) to run the VM.]"),
	}
	assert.Equal(t, want, readGolden(t, "fault.xml", "Fault", "fault"))
}

func TestGoldenActionWithJob(t *testing.T) {
	want := &types.Action{
		Async: yes(),
		Job: &types.Job{
			Id:          str("9f9f"),
			Href:        str("/ovirt-engine/api/jobs/9f9f"),
			Description: str("Launching VM web-01"),
			External:    no(),
			LastUpdated: tm("2024-03-02T08:00:01.5+01:00"),
			StartTime:   tm("2024-03-02T08:00:00.000+01:00"),
			Status:      enum(types.JobStatusStarted),
			Owner:       &types.User{Id: str("u1"), Href: str("/ovirt-engine/api/users/u1")},
		},
		Status: str("pending"),
		Vm: &types.Vm{
			Id:   str("7e3b5f42-9c1d-4f4e-8a1b-2d6f0c9e1a11"),
			Href: str("/ovirt-engine/api/vms/7e3b5f42-9c1d-4f4e-8a1b-2d6f0c9e1a11"),
		},
	}
	got := readGolden(t, "action_job.xml", "Action", "action")
	assert.Equal(t, want, got)
	assert.Equal(t, 500*time.Millisecond, time.Duration(got.(*types.Action).Job.LastUpdated.Nanosecond()))
}

func TestGoldenActionWithFault(t *testing.T) {
	want := &types.Action{
		Fault:  &types.Fault{Reason: str("Operation Failed"), Detail: str("[Host is not in maintenance]")},
		Status: str("failed"),
	}
	assert.Equal(t, want, readGolden(t, "action_fault.xml", "Action", "action"))
}

// The benchmark document decodes fully and consistently.
func TestBenchDocDecodes(t *testing.T) {
	doc := vmsDoc(3)
	var got []*types.Vm
	for vm, err := range IterList[types.Vm](bytesReader(doc)) {
		require.NoError(t, err)
		got = append(got, vm)
	}
	require.Len(t, got, 3)
	vm := got[1]
	assert.Equal(t, "vm-00001", vm.GetName())
	assert.Len(t, vm.Actions, len(vmActions))
	assert.Equal(t, "start", vm.Actions[18].Rel)
	assert.Equal(t, vm.GetHref()+"/start", vm.Actions[18].Href)
	assert.Equal(t, vm.GetHref()+"/nics", vm.Nics.GetHref())
	assert.Nil(t, vm.Nics.Items)
	assert.Equal(t, "Web tier & cache node 1, owner \"ops\"", vm.GetDescription())
	assert.Equal(t, []types.BootDevice{types.BootDeviceHd, types.BootDeviceNetwork}, vm.Os.Boot.Devices)
	assert.Equal(t, int64(1), vm.Cpu.Topology.GetThreads())
	assert.Contains(t, vm.Display.Certificate.GetContent(), "-----END CERTIFICATE-----")
	assert.NotNil(t, vm.GuestOperatingSystem.Kernel.Version.Revision)
	assert.NotEmpty(t, vm.Host.GetId())
	assert.True(t, vm.GetStatus().IsKnown())
}

// Links of nested objects are collected on the reader's scratch stack: each object gets its
// own, whatever the interleaving.
func TestNestedListLinks(t *testing.T) {
	doc := `<vm id="1"><link rel="tags" href="/vms/1/tags"/>` +
		`<nics><nic id="n1"><link rel="statistics" href="/vms/1/nics/n1/statistics"/></nic>` +
		`<nic id="n2"><link rel="reporteddevices" href="/vms/1/nics/n2/reporteddevices"/>` +
		`<link rel="statistics" href="/vms/1/nics/n2/statistics"/></nic></nics>` +
		`<link rel="snapshots" href="/vms/1/snapshots"/><link rel="nics" href="/vms/1/nics"/></vm>`
	r := xmlstream.NewReaderBytes([]byte(doc))
	_, err := r.Root()
	require.NoError(t, err)
	vm, err := ReadVm(r)
	require.NoError(t, err)
	assert.Equal(t, "/vms/1/tags", vm.Tags.GetHref())
	assert.Equal(t, "/vms/1/snapshots", vm.Snapshots.GetHref())
	assert.Equal(t, "/vms/1/nics", vm.Nics.GetHref())
	require.Len(t, vm.Nics.Items, 2)
	assert.Equal(t, "/vms/1/nics/n1/statistics", vm.Nics.Items[0].Statistics.GetHref())
	assert.Nil(t, vm.Nics.Items[0].ReportedDevices)
	assert.Equal(t, "/vms/1/nics/n2/statistics", vm.Nics.Items[1].Statistics.GetHref())
	assert.Equal(t, "/vms/1/nics/n2/reporteddevices", vm.Nics.Items[1].ReportedDevices.GetHref())
	assert.Empty(t, *r.Scratch(), "scratch stack popped")

	// A failed object pops what it pushed.
	r = xmlstream.NewReaderBytes([]byte(`<vm><link rel="tags" href="/t"/><memory>x</memory></vm>`))
	_, err = r.Root()
	require.NoError(t, err)
	_, err = ReadVm(r)
	require.Error(t, err)
	assert.Empty(t, *r.Scratch())
}
