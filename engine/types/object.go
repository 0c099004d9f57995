package types

// Object is implemented by every generated struct: the href and action links every object of the
// API can carry. Code that handles objects generically uses it instead of reflecting on fields.
type Object interface {
	GetHref() string
	SetHref(href string) // "" clears it
	GetActions() []*Link
	SetActions(actions []*Link)
}

// WithID is implemented by the generated structs that have a string id.
type WithID interface {
	Object
	GetId() string
	SetId(id string)
}

// WithName is implemented by the generated structs that have a string name.
type WithName interface {
	GetName() string
	SetName(name string)
}

// IDOf returns the id of v when it is an WithID object, or "" (nil-safe: the generated getters
// accept nil pointers).
func IDOf(v any) string {
	if o, ok := v.(WithID); ok {
		return o.GetId()
	}
	return ""
}

// NameOf returns the name of v when it is a WithName object, or "".
func NameOf(v any) string {
	if o, ok := v.(WithName); ok {
		return o.GetName()
	}
	return ""
}
