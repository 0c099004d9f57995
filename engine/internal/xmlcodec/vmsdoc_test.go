package xmlcodec

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// The benchmark document: a <vms> list as an oVirt engine returns it for GET /vms, each VM about
// 10 KB with its action links, list links, nested structures, references and a display
// certificate. It is generated deterministically, once per size, only by the tests that need it.

var vmActions = []string{
	"autopincpuandnumanodes", "cancelmigration", "clone", "commitsnapshot", "detach", "export",
	"exporttoexportdomain", "exporttopathonhost", "freezefilesystems", "logon", "maintenance",
	"migrate", "previewsnapshot", "reboot", "reordermacaddresses", "reset", "screenshot",
	"shutdown", "start", "stop", "suspend", "thawfilesystems", "ticket", "undosnapshot",
}

var vmLinks = []string{
	"affinitylabels", "applications", "cdroms", "diskattachments", "floppies", "graphicsconsoles",
	"hostdevices", "katelloerrata", "mediateddevices", "nics", "numanodes", "permissions",
	"reporteddevices", "sessions", "snapshots", "statistics", "tags", "watchdogs",
}

var vmStatuses = []string{"up", "down", "up", "up", "paused", "powering_up", "migrating", "up"}

var (
	vmsDocsMu sync.Mutex
	vmsDocs   = map[int][]byte{}
)

// vmsDoc returns the document with n VMs.
func vmsDoc(n int) []byte {
	vmsDocsMu.Lock()
	defer vmsDocsMu.Unlock()
	if d, ok := vmsDocs[n]; ok {
		return d
	}
	var b bytes.Buffer
	b.Grow(n * 10500)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<vms>\n")
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		writeBenchVm(&b, rnd, i)
	}
	b.WriteString("</vms>\n")
	vmsDocs[n] = b.Bytes()
	return vmsDocs[n]
}

func uuid(rnd *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rnd.Uint32(), rnd.Uint32()&0xffff,
		rnd.Uint32()&0xfff, rnd.Uint32()&0xfff, rnd.Uint64()&0xffffffffffff)
}

func writeBenchVm(b *bytes.Buffer, rnd *rand.Rand, i int) {
	const api = "/ovirt-engine/api"
	id := uuid(rnd)
	vm := api + "/vms/" + id
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	ref := func(indent, tag, coll string) {
		rid := uuid(rnd)
		p("%s<%s href=\"%s/%s/%s\" id=\"%s\"/>\n", indent, tag, api, coll, rid, rid)
	}
	when := time.Date(2024, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600)).
		Add(time.Duration(rnd.Int64N(int64(300*24*time.Hour))) / time.Millisecond * time.Millisecond)
	stamp := func(t time.Time) string { return t.Format("2006-01-02T15:04:05.000-07:00") }

	p("    <vm href=\"%s\" id=\"%s\">\n        <actions>\n", vm, id)
	for _, a := range vmActions {
		p("            <link href=\"%s/%s\" rel=\"%s\"/>\n", vm, a, a)
	}
	p("        </actions>\n")
	p("        <name>vm-%05d</name>\n", i)
	p("        <description>Web tier &amp; cache node %d, owner &quot;ops&quot;</description>\n", i)
	p("        <comment></comment>\n")
	for _, l := range vmLinks {
		p("        <link href=\"%s/%s\" rel=\"%s\"/>\n", vm, l, l)
	}
	p("        <bios>\n            <boot_menu>\n                <enabled>false</enabled>\n            </boot_menu>\n            <type>q35_ovmf</type>\n        </bios>\n")
	p("        <console>\n            <enabled>false</enabled>\n        </console>\n")
	p("        <cpu>\n            <architecture>x86_64</architecture>\n            <topology>\n")
	p("                <cores>%d</cores>\n                <sockets>%d</sockets>\n                <threads>1</threads>\n", 1+rnd.IntN(4), 1+rnd.IntN(2))
	p("            </topology>\n        </cpu>\n")
	p("        <cpu_shares>0</cpu_shares>\n")
	p("        <creation_time>%s</creation_time>\n", stamp(when))
	p("        <delete_protected>false</delete_protected>\n")
	cert := make([]byte, 256)
	for j := range cert {
		cert[j] = byte(rnd.Uint32())
	}
	enc := base64.StdEncoding.EncodeToString(cert)
	p("        <display>\n            <address>10.%d.%d.%d</address>\n            <allow_override>false</allow_override>\n", rnd.IntN(256), rnd.IntN(256), 1+rnd.IntN(254))
	p("            <certificate>\n                <content>-----BEGIN CERTIFICATE-----\n")
	for len(enc) > 64 {
		p("%s\n", enc[:64])
		enc = enc[64:]
	}
	p("%s\n-----END CERTIFICATE-----\n</content>\n", enc)
	p("                <organization>example.com</organization>\n                <subject>O=example.com,CN=host%d.example.com</subject>\n            </certificate>\n", rnd.IntN(64))
	p("            <copy_paste_enabled>true</copy_paste_enabled>\n            <disconnect_action>LOCK_SCREEN</disconnect_action>\n")
	p("            <file_transfer_enabled>true</file_transfer_enabled>\n            <monitors>1</monitors>\n")
	port := 5900 + rnd.IntN(100)
	p("            <port>%d</port>\n            <secure_port>%d</secure_port>\n", port, port+1)
	p("            <single_qxl_pci>false</single_qxl_pci>\n            <smartcard_enabled>false</smartcard_enabled>\n            <type>vnc</type>\n        </display>\n")
	p("        <high_availability>\n            <enabled>%v</enabled>\n            <priority>%d</priority>\n        </high_availability>\n", rnd.IntN(2) == 0, rnd.IntN(100))
	p("        <io>\n            <threads>1</threads>\n        </io>\n")
	ref("        ", "large_icon", "icons")
	mem := int64(1+rnd.IntN(32)) << 30
	p("        <memory>%d</memory>\n", mem)
	p("        <memory_policy>\n            <ballooning>true</ballooning>\n            <guaranteed>%d</guaranteed>\n            <max>%d</max>\n        </memory_policy>\n", mem, 4*mem)
	p("        <migration>\n            <auto_converge>inherit</auto_converge>\n            <compressed>inherit</compressed>\n            <encrypted>inherit</encrypted>\n            <parallel_migrations_policy>inherit</parallel_migrations_policy>\n        </migration>\n")
	p("        <migration_downtime>-1</migration_downtime>\n        <multi_queues_enabled>true</multi_queues_enabled>\n        <origin>ovirt</origin>\n")
	p("        <os>\n            <boot>\n                <devices>\n                    <device>hd</device>\n                    <device>network</device>\n                </devices>\n            </boot>\n            <type>rhel_9x64</type>\n        </os>\n")
	p("        <placement_policy>\n            <affinity>migratable</affinity>\n        </placement_policy>\n")
	ref("        ", "small_icon", "icons")
	p("        <sso>\n            <methods>\n                <method id=\"guest_agent\"/>\n            </methods>\n        </sso>\n")
	p("        <start_paused>false</start_paused>\n        <stateless>false</stateless>\n")
	p("        <storage_error_resume_behaviour>auto_resume</storage_error_resume_behaviour>\n")
	p("        <time_zone>\n            <name>Etc/GMT</name>\n        </time_zone>\n        <type>server</type>\n")
	p("        <usb>\n            <enabled>false</enabled>\n        </usb>\n")
	ref("        ", "cluster", "clusters")
	ref("        ", "cpu_profile", "cpuprofiles")
	p("        <quota id=\"%s\"/>\n", uuid(rnd))
	ref("        ", "template", "templates")
	p("        <cpu_pinning_policy>none</cpu_pinning_policy>\n        <fqdn>vm-%05d.example.com</fqdn>\n", i)
	p("        <guest_operating_system>\n            <architecture>x86_64</architecture>\n            <codename></codename>\n")
	p("            <distribution>Red Hat Enterprise Linux</distribution>\n            <family>Linux</family>\n")
	p("            <kernel>\n                <version>\n                    <build>0</build>\n                    <full_version>5.14.0-362.el9.x86_64</full_version>\n                    <major>5</major>\n                    <minor>14</minor>\n                    <revision>362</revision>\n                </version>\n            </kernel>\n")
	p("            <version>\n                <full_version>9.3</full_version>\n                <major>9</major>\n                <minor>3</minor>\n            </version>\n        </guest_operating_system>\n")
	p("        <guest_time_zone>\n            <name>UTC</name>\n            <utc_offset>+00:00</utc_offset>\n        </guest_time_zone>\n")
	p("        <has_illegal_images>false</has_illegal_images>\n        <next_run_configuration_exists>false</next_run_configuration_exists>\n")
	p("        <numa_tune_mode>interleave</numa_tune_mode>\n        <run_once>false</run_once>\n")
	p("        <start_time>%s</start_time>\n        <status>%s</status>\n", stamp(when.Add(time.Hour)), vmStatuses[rnd.IntN(len(vmStatuses))])
	p("        <stop_time>%s</stop_time>\n", stamp(when.Add(30*time.Minute)))
	ref("        ", "host", "hosts")
	ref("        ", "original_template", "templates")
	p("        <tpm_enabled>false</tpm_enabled>\n        <virtio_scsi_multi_queues_enabled>false</virtio_scsi_multi_queues_enabled>\n")
	p("    </vm>\n")
}
