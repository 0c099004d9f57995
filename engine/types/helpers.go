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

// SetHref sets the address of the collection.
func (l *List[T]) SetHref(href string) { l.Href = href }

// ListLink is implemented by every *List[T]: code that handles list links of any item type uses
// it instead of reflecting on the fields of List.
type ListLink interface {
	GetHref() string
	SetHref(href string)
	Len() int
	// Item returns item i as an any holding a *T.
	Item(i int) any
	// SetItem replaces item i; it reports false when v is not a *T.
	SetItem(i int, v any) bool
	// SetAnyItems replaces the items; it reports false, changing nothing, when one is not a *T.
	SetAnyItems(items []any) bool
}

// Item returns item i.
func (l *List[T]) Item(i int) any { return l.Items[i] }

// SetItem replaces item i with v when v is a *T.
func (l *List[T]) SetItem(i int, v any) bool {
	t, ok := v.(*T)
	if ok {
		l.Items[i] = t
	}
	return ok
}

// SetAnyItems replaces the items with items when every one is a *T.
func (l *List[T]) SetAnyItems(items []any) bool {
	out := make([]*T, len(items))
	for i, v := range items {
		t, ok := v.(*T)
		if !ok {
			return false
		}
		out[i] = t
	}
	l.Items = out
	return true
}
