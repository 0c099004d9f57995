// Package transfer moves disk images between local files and an oVirt engine, the way the
// Python SDK's upload_disk.py and download_disk.py examples do: Upload creates a disk from a raw
// or qcow2 image, Download writes a disk's image to a file or a writer. Both drive an image
// transfer through the API (engine.Connection's public services) and move the bytes through
// its imageio endpoint with ranged requests.
//
// From engine it uses the generated services and the few methods a Connection exports for data
// endpoints: TLSConfig, DataTransport, Timeout and TransportError. Every failure is an *Error
// naming the step; a transfer that fails before finalize is cancelled so that no disk stays
// locked.
package transfer
