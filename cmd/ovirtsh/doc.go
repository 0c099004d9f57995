// Command ovirtsh brings the oVirt Engine REST API to Lua, named like the Python SDK, with an
// interactive shell:
//
//	ovirtsh                           the REPL: conn, system, ovirt and types are ready
//	ovirtsh script.lua [args...]      run a script (#!/usr/bin/env ovirtsh works)
//	ovirtsh -e 'system:vms_service():list()' [--json]
//	ovirtsh sim                       serve the simulator to other tools
//
// Connection settings come from flags, then OVIRT_* variables, then ~/.config/ovirt.conf; with
// none, the built-in simulator is used. `ovirtsh --help` lists everything. The work is done in
// internal/cli; main only hands it the process.
package main
