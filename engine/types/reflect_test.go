package types

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestExpected(t *testing.T) {
	for _, tc := range []struct {
		t    reflect.Type
		want string
	}{
		{reflect.TypeFor[*Vm](), "Vm"},
		{reflect.TypeFor[*List[Nic]](), "list of Nic"},
		{reflect.TypeFor[[]*Disk](), "list of Disk"},
		{reflect.TypeFor[*VmStatus](), "VmStatus"},
		{reflect.TypeFor[time.Time](), "date"},
		{reflect.TypeFor[*int64](), "integer"},
		{reflect.TypeFor[*string](), "string"},
		{reflect.TypeFor[*bool](), "boolean"},
		{reflect.TypeFor[*float64](), "number"},
		{reflect.TypeFor[map[string]string](), "map[string]string"},
	} {
		assert.Equal(t, tc.want, Expected(tc.t), tc.t.String())
	}
}

func TestReflectKinds(t *testing.T) {
	assert.True(t, IsListLink(reflect.TypeFor[*List[Nic]]()))
	assert.False(t, IsListLink(reflect.TypeFor[*Vm]()))
	assert.False(t, IsListLink(reflect.TypeFor[List[Nic]]()))
	assert.Equal(t, reflect.TypeFor[*Nic](), ListItemType(reflect.TypeFor[*List[Nic]]()))
	assert.Equal(t, "Vm", StructInfo(reflect.TypeFor[Vm]()).Name)
	assert.Nil(t, StructInfo(reflect.TypeFor[*Vm]()))
	assert.Nil(t, StructInfo(reflect.TypeFor[time.Time]()))
	assert.Nil(t, StructInfo(reflect.TypeFor[List[Nic]]()))
	assert.Equal(t, "VmStatus", EnumInfo(reflect.TypeFor[VmStatus]()).Name)
	assert.Nil(t, EnumInfo(reflect.TypeFor[string]()))
}
