package sim

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An inline list link (a disk's storage_domains) is followed item by item, and following it
// renders into the answer only: the stored disk keeps its references.
func TestFollowInlineListLink(t *testing.T) {
	e := newEnv(t, Options{})
	disk := e.do("GET", "/vms/"+e.idOf("vms", "vm1")+"/diskattachments", "").doc(t).Children[0].Attrs["id"]
	sd := e.idOf("storagedomains", "data1")

	r := e.do("GET", "/disks/"+disk+"?follow=storage_domains", "")
	require.Equal(t, http.StatusOK, r.status, r.body)
	d := r.doc(t)
	assert.Equal(t, sd, d.get("storage_domains/storage_domain").Attrs["id"])
	assert.Equal(t, "data1", d.text("storage_domains/storage_domain/name"), "followed: the whole storage domain")

	plain := e.do("GET", "/disks/"+disk, "").doc(t)
	assert.Equal(t, sd, plain.get("storage_domains/storage_domain").Attrs["id"])
	assert.Empty(t, plain.text("storage_domains/storage_domain/name"), "not followed: a reference")
}
