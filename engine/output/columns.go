package output

import (
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/ovirtsh/ovirtsh/internal/suggest"
)

// defaultColumns are the table columns of the types admins look at most, by model type name.
// TestDefaultColumnsExist checks every path against the model.
var defaultColumns = map[string][]string{
	"AffinityGroup":          {"name", "cluster", "enforcing", "positive", "priority", "id"},
	"AffinityLabel":          {"name", "read_only", "id"},
	"Bookmark":               {"name", "value", "id"},
	"Cluster":                {"name", "data_center", "version", "cpu.type", "id"},
	"CpuProfile":             {"name", "cluster", "qos", "id"},
	"DataCenter":             {"name", "status", "version", "local", "id"},
	"Disk":                   {"name", "status", "provisioned_size", "actual_size", "format", "storage_type", "id"},
	"DiskAttachment":         {"disk", "interface", "bootable", "active", "id"},
	"DiskProfile":            {"name", "storage_domain", "qos", "id"},
	"DiskSnapshot":           {"name", "status", "provisioned_size", "actual_size", "snapshot", "id"},
	"Domain":                 {"name", "id"},
	"Event":                  {"time", "severity", "code", "description", "id"},
	"ExternalProvider":       {"name", "url", "requires_authentication", "id"},
	"Group":                  {"name", "domain", "namespace", "id"},
	"Host":                   {"name", "status", "cluster", "address", "memory", "summary.active", "id"},
	"HostNic":                {"name", "status", "mac.address", "ip.address", "speed", "id"},
	"HostStorage":            {"type", "address", "path", "id"},
	"ImageTransfer":          {"phase", "direction", "disk", "transferred", "id"},
	"InstanceType":           {"name", "memory", "cpu.topology.sockets", "cpu.topology.cores", "id"},
	"Job":                    {"description", "status", "start_time", "end_time", "id"},
	"MacPool":                {"name", "allow_duplicates", "id"},
	"Network":                {"name", "data_center", "vlan.id", "mtu", "usages", "id"},
	"NetworkAttachment":      {"network", "host_nic", "in_sync", "id"},
	"Nic":                    {"name", "interface", "mac.address", "plugged", "linked", "vnic_profile", "id"},
	"OpenStackImageProvider": {"name", "url", "id"},
	"OperatingSystemInfo":    {"name", "description", "architecture", "id"},
	"Permission":             {"role", "user", "group", "id"},
	"Quota":                  {"name", "description", "data_center", "id"},
	"Role":                   {"name", "administrative", "description", "id"},
	"SchedulingPolicy":       {"name", "locked", "default_policy", "id"},
	"Snapshot":               {"description", "snapshot_status", "date", "snapshot_type", "persist_memorystate", "id"},
	"Statistic":              {"name", "values.datum", "unit", "description"},
	"Step":                   {"description", "type", "status", "start_time", "end_time", "id"},
	"StorageConnection":      {"type", "address", "path", "port", "id"},
	"StorageDomain":          {"name", "type", "storage.type", "status", "available", "used", "id"},
	"Tag":                    {"name", "description", "parent", "id"},
	"Template":               {"name", "status", "cluster", "memory", "version.version_name", "creation_time", "id"},
	"User":                   {"name", "user_name", "domain", "id"},
	"Vm":                     {"name", "status", "cluster", "host", "memory", "cpu.topology.cores", "id"},
	"VmPool":                 {"name", "cluster", "template", "size", "type", "id"},
	"VnicProfile":            {"name", "network", "port_mirroring", "pass_through.mode", "id"},
}

// DefaultColumns returns the table columns of a struct type: the table above for the common
// types, else what the model has of name, description, a status-like member (status,
// *_status, phase, state) and id; nil for nil or a type with none of them.
func DefaultColumns(t *types.TypeInfo) []string {
	if t == nil {
		return nil
	}
	if cols, ok := defaultColumns[t.Name]; ok {
		return append([]string(nil), cols...)
	}
	var cols []string
	for _, name := range []string{"name", "description"} {
		if t.Member(name) != nil {
			cols = append(cols, name)
		}
	}
	if s := statusMember(t); s != "" {
		cols = append(cols, s)
	}
	if t.Member("id") != nil {
		cols = append(cols, "id")
	}
	return cols
}

// statusMember finds the member that says an object's state, or "".
func statusMember(t *types.TypeInfo) string {
	for _, name := range []string{"status", t.SnakeName + "_status", "phase", "state"} {
		if m := t.Member(name); m != nil && !m.List && m.TypeKind != types.KindStruct {
			return name
		}
	}
	for _, m := range t.Members {
		if strings.HasSuffix(m.Name, "_status") && !m.List && m.TypeKind == types.KindEnum {
			return m.Name
		}
	}
	return ""
}

// checkColumns reports the first column that names no member path of t, with the closest names.
func checkColumns(t *types.TypeInfo, cols []string) error {
	for _, col := range cols {
		cur := t
		for i, seg := range strings.Split(col, ".") {
			if cur == nil {
				return fmt.Errorf("unknown column %q: %s is not an object with members",
					col, strings.Join(strings.Split(col, ".")[:i], "."))
			}
			m := cur.Member(seg)
			if m == nil {
				return fmt.Errorf("unknown column %q: %s has no member '%s'%s", col, cur.Name, seg,
					suggest.DidYouMean(suggest.Nearest(seg, cur.MemberNames(), 3)))
			}
			cur = nil
			if m.TypeKind == types.KindStruct {
				cur = types.Type(m.Type)
			}
		}
	}
	return nil
}
