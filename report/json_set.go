package report

// jsonSetFile is one other file of the JSON's set: its name in the reports
// folder, its format and SHA-256. A folder whose files do not match the
// digests its JSON names holds files of different runs (auditor verify).
type jsonSetFile struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
}

func setJSON(opt Options) []jsonSetFile {
	var out []jsonSetFile
	for _, f := range opt.Set {
		out = append(out, jsonSetFile{Name: f.Path, Format: f.Role, SHA256: f.SHA256})
	}
	return out
}
