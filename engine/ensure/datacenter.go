package ensure

import (
	"context"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func init() {
	Register(&Generic{
		KindName: "data_center",
		Type:     "DataCenter",
		Path:     "datacenters",
		Help: "ovirt.ensure.data_center{name=, description=, local=false, version='4.7', storage_format=, " +
			"quota_mode=, mac_pool=, state='present'|'absent'}: a data center (shared storage unless local=true).",
		Exported: []string{"description", "local", "version", "storage_format", "quota_mode"},
		NoUpdate: []string{"local"},
		Add: func(_ context.Context, _ *Env, _ Spec, obj any) error {
			if dc := obj.(*types.DataCenter); dc.Local == nil { // the engine wants it said
				dc.Local = types.Ptr(false)
			}
			return nil
		},
	})
}
