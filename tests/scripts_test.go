// Package tests holds tests that span the whole project. scripts_test.go builds the ovirtsh
// command once and runs every script of scripts/ through it against a fresh simulator, as a
// user would: exit codes, expected output lines, and a usage error for bad arguments.
package tests

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// scriptsDir is the repository's scripts/ directory, relative to this package.
const scriptsDir = "../scripts"

// scriptCase is one run of a script.
type scriptCase struct {
	script string   // file name in scripts/
	args   []string // "{TMP}" is replaced by a directory of this run
	env    map[string]string
	// setup runs first against the same simulator: a script with its arguments, or
	// {"-e", chunk}.
	setup [][]string
	code  int      // expected exit code
	out   []string // regexps stdout must match, in any order ((?m) is implied)
	err   []string // regexps stderr must match
	// usage marks the bad-arguments case: exit code 2 with the script's usage on stderr and no
	// connection (the engine URL points to a closed port, so connecting would fail with 5).
	usage bool
	// stepped runs the simulator on a clock that moves only when an API request arrives (see
	// stepClock), for cases that check a short state the script polls for is seen.
	stepped bool
	// verb runs the script through an ovirtsh verb: {"apply"} or {"apply", "--check"} go before
	// its path. A setup step {"apply", script, args...} does the same.
	verb []string
}

// noUsageCase lists scripts that have no bad-arguments case, and why.
var noUsageCase = map[string]string{
	"vm_lifecycle.lua": "the README's demo script (cmd/ovirtsh); it takes any VM name and has no usage error",
}

// addVM is a setup chunk adding VM web1 (down after a moment) with no output.
const addVM = `local vm = system:vms_service():add(types.Vm{name = 'web1', cluster = {name = 'Default'}, template = {name = 'Blank'}})`

// Setup chunks writing disk images: in.img, 1 MiB of text then 1 MiB of zeros (imageSHA), and
// in.qcow2, a 64 KiB qcow2 v3 image of a 1 GiB disk (qcow2SHA). The demo image of
// upload_disk.lua and download_disk.lua has the hash demoImageSHA.
const (
	writeImage = `local f = assert(io.open('{TMP}/in.img', 'wb')) f:write(string.rep('ovirtsh!', 131072), string.rep('\0', 1048576)) f:close()`
	writeQcow2 = `local h = 'QFI\251\0\0\0\3' .. string.rep('\0', 12) .. '\0\0\0\16' .. '\0\0\0\0\64\0\0\0' .. string.rep('\0', 64) .. '\0\0\0\4\0\0\0\104'
		local f = assert(io.open('{TMP}/in.qcow2', 'wb')) f:write(h, string.rep('\0', 65536 - #h)) f:close()`
	imageSHA     = "eba4528a803625e7c7d71ffd7ea93783f051ce14f1f27551f0ae2770a41f90fe"
	qcow2SHA     = "8f46753cc410f15cb486d9a635eb3a7a8623b1902475426000a6caf950eab854"
	demoImageSHA = "daf763d99de6a6cc3d5cc46bb76748f117335bd61abdf2dbaa302c5e2c552858"
)

// Each script runs with no arguments (its demonstration on scratch objects, or a read-only
// listing), with arguments naming the simulator's seeded inventory (data center and cluster
// Default, hosts host1 and host2, storage domains data1 and iso1, template Blank, vm1 up and
// vm2 down, each with a disk and a NIC), and with bad arguments.
var cases = []scriptCase{
	{script: "vm_lifecycle.lua", out: []string{`\bvm1\s+up\s+Default\s+host1\s`, `is up$`, `^removed ovirtsh-demo$`}},

	{script: "list_vms.lua", out: []string{`^name\s+status\s+memory\s+host\s+id$`, `^vm1\s+up\s+2 GiB\s+host1\s+[0-9a-f-]{36}$`, `^vm2\s+down\s+2 GiB\s+-\s`, `^2 VMs$`}},
	{script: "list_vms.lua", args: []string{"--help"}, out: []string{`^usage: ovirtsh scripts/list_vms.lua$`}},
	{script: "list_vms.lua", args: []string{"extra"}, usage: true, err: []string{`too many arguments: 'extra'`}},

	{script: "search_vms.lua", out: []string{`^1 VM\(s\) match 'status=up'$`, `^vm1\s+up\s`}},
	{script: "search_vms.lua", args: []string{"name=vm* sortby name desc", "1"}, out: []string{`^1 VM\(s\) match`, `^vm2\s+down\s`}},
	{script: "search_vms.lua", args: []string{"name=nothing*"}, out: []string{`^0 VM\(s\) match 'name=nothing\*'$`}},
	{script: "search_vms.lua", args: []string{"bad==="}, code: 1, err: []string{`Unsupported search query`}},
	{script: "search_vms.lua", args: []string{"name=*", "ten"}, usage: true, err: []string{`max: expected a whole number, got 'ten'`}},

	{script: "add_vm.lua", out: []string{`^created ovirtsh-demo-vm \([0-9a-f-]{36}\), status image_locked$`, `^ovirtsh-demo-vm is down: 1 GiB memory, 0 disk\(s\), cluster Default, template Blank$`, `^removed demo VM ovirtsh-demo-vm$`}},
	{script: "add_vm.lua", args: []string{"web1", "4GiB"}, out: []string{`^web1 is down: 4 GiB memory`}},
	{script: "add_vm.lua", args: []string{"vm1"}, code: 8, err: []string{`name is already in use`}},
	{script: "add_vm.lua", args: []string{"web1"}, env: map[string]string{"OVIRT_TEMPLATE": "nope"}, code: 7, err: []string{`Template: name=nope`}},
	{script: "add_vm.lua", args: []string{"web1", "lots"}, usage: true, err: []string{`memory: size: invalid size "lots"`}},

	{script: "add_independent_vm.lua", out: []string{`^created ovirtsh-demo-independent .* from template Blank with cloned disks$`, `is down with 0 disk\(s\)$`, `^removed demo VM`}},
	{script: "add_independent_vm.lua", args: []string{"web1", "tpl1"}, setup: [][]string{{"add_template.lua", "vm2", "tpl1"}},
		out: []string{`^disk vm2_Disk1: 20 GiB cow, ok, independent copy$`, `^web1 is down with 1 disk\(s\)$`}},
	{script: "add_independent_vm.lua", args: []string{"web1", "nope"}, code: 7, err: []string{`no template named 'nope'`}},
	{script: "add_independent_vm.lua", args: []string{"a", "b", "c"}, usage: true, err: []string{`too many arguments`}},

	{script: "start_vm.lua", out: []string{`^created scratch VM ovirtsh-demo-start`, `^ovirtsh-demo-start is up on host[12] after`, `^removed scratch VM ovirtsh-demo-start$`}},
	{script: "start_vm.lua", args: []string{"vm2"}, out: []string{`^vm2: wait_for_launch$`, `^vm2 is up on host[12] after [0-9.]+s$`}, stepped: true},
	{script: "start_vm.lua", args: []string{"vm1"}, out: []string{`^vm1 is already up$`}},
	{script: "start_vm.lua", args: []string{"nope"}, code: 7, err: []string{`no VM named 'nope'`}},
	{script: "start_vm.lua", args: []string{"vm1", "vm2"}, usage: true, err: []string{`too many arguments`}},

	{script: "start_vm_with_cloud_init.lua", out: []string{`^starting ovirtsh-demo-cloud-init with cloud-init: host ovirtsh-demo-cloud-init.example.com, user cloud-user, eth0 192.0.2.50/24 via 192.0.2.1$`,
		`is up: fqdn ovirtsh-demo-cloud-init.example.com$`, `^  eth0 192.0.2.50$`, `^stopped and removed scratch VM`}},
	{script: "start_vm_with_cloud_init.lua", args: []string{"vm2", "web.example.com", "10.1.2.3/16", "10.1.0.1"}, env: map[string]string{"OVIRT_CLOUD_INIT_USER": "ops"},
		out: []string{`user ops, eth0 10.1.2.3/16 via 10.1.0.1$`, `^vm2 is up: fqdn web.example.com$`, `^  eth0 10.1.2.3$`}},
	{script: "start_vm_with_cloud_init.lua", args: []string{"vm2"}, out: []string{`eth0 dhcp$`, `^vm2 is up: fqdn vm2.example.com$`}},
	{script: "start_vm_with_cloud_init.lua", args: []string{"vm1"}, code: 1, err: []string{`vm1 is up: cloud-init settings apply`}},
	// a failing step still removes the scratch VM (ovirt.cleanup)
	{script: "start_vm_with_cloud_init.lua", env: map[string]string{"OVIRT_VNIC_PROFILE": "nope"}, code: 7, out: []string{`^stopped and removed scratch VM ovirtsh-demo-cloud-init$`}, err: []string{`no VNIC profile named 'nope'`}},
	{script: "start_vm_with_cloud_init.lua", args: []string{"vm2", "web", "10.1.2.3/33"}, usage: true, err: []string{`^ovirtsh scripts/start_vm_with_cloud_init.lua: cidr: '10.1.2.3/33' is not like 192.0.2.10/24\nusage: `}},
	{script: "start_vm_with_cloud_init.lua", args: []string{"vm2", "web", "10.1.2.3/16", "gw"}, usage: true, err: []string{`gateway: 'gw' is not like 192.0.2.1\nusage: `}},

	{script: "stop_vm.lua", out: []string{`^ovirtsh-demo-stop is up$`, `^ovirtsh-demo-stop is down after [0-9.]+s \(powered off\)$`, `^removed scratch VM ovirtsh-demo-stop$`}},
	{script: "stop_vm.lua", args: []string{"--graceful", "vm1"}, out: []string{`^vm1: powering_down$`, `^vm1 is down after [0-9.]+s \(shut down\)$`}, stepped: true},
	{script: "stop_vm.lua", args: []string{"vm2"}, out: []string{`^vm2 is already down$`}},
	{script: "stop_vm.lua", args: []string{"--now", "vm1"}, usage: true, err: []string{`unknown option --now`}},

	{script: "remove_vm.lua", out: []string{`^created scratch VM ovirtsh-demo-remove`, `^removed ovirtsh-demo-remove \([0-9a-f-]{36}\) and its 0 disk\(s\)$`}},
	{script: "remove_vm.lua", args: []string{"vm2"}, out: []string{`^removed vm2 \(.*\) and its 1 disk\(s\)$`}},
	{script: "remove_vm.lua", args: []string{"vm1"}, code: 1, err: []string{`vm1 is up: stop it first, or pass --force`}},
	{script: "remove_vm.lua", args: []string{"--force", "--keep-disks", "vm1"}, out: []string{`^vm1 stopped$`, `^removed vm1 .* but kept its 1 disk\(s\)$`}},
	{script: "remove_vm.lua", args: []string{"-f", "vm1"}, usage: true, err: []string{`unknown option -f`}},

	{script: "get_vm_ip.lua", out: []string{`^vm\s+device\s+mac\s+address\s+version$`, `^vm1\s+eth0\s+56:6f:1a(:[0-9a-f]{2}){3}\s+10\.\d+\.\d+\.\d+\s+v4$`, `^2 address\(es\) of 1 VM\(s\)$`}},
	{script: "get_vm_ip.lua", args: []string{"vm1"}, out: []string{`^vm1\s+eth0\s.*\bv6$`}},
	{script: "get_vm_ip.lua", args: []string{"vm2"}, code: 1, err: []string{`vm2 \(down\) reports no IP address`}},
	{script: "get_vm_ip.lua", args: []string{"vm1", "vm2"}, usage: true},

	{script: "add_vm_disk.lua", out: []string{`^disk ovirtsh-demo-disk_Disk1 \(.*\): 10 GiB cow on data1, attached to ovirtsh-demo-disk, status ok$`, `^removed scratch VM ovirtsh-demo-disk and its disks$`}},
	{script: "add_vm_disk.lua", args: []string{"vm2", "2.5GiB", "data"}, out: []string{`^disk data \(.*\): 2.5 GiB cow on data1, attached to vm2, status ok$`}},
	{script: "add_vm_disk.lua", args: []string{"vm2"}, env: map[string]string{"OVIRT_STORAGE_DOMAIN": "nope"}, code: 7, err: []string{`StorageDomain: name=nope`}},
	{script: "add_vm_disk.lua", args: []string{"vm2", "big"}, usage: true, err: []string{`size: size: invalid size "big"`}},

	{script: "add_floating_disk.lua", out: []string{`^creating disk ovirtsh-demo-floating .* on data1$`, `^disk ovirtsh-demo-floating is ok: 1 GiB, cow, thin$`, `^removed demo disk`}},
	{script: "add_floating_disk.lua", args: []string{"d1", "5GiB", "raw"}, out: []string{`^disk d1 is ok: 5 GiB, raw, preallocated$`}},
	{script: "add_floating_disk.lua", args: []string{"d1", "5", "vmdk"}, usage: true, err: []string{`format: 'vmdk' is not one of cow, raw`}},

	{script: "extend_disk.lua", out: []string{`^disk ovirtsh-demo-extend_Disk1 of ovirtsh-demo-extend: 1 GiB -> 2 GiB, status ok$`, `^removed scratch VM`}},
	{script: "extend_disk.lua", args: []string{"vm2", "+10"}, out: []string{`^disk vm2_Disk1 of vm2: 20 GiB -> 30 GiB, status ok$`}},
	{script: "extend_disk.lua", args: []string{"vm1", "25", "vm1_Disk1"}, out: []string{`^disk vm1_Disk1 of vm1: 20 GiB -> 25 GiB, status ok$`}},
	{script: "extend_disk.lua", args: []string{"vm2", "+1.5GiB"}, out: []string{`^disk vm2_Disk1 of vm2: 20 GiB -> 21.5 GiB, status ok$`}},
	{script: "extend_disk.lua", args: []string{"vm2", "10"}, code: 8, err: []string{`New disk size cannot be smaller`}},
	{script: "extend_disk.lua", args: []string{"vm2", "+10", "nope"}, code: 1, err: []string{`vm2 has no disk named 'nope'`}},
	{script: "extend_disk.lua", args: []string{"vm2", "big"}, usage: true, err: []string{`^ovirtsh scripts/extend_disk.lua: size: 'big' is not 40GiB or \+10GiB\nusage: `}},

	{script: "add_vm_snapshot.lua", out: []string{`^taking snapshot 'ovirtsh snapshot \d{4}-\d\d-\d\d .*' of ovirtsh-demo-snapshot`, `is ok: 1 disk\(s\), memory not saved, taken `, `^removed scratch VM ovirtsh-demo-snapshot with its snapshots$`}},
	{script: "add_vm_snapshot.lua", args: []string{"--memory", "vm1", "before upgrade"}, out: []string{`^snapshot 'before upgrade' of vm1 is ok: 1 disk\(s\), memory saved, taken `}},
	{script: "add_vm_snapshot.lua", args: []string{"vm1", "a", "b"}, usage: true, err: []string{`too many arguments`}},

	{script: "list_vm_snapshots.lua", out: []string{`^vm1 \(up\)$`, `^  Active VM\s+active\s+ok\s`, `^2 snapshot\(s\) of 2 VM\(s\)$`}},
	{script: "list_vm_snapshots.lua", args: []string{"vm2"}, setup: [][]string{{"add_vm_snapshot.lua", "vm2", "nightly"}},
		out: []string{`^vm2 \(down\)$`, `^  nightly\s+regular\s+ok\s`, `^    disk vm2_Disk1: 20 GiB cow on data1$`, `^2 snapshot\(s\) of 1 VM\(s\)$`}},
	{script: "list_vm_snapshots.lua", args: []string{"nope"}, code: 7, err: []string{`no VM named 'nope'`}},
	{script: "list_vm_snapshots.lua", args: []string{"--all"}, usage: true},

	{script: "clone_vm_from_snapshot.lua", out: []string{`^cloning ovirtsh-demo-clone from snapshot 'ovirtsh demo' of ovirtsh-demo-origin$`, `^  disk ovirtsh-demo-origin_Disk1: 1 GiB cow, ok$`, `^  nic nic1: 56:6f:1a`,
		`^ovirtsh-demo-clone \(.*\) is down with 1 disk\(s\) and 1 NIC\(s\)$`, `^removed clone ovirtsh-demo-clone$`, `^removed scratch VM ovirtsh-demo-origin$`}},
	{script: "clone_vm_from_snapshot.lua", args: []string{"vm2", "before", "vm2-restored"}, setup: [][]string{{"add_vm_snapshot.lua", "vm2", "before"}},
		out: []string{`^cloning vm2-restored from snapshot 'before' of vm2$`, `^  disk vm2_Disk1: 20 GiB cow, ok$`, `^vm2-restored .* is down with 1 disk\(s\) and 1 NIC\(s\)$`}},
	{script: "clone_vm_from_snapshot.lua", args: []string{"vm2"}, code: 1, err: []string{`vm2 has no snapshot; take one with add_vm_snapshot.lua`}},
	{script: "clone_vm_from_snapshot.lua", args: []string{"vm2", "a", "b", "c"}, usage: true},

	{script: "add_template.lua", out: []string{`^created scratch VM ovirtsh-demo with a 1 GiB disk$`, `^template disk ovirtsh-demo_Disk1: 1 GiB, format cow$`, `^template ovirtsh-demo-template is ok with 1 disk\(s\)$`, `^removed template ovirtsh-demo-template$`, `^removed scratch VM ovirtsh-demo$`}},
	{script: "add_template.lua", args: []string{"vm2", "tpl1", "raw"}, out: []string{`^template disk vm2_Disk1: 20 GiB, format raw$`, `^template tpl1 is ok with 1 disk\(s\)$`}},
	{script: "add_template.lua", args: []string{"vm1"}, code: 8, err: []string{`VM vm1 is not down`}},
	{script: "add_template.lua", env: map[string]string{"OVIRT_STORAGE_DOMAIN": "nope"}, code: 7, err: []string{`StorageDomain: name=nope`}, out: []string{`^removed scratch VM ovirtsh-demo$`}},
	{script: "add_template.lua", args: []string{"vm2", "tpl1", "qcow"}, usage: true, err: []string{`format: 'qcow' is not one of cow, raw`}},

	{script: "add_vm_nic.lua", out: []string{`^added nic1 to ovirtsh-demo-nic: MAC 56:6f:1a(:[0-9a-f]{2}){3}, profile ovirtmgmt on network ovirtmgmt$`, `^removed scratch VM ovirtsh-demo-nic$`}},
	{script: "add_vm_nic.lua", args: []string{"vm1"}, out: []string{`^added nic2 to vm1: `, `^vm1 has 2 NIC\(s\)$`}},
	{script: "add_vm_nic.lua", args: []string{"vm2", "nic9", "prod"}, setup: [][]string{{"add_logical_network.lua", "prod", "100"}}, out: []string{`^added nic9 to vm2: .* profile prod on network prod$`}},
	{script: "add_vm_nic.lua", args: []string{"vm2", "nic1"}, code: 8, err: []string{`name is already in use`}},
	{script: "add_vm_nic.lua", args: []string{"vm2", "nicx", "nope"}, code: 1, err: []string{`there is no vNIC profile 'nope' on the networks of the VM's cluster`}},
	{script: "add_vm_nic.lua", args: []string{"vm2", "-x"}, usage: true},

	{script: "add_logical_network.lua", out: []string{`^created network ovirtsh-net \(.*\) in data center Default, VLAN 10, MTU default$`, `^assigned ovirtsh-net to cluster Default \(not required\)$`, `^vNIC profiles of ovirtsh-net: ovirtsh-net$`, `^removed demo network ovirtsh-net$`}},
	{script: "add_logical_network.lua", args: []string{"prod", "100", "9000"}, out: []string{`VLAN 100, MTU 9000$`, `^vNIC profiles of prod: prod$`}},
	{script: "add_logical_network.lua", args: []string{"ovirtmgmt"}, code: 8, err: []string{`already used`}},
	{script: "add_logical_network.lua", args: []string{"prod", "5000"}, usage: true, err: []string{`^ovirtsh scripts/add_logical_network.lua: vlan: '5000' is not from 1 to 4094\nusage: `}},

	{script: "add_host.lua", out: []string{`^adding host ovirtsh-demo-host .* at 192.0.2.200 to cluster Default, SSH public key$`, `^ovirtsh-demo-host: installing$`, `^host ovirtsh-demo-host is up: `, `^removed demo host ovirtsh-demo-host$`}},
	{script: "add_host.lua", args: []string{"host3", "192.0.2.13"}, env: map[string]string{"OVIRT_HOST_PASSWORD": "secret"},
		out: []string{`to cluster Default, root password$`, `^host host3 is up: `}},
	{script: "add_host.lua", args: []string{"host1"}, code: 8, err: []string{`name is already in use`}},
	{script: "add_host.lua", args: []string{"host3", "bad address!"}, usage: true, err: []string{`^ovirtsh scripts/add_host.lua: address: 'bad address!' is not a host name or IP address\nusage: `}},

	{script: "add_nfs_data_storage_domain.lua", out: []string{`^adding NFS data domain ovirtsh-demo-nfs .* from nfs.example.com:/exports/ovirtsh-demo-nfs through host host1$`, `^storage domain ovirtsh-demo-nfs is unattached: 500 GiB available$`, `^removed demo storage domain`}},
	{script: "add_nfs_data_storage_domain.lua", args: []string{"nfs2", "10.0.0.1:/srv/nfs2"}, env: map[string]string{"OVIRT_HOST": "host2"}, out: []string{`from 10.0.0.1:/srv/nfs2 through host host2$`, `^storage domain nfs2 is unattached`}},
	{script: "add_nfs_data_storage_domain.lua", args: []string{"data1"}, code: 8, err: []string{`name is already in use`}},
	{script: "add_nfs_data_storage_domain.lua", args: []string{"nfs2", "server-without-path"}, usage: true, err: []string{`^ovirtsh scripts/add_nfs_data_storage_domain.lua: export: 'server-without-path' is not SERVER:/PATH\nusage: `}},

	{script: "attach_storage_domain.lua", out: []string{`^created scratch storage domain ovirtsh-demo-attach$`, `^ovirtsh-demo-attach in Default: active$`, `^ovirtsh-demo-attach is active in data center Default$`, `^detached ovirtsh-demo-attach from Default$`, `^removed scratch storage domain`}},
	{script: "attach_storage_domain.lua", args: []string{"nfs2", "Default"}, setup: [][]string{{"add_nfs_data_storage_domain.lua", "nfs2"}},
		out: []string{`^attaching nfs2 to data center Default$`, `^nfs2 is active in data center Default$`}},
	{script: "attach_storage_domain.lua", args: []string{"data1"}, out: []string{`^data1 is already attached to Default \(active\)$`, `^data1 is active in data center Default \(master\)$`}},
	{script: "attach_storage_domain.lua", args: []string{"data1", "Elsewhere"}, code: 7, err: []string{`no data center named 'Elsewhere'`}},
	{script: "attach_storage_domain.lua", args: []string{"a", "b", "c"}, usage: true},

	{script: "assign_permission.lua", out: []string{`^gave admin@internal-authz the role UserRole on vm ovirtsh-demo-perm`, `^UserRole\s+admin@internal\s`, `^removed scratch VM ovirtsh-demo-perm`}},
	{script: "assign_permission.lua", args: []string{"jdoe@internal-authz", "UserVmManager", "vm", "vm1"},
		out: []string{`^added user jdoe from directory internal-authz$`, `^gave jdoe@internal-authz the role UserVmManager on vm vm1 \(permission`, `^UserVmManager\s+jdoe@internal-authz\s`}},
	{script: "assign_permission.lua", args: []string{"admin@internal-authz", "ClusterAdmin", "cluster", "Default"}, out: []string{`^gave admin@internal-authz the role ClusterAdmin on cluster Default`}},
	{script: "assign_permission.lua", args: []string{"jdoe@internal-authz", "NoSuchRole", "system"}, code: 7, err: []string{`no role named 'NoSuchRole'`}},
	{script: "assign_permission.lua", args: []string{"jdoe", "UserRole"}, code: 1, err: []string{`USER must be user@authz-domain, not jdoe$`}},
	{script: "assign_permission.lua", args: []string{"jdoe@internal-authz", "UserRole", "vm"}, code: 1, err: []string{`give the name of the vm after vm$`}},
	{script: "assign_permission.lua", args: []string{"jdoe@internal-authz", "UserRole", "planet", "x"}, usage: true, err: []string{`kind: 'planet' is not one of system, vm`}},

	{script: "poll_events.lua", out: []string{`^1  \S+  normal   Engine started \(simulator\)\.$`, `^1 event\(s\); poll with an index file`}},
	{script: "poll_events.lua", args: []string{"{TMP}/events.index"}, setup: [][]string{{"poll_events.lua", "{TMP}/events.index"}, {"-e", addVM}},
		out: []string{`^2  \S+  normal   VM web1 was created by admin@internal\.$`, `^1 new event\(s\); index 2$`}},
	{script: "poll_events.lua", args: []string{"{TMP}/events.index"}, out: []string{`^starting at event 1; the next run prints newer events$`}},
	{script: "poll_events.lua", args: []string{"--max"}, usage: true, err: []string{`--max needs a value`}},

	{script: "show_summary.lua", out: []string{`^oVirt Engine 4\.6\.\S+ \(ovirt.org\)$`, `^logged in as admin@internal$`, `^vms\s+1\s+2$`, `^hosts\s+2\s+2$`, `^storage_domains\s+2\s+2$`}},
	{script: "show_summary.lua", args: []string{"now"}, usage: true},

	{script: "asynchronous_inventory.lua", out: []string{`^data center Default \(up\)$`, `^  cluster Default$`, `^host host1 192.0.2.11 \(up\) in cluster Default$`, `^storage domain data1 data, 900 GiB free$`,
		`^vm vm1 \(up\) on host1$`, `^  disk vm1_Disk1 20 GiB \(boot\)$`, `^  nic nic1 56:6f:1a`, `^1 data centers, 1 clusters, 2 hosts, 2 storage domains, 2 VMs: 11 requests in [0-9.]+s \(parallel\)$`}},
	{script: "asynchronous_inventory.lua", args: []string{"--serial"}, setup: [][]string{{"-e", addVM}}, out: []string{`^vm web1 `, `3 VMs: 13 requests in [0-9.]+s \(serial\)$`}},
	{script: "asynchronous_inventory.lua", args: []string{"--fast"}, usage: true, err: []string{`unknown option --fast`}},

	{script: "upload_disk.lua", out: []string{`^uploading a 3 MiB demo image to data1 as ovirtsh-demo-upload$`, `^disk ovirtsh-demo-upload \([0-9a-f-]{36}\) is ok: 3 MiB raw, thin$`,
		`^uploaded 3 MiB raw image \(2 MiB sent\) in [0-9.]+s through the transfer_url; sha256 ` + demoImageSHA + `$`, `^removed demo disk ovirtsh-demo-upload$`}},
	{script: "upload_disk.lua", args: []string{"--preallocated", "{TMP}/in.img", "rt", "cow"}, setup: [][]string{{"-e", writeImage}},
		out: []string{`^uploading .*/in.img to data1 as rt$`, `^disk rt \(.*\) is ok: 2 MiB cow, preallocated$`, `^uploaded 2 MiB raw image \(1 MiB sent\) .*; sha256 ` + imageSHA + `$`}},
	{script: "upload_disk.lua", args: []string{"{TMP}/in.qcow2"}, setup: [][]string{{"-e", writeQcow2}},
		out: []string{`^disk in.qcow2 \(.*\) is ok: 1 GiB cow, thin$`, `^uploaded 64 KiB qcow2 image \(64 KiB sent\) .*; sha256 ` + qcow2SHA + `$`}},
	{script: "upload_disk.lua", args: []string{"{TMP}/missing.img"}, code: 1, err: []string{`failed while reading the local image: open .*missing.img: no such file`}},
	{script: "upload_disk.lua", args: []string{"in.img", "d", "vmdk"}, usage: true, err: []string{`format: 'vmdk' is not one of cow, raw`}},

	{script: "download_disk.lua", out: []string{`^uploaded demo disk ovirtsh-demo-download \(.*\): 3 MiB, sha256 ` + demoImageSHA + `$`,
		`^wrote a temporary file: 3 MiB raw image of disk ovirtsh-demo-download \(2 MiB fetched\) .*; sha256 ` + demoImageSHA + `$`,
		`^the download matches the upload$`, `^removed demo disk ovirtsh-demo-download$`}},
	// upload then download gives the same bytes, raw and qcow2
	{script: "download_disk.lua", args: []string{"rt", "{TMP}/out.img"}, setup: [][]string{{"-e", writeImage}, {"upload_disk.lua", "{TMP}/in.img", "rt"}},
		out: []string{`^downloading disk rt \(.*\) to .*/out.img$`, `^wrote .*/out.img: 2 MiB raw image of disk rt \(1 MiB fetched\) in [0-9.]+s through the transfer_url; sha256 ` + imageSHA + `$`}},
	{script: "download_disk.lua", args: []string{"q", "{TMP}/q.qcow2"}, setup: [][]string{{"-e", writeQcow2}, {"upload_disk.lua", "{TMP}/in.qcow2", "q"}},
		out: []string{`^wrote .*/q.qcow2: 64 KiB qcow2 image of disk q \(64 KiB fetched\) .*; sha256 ` + qcow2SHA + `$`}},
	{script: "download_disk.lua", args: []string{"nope", "{TMP}/x.img"}, code: 7, err: []string{`no disk named 'nope'`}},
	{script: "download_disk.lua", args: []string{"rt", "{TMP}/in.img"}, setup: [][]string{{"-e", writeImage}}, code: 1, err: []string{`in.img already exists`}},
	{script: "download_disk.lua", args: []string{"d", "{TMP}/x.img", "vmdk"}, usage: true, err: []string{`format: 'vmdk' is not one of cow, raw`}},

	{script: "site_example.lua", verb: []string{"apply", "--check"}, code: 9, out: []string{`^\+ data_center site-dc \(description "declared by site_example.lua"\)$`, `^\+ cluster site-cluster \(`,
		`^\+ network site-net \(`, `^\+ vm site-web2 \(cluster site-cluster, .*, 1 nic\)$`, `^Plan: 6 to add, 0 to change, 0 to remove, 0 unchanged$`}},
	{script: "site_example.lua", verb: []string{"apply"}, args: []string{"lab", "3"}, out: []string{`^\+ vm lab-web3 \(`,
		`^\+ network lab-net: add, assign cluster lab-cluster$`, `^\+ vm lab-web1: add, add nic nic1, add tag lab-web$`, `^7 added, 0 changed, 0 removed, 0 unchanged, 0 failed$`}},
	// applied again, nothing changes
	{script: "site_example.lua", verb: []string{"apply"}, setup: [][]string{{"apply", "site_example.lua"}}, out: []string{`^Plan: 0 to add, 0 to change, 0 to remove, 6 unchanged$`}},
	{script: "site_example.lua", args: []string{"one", "1"}, out: []string{`^data_center one-dc: add$`, `^vm one-web1: add$`}},
	{script: "site_example.lua", verb: []string{"apply"}, args: []string{"lab", "many"}, usage: true, err: []string{`vms: expected a whole number, got 'many'`}},
}

func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs every script")
	}
	bin := buildCLI(t)
	for _, tc := range cases {
		name := strings.Join(append(append(slices.Clone(tc.verb), tc.script), tc.args...), " ")
		if tc.usage {
			name += " (usage)"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runCase(t, bin, tc)
		})
	}
}

// TestEveryScriptHasCases fails when a script has no case in the table (or no bad-arguments
// case), or when the table names a script that does not exist.
func TestEveryScriptHasCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scriptsDir, "*.lua"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	have := map[string]bool{}
	for _, f := range files {
		have[filepath.Base(f)] = true
	}
	ran, usage := map[string]bool{}, map[string]bool{}
	for _, tc := range cases {
		assert.True(t, have[tc.script], "the table names %s, which is not in scripts/", tc.script)
		if tc.usage {
			usage[tc.script] = true
		} else {
			ran[tc.script] = true
		}
	}
	for s := range have {
		assert.True(t, ran[s], "scripts/%s has no case in the table of tests/scripts_test.go", s)
		if _, exempt := noUsageCase[s]; !exempt {
			assert.True(t, usage[s], "scripts/%s has no bad-arguments case (usage: true) in tests/scripts_test.go", s)
		}
	}
}

// TestScriptHeaders checks that every script says what it does and how to run it.
func TestScriptHeaders(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scriptsDir, "*.lua"))
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src := string(b)
		base := filepath.Base(f)
		assert.True(t, strings.HasPrefix(src, "#!/usr/bin/env ovirtsh\n"), "%s: no shebang line", base)
		assert.Contains(t, src, "ovirtsh scripts/"+base, "%s: the header does not say how to run it", base)
	}
}

// buildCLI builds cmd/ovirtsh into a temporary directory.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ovirtsh")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// go test puts its own GOROOT/bin first in PATH.
	cmd := exec.Command("go", "build", "-o", bin, "github.com/ovirtsh/ovirtsh/cmd/ovirtsh")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build ./cmd/ovirtsh:\n%s", out)
	return bin
}

// runCase starts a simulator (unless the case is a usage error), runs the setup commands and
// the script, and checks the exit code and output.
func runCase(t *testing.T, bin string, tc scriptCase) {
	tmp := t.TempDir()
	home := filepath.Join(tmp, "home")
	require.NoError(t, os.Mkdir(home, 0o700))
	env := map[string]string{"HOME": home, "OVIRT_PASSWORD": sim.DefaultPassword,
		"OVIRT_URL": "https://127.0.0.1:1/ovirt-engine/api", "OVIRT_USERNAME": sim.DefaultUser}
	if !tc.usage {
		opts := sim.Options{Clock: sim.NewFastClock(100)}
		if tc.stepped {
			opts.Clock = stepClock{ManualClock: sim.NewManualClock(time.Time{}), step: 500 * time.Millisecond}
			opts.Faults.Latency = time.Nanosecond // makes every API request call Sleep
		}
		srv, err := sim.Start(context.Background(), opts)
		require.NoError(t, err)
		t.Cleanup(func() { _ = srv.Close() })
		ca := filepath.Join(tmp, "ca.pem")
		require.NoError(t, os.WriteFile(ca, srv.CACertPEM(), 0o600))
		user, pw := srv.Credentials()
		env["OVIRT_URL"], env["OVIRT_USERNAME"], env["OVIRT_PASSWORD"], env["OVIRT_CAFILE"] = srv.URL(), user, pw, ca
	}
	for k, v := range tc.env {
		env[k] = strings.ReplaceAll(v, "{TMP}", tmp)
	}
	subst := func(args []string) []string {
		out := make([]string, len(args))
		for i, a := range args {
			out[i] = strings.ReplaceAll(a, "{TMP}", tmp)
		}
		return out
	}
	for _, s := range tc.setup {
		args := subst(s)
		switch args[0] {
		case "-e":
		case "apply":
			args[1] = filepath.Join(scriptsDir, args[1])
		default:
			args[0] = filepath.Join(scriptsDir, args[0])
		}
		stdout, stderr, code := runCLI(t, bin, env, args...)
		require.Equal(t, 0, code, "setup %q failed:\nstdout:\n%s\nstderr:\n%s", s, stdout, stderr)
	}
	args := append(slices.Clone(tc.verb), filepath.Join(scriptsDir, tc.script))
	args = append(args, subst(tc.args)...)
	start := time.Now()
	stdout, stderr, code := runCLI(t, bin, env, args...)
	t.Logf("%s: exit %d in %v", strings.Join(tc.args, " "), code, time.Since(start).Round(time.Millisecond))
	want := tc.code
	if tc.usage {
		want = 2
	}
	require.Equal(t, want, code, "exit code\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	for _, re := range tc.out {
		assert.Regexp(t, regexp.MustCompile("(?m)"+re), stdout, "stdout (stderr:\n%s)", stderr)
	}
	errWant := tc.err
	if tc.usage {
		errWant = append(slices.Clone(errWant), `(?i)^usage: ovirtsh `+regexp.QuoteMeta(strings.Join(append(slices.Clone(tc.verb), "scripts/"+tc.script), " ")))
		assert.Empty(t, stdout, "a usage error prints nothing on stdout")
	}
	for _, re := range errWant {
		assert.Regexp(t, regexp.MustCompile("(?m)"+re), stderr, "stderr")
	}
}

// stepClock is a simulator clock that moves by step each time an API request arrives (the
// injected latency calls Sleep), and never by itself: a state that lasts longer than step (the
// shortest, wait_for_launch, lasts 1s) is seen by at least one poll, however slow the machine.
type stepClock struct {
	*sim.ManualClock
	step time.Duration
}

func (c stepClock) Sleep(time.Duration) { c.Advance(c.step) }

// runCLI runs the command with exactly env (plus PATH) and returns its output and exit code.
func runCLI(t *testing.T, bin string, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		require.True(t, errors.As(err, &ee), "running %v: %v", args, err)
		code = ee.ExitCode()
	}
	return stdout.String(), stderr.String(), code
}
