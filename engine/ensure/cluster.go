package ensure

func init() {
	Register(&Generic{
		KindName: "cluster",
		Type:     "Cluster",
		Path:     "clusters",
		Help: "ovirt.ensure.cluster{name=, data_center=, description=, cpu={type=, architecture=}, version='4.7', " +
			"memory_policy={over_commit={percent=}}, management_network=, switch_type=, firewall_type=, " +
			"state='present'|'absent'}: a cluster; data_center and cpu.type are needed to add one.",
		RefKinds: map[string]string{"data_center": "data_center", "management_network": "network"},
		Exported: []string{"description", "data_center", "cpu.type", "cpu.architecture", "version",
			"memory_policy.over_commit.percent", "switch_type", "firewall_type"},
		NoUpdate: []string{"data_center"},
	})
}
