// Package config resolves the connection settings of ovirtsh from its three sources, in order of
// precedence: command-line flags, the OVIRT_* environment variables, and a profile (an INI
// section) of the config file ~/.config/ovirt.conf, the format the oVirt SDK examples share:
//
//	[engine1]
//	engine_url = https://engine1.example.com
//	username = admin@internal
//	password = secret
//	secure = yes
//	cafile = /etc/pki/ovirt-engine/ca.pem
//
// ovirtsh also reads timeout, debug, and cert_file with key_file (a client certificate; both or
// neither) from a profile.
//
// A profile is used only when it is chosen (--profile, OVIRT_PROFILE), when it is marked as the
// default with `default = yes` in its section (a section named [default] is marked too; two
// marked sections are an error), or when --url or OVIRT_URL is its engine_url. A file's only
// profile is not used for being the only one: without a choice or a mark, ovirtsh warns and uses
// no profile.
//
// When no source names an engine, or with --sim (Flags.Sim: URL, credentials, profile and config
// file are then ignored), Settings.Embedded reports it and ovirtsh runs its built-in simulator
// instead.
//
// Import rule: config imports only the standard library; it knows nothing of the engine client.
package config
