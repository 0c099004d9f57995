package sim

import (
	"net/http"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/sim/imageio"
)

// The simulated ovirt-imageio lives in package imageio; these names keep the simulator's API.
const (
	ImagesPath      = imageio.ImagesPath      // transfer_url: the daemon on the host
	ProxyImagesPath = imageio.ProxyImagesPath // proxy_url: the proxy on the engine

	ImageEndpointTransfer = imageio.EndpointTransfer
	ImageEndpointProxy    = imageio.EndpointProxy
)

// ImageFault makes image transfers fail on purpose: see imageio.Fault.
type ImageFault = imageio.Fault

// imageStore is the simulator's imageio service.
type imageStore = imageio.Service

func (s *Server) newImageio() *imageStore {
	return imageio.New(func() time.Time { return s.clock.Now() }, s.noteTransferred)
}

func (s *Server) serveImages(w http.ResponseWriter, r *http.Request) { s.images.ServeHTTP(w, r) }

// InjectImageFault replaces the fault injected into image transfers; ImageFault{} stops
// injecting.
func (s *Server) InjectImageFault(f ImageFault) { s.images.InjectFault(f) }

// ImageData returns the bytes stored for a disk through image transfers: the written length of
// a qcow2 image, or size bytes of a raw one (zeros where nothing was written). ok is false when
// nothing was ever uploaded to the disk. It is meant for tests.
func (s *Server) ImageData(diskID string, size int64) (data []byte, ok bool) {
	img := s.images.Peek(diskID)
	if img == nil {
		return nil, false
	}
	kind, n := img.State()
	if kind == imageio.KindRaw && size >= 0 {
		n = size
	}
	return img.Bytes(n), true
}
