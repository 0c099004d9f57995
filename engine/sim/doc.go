// Package sim is an in-memory oVirt engine that speaks the real REST protocol: SSO token and
// logout endpoints, Bearer-checked XML API requests under /ovirt-engine/api, the CA certificate
// at the engine's pki-resource URL, and a model-driven inventory with asynchronous status
// transitions. It plays for ovirtsh the role vcsim plays for vSphere: tests, demos and the CLI's
// embedded default run against it, and the official Go SDK (tests/peer) accepts it.
//
// # Serving
//
// [Start] serves TLS on a random loopback port with a CA generated at start ([Server.URL],
// [Server.CACertPEM], [Server.Close]); [New] and [Server.Handler] serve in-process. Every service
// reachable from the root of engine/model/model.json is routed from the model's locators:
// collections (list with search, max, follow, case_sensitive; add with the model's
// mandatory_inputs and references resolved by id or name), entities (get, update merging only
// what was sent, remove), sub-collections and actions (validated; without specific behaviour
// they answer <action><status>complete</status></action>). Documents are read and written with
// the generated codec (engine/internal/xmlcodec); answers are gzip-encoded when accepted.
// The search language is in the sub-package search.
//
// # Inventory and behaviour
//
// Unless Options.Empty, the inventory is seeded with the same names every time (ids are random
// unless Options.Seed asks for reproducible ones): data center and cluster
// Default, hosts host1 and host2 (up), storage domains data1 and iso1 (active), network
// ovirtmgmt and its vNIC profile, the Blank template, operating systems, roles, the admin user,
// tags root and prod, and VMs vm1 (up) and vm2 (down); Options.ExtraVMs adds vm-00001, ...
// VMs, disks, snapshots, templates, hosts and storage domains move through the engine's states
// on the server's [Clock] (real time with delays of a few seconds by default, [NewFastClock],
// or [NewManualClock] for deterministic tests), recording jobs and events. Options.StateFile
// is loaded at start and journals every change as it happens (see journal.go).
//
// # Image transfers
//
// Image transfers lock their disk and go initializing → transferring → finalizing_success →
// finished_success (or cancelled_user / finished_failure, paused_system after inactivity). Their
// transfer_url ([ImagesPath]) and proxy_url ([ProxyImagesPath]) are imageio endpoints on the
// same HTTPS port: OPTIONS with features, GET with Range, GET extents, PUT with Content-Range,
// PATCH zero and flush. Bytes are kept per disk in memory (not in the state file): guest data for
// raw transfers, the qcow2 file for cow transfers; a download in the other format converts (qcow2
// version 2 or 3 without backing file, compression or encryption).
// [Server.InjectImageFault] makes the data endpoints or the finalize verification fail.
//
// # Faults
//
// Options.Faults adds latency, errors with a chosen status and dropped connections;
// Options.TokenLifetime and [Server.RevokeTokens] make clients log in again.
//
// Import rule: sim imports engine/types and engine/internal/* but never package engine; only
// tests, engine/enginetest and cmd import sim.
package sim
