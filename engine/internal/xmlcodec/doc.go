// Package xmlcodec reads and writes every struct type of the oVirt API model
// (engine/types) as XML, on top of the streaming tokenizer of xmlstream. The
// per-type code is generated (zz_generated_xml.go, see engine/internal/gen);
// this package's hand-written files hold the shared helpers and the generic
// entry points.
//
// For every struct type T there are:
//
//	ReadT(r *xmlstream.Reader) (*types.T, error)    // current element is a T
//	ReadTs(r *xmlstream.Reader) ([]*types.T, error) // current element is the plural wrapper
//	WriteT(w *xmlstream.Writer, tag string, v *types.T)
//
// Reading takes the id and href attributes, list links (<link rel=".."
// href=".."/>) into List.Href, followed lists into List.Items, the <actions>
// block into Actions, enum values as the generated constants (unknown values
// kept, lower-cased) and skips elements the model does not know. A reader
// error leaves no half-read object behind: the functions return nil and the
// error, which names the position and element path.
//
// Writing sends only the members that are set, id and href as attributes,
// lists inside their plural element with the model's item names, and list
// links as their items when Items is non-nil or as a <link> when only Href is
// set; unset lists write nothing.
//
// Read, ReadList and Write select the functions by model type name, and
// IterList and Items walk a plural document one object at a time.
package xmlcodec
