package sim

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim/imageio"
)

// addDisk creates a disk on data1 and waits until it is ok.
func (e *env) addDisk(name, format string, size int64) string {
	e.t.Helper()
	r := e.do("POST", "/disks", fmt.Sprintf(`<disk><name>%s</name><format>%s</format><provisioned_size>%d</provisioned_size>
		<storage_domains><storage_domain><name>data1</name></storage_domain></storage_domains></disk>`, name, format, size))
	require.Equal(e.t, http.StatusCreated, r.status, r.body)
	id := r.doc(e.t).Attrs["id"]
	e.clock.Advance(delayDiskLock)
	require.Equal(e.t, "ok", e.status("/disks/"+id))
	return id
}

// startTransfer creates an image transfer and waits until it is transferring; it returns the
// transfer's path and its transfer_url and proxy_url.
func (e *env) startTransfer(diskID, direction, format string) (path, transferURL, proxyURL string) {
	e.t.Helper()
	body := `<image_transfer><disk id="` + diskID + `"/><direction>` + direction + `</direction>`
	if format != "" {
		body += `<format>` + format + `</format>`
	}
	r := e.do("POST", "/imagetransfers", body+`</image_transfer>`)
	require.Equal(e.t, http.StatusCreated, r.status, r.body)
	d := r.doc(e.t)
	assert.Equal(e.t, "initializing", d.text("phase"))
	assert.NotEmpty(e.t, d.text("transfer_url"), "the add answers with the ticket's URL")
	assert.Equal(e.t, "locked", e.status("/disks/"+diskID))
	path = "/imagetransfers/" + d.Attrs["id"]
	e.clock.Advance(delayTransferInit)
	d = e.do("GET", path, "").doc(e.t)
	require.Equal(e.t, "transferring", d.text("phase"))
	return path, d.text("transfer_url"), d.text("proxy_url")
}

// data sends a request to an imageio URL.
func (e *env) data(method, url string, body []byte, header ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	require.NoError(e.t, err)
	if body == nil {
		req.Body, req.ContentLength = nil, 0
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.s.HTTPClient().Do(req)
	if err != nil {
		return response{status: -1, body: err.Error()}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{status: -2, header: resp.Header, body: string(b)}
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func TestImageTransferUploadThenDownload(t *testing.T) {
	e := newEnv(t, Options{})
	const size = 3 * imageio.BlockSize
	diskID := e.addDisk("up", "raw", size)
	path, turl, purl := e.startTransfer(diskID, "upload", "")
	assert.Contains(t, turl, ImagesPath)
	assert.Contains(t, purl, ProxyImagesPath)

	r := e.data("OPTIONS", turl, nil)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.JSONEq(t, `{"features":["extents","zero","flush"],"max_readers":8,"max_writers":8}`, r.body)
	assert.Equal(t, "OPTIONS,GET,PUT,PATCH", r.header.Get("Allow"))

	chunk := bytes.Repeat([]byte("ovirtsh!"), imageio.BlockSize/8)
	require.Equal(t, http.StatusOK, e.data("PUT", turl+"?flush=n", chunk, "Content-Range", fmt.Sprintf("bytes 0-%d/*", len(chunk)-1)).status)
	require.Equal(t, http.StatusOK, e.data("PUT", purl, chunk[:100], "Content-Range", fmt.Sprintf("bytes %d-%d/*", 2*imageio.BlockSize, 2*imageio.BlockSize+99)).status)
	require.Equal(t, http.StatusOK, e.data("PATCH", turl, []byte(`{"op":"zero","offset":8,"size":8}`)).status)
	require.Equal(t, http.StatusOK, e.data("PATCH", turl, []byte(`{"op":"flush"}`)).status)
	assert.Equal(t, fmt.Sprint(imageio.BlockSize+100), e.field(path, "transferred"))

	r = e.data("GET", turl, nil, "Range", "bytes=0-23")
	require.Equal(t, http.StatusPartialContent, r.status)
	assert.Equal(t, "ovirtsh!\x00\x00\x00\x00\x00\x00\x00\x00ovirtsh!", r.body)
	assert.Equal(t, fmt.Sprintf("bytes 0-23/%d", size), r.header.Get("Content-Range"))
	r = e.data("GET", turl+"/extents", nil)
	assert.JSONEq(t, fmt.Sprintf(`[{"start":0,"length":%d,"zero":false,"hole":false},{"start":%d,"length":%d,"zero":true,"hole":false},
		{"start":%d,"length":%d,"zero":false,"hole":false}]`, imageio.BlockSize, imageio.BlockSize, imageio.BlockSize, 2*imageio.BlockSize, imageio.BlockSize), r.body)

	e.ok(path+"/finalize", "")
	assert.Equal(t, "finalizing_success", e.field(path, "phase"))
	assert.Equal(t, http.StatusForbidden, e.data("OPTIONS", turl, nil).status, "the ticket is revoked at finalize")
	e.clock.Advance(delayTransferFinalize)
	assert.Equal(t, "finished_success", e.field(path, "phase"))
	assert.Equal(t, "ok", e.status("/disks/"+diskID))
	assert.Equal(t, fmt.Sprint(size), e.field("/disks/"+diskID, "actual_size"), "a raw disk is preallocated")

	path, turl, _ = e.startTransfer(diskID, "download", "")
	r = e.data("OPTIONS", turl, nil)
	assert.JSONEq(t, `{"features":["extents"],"max_readers":8,"max_writers":1}`, r.body)
	r = e.data("GET", turl, nil)
	require.Equal(t, http.StatusOK, r.status)
	want, _ := e.s.ImageData(diskID, size)
	assert.Equal(t, string(want), r.body)
	assert.Equal(t, http.StatusForbidden, e.data("PUT", turl, []byte("x")).status, "a download ticket is read-only")
	e.ok(path+"/finalize", "")
	e.clock.Advance(delayTransferFinalize)
	assert.Equal(t, "finished_success", e.field(path, "phase"))
	assert.Equal(t, "ok", e.status("/disks/"+diskID))
	e.clock.Advance(delayTransferCleanup)
	assert.Equal(t, http.StatusNotFound, e.do("GET", path, "").status, "finished transfers are cleaned up")
}

func TestImageTransferDataErrors(t *testing.T) {
	e := newEnv(t, Options{})
	diskID := e.addDisk("errs", "raw", 1<<20)
	_, turl, _ := e.startTransfer(diskID, "upload", "raw")
	tests := []struct {
		name   string
		method string
		url    string
		body   []byte
		header []string
		status int
		want   string
	}{
		{"unknown ticket", "GET", strings.Replace(turl, ImagesPath, ImagesPath+"x", 1), nil, nil, 403, "No such ticket"},
		{"put past the end", "PUT", turl, []byte("abcd"), []string{"Content-Range", "bytes 1048574-1048577/*"}, 416, "exceeds the image size"},
		{"range past the end", "GET", turl, nil, []string{"Range", "bytes=1048576-"}, 416, "exceeds"},
		{"several ranges", "GET", turl, nil, []string{"Range", "bytes=0-1,4-5"}, 416, "Unsupported range"},
		{"bad content range", "PUT", turl, []byte("x"), []string{"Content-Range", "pages 1-2"}, 400, "Invalid Content-Range"},
		{"put at an offset that wraps", "PUT", turl, []byte("abcd"),
			[]string{"Content-Range", "bytes 9223372036854775804-9223372036854775807/*"}, 416, "exceeds the image size"},
		{"put at an offset past int64", "PUT", turl, []byte("abcd"), []string{"Content-Range", "bytes 9223372036854775808-/*"},
			400, "Invalid Content-Range"},
		{"content range longer than the body", "PUT", turl, []byte("abcd"), []string{"Content-Range", "bytes 0-9/*"}, 400,
			"does not match the body of 4 bytes"},
		{"zero range that wraps", "PATCH", turl, []byte(`{"op":"zero","offset":4611686018427387904,"size":4611686018427387904}`),
			nil, 416, "exceeds the image size"},
		{"negative zero range", "PATCH", turl, []byte(`{"op":"zero","offset":-1,"size":2}`), nil, 416, "exceeds the image size"},
		{"range at the end of int64", "GET", turl, nil, []string{"Range", "bytes=9223372036854775807-"}, 416, "exceeds"},
		{"zero without size", "PATCH", turl, []byte(`{"op":"zero"}`), nil, 400, "Missing required value for 'size'"},
		{"unknown op", "PATCH", turl, []byte(`{"op":"trim"}`), nil, 400, "Unsupported operation"},
		{"dirty extents", "GET", turl + "/extents?context=dirty", nil, nil, 404, "incremental backup"},
		{"delete", "DELETE", turl, nil, nil, 405, "not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.data(tt.method, tt.url, tt.body, tt.header...)
			assert.Equal(t, tt.status, r.status, r.body)
			assert.Contains(t, r.body, tt.want)
		})
	}
	assert.Zero(t, e.s.images.Image(diskID).Allocated(), "refused writes stored nothing")
}

func TestImageTransferEndings(t *testing.T) {
	tests := []struct {
		name      string
		direction string
		format    string // of the disk and the transfer; default raw
		put       []byte // uploaded before the end
		fault     ImageFault
		end       func(e *env, path string)
		phase     string
		disk      string // final disk status, "" when removed
	}{
		{name: "cancel upload", direction: "upload", end: func(e *env, path string) { e.ok(path+"/cancel", "") },
			phase: "finished_failure"},
		{name: "cancel download", direction: "download", end: func(e *env, path string) { e.ok(path+"/cancel", "") },
			phase: "finished_failure", disk: "ok"},
		{name: "failed verification", direction: "upload", fault: ImageFault{FailFinalize: true},
			end: func(e *env, path string) { e.ok(path+"/finalize", "") }, phase: "finished_failure"},
		{name: "a cow upload that is not qcow2", direction: "upload", format: "cow", put: []byte("not a qcow2 image"),
			end: func(e *env, path string) { e.ok(path+"/finalize", "") }, phase: "finished_failure"},
		{name: "a qcow2 upload", direction: "upload", format: "cow", put: append([]byte("QFI\xfb"), make([]byte, 100)...),
			end: func(e *env, path string) { e.ok(path+"/finalize", "") }, phase: "finished_success", disk: "ok"},
		{name: "inactivity pauses", direction: "upload",
			end: func(e *env, path string) { e.clock.Advance(defaultInactivity * time.Second) }, phase: "paused_system", disk: "locked"},
		{name: "paused then cancelled", direction: "upload", end: func(e *env, path string) {
			e.ok(path+"/pause", "")
			assert.Equal(e.t, "paused_user", e.field(path, "phase"))
			e.ok(path+"/cancel", "")
		}, phase: "finished_failure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			e.s.InjectImageFault(tt.fault)
			format := cmp.Or(tt.format, "raw")
			diskID := e.addDisk("d", format, 1<<20)
			path, turl, _ := e.startTransfer(diskID, tt.direction, format)
			if tt.put != nil {
				require.Equal(t, http.StatusOK, e.data("PUT", turl, tt.put).status)
			}
			tt.end(e, path)
			e.clock.Advance(2 * delayTransferFinalize)
			assert.Equal(t, tt.phase, e.field(path, "phase"))
			if tt.disk == "" {
				assert.Equal(t, http.StatusNotFound, e.do("GET", "/disks/"+diskID, "").status, "the upload's disk is removed")
				_, kept := e.s.ImageData(diskID, 0)
				assert.False(t, kept, "its bytes are dropped")
			} else {
				assert.Equal(t, tt.disk, e.status("/disks/"+diskID))
			}
			assert.Equal(t, http.StatusForbidden, e.data("OPTIONS", turl, nil).status)
			assert.Equal(t, http.StatusConflict, e.action(path+"/finalize", "").status, "an ended transfer cannot be finalized")
		})
	}
}

func TestImageFaults(t *testing.T) {
	payload := bytes.Repeat([]byte{7}, 4096)
	tests := []struct {
		name   string
		fault  ImageFault
		proxy  bool   // send to the proxy URL
		method string // of the request
		status int    // -1: the connection broke
		moved  int64  // bytes through the ticket (the transfer's transferred)
	}{
		{name: "status on the transfer URL", fault: ImageFault{Endpoint: ImageEndpointTransfer, Status: 503}, method: "OPTIONS", status: 503},
		{name: "the proxy URL still works", fault: ImageFault{Endpoint: ImageEndpointTransfer, Status: 503}, proxy: true, method: "OPTIONS", status: 200},
		{name: "dropped OPTIONS", fault: ImageFault{Method: "OPTIONS", Drop: true}, method: "OPTIONS", status: -1},
		{name: "after bytes with status", fault: ImageFault{AfterBytes: 1000, Status: 500}, method: "PUT", status: 500, moved: 1000},
		{name: "after bytes dropped", fault: ImageFault{AfterBytes: 1000, Drop: true}, method: "PUT", status: -1, moved: 1000},
		{name: "before the mark", fault: ImageFault{AfterBytes: 8192, Drop: true}, method: "PUT", status: 200, moved: 4096},
		{name: "other method", fault: ImageFault{Method: "PATCH", Status: 500}, method: "PUT", status: 200, moved: 4096},
		{name: "download cut", fault: ImageFault{AfterBytes: 10, Drop: true}, method: "GET", status: -2, moved: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			diskID := e.addDisk("f", "raw", 1<<20)
			path, turl, purl := e.startTransfer(diskID, "upload", "")
			e.s.InjectImageFault(tt.fault)
			url := turl
			if tt.proxy {
				url = purl
			}
			var body []byte
			if tt.method == "PUT" {
				body = payload
			}
			r := e.data(tt.method, url, body)
			assert.Equal(t, tt.status, r.status, r.body)
			assert.Equal(t, fmt.Sprint(tt.moved), e.field(path, "transferred"))
		})
	}
}

func TestImageTransferInFlightAtSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inventory.json")
	e := newEnv(t, Options{StateFile: path})
	diskID := e.addDisk("saved", "raw", 1<<20)
	transfer, _, _ := e.startTransfer(diskID, "upload", "")
	require.NoError(t, e.s.Close())

	e2 := newEnv(t, Options{StateFile: path})
	assert.Equal(t, "finished_failure", e2.field(transfer, "phase"), "its ticket was not saved")
	assert.Equal(t, "ok", e2.status("/disks/"+diskID))
}
