package sim

import (
	"net/http"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// mandatoryOverride replaces the model's input groups where a real engine is more lenient than
// the model declares (so the official SDK examples work): a VM template defaults to Blank, a
// disk's interface belongs to its attachment, and an attachment needs a disk and an interface
// whichever signature the client had in mind. External imports need their source and target.
var mandatoryOverride = map[string][][]string{
	"Vms.add":   {{"vm.name"}, {"vm.cluster.id", "vm.cluster.name"}},
	"Disks.add": {{"disk.format", "disk.lun_storage.type"}, {"disk.provisioned_size", "disk.lun_storage.type"}},
	"DiskAttachments.add": {{"attachment.disk.id", "attachment.disk.provisioned_size", "attachment.disk.lun_storage.type"},
		{"attachment.interface"}},
	// the model declares none; the engine's import needs what to import, from where, and where to
	"ExternalVmImports.add": {{"import.name"}, {"import.provider"}, {"import.url"},
		{"import.cluster.id", "import.cluster.name"}, {"import.storage_domain.id", "import.storage_domain.name"}},
	"ExternalTemplateImports.add": {{"import.url"}, {"import.cluster.id", "import.cluster.name"}},
}

// checkMandatory verifies the model's mandatory_inputs of method m of service n against the
// request: every group of the method must have one path set, and when the method has signature
// variants, at least one variant must be satisfied too. body is the add/update entity, or the
// <action> document.
func checkMandatory(n *svcNode, m *types.MethodInfo, body any) *Fault {
	key := n.info.Name + "." + m.Name
	if groups, ok := mandatoryOverride[key]; ok {
		return missing(m, groups, body)
	}
	if f := missing(m, m.Mandatory, body); f != nil {
		return f
	}
	variants := n.variants[m.Name]
	if len(variants) == 0 {
		return nil
	}
	var best *Fault
	bestCount := 0
	for _, v := range variants {
		f, count := missingCount(v, v.Mandatory, body)
		if f == nil {
			return nil
		}
		if best == nil || count < bestCount {
			best, bestCount = f, count
		}
	}
	return best
}

func missing(m *types.MethodInfo, groups [][]string, body any) *Fault {
	f, _ := missingCount(m, groups, body)
	return f
}

func missingCount(m *types.MethodInfo, groups [][]string, body any) (*Fault, int) {
	var miss []string
	for _, g := range groups {
		if anySet(m, g, body) {
			continue
		}
		alts := make([]string, len(g))
		for i, p := range g {
			alts[i] = p
			if pi := m.Param(strings.TrimSuffix(strings.SplitN(p, ".", 2)[0], "[]")); pi != nil && pi.InLocation == "body" {
				_, alts[i], _ = strings.Cut(p, ".") // relative to the entity: cluster.id
			}
		}
		miss = append(miss, "["+strings.Join(alts, "|")+"]")
	}
	if len(miss) == 0 {
		return nil, 0
	}
	base := m.Name
	if m.Base != "" {
		base = m.Base
	}
	return faultf(http.StatusBadRequest, reasonIncomplete, "%s %s required for %s",
		types.TypeOf(body).Name, strings.Join(miss, ", "), base), len(miss)
}

// anySet reports whether one path of the group is set. Paths start with a parameter name:
// the body parameter (the add/update entity) or, for actions, a member of <action>.
func anySet(m *types.MethodInfo, group []string, body any) bool {
	for _, p := range group {
		if pathIn(m, p, body) {
			return true
		}
	}
	return false
}

func pathIn(m *types.MethodInfo, path string, body any) bool {
	param, _, _ := strings.Cut(path, ".")
	param = strings.TrimSuffix(param, "[]")
	if pi := m.Param(param); pi != nil && pi.InLocation == "body" {
		return pathSet(body, path)
	}
	// an action parameter: a member of the <action> document
	return pathSet(body, "action."+path)
}
