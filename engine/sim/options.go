package sim

import (
	"log/slog"
	"time"
)

// DefaultUser is the administrator account every simulator has unless Options.Users replaces it.
const DefaultUser = "admin@internal"

// DefaultPassword is the administrator's password when Options.Password is empty.
const DefaultPassword = "ovirtsh"

// Options configure a simulator. The zero value is a usable default: a seeded inventory, the
// admin@internal user with DefaultPassword, real time, no fault injection.
type Options struct {
	// Addr is the listen address of Start; default "127.0.0.1:0" (a random loopback port).
	Addr string
	// Password of admin@internal when Users is empty; DefaultPassword when empty.
	Password string
	// Users replaces the default account list. Names carry their profile: "user@internal".
	Users []User
	// TokenLifetime makes SSO tokens expire that long (on Clock) after they were issued;
	// zero means they never expire.
	TokenLifetime time.Duration
	// Clock drives asynchronous behaviour; nil means NewRealClock().
	Clock Clock
	// Faults injects latency and failures into API requests.
	Faults Faults
	// ExtraVMs seeds that many additional VMs (named vm-00001, ...) for scale tests.
	ExtraVMs int
	// Empty starts with no seeded inventory beyond what the API root needs.
	Empty bool
	// Examples, when set, also seeds the objects the official SDKs' examples name (mydc,
	// mycluster, myhost, mydata, myvm, mytemplate, mynetwork, ...).
	Examples *ExampleSeed
	// StateFile, when set, is loaded at start if it exists (its directory must exist and be
	// writable), and every change is journaled next to it (StateFile+".journal", synced per
	// change) and folded into it on Close: a killed simulator loses at most the change in flight.
	StateFile string
	// Seed, when non-zero, makes entity ids reproducible: the same seed gives the same ids.
	// Zero gives random ids (crypto/rand). Tickets and tokens are random whatever Seed says.
	Seed uint64
	// DisableCompression answers uncompressed even when the client accepts gzip.
	DisableCompression bool
	// Logger receives one debug record per request; nil discards.
	Logger *slog.Logger

	// Keytab is a keytab file holding the key of the engine's HTTP service principal: with it,
	// TokenHTTPAuthPath verifies Kerberos (SPNEGO) logins. ServicePrincipal, "HTTP/host@REALM",
	// picks the key; "" accepts any service key of the keytab.
	Keytab           string
	ServicePrincipal string
}

// User is an account the SSO endpoint accepts.
type User struct {
	// Name is the login name including the profile, e.g. "admin@internal".
	Name     string
	Password string
}

// Faults configure fault injection for API requests (SSO requests are never affected, so a
// client can always log in).
type Faults struct {
	// Latency is added (on the clock) before every API request is served.
	Latency time.Duration
	// ErrorRate is the probability (0..1) that an API request fails with ErrorStatus.
	ErrorRate float64
	// ErrorStatus is the status of injected errors; default 503.
	ErrorStatus int
	// DropRate is the probability (0..1) that the connection of an API request is closed
	// without an answer.
	DropRate float64
	// Seed makes the random choices reproducible; zero picks 1.
	Seed int64
}

func (o Options) withDefaults() Options {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if len(o.Users) == 0 {
		pw := o.Password
		if pw == "" {
			pw = DefaultPassword
		}
		o.Users = []User{{Name: DefaultUser, Password: pw}}
	}
	if o.Clock == nil {
		o.Clock = NewRealClock()
	}
	if o.Faults.ErrorStatus == 0 {
		o.Faults.ErrorStatus = 503
	}
	if o.Faults.Seed == 0 {
		o.Faults.Seed = 1
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
