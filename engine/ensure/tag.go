package ensure

func init() {
	Register(&Generic{
		KindName: "tag",
		Type:     "Tag",
		Path:     "tags",
		Help: "ovirt.ensure.tag{name=, description=, parent=, state='present'|'absent'}: a tag; " +
			"parent is the name or id of the parent tag.",
		RefKinds: map[string]string{"parent": "tag"},
		Exported: []string{"description", "parent"},
	})
}
