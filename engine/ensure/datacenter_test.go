package ensure_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
)

func TestDataCenter(t *testing.T) {
	e := start(t)
	pools, err := e.conn.SystemService().MacPoolsService().List(ctx(t), nil)
	require.NoError(t, err)
	e.addMacPool("pool2")
	e.lifecycle("data_center", ensure.Spec{"name": "dc2", "description": "second", "local": false, "version": "4.7"},
		[]change{
			{"scalar", ensure.Spec{"name": "dc2", "description": "the second"}, []string{"description"}},
			{"nested", ensure.Spec{"name": "dc2", "version": map[string]any{"major": int64(4), "minor": int64(6)}}, []string{"version.minor"}},
			{"nested shorthand", ensure.Spec{"name": "dc2", "version": "4.7"}, []string{"version.minor"}},
			{"enum", ensure.Spec{"name": "dc2", "quota_mode": "AUDIT"}, []string{"quota_mode"}},
			{"reference", ensure.Spec{"name": "dc2", "mac_pool": "pool2"}, []string{"mac_pool"}},
			{"reference by id", ensure.Spec{"name": "dc2", "mac_pool": map[string]any{"id": pools[0].GetId()}}, []string{"mac_pool"}},
		})
}

func TestDataCenterRules(t *testing.T) {
	e := start(t)
	_, writes, err := e.ensure("data_center", ensure.Spec{"name": "Default", "local": true}, ensure.Options{})
	require.EqualError(t, err, "data_center Default: local cannot change once the data_center exists (from false to true)")
	require.Empty(t, writes)
	_, _, err = e.ensure("data_center", ensure.Spec{"name": "Default", "version": "4.x"}, ensure.Options{})
	require.EqualError(t, err, "data_center Default: version: expected a version such as '4.7', got '4.x'")
	_, _, err = e.ensure("data_center", ensure.Spec{"name": "Default", "quota_mode": "strict"}, ensure.Options{})
	require.EqualError(t, err, "data_center Default: quota_mode: 'strict' is not a QuotaModeType (values: enabled, disabled, audit)")
	e.exportRoundTrip("data_center", "")
}
