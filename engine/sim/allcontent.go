package sim

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// withAllContent completes a rendered entity r (a private shallow copy) with what the engine
// returns only when asked for all_content=true: a VM's or template's OVF configuration and its
// serial console state.
func withAllContent(st *store, r any) {
	switch v := r.(type) {
	case *types.Vm:
		v.Initialization = withOvf(v.Initialization, vmOvf(st, v.GetId(), v.GetName(), v.GetMemory(), v.Cpu, "vms/"+v.GetId()))
		if v.Console == nil {
			v.Console = &types.Console{Enabled: types.Ptr(false)}
		}
	case *types.Template:
		v.Initialization = withOvf(v.Initialization, vmOvf(st, v.GetId(), v.GetName(), v.GetMemory(), v.Cpu, "templates/"+v.GetId()))
		if v.Console == nil {
			v.Console = &types.Console{Enabled: types.Ptr(false)}
		}
	}
}

// withOvf returns a copy of init (which may be nil) carrying the OVF configuration data.
func withOvf(init *types.Initialization, data string) *types.Initialization {
	out := &types.Initialization{}
	if init != nil {
		out = clone(init)
	}
	out.Configuration = &types.Configuration{Type: types.Ptr(types.ConfigurationTypeOvf), Data: types.Ptr(data)}
	return out
}

// vmOvf writes the OVF envelope an engine keeps of a VM or template at path: its identity,
// memory and CPUs, and one disk section per attached disk.
func vmOvf(st *store, id, name string, memory int64, cpu *types.Cpu, path string) string {
	var b strings.Builder
	esc := func(s string) string {
		var e strings.Builder
		_ = xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` +
		`<ovf:Envelope xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1/" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" ` +
		`xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ovf:version="4.4.0.0">`)
	var disks []*types.Disk
	if das := st.lookup(path + "/diskattachments"); das != nil {
		for _, a := range das.all() {
			if d, ok := st.lookup("disks").get(a.(*types.DiskAttachment).Disk.GetId()); ok {
				disks = append(disks, d.(*types.Disk))
			}
		}
	}
	b.WriteString("<References>")
	for _, d := range disks {
		fmt.Fprintf(&b, `<File ovf:href="%s/%s" ovf:id="%s" ovf:size="%d"/>`, d.GetId(), d.GetImageId(), d.GetImageId(), d.GetProvisionedSize())
	}
	b.WriteString(`</References><Section xsi:type="ovf:DiskSection_Type"><Info>List of Virtual Disks</Info>`)
	for _, d := range disks {
		fmt.Fprintf(&b, `<Disk ovf:diskId="%s" ovf:size="%d" ovf:fileRef="%s/%s" ovf:disk-alias="%s" ovf:format="http://www.vmware.com/specifications/vmdk.html#sparse"/>`,
			d.GetImageId(), d.GetProvisionedSize()>>30, d.GetId(), d.GetImageId(), esc(d.GetName()))
	}
	sockets, cores, threads := int64(1), int64(1), int64(1)
	if t := cpu.GetTopology(); t != nil {
		sockets, cores, threads = t.GetSockets(), t.GetCores(), t.GetThreads()
	}
	fmt.Fprintf(&b, `</Section><Content ovf:id="out" xsi:type="ovf:VirtualSystem_Type"><Name>%s</Name>`+
		`<TemplateId>%s</TemplateId><Section ovf:id="%s" ovf:required="false" xsi:type="ovf:OperatingSystemSection_Type"><Info>Guest Operating System</Info></Section>`+
		`<Section xsi:type="ovf:VirtualHardwareSection_Type"><Info>%d CPU, %d Memory</Info>`+
		`<Item><rasd:Caption>%d virtual cpu</rasd:Caption><rasd:ResourceType>3</rasd:ResourceType><rasd:num_of_sockets>%d</rasd:num_of_sockets><rasd:cpu_per_socket>%d</rasd:cpu_per_socket><rasd:threads_per_cpu>%d</rasd:threads_per_cpu></Item>`+
		`<Item><rasd:Caption>%d MB of memory</rasd:Caption><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>%d</rasd:VirtualQuantity></Item>`,
		esc(name), id, id, sockets*cores*threads, memory>>20, sockets*cores*threads, sockets, cores, threads, memory>>20, memory>>20)
	for _, d := range disks {
		fmt.Fprintf(&b, `<Item><rasd:Caption>%s</rasd:Caption><rasd:InstanceId>%s</rasd:InstanceId><rasd:ResourceType>17</rasd:ResourceType><rasd:HostResource>%s/%s</rasd:HostResource></Item>`,
			esc(d.GetName()), d.GetImageId(), d.GetId(), d.GetImageId())
	}
	b.WriteString("</Section></Content></ovf:Envelope>")
	return b.String()
}
