// Package xmlstream is a small, fast streaming XML tokenizer and writer for the
// documents of the oVirt Engine REST API.
//
// # Reader
//
// A [Reader] pulls elements from an io.Reader as bytes arrive. It keeps a
// sliding buffer that holds only the token being read (plus what the last
// Read call delivered), so a response body of any size is never held whole.
// The API is a pull model over the element tree:
//
//	r := xmlstream.NewReader(body)
//	name, err := r.Root()              // the document element
//	id, ok := r.Attr("id")             // an attribute of the current start element
//	for {
//		child, ok, err := r.Child()    // next child element of the current element
//		if err != nil { ... }
//		if !ok { break }               // the current element's end tag was consumed
//		switch string(child) {
//		case "name":
//			s, err := r.TextString()   // text content, end tag included
//		default:
//			err = r.Skip()             // the rest of the element, end tag included
//		}
//	}
//
// Byte slices returned by the Reader point into its buffer whenever no entity
// decoding is needed and are valid until the next call of Root, Child, Text
// (or one of the Text helpers) or Skip; copy what you keep. Values from Attr
// stay valid across further Attr calls on the same element.
//
// The Reader reads UTF-8 only: an XML declaration naming any encoding other
// than UTF-8 or US-ASCII is an error. It skips the XML declaration,
// processing instructions, comments and the DOCTYPE declaration (internal
// subsets included; declared entities are not expanded). It decodes the five predefined entities, character
// references and CDATA sections in text and attribute values, normalizes line
// ends and attribute whitespace as XML 1.0 requires, accepts single and double
// quoted attributes and self-closing elements, rejects an attribute given twice
// in one start tag, and checks that end tags match their start tags. Namespace prefixes are kept as part of names.
// It refuses what XML 1.0 does not allow in names, text (skipped text
// included) and attribute values: invalid UTF-8, control characters other
// than tab, line feed and carriage return, U+FFFE and U+FFFF. Once the root
// element is closed, the rest of the input is read and may hold only white
// space, comments and processing instructions.
//
// Every error is an [*Error] carrying the line, column and byte offset of the
// problem and the element path, with the 1-based position among consecutive
// same-named siblings for repeated elements (shown from the second one on):
//
//	line 3 col 7: vms/vm[3]/cpu/topology/cores: invalid integer "x"
//
// A document that ends inside an element is an error, never a success. Once
// a Reader has returned an error it returns the same error from every call.
//
// # Writer
//
// A [Writer] writes elements to a buffered io.Writer: Begin, Attr, Text, End
// (which writes "/>" for an element without content), Element and typed
// value helpers. It escapes & < > " ' in text and attribute values, escapes
// line ends and tabs in attribute values so that they survive attribute
// normalization, and replaces characters that XML 1.0 does not allow
// (control characters, invalid UTF-8, U+FFFE, U+FFFF) with U+FFFD. Its errors
// are sticky: after the first one every call is a no-op and Flush returns it.
package xmlstream
