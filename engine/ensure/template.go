package ensure

import (
	"context"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func init() {
	Register(&Generic{
		KindName: "template",
		Type:     "Template",
		Path:     "templates",
		Help: "ovirt.ensure.template{name=, vm=, description=, cluster=, memory=, cpu=, ..., state='present'|'absent'}: " +
			"a template made from a VM (vm=, its name or id: needed to add one, it must be down); the add waits " +
			"until the template's disks are copied (status ok), at most timeout= seconds.",
		Own:      []string{"vm"},
		RefKinds: map[string]string{"vm": "vm", "cluster": "cluster"},
		Exported: []string{"description", "cluster", "memory"},
		Add: func(ctx context.Context, e *Env, s Spec, obj any) error {
			v, ok := s["vm"]
			if !ok {
				return specErrorf("vm is required to add a template: the name or id of the (down) VM to make it from")
			}
			d, err := e.Declared(ctx, "Template", map[string]any{"vm": v})
			if err != nil {
				return err
			}
			obj.(*types.Template).Vm = d.Object(nil).(*types.Template).Vm
			return nil
		},
		ReadyStatus: []string{string(types.TemplateStatusOk)},
	})
}
