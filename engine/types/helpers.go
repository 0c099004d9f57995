package types

// Ptr returns a pointer to v: types.Ptr("web1"), types.Ptr(int64(1<<30)).
func Ptr[T any](v T) *T { return &v }

// Link is an action link of an object's <actions> block: <link rel="start" href="..."/>.
type Link struct {
	Rel  string
	Href string
}

// List is a list link of an object, such as a VM's nics: Href addresses the collection on the
// engine; Items holds the objects when the engine returned them (a followed link) or when the
// caller set them.
type List[T any] struct {
	Href  string
	Items []*T
}

// ListOf returns a List holding items, for sending lists in add and update requests.
func ListOf[T any](items ...*T) *List[T] { return &List[T]{Items: items} }

// Len returns the number of items; nil-safe.
func (l *List[T]) Len() int {
	if l == nil {
		return 0
	}
	return len(l.Items)
}

// All returns the items; nil-safe.
func (l *List[T]) All() []*T {
	if l == nil {
		return nil
	}
	return l.Items
}

// GetHref returns the address of the collection, or ""; nil-safe.
func (l *List[T]) GetHref() string {
	if l == nil {
		return ""
	}
	return l.Href
}
